// ECS task sizes as CloudFormation and Terraform accept them: CPU units ("256", "1 vCPU",
// "0.25 vcpu") and memory ("512", "1 GB", "2048 MiB"); and queue metric names. Shared by the
// formats, so neither owns them.
#pragma once

#include <optional>
#include <string_view>

namespace rightfit {

std::optional<double> parse_cpu_units(std::string_view text);
std::optional<double> parse_memory_mb(std::string_view text);

// Whether a metric field (`Namespace`/`namespace`, `MetricName`/`metric_name`, either
// spelling) with `value` names an SQS queue metric: the namespace AWS/SQS, or a depth or age
// metric of a queue. Scaling that follows it scales on queue depth.
bool names_queue_metric(std::string_view field, std::string_view value);

}  // namespace rightfit
