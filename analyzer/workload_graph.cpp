#include "analyzer/workload_graph.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "analyzer/kubernetes_links.h"
#include "analyzer/wildcard.h"
#include "parsers/aws_limits.h"
#include "parsers/frontends.h"

namespace rightfit {

namespace {

template <class T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// One parse error per file (rules.md RF001): the first, where the parser stopped. A parser
// that recovers and goes on, or a file read more than once (a Terraform module several root
// modules call, a file a Serverless service includes), must not repeat "nothing in this file
// was analysed" for every later line.
void keep_first_parse_error_per_file(std::vector<ParseError>& errors) {
  auto position = [](const ParseError& e) {
    return std::tuple(e.where.file, e.where.span.begin.line, e.where.span.begin.column);
  };
  std::stable_sort(errors.begin(), errors.end(), [&](const ParseError& a, const ParseError& b) {
    return position(a) < position(b);
  });
  auto last = std::unique(
      errors.begin(), errors.end(),
      [](const ParseError& a, const ParseError& b) { return a.where.file == b.where.file; });
  errors.erase(last, errors.end());
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
  link_image_assets();
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

// An ECS service whose task definition runs a CDK image asset is built from the asset's
// Dockerfile (the asset and the template share their cloud assembly directory).
void WorkloadGraph::link_image_assets() {
  for (const Service& s : services) {
    const TaskDefinition* td =
        s.task_definition ? task_definition(s.id.scope, *s.task_definition) : nullptr;
    if (!td || !td->image_asset.value || !td->image_asset.written) continue;
    const std::string assembly =
        normal_path(std::filesystem::path(td->id.scope).parent_path().string());
    for (const ImageAsset& a : image_assets) {
      if (a.id != *td->image_asset.value || normal_path(a.assembly) != assembly) continue;
      if (std::optional<size_t> i = image_at(images, a.dockerfile)) {
        image_links.push_back({s.id, *i, *td->image_asset.written});
      }
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
    append(g.code_functions, f.code_functions);
    append(g.synthesized_resources, f.synthesized_resources);
    append(g.construct_traces, f.construct_traces);
    append(g.image_assets, f.image_assets);
    append(g.fargate_profiles, f.fargate_profiles);
    append(g.pod_services, f.pod_services);
    append(g.ingress_backends, f.ingress_backends);
    append(g.scheduled_jobs, f.scheduled_jobs);
    append(g.module_calls, f.module_calls);
    append(g.unresolved, f.unresolved);
    append(g.suppressions, f.suppressions);
    append(g.parse_errors, f.parse_errors);
  }
  keep_first_parse_error_per_file(g.parse_errors);
  exclude_framework_functions(g, g.excluded);
  g.build_indexes();
  link_kubernetes(g);
  g.link_images(hints);
  g.link_code(hints);
  return g;
}

namespace {

// Directories two paths share, counted from the root.
size_t shared_directories(const std::string& a, const std::string& b) {
  size_t shared = 0;
  for (size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) {
    if (a[i] == '/') ++shared;
  }
  return shared;
}

}  // namespace

std::vector<size_t> WorkloadGraph::resolve(const std::string& usr, size_t from) const {
  std::vector<size_t> best;
  size_t best_shared = 0;
  const std::string& file = code_functions[from].where.file;
  auto [begin, end] = code_by_usr_.equal_range(usr);
  for (auto it = begin; it != end; ++it) {
    size_t shared = code_functions[it->second].where.file == file
                        ? std::string::npos
                        : shared_directories(file, code_functions[it->second].where.file);
    if (best.empty() || shared > best_shared) {
      best = {it->second};
      best_shared = shared;
    } else if (shared == best_shared) {
      best.push_back(it->second);
    }
  }
  return best;
}

void WorkloadGraph::link_code(const LinkHints& hints) {
  // An inline function of a header is defined in every file that includes it: keep one.
  std::set<std::pair<std::string, std::string>> seen;
  std::erase_if(code_functions, [&](const CodeFunction& f) {
    return !seen.insert({f.usr, f.where.file}).second;
  });
  const size_t n = code_functions.size();
  for (size_t i = 0; i < n; ++i) code_by_usr_.emplace(code_functions[i].usr, i);
  calls_.assign(n, {});
  init_calls_.assign(n, {});
  // A call of a virtual function may run any override of it in the project.
  std::multimap<std::string, size_t> overriders;
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& usr : code_functions[i].overrides) overriders.emplace(usr, i);
  }
  auto callees = [&](const std::string& usr, size_t from) {
    std::vector<size_t> out = resolve(usr, from);
    auto [begin, end] = overriders.equal_range(usr);
    for (auto it = begin; it != end; ++it) out.push_back(it->second);
    return out;
  };
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& usr : code_functions[i].calls) {
      for (size_t j : callees(usr, i)) calls_[i].push_back(j);
    }
    for (const std::string& usr : code_functions[i].init_calls) {
      for (size_t j : callees(usr, i)) init_calls_[i].push_back(j);
    }
    for (const std::string& usr : code_functions[i].handlers) {
      for (size_t j : resolve(usr, i)) code_functions[j].is_handler = true;
    }
  }
  // Code copied for deployment (a CDK asset, `.cdk.staging`) is a handler only where a
  // function of the analysed templates deploys it: the copies of a framework's handlers and
  // stale ones are nobody's workload.
  for (CodeFunction& c : code_functions) {
    if (c.is_handler && in_deployment_copy(normal_path(c.where.file)) && !deployed(c.where.file))
      c.is_handler = false;
  }
  // A Python or Node.js function's Handler names a module of its code directory and a
  // function in it (the front-ends say how: parsers/frontends.h); where it names one that
  // exists, a function of its code that is a handler only by convention
  // (`def handler(event, context)`) is not the one Lambda runs.
  std::vector<std::string> named(functions.size());
  for (size_t i = 0; i < functions.size(); ++i) {
    const Function& fn = functions[i];
    if (!fn.code_dir || !fn.handler.value) continue;
    for (std::string& usr : handler_usrs(*fn.code_dir, *fn.handler.value)) {
      if (!code_by_usr_.count(usr)) continue;
      named[i] = std::move(usr);
      break;
    }
  }
  for (CodeFunction& c : code_functions) {
    if (!c.is_handler || !handler_named_by_setting(c.language)) continue;
    const std::string file = normal_path(c.where.file);
    for (size_t i = 0; i < functions.size(); ++i) {
      if (named[i].empty() || named[i] == c.usr) continue;
      const std::string dir = normal_path(*functions[i].code_dir);
      if (file.rfind(dir + "/", 0) == 0 || dir == ".") c.is_handler = false;
    }
  }
  for (size_t i = 0; i < functions.size(); ++i) {
    auto [begin, end] = code_by_usr_.equal_range(named[i]);
    for (auto it = begin; it != end; ++it) {
      code_functions[it->second].is_handler = true;
      handler_functions_[it->second].push_back(i);
    }
  }
  handler_reach_ = reach(true);
  invocation_reach_ = reach(false);

