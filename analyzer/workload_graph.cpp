#include "analyzer/workload_graph.h"

#include <algorithm>
#include <filesystem>

namespace rightfit {

namespace {

template <class T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

template <class T>
void index_by_id(const std::vector<T>& items, std::map<EntityId, size_t>& index) {
  for (size_t i = 0; i < items.size(); ++i) index.emplace(items[i].id, i);
}

template <class T>
const T* lookup(const std::vector<T>& items, const std::map<EntityId, size_t>& index,
                const std::string& scope, const std::string& name) {
  auto it = index.find(EntityId{scope, name});
  return it == index.end() ? nullptr : &items[it->second];
}

// A parser may give the default of its format (Terraform's desired_count 0, a registry
// module's documented default) as the value of an unwritten property.
Effective effective(const Property<double>& p, const ResourceFact& owner, double fallback) {
  if (p.is_written()) return Effective{p.value, *p.written, false};
  return Effective{p.value.value_or(fallback), owner.header, true};
}

}  // namespace

namespace {

std::string normal_path(const std::string& p) {
  return std::filesystem::path(p).lexically_normal().generic_string();
}

std::optional<size_t> image_at(const std::vector<Image>& images, const std::string& path) {
  const std::string wanted = normal_path(path);
  for (size_t i = 0; i < images.size(); ++i) {
    if (normal_path(images[i].dockerfile) == wanted) return i;
  }
  return std::nullopt;
}

}  // namespace

void WorkloadGraph::link_images(const LinkHints& hints) {
  for (const Function& f : functions) {
    const Property<std::string>& d = f.dockerfile;
    if (!d.value || !d.written) continue;
    if (std::optional<size_t> i = image_at(images, *d.value)) {
      image_links.push_back({f.id, *i, *d.written});
    } else {
      missing_images.emplace_back(f.id, *d.written);
    }
  }
  // Explicit links name a workload by logical ID or Terraform address.
  for (const auto& [workload, dockerfile] : hints.images) {
    std::optional<size_t> i =
        image_at(images, (std::filesystem::path(hints.root) / dockerfile).string());
    if (!i) continue;
    for (const Function& f : functions) {
      if (f.id.name == workload) image_links.push_back({f.id, *i, f.header});
    }
    for (const Service& s : services) {
      if (s.id.name == workload) image_links.push_back({s.id, *i, s.header});
    }
  }
}

const Image* WorkloadGraph::image_of(const EntityId& workload) const {
  for (const ImageLink& l : image_links) {
    if (l.workload == workload) return &images[l.image];
  }
  return nullptr;
}

std::vector<const ImageLink*> WorkloadGraph::links_to(const Image& image) const {
  std::vector<const ImageLink*> out;
  for (const ImageLink& l : image_links) {
    if (&images[l.image] == &image) out.push_back(&l);
  }
  return out;
}

WorkloadGraph WorkloadGraph::link(std::vector<FileFacts> files, const LinkHints& hints) {
  // Deterministic regardless of the order files were parsed in.
  std::sort(files.begin(), files.end(),
            [](const FileFacts& a, const FileFacts& b) { return a.file < b.file; });
  WorkloadGraph g;
  for (FileFacts& f : files) {
    append(g.functions, f.functions);
    append(g.triggers, f.triggers);
    append(g.api_integrations, f.api_integrations);
    append(g.queues, f.queues);
    append(g.task_definitions, f.task_definitions);
    append(g.services, f.services);
    append(g.scaling_targets, f.scaling_targets);
    append(g.databases, f.databases);
    append(g.database_proxies, f.database_proxies);
    append(g.images, f.images);
    append(g.unresolved, f.unresolved);
    append(g.suppressions, f.suppressions);
    append(g.parse_errors, f.parse_errors);
  }
  g.build_indexes();
  g.link_images(hints);
  return g;
}

void WorkloadGraph::build_indexes() {
  index_by_id(functions, function_index_);
  index_by_id(queues, queue_index_);
  index_by_id(task_definitions, task_definition_index_);
  index_by_id(databases, database_index_);
}

const Function* WorkloadGraph::function(const std::string& scope, const std::string& name) const {
  return lookup(functions, function_index_, scope, name);
}

const Queue* WorkloadGraph::queue(const std::string& scope, const std::string& name) const {
  return lookup(queues, queue_index_, scope, name);
}

const TaskDefinition* WorkloadGraph::task_definition(const std::string& scope,
                                                     const std::string& name) const {
  return lookup(task_definitions, task_definition_index_, scope, name);
}

const Database* WorkloadGraph::database(const std::string& scope, const std::string& name) const {
  return lookup(databases, database_index_, scope, name);
}

std::vector<const Trigger*> WorkloadGraph::triggers_of(const Function& f) const {
  std::vector<const Trigger*> out;
  for (const Trigger& t : triggers) {
    if (t.scope == f.id.scope && t.function == f.id.name) out.push_back(&t);
  }
  return out;
}

std::vector<const ApiIntegration*> WorkloadGraph::api_integrations_of(const Function& f) const {
  std::vector<const ApiIntegration*> out;
  for (const ApiIntegration& a : api_integrations) {
    if (a.scope == f.id.scope && a.function == f.id.name) out.push_back(&a);
  }
  return out;
}

namespace {

// Whether `pattern` (with `*` for any text) matches `text`.
bool glob_match(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// A target that names its service only by a (partly known) name: the same pattern, or a
// known name that the other side's pattern matches. A bare `*` is no evidence.
bool names_service(const ScalingTarget& t, const Service& s) {
  const std::string& a = t.service_name_pattern;
  const std::string& b = s.name_pattern;
  if (a.empty() || b.empty() || a == "*" || b == "*") return false;
  if (a == b) return true;
  const bool a_known = a.find('*') == std::string::npos;
  const bool b_known = b.find('*') == std::string::npos;
  return (b_known && glob_match(a, b)) || (a_known && glob_match(b, a));
}

}  // namespace

std::vector<const ScalingTarget*> WorkloadGraph::scaling_targets_of(const Service& s) const {
  std::vector<const ScalingTarget*> out;
  for (const ScalingTarget& t : scaling_targets) {
    if (t.id.scope != s.id.scope) continue;
    if (t.service ? *t.service == s.id.name : names_service(t, s)) out.push_back(&t);
  }
  return out;
}

bool WorkloadGraph::fronted_by_proxy(const Database& db) const {
  for (const DatabaseProxy& p : database_proxies) {
    if (p.id.scope != db.id.scope) continue;
    if (std::find(p.targets.begin(), p.targets.end(), db.id.name) != p.targets.end()) return true;
  }
  return false;
}

Effective effective_timeout(const Function& f) { return effective(f.timeout_s, f, 3); }

Effective effective_memory(const Function& f) { return effective(f.memory_mb, f, 128); }

Effective effective_visibility_timeout(const Queue& q) {
  return effective(q.visibility_timeout_s, q, 30);
}

Effective effective_desired_count(const Service& s) { return effective(s.desired_count, s, 1); }

}  // namespace rightfit
