#include "analyzer/kubernetes_links.h"

#include <algorithm>

#include "analyzer/wildcard.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

namespace {

bool has_labels(const Labels& pod, const Labels& wanted, bool wildcards) {
  return std::all_of(wanted.begin(), wanted.end(), [&](const auto& w) {
    return std::any_of(pod.begin(), pod.end(), [&](const auto& l) {
      return l.first == w.first &&
             (wildcards ? wildcard_match(w.second, l.second) : l.second == w.second);
    });
  });
}

bool exposed(const std::string& type) { return type == "LoadBalancer" || type == "NodePort"; }

}  // namespace

const PodSelector* fargate_selector(const std::vector<FargateProfile>& profiles,
                                    const PodTemplate& pod) {
  for (const FargateProfile& profile : profiles) {
    for (const PodSelector& s : profile.selectors) {
      if (wildcard_match(s.pod_namespace, pod.pod_namespace) &&
          has_labels(pod.labels, s.labels, true)) {
        return &s;
      }
    }
  }
  return nullptr;
}

void link_kubernetes(WorkloadGraph& g) {
  for (Service& s : g.services) {
    if (!s.pod) continue;
    for (const PodService& ps : g.pod_services) {
      if (ps.id.scope != s.id.scope || ps.pod_namespace != s.pod->pod_namespace ||
          ps.selector.empty() || !has_labels(s.pod->labels, ps.selector, false)) {
        continue;
      }
      std::optional<SourceRange> front;
      if (exposed(ps.service_type)) front = ps.header;
      for (const IngressBackend& b : g.ingress_backends) {
        if (!front && b.scope == ps.id.scope && b.pod_namespace == ps.pod_namespace &&
            b.service == ps.name) {
          front = b.where;
        }
      }
      if (front && !s.load_balancers) s.load_balancers = front;
      if (!front && !s.service_discovery) s.service_discovery = ps.header;
    }
    if (s.launch_type.is_written()) continue;
    if (const PodSelector* sel = fargate_selector(g.fargate_profiles, *s.pod)) {
      s.launch_type = Property<std::string>{"FARGATE", sel->where, {}};
    } else {
      s.launch_type.value = "EC2";  // nodes of the cluster: priced by instance
    }
  }
  for (ScheduledJob& j : g.scheduled_jobs) {
    if (!j.pod || j.launch_type.is_written()) continue;
    if (const PodSelector* sel = fargate_selector(g.fargate_profiles, *j.pod)) {
      j.launch_type = Property<std::string>{"FARGATE", sel->where, {}};
    } else {
      j.launch_type.value = "EC2";
    }
  }
}

}  // namespace rightfit