  // Lambda binary code: reachable from handlers or from what calls run_handler.
  lambda_binary_.assign(n, false);
  std::vector<size_t> work;
  for (size_t i = 0; i < n; ++i) {
    if (code_functions[i].is_handler || code_functions[i].calls_run_handler) {
      lambda_binary_[i] = true;
      work.push_back(i);
    }
  }
  while (!work.empty()) {
    size_t i = work.back();
    work.pop_back();
    for (const auto* edges : {&calls_[i], &init_calls_[i]}) {
      for (size_t j : *edges) {
        if (!lambda_binary_[j]) {
          lambda_binary_[j] = true;
          work.push_back(j);
        }
      }
    }
  }

  // Handler -> the Lambda functions deployed from its source: explicit links first, else
  // the functions whose code directory holds the file most closely.
  for (size_t h = 0; h < n; ++h) {
    if (!code_functions[h].is_handler) continue;
    const std::string file = normal_path(code_functions[h].where.file);
    auto holds = [&](const std::string& dir_or_file) {
      std::string d = normal_path(dir_or_file);
      return file == d || d == "." || file.rfind(d + "/", 0) == 0;
    };
    std::vector<size_t>& linked = handler_functions_[h];
    for (const auto& [workload, path] : hints.handlers) {
      if (!holds((std::filesystem::path(hints.root) / path).string())) continue;
      for (size_t i = 0; i < functions.size(); ++i) {
        if (functions[i].id.name == workload) linked.push_back(i);
      }
    }
    if (!linked.empty()) continue;
    size_t best = 0;
    for (size_t i = 0; i < functions.size(); ++i) {
      const std::optional<std::string>& dir = functions[i].code_dir;
      if (!dir || !holds(*dir)) continue;
      size_t depth = normal_path(*dir).size();
      if (depth > best) linked.clear();
      if (depth >= best) {
        best = depth;
        linked.push_back(i);
      }
    }
  }
}

bool WorkloadGraph::deployed(const std::string& file) const {
  const std::string normal = normal_path(file);
  return std::any_of(functions.begin(), functions.end(), [&](const Function& f) {
    if (!f.code_dir) return false;
    const std::string dir = normal_path(*f.code_dir);
    return dir == "." || normal.starts_with(dir + "/");
  });
}

