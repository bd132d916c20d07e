#include "analyzer/kubernetes_links.h"

#include <algorithm>
#include <filesystem>
#include <limits>

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

// How near two folders of the tree are: the number of leading path components they share,
// the most for the same folder.
size_t nearness(const std::string& a, const std::string& b) {
  if (a == b) return std::numeric_limits<size_t>::max();
  const std::filesystem::path pa(a), pb(b);
  size_t shared = 0;
  for (auto i = pa.begin(), j = pb.begin(); i != pa.end() && j != pb.end() && *i == *j; ++i, ++j)
    ++shared;
  return shared;
}

// The candidates nearest to `scope` (all of them on a tie): Kubernetes objects are linked by
// namespace and name across the tree, kustomize bases and overlays and Helm output keeping
// them in sibling folders, but an application's own objects come before another's.
template <class T, class ScopeOf>
std::vector<T*> nearest(const std::vector<T*>& candidates, const std::string& scope,
                        ScopeOf scope_of) {
  size_t best = 0;
  for (T* c : candidates) best = std::max(best, nearness(scope_of(*c), scope));
  std::vector<T*> out;
  for (T* c : candidates) {
    if (nearness(scope_of(*c), scope) == best) out.push_back(c);
  }
  return out;
}

const std::string& scope_of_fact(const ResourceFact& f) { return f.id.scope; }

// The Services (or Ingresses) that front `ps`'s pods from outside the cluster: the Service
// itself when exposed, else the first Ingress backend, nearest first, that names it.
std::optional<SourceRange> outside_front(const WorkloadGraph& g, const PodService& ps) {
  if (exposed(ps.service_type)) return ps.header;
  for (const IngressBackend& b : g.ingress_backends) {
    if (b.pod_namespace != ps.pod_namespace || b.service != ps.name) continue;
    std::vector<const PodService*> named;
    for (const PodService& other : g.pod_services) {
      if (other.pod_namespace == b.pod_namespace && other.name == b.service)
        named.push_back(&other);
    }
    auto chosen = nearest(named, b.scope, scope_of_fact);
    if (std::find(chosen.begin(), chosen.end(), &ps) != chosen.end()) return b.where;
  }
  return std::nullopt;
}

void link_pod_services(WorkloadGraph& g) {
  for (const PodService& ps : g.pod_services) {
    if (ps.selector.empty()) continue;
    std::vector<Service*> selected;
    for (Service& s : g.services) {
      if (s.pod && s.pod->pod_namespace == ps.pod_namespace &&
          has_labels(s.pod->labels, ps.selector, false)) {
        selected.push_back(&s);
      }
    }
    const std::optional<SourceRange> front = outside_front(g, ps);
    for (Service* s : nearest(selected, ps.id.scope, scope_of_fact)) {
      if (front && !s->load_balancers) s->load_balancers = front;
      if (!front && !s->service_discovery) s->service_discovery = ps.header;
    }
  }
}

// An HPA or ScaledObject scales the workloads of its namespace and name in the nearest folder.
void link_scalers(WorkloadGraph& g) {
  for (ScalingTarget& t : g.scaling_targets) {
    if (t.kind.empty() || !t.service) continue;
    std::vector<const Service*> named;
    for (const Service& s : g.services) {
      if (s.pod && s.id.name == *t.service) named.push_back(&s);
    }
    t.service_scopes.clear();
    for (const Service* s : nearest(named, t.id.scope, scope_of_fact)) {
      if (std::find(t.service_scopes.begin(), t.service_scopes.end(), s->id.scope) ==
          t.service_scopes.end())
        t.service_scopes.push_back(s->id.scope);
    }
  }
}

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
  link_pod_services(g);
  link_scalers(g);
  for (Service& s : g.services) {
    if (!s.pod) continue;
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
