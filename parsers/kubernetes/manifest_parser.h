// Kubernetes manifests (plain YAML, multi-document, Kustomize or `helm template` output, JSON
// including `kind: List`) -> per-file workload facts: Deployments and StatefulSets as services
// with their pod templates, CronJobs as scheduled jobs, HorizontalPodAutoscalers and KEDA
// ScaledObjects as scaling targets, Services and Ingress backends for what fronts the pods,
// and the Fargate profiles of an eksctl ClusterConfig.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::k8s {

// Facts of the manifests in `text`; nullopt when no document is a Kubernetes object (a
// mapping with top-level `apiVersion` and `kind`): other YAML/JSON stays silent. A file that
// fails to parse but looks like a manifest yields its parse error; a file with template
// actions (`{{ ... }}`, an unrendered Helm chart) that fails to parse stays silent.
std::optional<FileFacts> parse_manifests(const std::string& path, std::string_view text,
                                         const ParseLimits& limits = {});

// Cheap textual test: a line that starts with `apiVersion:` and one with `kind:` (YAML), or
// both as JSON keys.
bool looks_like_manifest(std::string_view text);

// The scope of the facts of a manifest at `path`: its directory (manifests link to each other
// within it: an HPA in hpa.yaml to the Deployment in deployment.yaml).
std::string manifest_scope(const std::string& path);

}  // namespace rightfit::k8s
