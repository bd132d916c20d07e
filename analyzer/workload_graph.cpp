#include "analyzer/workload_graph.h"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

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
  if (p.written) return Effective{p.value, *p.written, false, p.slot};
  return Effective{p.value.value_or(fallback), owner.header, true, p.slot};
}

}  // namespace

namespace {

std::string normal_path(const std::string& p) {
  return std::filesystem::path(p).lexically_normal().generic_string();
}

// Lookups by a normalised path, or by a part of one, without a copy.
template <class T>
using ByPath = std::map<std::string, T, std::less<>>;

// The analysed Dockerfiles by normalised path: the first image of each.
ByPath<size_t> index_images(const std::vector<Image>& images) {
  ByPath<size_t> index;
  for (size_t i = 0; i < images.size(); ++i) index.emplace(normal_path(images[i].dockerfile), i);
  return index;
}

std::optional<size_t> image_at(const ByPath<size_t>& images, const std::string& path) {
  auto it = images.find(normal_path(path));
  if (it == images.end()) return std::nullopt;
  return it->second;
}

// Indices of `items` by their `id.name`, in order.
template <class T>
std::map<std::string, std::vector<size_t>> index_by_name(const std::vector<T>& items) {
  std::map<std::string, std::vector<size_t>> index;
  for (size_t i = 0; i < items.size(); ++i) index[items[i].id.name].push_back(i);
  return index;
}

const std::vector<size_t>& with_name(const std::map<std::string, std::vector<size_t>>& index,
                                     const std::string& name) {
  static const std::vector<size_t> kNone;
  auto it = index.find(name);
  return it == index.end() ? kNone : it->second;
}

}  // namespace

void WorkloadGraph::link_images(const LinkHints& hints) {
  const ByPath<size_t> by_path = index_images(images);
  for (const Function& f : functions) {
    const Property<std::string>& d = f.dockerfile;
    if (!d.value || !d.written) continue;
    if (std::optional<size_t> i = image_at(by_path, *d.value)) {
      image_links.push_back({f.id, *i, *d.written});
    } else {
      missing_images.emplace_back(f.id, *d.written);
    }
  }
  link_image_assets(by_path);
  if (hints.images.empty()) return;
  // Explicit links name a workload by logical ID or Terraform address.
  const auto functions_named = index_by_name(functions);
  const auto services_named = index_by_name(services);
  for (const auto& [workload, dockerfile] : hints.images) {
    std::optional<size_t> i =
        image_at(by_path, (std::filesystem::path(hints.root) / dockerfile).string());
    if (!i) continue;
    for (size_t f : with_name(functions_named, workload))
      image_links.push_back({functions[f].id, *i, functions[f].header});
    for (size_t s : with_name(services_named, workload))
      image_links.push_back({services[s].id, *i, services[s].header});
  }
}

