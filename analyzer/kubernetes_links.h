// Kubernetes links of the WorkloadGraph: what fronts a Deployment's pods (a Service of type
// LoadBalancer/NodePort, an Ingress backend, else a cluster-internal Service), and which pods
// an EKS Fargate profile runs on Fargate.
#pragma once

#include <string_view>

#include "parsers/workload_facts.h"

namespace rightfit {

class WorkloadGraph;

// Sets Service::load_balancers / service_discovery / launch_type and
// ScheduledJob::launch_type from the Kubernetes facts of the graph.
void link_kubernetes(WorkloadGraph& graph);

// The first selector of `profiles` that runs `pod` on Fargate: the namespace matches (`*`
// and `?` wildcards, as AWS allows) and the pod carries all its labels.
const PodSelector* fargate_selector(const std::vector<FargateProfile>& profiles,
                                    const PodTemplate& pod);

}  // namespace rightfit
