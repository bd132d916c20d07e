#include "analyzer/kubernetes_links.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

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

// Kubernetes objects by namespace and name, in order: linking looks them up instead of
// scanning every object for every other.
template <class T>
using ByNamespacedName = std::map<std::pair<std::string, std::string>, std::vector<const T*>>;

template <class T>
const std::vector<const T*>& lookup(const ByNamespacedName<T>& index, const std::string& ns,
                                    const std::string& name) {
  static const std::vector<const T*> kNone;
  auto it = index.find({ns, name});
  return it == index.end() ? kNone : it->second;
}

// The Services (or Ingresses) that front `ps`'s pods from outside the cluster: the Service
// itself when exposed, else the first Ingress backend, nearest first, that names it.
std::optional<SourceRange> outside_front(const ByNamespacedName<IngressBackend>& backends,
                                         const ByNamespacedName<PodService>& pod_services,
                                         const PodService& ps) {
  if (exposed(ps.service_type)) return ps.header;
  const std::vector<const PodService*>& named = lookup(pod_services, ps.pod_namespace, ps.name);
  for (const IngressBackend* b : lookup(backends, ps.pod_namespace, ps.name)) {
    auto chosen = nearest(named, b->scope, scope_of_fact);
    if (std::find(chosen.begin(), chosen.end(), &ps) != chosen.end()) return b->where;
  }
  return std::nullopt;
}

// Pod workloads by namespace and one label (key and value) of their pods, in order: a
// selector's first label narrows it to the workloads whose pods carry that label.
using ByLabel = std::map<std::tuple<std::string, std::string, std::string>, std::vector<Service*>>;

ByLabel index_by_label(std::vector<Service>& services) {
  ByLabel index;
  for (Service& s : services) {
    if (!s.pod) continue;
    for (const auto& [key, value] : s.pod->labels) {
      std::vector<Service*>& with = index[{s.pod->pod_namespace, key, value}];
      if (with.empty() || with.back() != &s) with.push_back(&s);
    }
  }
  return index;
}

void link_pod_services(WorkloadGraph& g) {
  const ByLabel by_label = index_by_label(g.services);
  ByNamespacedName<IngressBackend> backends;
  for (const IngressBackend& b : g.ingress_backends)
    backends[{b.pod_namespace, b.service}].push_back(&b);
  ByNamespacedName<PodService> pod_services;
  for (const PodService& ps : g.pod_services)
    pod_services[{ps.pod_namespace, ps.name}].push_back(&ps);
  for (const PodService& ps : g.pod_services) {
    if (ps.selector.empty()) continue;
    const auto& [key, value] = ps.selector.front();
    auto candidates = by_label.find({ps.pod_namespace, key, value});
    if (candidates == by_label.end()) continue;
    std::vector<Service*> selected;
    for (Service* s : candidates->second) {
      if (s->pod && has_labels(s->pod->labels, ps.selector, false)) selected.push_back(s);
    }
    const std::optional<SourceRange> front = outside_front(backends, pod_services, ps);
    for (Service* s : nearest(selected, ps.id.scope, scope_of_fact)) {
      if (front && !s->load_balancers) s->load_balancers = front;
      if (!front && !s->service_discovery) s->service_discovery = ps.header;
    }
  }
}

// An HPA or ScaledObject scales the workloads of its namespace and name in the nearest folder.
void link_scalers(WorkloadGraph& g) {
  std::map<std::string, std::vector<const Service*>> pod_workloads;
  for (const Service& s : g.services) {
    if (s.pod) pod_workloads[s.id.name].push_back(&s);
  }
  for (ScalingTarget& t : g.scaling_targets) {
    if (t.kind.empty() || !t.service) continue;
    auto it = pod_workloads.find(*t.service);
    const std::vector<const Service*> named =
        it == pod_workloads.end() ? std::vector<const Service*>{} : it->second;
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
      s.launch_type = Property<std::string>{"FARGATE", sel->where, {}, std::nullopt};
    } else {
      s.launch_type.value = "EC2";  // nodes of the cluster: priced by instance
    }
  }
  for (ScheduledJob& j : g.scheduled_jobs) {
    if (!j.pod || j.launch_type.is_written()) continue;
    if (const PodSelector* sel = fargate_selector(g.fargate_profiles, *j.pod)) {
      j.launch_type = Property<std::string>{"FARGATE", sel->where, {}, std::nullopt};
    } else {
      j.launch_type.value = "EC2";
    }
  }
}

}  // namespace rightfit