// An ECS service whose task definition runs a CDK image asset is built from the asset's
// Dockerfile (the asset and the template share their cloud assembly directory).
void WorkloadGraph::link_image_assets(const std::map<std::string, size_t, std::less<>>& by_path) {
  // Assets by (ID, normalised assembly directory), in order.
  std::map<std::pair<std::string, std::string>, std::vector<const ImageAsset*>> assets;
  for (const ImageAsset& a : image_assets) assets[{a.id, normal_path(a.assembly)}].push_back(&a);
  for (const Service& s : services) {
    const TaskDefinition* td =
        s.task_definition ? task_definition(s.id.scope, *s.task_definition) : nullptr;
    if (!td) continue;
    const Property<std::string>& asset = td->image_asset;
    if (!asset.value || !asset.written) continue;
    const std::string assembly =
        normal_path(std::filesystem::path(td->id.scope).parent_path().string());
    auto it = assets.find({*asset.value, assembly});
    if (it == assets.end()) continue;
    const SourceRange& declared = *asset.written;
    for (const ImageAsset* a : it->second) {
      if (std::optional<size_t> i = image_at(by_path, a->dockerfile)) {
        image_links.push_back({s.id, *i, declared});
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

WorkloadGraph WorkloadGraph::link(std::vector<FileFacts> files, const LinkHints& hints,
                                  std::vector<SharedCode> shared, KeptCodeLinks* kept) {
  // Deterministic regardless of the order files were parsed in.
  std::sort(files.begin(), files.end(),
            [](const FileFacts& a, const FileFacts& b) { return a.file < b.file; });
  std::stable_sort(shared.begin(), shared.end(),
                   [](const SharedCode& a, const SharedCode& b) { return a.file < b.file; });
  WorkloadGraph g;
  auto next_shared = shared.begin();
  for (FileFacts& f : files) {
    // A file's kept code takes the place its facts' code_functions would have had.
    for (; next_shared != shared.end() && next_shared->file <= f.file; ++next_shared)
      g.code_functions.add(next_shared->functions);
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
    g.code_functions.add(f.code_functions);
    append(g.synthesized_resources, f.synthesized_resources);
    append(g.construct_traces, f.construct_traces);
    append(g.image_assets, f.image_assets);
    append(g.fargate_profiles, f.fargate_profiles);
    append(g.pod_services, f.pod_services);
    append(g.ingress_backends, f.ingress_backends);
    append(g.scheduled_jobs, f.scheduled_jobs);
    append(g.scheduled_tasks, f.scheduled_tasks);
    append(g.module_calls, f.module_calls);
    append(g.declared_names, f.declared_names);
    append(g.unresolved, f.unresolved);
    append(g.suppressions, f.suppressions);
    append(g.parse_errors, f.parse_errors);
  }
  for (; next_shared != shared.end(); ++next_shared) g.code_functions.add(next_shared->functions);
  keep_first_parse_error_per_file(g.parse_errors);
  exclude_framework_functions(g, g.excluded);
  g.build_indexes();
  link_kubernetes(g);
  g.link_images(hints);
  g.link_code(hints, kept);
  g.code_functions.index();
  return g;
}

void LinkedCode::add(std::vector<CodeFunction>& own) {
  if (own.empty()) return;
  // Kept nowhere else: the graph becomes their one owner.
  add(std::make_shared<const std::vector<CodeFunction>>(std::move(own)));
  own.clear();
}

void LinkedCode::add(const std::shared_ptr<const std::vector<CodeFunction>>& shared) {
  if (!shared) return;
  for (const CodeFunction& f : *shared) items_.emplace_back(shared, &f);
}

void LinkedCode::set_handler(size_t i, bool handler) {
  if (items_[i]->is_handler == handler) return;
  auto copy = std::make_shared<CodeFunction>(*items_[i]);
  copy->is_handler = handler;
  items_[i] = std::move(copy);
}

void LinkedCode::index() {
  index_.clear();
  index_.reserve(items_.size());
  for (size_t i = 0; i < items_.size(); ++i) index_.emplace(items_[i].get(), i);
}

namespace {

// Directories two paths share, counted from the root.
size_t shared_directories(std::string_view a, std::string_view b) {
  size_t shared = 0;
  for (size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) {
    if (a[i] == '/') ++shared;
  }
  return shared;
}

// Calls `visit` with every directory `d` for which `file` starts with `d + "/"` (each leading
// part of the path up to a '/'), the outermost first: what a code directory must be to hold
// the file, found by lookups instead of a scan of every directory.
template <class Visit>
void for_each_enclosing(std::string_view file, Visit visit) {
  for (size_t at = file.find('/'); at != std::string_view::npos; at = file.find('/', at + 1))
    visit(file.substr(0, at));
}

// The code a function's Handler setting names (its USR; empty where it names none that
// exists), and its definitions (indices into the code, by file).
struct NamedHandler {
  std::string usr;
  std::vector<size_t> code;
};

// The functions' code directories, normalised once: which functions each one deploys, and
// which handler code a function's Handler setting names in it (`named`, where it names one).
struct CodeDirectories {
  ByPath<std::vector<size_t>> functions;
  ByPath<std::set<std::string>> named_handlers;

  CodeDirectories(const std::vector<Function>& fns, const std::vector<NamedHandler>& named) {
    for (size_t i = 0; i < fns.size(); ++i) {
      const std::optional<std::string>& code_dir = fns[i].code_dir;
      if (!code_dir) continue;
      const std::string dir = normal_path(*code_dir);
      functions[dir].push_back(i);
      if (!named[i].usr.empty()) named_handlers[dir].insert(named[i].usr);
    }
  }

  // Whether the code directory of one of the functions holds `file` (normalised).
  bool deploys(const std::string& file) const {
    bool found = functions.count(".") != 0;
    for_each_enclosing(file, [&](std::string_view dir) { found = found || functions.count(dir); });
    return found;
  }

  // Whether a function's Handler names, in a directory holding `file`, code other than `usr`.
  bool names_other_than(const std::string& file, const std::string& usr) const {
    bool other = false;
    auto check = [&](std::string_view dir) {
      auto it = named_handlers.find(dir);
      if (it == named_handlers.end()) return;
      const std::set<std::string>& usrs = it->second;
      other = other || usrs.size() > 1 || *usrs.begin() != usr;
    };
    check(".");
    for_each_enclosing(file, check);
    return other;
  }

  // The functions whose code directory holds `file` (normalised) most closely (all of them on
  // a tie, by the length of the directory's path), in order.
  std::vector<size_t> holding(const std::string& file) const {
    std::vector<std::string_view> dirs{file};
    if (file != ".") dirs.emplace_back(".");
    for_each_enclosing(file, [&](std::string_view dir) {
      if (dir != ".") dirs.push_back(dir);
    });
    size_t best = 0;
    std::vector<size_t> out;
    for (std::string_view dir : dirs) {
      auto it = functions.find(dir);
      if (it == functions.end() || dir.size() < best) continue;
      if (dir.size() > best) out.clear();
      best = dir.size();
      out.insert(out.end(), it->second.begin(), it->second.end());
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

// Whether `dir_or_file` (normalised) is, or holds, `file` (normalised).
bool holds(const std::string& dir_or_file, const std::string& file) {
  return file == dir_or_file || dir_or_file == "." ||
         (file.size() > dir_or_file.size() && file[dir_or_file.size()] == '/' &&
          file.starts_with(dir_or_file));
}

// An inline function of a header is defined in every file that includes it: keep one.
// (Views of the functions' own strings: the functions outlive the set.)
void drop_repeated_definitions(std::vector<std::shared_ptr<const CodeFunction>>& code) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  std::erase_if(code, [&](const std::shared_ptr<const CodeFunction>& f) {
    return !seen.emplace(f->usr, f->where.file).second;
  });
}

// Marks what a handler or a function calling run_handler reaches (through calls and static
// initializers): the code of a Lambda binary.
std::vector<bool> lambda_binary(const LinkedCode& code,
                                const std::vector<std::vector<size_t>>& calls,
                                const std::vector<std::vector<size_t>>& init_calls) {
  std::vector<bool> in(code.size(), false);
  std::vector<size_t> work;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i].is_handler || code[i].calls_run_handler) {
      in[i] = true;
      work.push_back(i);
    }
  }
  while (!work.empty()) {
    const size_t i = work.back();
    work.pop_back();
    for (const auto* edges : {&calls[i], &init_calls[i]}) {
      for (size_t j : *edges) {
        if (!in[j]) {
          in[j] = true;
          work.push_back(j);
        }
      }
    }
  }
  return in;
}

// The indices of [begin, end) in ascending order.
std::vector<size_t> sorted_indices(std::vector<size_t>::const_iterator begin,
                                   std::vector<size_t>::const_iterator end) {
  std::vector<size_t> out(begin, end);
  std::sort(out.begin(), out.end());
  return out;
}

// The normalised path of each code function's file, computed on first use.
class NormalFiles {
 public:
  explicit NormalFiles(const LinkedCode& code) : code_(code), files_(code.size()) {}
  const std::string& operator[](size_t i) {
    if (files_[i].empty()) files_[i] = normal_path(code_[i].where.file);
    return files_[i];
  }

 private:
  const LinkedCode& code_;
  std::vector<std::string> files_;
};

// Handler -> the Lambda functions deployed from its source (added to `links`, which may hold
// the functions whose Handler names it): explicit links first, else the functions whose code
// directory holds the file most closely.
void link_handler_functions(const LinkedCode& code, const std::vector<Function>& fns,
                            const LinkHints& hints, const CodeDirectories& dirs, NormalFiles& files,
                            std::map<size_t, std::vector<size_t>>& links) {
  // Configured links: the normalised file or directory, and the functions of that name.
  std::vector<std::pair<std::string, std::vector<size_t>>> configured;
  if (!hints.handlers.empty()) {
    const auto by_name = index_by_name(fns);
    for (const auto& [workload, path] : hints.handlers) {
      configured.emplace_back(normal_path((std::filesystem::path(hints.root) / path).string()),
                              with_name(by_name, workload));
    }
  }
  for (size_t h = 0; h < code.size(); ++h) {
    if (!code[h].is_handler) continue;
    std::vector<size_t>& linked = links[h];
    for (const auto& [path, named_fns] : configured) {
      if (holds(path, files[h])) linked.insert(linked.end(), named_fns.begin(), named_fns.end());
    }
    if (linked.empty()) linked = dirs.holding(files[h]);
  }
}

using Definitions =
    std::pair<std::vector<size_t>::const_iterator, std::vector<size_t>::const_iterator>;

// The definitions of each USR, each USR's sorted by file, then index. Grouped by one hash of
// each function's USR, not by a sort of every function by its USR (long: it holds the file's
// path). Views of the functions' strings: a mark (LinkedCode::set_handler) may free them, so
// whoever looks up keeps the functions (CodeLinks::code).
class DefinitionsByUsr {
 public:
  explicit DefinitionsByUsr(const LinkedCode& code) : order_(code.size()) {
    std::vector<size_t> group_of(code.size());
    group_.reserve(code.size());
    for (size_t i = 0; i < code.size(); ++i) {
      const auto [at, added] = group_.try_emplace(code[i].usr, bounds_.size());
      if (added) bounds_.push_back(0);
      group_of[i] = at->second;
      ++bounds_[group_of[i]];
    }
    // Sizes to starts (a counting sort), then one past the last group's end.
    size_t start = 0;
    for (size_t& bound : bounds_) start += std::exchange(bound, start);
    bounds_.push_back(start);
    std::vector<size_t> next(bounds_.begin(), bounds_.end() - 1);
    for (size_t i = 0; i < code.size(); ++i) order_[next[group_of[i]]++] = i;
    for (size_t g = 0; g + 1 < bounds_.size(); ++g) sort_by_file(code, g);
  }

  // The definitions of `usr` (an empty range when there is none).
  Definitions find(std::string_view usr) const {
    auto it = group_.find(usr);
    if (it == group_.end()) return {order_.end(), order_.end()};
    return {start_of(it->second), start_of(it->second + 1)};
  }

 private:
  // Where group `g` starts in order_ (the end for one past the last group).
  std::vector<size_t>::const_iterator start_of(size_t g) const {
    return order_.begin() + static_cast<std::ptrdiff_t>(bounds_[g]);
  }

  // A group is in index order: usually one file, or files in order already.
  void sort_by_file(const LinkedCode& code, size_t group) {
    auto by_file = [&code](size_t a, size_t b) { return code[a].where.file < code[b].where.file; };
    const auto begin = order_.begin() + static_cast<std::ptrdiff_t>(bounds_[group]);
    const auto end = order_.begin() + static_cast<std::ptrdiff_t>(bounds_[group + 1]);
    if (!std::is_sorted(begin, end, by_file)) std::stable_sort(begin, end, by_file);
  }

  std::unordered_map<std::string_view, size_t> group_;  // USR -> its group
  std::vector<size_t> bounds_;  // where each group starts in order_, then the end
  std::vector<size_t> order_;   // indices into the code, by group, then file, then index
};

// Of `definitions` (indices into `code`, sorted by file), those nearest to the file of
// code[from]: those in the file itself, else those sharing the most directories with it. The
// most is shared with the caller's neighbours in file order, and those sharing it are every
// definition under that shared directory.
std::vector<size_t> nearest(const LinkedCode& code, Definitions definitions, size_t from) {
  const auto [begin, end] = definitions;
  const std::string& file = code[from].where.file;
  auto file_of = [&code](size_t i) -> std::string_view { return code[i].where.file; };
  auto first_not_before = [&](std::string_view path) {
    return std::partition_point(begin, end, [&](size_t i) { return file_of(i) < path; });
  };
  const auto at = first_not_before(file);
  const auto in_file = std::partition_point(at, end, [&](size_t i) { return file_of(i) == file; });
  if (at != in_file) return sorted_indices(at, in_file);
  size_t shared = 0;
  if (at != begin) shared = shared_directories(file, file_of(*(at - 1)));
  if (at != end) shared = std::max(shared, shared_directories(file, file_of(*at)));
  size_t length = 0;  // of the shared directories, with the '/' after the last
  for (size_t slashes = 0; slashes < shared; ++length) slashes += file[length] == '/' ? 1 : 0;
  const std::string_view directory(file.data(), length);
  const auto under = first_not_before(directory);
  return sorted_indices(under, std::partition_point(under, end, [&](size_t i) {
                          return file_of(i).starts_with(directory);
                        }));
}

// Each code function's resolved calls and static initializers' calls (by index), and the
// functions passed to run_handler.
struct ResolvedCalls {
  std::vector<std::vector<size_t>> calls, init_calls;
  std::vector<size_t> handlers;
};

ResolvedCalls resolve_calls(const LinkedCode& code, const DefinitionsByUsr& definitions) {
  const size_t n = code.size();
  ResolvedCalls out{std::vector<std::vector<size_t>>(n), std::vector<std::vector<size_t>>(n), {}};
  // A call of a virtual function may run any override of it in the project.
  std::multimap<std::string, size_t> overriders;
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& usr : code[i].overrides) overriders.emplace(usr, i);
  }
  auto callees = [&](const std::string& usr, size_t from) {
    const Definitions found = definitions.find(usr);
    return found.first == found.second ? std::vector<size_t>{} : nearest(code, found, from);
  };
  auto add_callees = [&](const std::string& usr, size_t from, std::vector<size_t>& to) {
    for (size_t j : callees(usr, from)) to.push_back(j);
    auto [begin, end] = overriders.equal_range(usr);
    for (auto it = begin; it != end; ++it) to.push_back(it->second);
  };
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& usr : code[i].calls) add_callees(usr, i, out.calls[i]);
    for (const std::string& usr : code[i].init_calls) add_callees(usr, i, out.init_calls[i]);
    for (const std::string& usr : code[i].handlers) {
      for (size_t j : callees(usr, i)) out.handlers.push_back(j);
    }
  }
  return out;
}

