// Kubernetes resource quantities ("500m", "1.5", "512Mi", "1Gi", "2G", "129e6") and the size
// EKS gives a pod on Fargate.
#pragma once

#include <optional>
#include <string_view>

namespace rightfit::k8s {

// CPU in vCPU: "500m" = 0.5, "1.5", "2".
std::optional<double> parse_cpu_quantity(std::string_view text);
// Memory in MiB: "512Mi", "1Gi", "2G" (10^9 bytes), "129e6", "1073741824" (bytes).
std::optional<double> parse_memory_quantity(std::string_view text);

// What the containers of a pod ask for, per resource: requests (limits where a container
// sets only limits, as Kubernetes defaults requests to them).
struct PodRequests {
  double vcpu = 0;
  double memory_mb = 0;
};

// Memory EKS adds to every Fargate pod for the Kubernetes components (kubelet, kube-proxy,
// containerd).
inline constexpr double kFargatePodOverheadMb = 256;

struct PodSize {
  double vcpu = 0;
  double memory_gb = 0;
};

// The Fargate configuration EKS provisions for a pod (Amazon EKS user guide, "Understand
// Fargate Pod configuration details"): the requests (already the larger of the regular
// containers' sum and the largest init container) plus 256 MB of memory, rounded up to the
// first vCPU/memory combination that holds both (smallest vCPU first, then smallest memory);
// no requests: 0.25 vCPU / 0.5 GB. nullopt above 16 vCPU / 120 GB.
std::optional<PodSize> fargate_pod_size(const PodRequests& requests);

}  // namespace rightfit::k8s
