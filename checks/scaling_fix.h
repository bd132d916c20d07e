// The fixes of RF405 and RF401: Application Auto Scaling for an ECS service (a scalable target
// and its policies) in its template's or configuration's own dialect, or a
// HorizontalPodAutoscaler after a Kubernetes workload's manifest. The slot the front-end put
// on the service says where and in which syntax; these say what.
#pragma once

#include <optional>
#include <string>

#include "analyzer/finding.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

// MaxCapacity (maxReplicas) is this many times the count the fix starts from.
inline constexpr double kScaleOutFactor = 4;
// Target tracking keeps the service's average CPU at this percentage.
inline constexpr double kCpuTargetPercent = 60;

// RF405: a scalable target from the service's current count (DesiredCount, replicas; 1 when
// unknown or 0) to kScaleOutFactor times it, with target tracking on average CPU. nullopt
// where the service has no slot.
std::optional<Fix> cpu_scaling_fix(const Service& s);

// RF401: a scalable target from 0 to kScaleOutFactor x `tasks`, scaled out one task a minute
// while `queue` (a queue of the service's scope) has visible messages, and back to 0 once it
// has had none for 15 minutes. CloudFormation and Terraform only.
std::optional<Fix> queue_scaling_fix(const Service& s, const Queue& queue, double tasks);

}  // namespace rightfit
