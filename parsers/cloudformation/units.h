// ECS task sizes as CloudFormation accepts them: CPU units ("256", "1 vCPU", "0.25 vcpu")
// and memory ("512", "1 GB", "2048 MiB").
#pragma once

#include <optional>
#include <string_view>

namespace rightfit::cfn {

std::optional<double> parse_cpu_units(std::string_view text);
std::optional<double> parse_memory_mb(std::string_view text);

}  // namespace rightfit::cfn