// A Python or Node.js function's Handler names a module of its code directory and a function
// in it (the front-ends say how: parsers/frontends.h): per function, the code it names, where
// that exists (none otherwise).
std::vector<NamedHandler> named_handlers(const std::vector<Function>& fns,
                                         const DefinitionsByUsr& definitions) {
  std::vector<NamedHandler> named(fns.size());
  for (size_t i = 0; i < fns.size(); ++i) {
    const Function& fn = fns[i];
    if (!fn.code_dir || !fn.handler.value) continue;
    for (std::string& usr : handler_usrs(*fn.code_dir, *fn.handler.value)) {
      const auto [begin, end] = definitions.find(usr);
      if (begin == end) continue;
      named[i] = {std::move(usr), std::vector<size_t>(begin, end)};
      break;
    }
  }
  return named;
}

}  // namespace

// The code as linked (before any mark: marks copy a function), its definitions by USR (views
// of the code's strings, which `code` keeps) and its resolved calls.
struct CodeLinks {
  std::vector<std::shared_ptr<const CodeFunction>> code;
  DefinitionsByUsr definitions;
  ResolvedCalls resolved;

  explicit CodeLinks(const LinkedCode& linked)
      : code(linked.items_), definitions(linked), resolved(resolve_calls(linked, definitions)) {}

