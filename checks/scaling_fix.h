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

// RF401 with a scaler already, its minimum at 1 or more: the minimum (MinCapacity,
// min_capacity, a KEDA ScaledObject's minReplicaCount) set to 0, and where the target has no
// policy at all, the step scaling of queue_scaling_fix on `queue` added for it (CloudFormation
// and Terraform). nullopt where the minimum is not a literal written in place, a scheduled
// action sets the capacity, the scaler is a HorizontalPodAutoscaler (minReplicas 0 needs an
// alpha feature gate), or a policy follows something other than the queue (CPU or requests
// have no metric at zero tasks to scale out on).
std::optional<Fix> scale_target_to_zero_fix(const Service& s, const ScalingTarget& t,
                                            const Queue* queue);

}  // namespace rightfit