// For every function some handler reaches, the first such handler (in file order).
std::vector<std::optional<size_t>> WorkloadGraph::reach(bool include_init) const {
  std::vector<std::optional<size_t>> reached(code_functions.size());
  for (size_t h = 0; h < code_functions.size(); ++h) {
    if (!code_functions[h].is_handler || reached[h]) continue;
    reached[h] = h;
    std::vector<size_t> work{h};
    while (!work.empty()) {
      size_t i = work.back();
      work.pop_back();
      auto follow = [&](const std::vector<size_t>& edges) {
        for (size_t j : edges) {
          if (!reached[j]) {
            reached[j] = h;
            work.push_back(j);
          }
        }
      };
      follow(calls_[i]);
      if (include_init) follow(init_calls_[i]);
    }
  }
  return reached;
}

const CodeFunction* WorkloadGraph::reaching_handler(const CodeFunction& f) const {
  std::optional<size_t> h = handler_reach_.at(index_of(f));
  return h ? &code_functions[*h] : nullptr;
}

const CodeFunction* WorkloadGraph::invocation_handler(const CodeFunction& f) const {
  std::optional<size_t> h = invocation_reach_.at(index_of(f));
  return h ? &code_functions[*h] : nullptr;
}

bool WorkloadGraph::in_lambda_binary(const CodeFunction& f) const {
  return lambda_binary_.at(index_of(f));
}

std::vector<const Function*> WorkloadGraph::functions_running(const CodeFunction& handler) const {
  std::vector<const Function*> out;
  auto it = handler_functions_.find(index_of(handler));
  if (it == handler_functions_.end()) return out;
  for (size_t i : it->second) out.push_back(&functions[i]);
  return out;
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

// A target that names its service only by a (partly known) name: the same pattern, or a
// known name that the other side's pattern matches. A bare `*` is no evidence.
bool names_service(const ScalingTarget& t, const Service& s) {
  const std::string& a = t.service_name_pattern;
  const std::string& b = s.name_pattern;
  if (a.empty() || b.empty() || a == "*" || b == "*") return false;
  if (a == b) return true;
  const bool a_known = a.find('*') == std::string::npos;
  const bool b_known = b.find('*') == std::string::npos;
  return (b_known && wildcard_match(a, b)) || (a_known && wildcard_match(b, a));
}

}  // namespace

std::vector<const ScalingTarget*> WorkloadGraph::scaling_targets_of(const Service& s) const {
  std::vector<const ScalingTarget*> out;
  for (const ScalingTarget& t : scaling_targets) {
    const std::vector<std::string>& linked = t.service_scopes;
    const bool in_scope = linked.empty()
                              ? t.id.scope == s.id.scope
                              : std::find(linked.begin(), linked.end(), s.id.scope) != linked.end();
    if (!in_scope) continue;
    if (t.service ? *t.service == s.id.name : names_service(t, s)) out.push_back(&t);
  }
  return out;
}

bool WorkloadGraph::fronted_by_proxy(const Database& db) const { return !proxies_of(db).empty(); }

std::vector<const DatabaseProxy*> WorkloadGraph::proxies_of(const Database& db) const {
  std::vector<const DatabaseProxy*> out;
  for (const DatabaseProxy& p : database_proxies) {
    if (p.id.scope != db.id.scope) continue;
    if (std::find(p.targets.begin(), p.targets.end(), db.id.name) != p.targets.end())
      out.push_back(&p);
  }
  return out;
}

std::vector<WorkloadGraph::DatabaseUse> WorkloadGraph::databases_used_by(const Function& f) const {
  std::vector<DatabaseUse> out;
  for (const Reference& r : f.references) {
    const Database* db = database(f.id.scope, r.target);
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const DatabaseUse& u) { return u.database == db; });
    if (db && !seen) out.push_back(DatabaseUse{db, &r});
  }
  return out;
}

Effective effective_timeout(const Function& f) {
  return effective(f.timeout_s, f, aws::kLambdaDefaultTimeoutS);
}

Effective effective_memory(const Function& f) {
  return effective(f.memory_mb, f, aws::kLambdaDefaultMemoryMb);
}

Effective effective_visibility_timeout(const Queue& q) {
  return effective(q.visibility_timeout_s, q, aws::kSqsDefaultVisibilityTimeoutS);
}

Effective effective_desired_count(const Service& s) {
  return effective(s.desired_count, s, aws::kEcsDefaultDesiredCount);
}

ServiceTerms terms_of(const Service& s) {
  if (s.kind.empty()) {
    return {"ECS service",
            "task",
            "tasks",
            "Application Auto Scaling target",
            "a scalable target with MinCapacity 0",
            "load balancer attached here"};
  }
  return {s.kind,
          "pod",
          "pods",
          "HorizontalPodAutoscaler",
          "a KEDA ScaledObject with minReplicaCount 0",
          "exposed by this Service/Ingress"};
}

}  // namespace rightfit