  // Whether `linked` is the code these links were made of: the same functions, in order. The
  // functions `code` keeps cannot be freed, so no other function can have their addresses.
  bool made_of(const LinkedCode& linked) const {
    return std::equal(code.begin(), code.end(), linked.items_.begin(), linked.items_.end(),
                      [](const auto& a, const auto& b) { return a.get() == b.get(); });
  }
};

void WorkloadGraph::link_code(const LinkHints& hints, KeptCodeLinks* kept) {
  drop_repeated_definitions(code_functions.items_);
  if (kept) {
    std::lock_guard lock(kept->mutex_);
    if (!kept->last_ || !kept->last_->made_of(code_functions))
      kept->last_ = std::make_shared<const CodeLinks>(code_functions);
    links_ = kept->last_;
  } else {
    links_ = std::make_shared<const CodeLinks>(code_functions);
  }
  const std::vector<NamedHandler> named = named_handlers(functions, links_->definitions);
  for (size_t j : links_->resolved.handlers) code_functions.set_handler(j, true);
  const CodeDirectories dirs(functions, named);
  NormalFiles files(code_functions);
  for (size_t i = 0; i < code_functions.size(); ++i) {
    if (!code_functions[i].is_handler) continue;
    // Code copied for deployment (a CDK asset, `.cdk.staging`) is a handler only where a
    // function of the analysed templates deploys it: the copies of a framework's handlers
    // and stale ones are nobody's workload.
    if (in_deployment_copy(files[i]) && !dirs.deploys(files[i]))
      code_functions.set_handler(i, false);
  }
  // Where a function's Handler names code that exists, a function of its code directory that
  // is a handler only by convention (`def handler(event, context)`) is not the one Lambda runs.
  for (size_t i = 0; i < code_functions.size(); ++i) {
    const CodeFunction& c = code_functions[i];
    if (!c.is_handler || !handler_named_by_setting(c.language)) continue;
    if (dirs.names_other_than(files[i], c.usr)) code_functions.set_handler(i, false);
  }
  for (size_t i = 0; i < functions.size(); ++i) {
    for (size_t j : named[i].code) {
      code_functions.set_handler(j, true);
      handler_functions_[j].push_back(i);
    }
  }
  handler_reach_ = reach(true);
  invocation_reach_ = reach(false);
  lambda_binary_ =
      lambda_binary(code_functions, links_->resolved.calls, links_->resolved.init_calls);
  link_handler_functions(code_functions, functions, hints, dirs, files, handler_functions_);
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
      follow(links_->resolved.calls[i]);
      if (include_init) follow(links_->resolved.init_calls[i]);
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
