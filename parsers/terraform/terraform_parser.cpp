#include "parsers/terraform/terraform_parser.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "parsers/parallel_for.h"
#include "parsers/terraform/module_instance.h"
#include "parsers/terraform/planned_modules.h"
#include "parsers/terraform/resource_facts.h"
#include "parsers/terraform/tf_json.h"
#include "parsers/terraform/tf_plan.h"

namespace rightfit::tf {

namespace fs = std::filesystem;

namespace {

// Names for `.tfvars` files: literals only.
class NoNames : public Names {
 public:
  Value variable(const std::string& n) const override {
    return Value::unknown("var." + n + " in a tfvars file");
  }
  Value local(const std::string& n) const override {
    return Value::unknown("local." + n + " in a tfvars file");
  }
  Value module_output(const std::string& m, const std::string&) const override {
    return Value::unknown("module." + m + " in a tfvars file");
  }
  std::optional<std::string> resource_address(const std::string&,
                                              const std::string&) const override {
    return std::nullopt;
  }
};

void apply_tfvars(const ParsedFile& file, std::map<std::string, Value>& into) {
  // RF001 reports it; like a broken .tf file, nothing of it is used
  if (file.ast.error || file.rejected) return;
  NoNames none;
  for (const hcl::Attribute& a : file.ast.body.attributes) into[a.name] = evaluate(a.value, none);
}

bool is_tfvars(const std::string& path) {
  return has_suffix(path, ".tfvars") || is_tfvars_json(path);
}

// The other analysed directories each analysed directory calls as local modules. A file with
// a syntax error is not analysed: its calls do not count.
std::map<std::string, std::set<std::string>> local_calls(ModuleLibrary& library,
                                                         const std::set<std::string>& dirs) {
  std::map<std::string, std::set<std::string>> calls;
  NoNames none;
  for (const std::string& dir : dirs) {
    const ModuleSource* m = library.load(dir);
    if (!m) continue;
    for (const auto& file : m->files) {
      if (file->ast.error) continue;
      for (const hcl::Block* call : file->ast.body.blocks_of("module")) {
        const hcl::Attribute* source = call->body.attribute("source");
        if (!source) continue;
        Value s = evaluate(source->value, none);
        if (s.kind != Value::Kind::String || !is_local_source(s.string)) continue;
        std::string target = resolve_local_source(dir, s.string);
        if (target != dir && dirs.count(target)) calls[dir].insert(target);
      }
    }
  }
  return calls;
}

// Root modules: the analysed directories no other one calls and, where calls form a cycle
// that no root reaches (Terraform rejects it), its first directory, so every one is analysed.
std::vector<std::string> root_directories(
    const std::set<std::string>& dirs, const std::map<std::string, std::set<std::string>>& calls) {
  std::set<std::string> called, reached;
  for (const auto& [from, targets] : calls) called.insert(targets.begin(), targets.end());
  std::vector<std::string> roots;
  auto reach = [&](const std::string& root) {
    roots.push_back(root);
    std::vector<std::string> todo{root};
    while (!todo.empty()) {
      std::string dir = std::move(todo.back());
      todo.pop_back();
      if (!reached.insert(dir).second) continue;
      if (auto it = calls.find(dir); it != calls.end()) {
        todo.insert(todo.end(), it->second.begin(), it->second.end());
      }
    }
  };
  for (const std::string& dir : dirs) {
    if (!called.count(dir)) reach(dir);
  }
  for (const std::string& dir : dirs) {
    if (!reached.count(dir)) reach(dir);
  }
  std::sort(roots.begin(), roots.end());
  return roots;
}

// Whether `dir` lies in a `modules` directory, where Terraform's standard module structure
// (and `terraform init`, under .terraform/modules) keeps modules that others call.
bool in_modules_directory(const std::string& dir) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(dir, ec).lexically_normal();
  for (const fs::path& part : ec ? fs::path(dir) : absolute) {
    if (part == "modules") return true;
  }
  return false;
}

// A reusable module (terraform-aws-modules' `modules/service`, a team's `modules/worker`) lies
// in a `modules` directory, takes inputs, and configures neither a provider nor where its
// state lives: Terraform never applies it alone, its callers do. Small root configurations
// often rely on the provider's environment and declare no provider block, so the place it
// lies in has to say so too.
bool is_reusable_module(const ModuleSource& m) {
  if (!in_modules_directory(m.dir)) return false;
  bool takes_inputs = false;
  for (const auto& file : m.files) {
    if (file->ast.error) continue;
    for (const hcl::Block& b : file->ast.body.blocks) {
      if (b.type == "provider") return false;
      if (b.type == "terraform" &&
          (!b.body.blocks_of("backend").empty() || !b.body.blocks_of("cloud").empty())) {
        return false;
      }
      takes_inputs = takes_inputs || b.type == "variable";
    }
  }
  return takes_inputs;
}

// A reusable module analysed where nothing calls it: every input unknown (its defaults are
// not what any deployment runs, and its author cannot act on a finding made from them), as
// Terraform's own validation of a module sees it. Properties made from them are not RF002.
std::map<std::string, Value> inputs_set_by_callers(const ModuleSource& m) {
  std::map<std::string, Value> inputs;
  for (const auto& file : m.files) {
    if (file->ast.error) continue;
    for (const hcl::Block* b : file->ast.body.blocks_of("variable")) {
      if (!b->labels.empty()) inputs[b->labels[0]] = Value::set_by_callers(b->labels[0]);
    }
  }
  return inputs;
}

// Reads and parses a file, through the request's cache when it has one. A file a time limit
// stopped is parsed again every time (the next parse may finish).
TerraformFileLoader file_loader(const TerraformRequest& request) {
  auto parse = [&request](const std::string& path) {
    return std::shared_ptr<const ParsedFile>(
        read_terraform_file(path, request.limits, request.read));
  };
  if (!request.cache) return parse;
  return [&request, parse, key = limits_key(request.limits)](const std::string& path) {
    auto clean = [](const std::shared_ptr<const ParsedFile>& f) {
      return !stopped_by_time_limit(f->facts.parse_errors);
    };
    return request.cache->get_or_parse(
        path, request.stamp(path), key, [&] { return parse(path); }, clean);
  };
}

// What a root module declares at its top level, as a plan's root_names spells it.
std::set<std::string> declared_names(const ModuleSource& m) {
  std::set<std::string> names;
  for (const auto& file : m.files) {
    if (file->ast.error) continue;
    for (const hcl::Block& b : file->ast.body.blocks) {
      if ((b.type == "resource" || b.type == "data") && b.labels.size() >= 2) {
        names.insert((b.type == "data" ? "data." : "") + b.labels[0] + "." + b.labels[1]);
      } else if (b.type == "module" && !b.labels.empty()) {
        names.insert("module." + b.labels[0]);
      }
    }
  }
  return names;
}

std::string normal(const std::string& path) {
  return fs::path(path).lexically_normal().generic_string();
}

// The plans of the request: discovered `*.tfplan.json` and named ones, each once.
std::vector<std::string> plan_paths(const TerraformRequest& request) {
  std::vector<std::string> paths;
  std::set<std::string> seen;
  auto add = [&](const std::string& p) {
    if (seen.insert(normal(p)).second) paths.push_back(p);
  };
  for (const std::string& p : request.plans) add(p);
  for (const std::string& p : request.files) {
    if (is_terraform_plan(p)) add(p);
  }
  return paths;
}

// The index in `roots` of the root module each plan belongs to (nullopt: none).
std::vector<std::optional<std::size_t>> plan_roots(
    const std::vector<std::shared_ptr<const TerraformPlan>>& plans,
    const std::vector<std::string>& roots, ModuleLibrary& library) {
  std::vector<std::set<std::string>> names(roots.size());
  for (std::size_t i = 0; i < roots.size(); ++i) {
    if (const ModuleSource* m = library.load(roots[i])) names[i] = declared_names(*m);
  }
  std::vector<std::optional<std::size_t>> out(plans.size());
  for (std::size_t p = 0; p < plans.size(); ++p) {
    if (!plans[p]) continue;
    const std::string own_dir = module_dir_of(plans[p]->path);
    std::size_t best_score = 0;
    for (std::size_t i = 0; i < roots.size(); ++i) {
      std::size_t score = 0;
      for (const std::string& n : plans[p]->root_names) score += names[i].count(n);
      if (score == 0) continue;
      const bool better = score > best_score || (score == best_score && roots[i] == own_dir);
      if (better) {
        best_score = score;
        out[p] = i;
      }
    }
  }
  return out;
}

}  // namespace

// One pass, each file's directory computed once: asking every root module about every
// discovered file is quadratic (it once cost 8% of the Terraform corpus's instructions).
std::map<std::string, std::vector<std::string>> auto_loaded_tfvars(
    const std::vector<std::string>& files) {
  std::map<std::string, std::vector<std::string>> plain, auto_files;
  for (const std::string& f : files) {
    if (!is_tfvars(f)) continue;
    const std::string name = fs::path(f).filename().string();
    if (name == "terraform.tfvars" || name == "terraform.tfvars.json") {
      plain[module_dir_of(f)].push_back(f);
    } else if (has_suffix(name, ".auto.tfvars") || has_suffix(name, ".auto.tfvars.json")) {
      auto_files[module_dir_of(f)].push_back(f);
    }
  }
  for (auto& [dir, loaded] : plain) std::sort(loaded.begin(), loaded.end());  // ".tfvars" first
  for (auto& [dir, autos] : auto_files) {
    std::sort(autos.begin(), autos.end());
    std::vector<std::string>& loaded = plain[dir];
    loaded.insert(loaded.end(), autos.begin(), autos.end());
  }
  return plain;
}

bool is_terraform_file(const std::string& path) {
  return has_suffix(path, ".tf") || has_suffix(path, ".tfvars") || is_terraform_json(path) ||
         is_terraform_plan(path);
}

namespace {

using Plans = std::vector<std::shared_ptr<const TerraformPlan>>;
using TfvarsByPath = std::map<std::string, std::shared_ptr<const ParsedFile>>;

// The plans read on the pool; one that is not a plan rightfit reads stays null and adds a
// FileFacts to `out` (RF001 names the file and the cause; nothing of it is used).
Plans read_plans(const TerraformRequest& request, const std::vector<std::string>& plan_files,
                 std::vector<FileFacts>& out) {
  Plans plans(plan_files.size());
  std::vector<std::optional<ParseError>> plan_errors(plan_files.size());
  parallel_for(plans.size(), request.jobs, [&](std::size_t i) {
    PlanLoad loaded = read_terraform_plan(plan_files[i], request.limits, request.read);
    plans[i] = std::move(loaded.plan);
    plan_errors[i] = std::move(loaded.error);
  });
  for (std::size_t i = 0; i < plan_files.size(); ++i) {
    std::optional<ParseError>& error = plan_errors[i];
    if (!error) continue;
    FileFacts facts;
    facts.file = plan_files[i];
    facts.parse_errors.push_back(std::move(*error));
    out.push_back(std::move(facts));
  }
  return plans;
}

// The walked files in the walk's order: tfvars aside (their facts into `out`), the `.tf`
// files into the library and their directories into `dirs`.
void register_files(const TerraformRequest& request,
                    std::vector<std::shared_ptr<const ParsedFile>> files, ModuleLibrary& library,
                    TfvarsByPath& tfvars, std::set<std::string>& dirs,
                    std::vector<FileFacts>& out) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& path = request.files[i];
    if (is_terraform_plan(path)) continue;
    std::shared_ptr<const ParsedFile> parsed = std::move(files[i]);
    if (is_tfvars(path)) {
      tfvars[path] = parsed;
      out.push_back(parsed->facts);
      continue;
    }
    dirs.insert(module_dir_of(path));
    library.add(std::move(parsed));
  }
}

// Which plan each root module is evaluated with, and which plans that leaves unused.
struct PlanAssignment {
  std::vector<const TerraformPlan*> plan_of;  // per root; nullptr: none
  std::vector<bool> used;                     // per plan
};

PlanAssignment assign_plans(const Plans& plans, const std::vector<std::string>& roots,
                            ModuleLibrary& library) {
  PlanAssignment out{std::vector<const TerraformPlan*>(roots.size(), nullptr),
                     std::vector<bool>(plans.size(), false)};
  const std::vector<std::optional<std::size_t>> belongs = plan_roots(plans, roots, library);
  for (std::size_t p = 0; p < plans.size(); ++p) {
    const std::optional<std::size_t>& belongs_to = belongs[p];
    if (!belongs_to) continue;
    const std::size_t root = *belongs_to;
    out.used[p] = true;  // a later plan of the same root is not used, nor read alone
    if (!out.plan_of[root]) out.plan_of[root] = plans[p].get();
  }
  return out;
}

// A root module's input values: those its callers set when it is a reusable module, then the
// tfvars applied to it, then the plan's.
std::map<std::string, Value> root_inputs(const ModuleSource& source,
                                         const std::vector<std::string>& var_files,
                                         const TfvarsByPath& tfvars, const TerraformPlan* plan) {
  std::map<std::string, Value> inputs;
  // Values given for it (tfvars, --var-file) make it a root whatever it declares.
  const bool reusable = var_files.empty() && !plan && is_reusable_module(source);
  if (reusable) inputs = inputs_set_by_callers(source);
  for (const std::string& f : var_files) {
    if (auto it = tfvars.find(f); it != tfvars.end()) apply_tfvars(*it->second, inputs);
  }
  // The values the plan was made with (-var, TF_VAR_*, tfvars, defaults): the last word.
  if (plan) {
    for (const auto& [name, value] : plan->variables) inputs[name] = value;
  }
  return inputs;
}

// The tfvars applied to the root module in `dir`: its auto-loaded ones, then --var-file's.
std::vector<std::string> var_files_of(
    const std::string& dir, const std::map<std::string, std::vector<std::string>>& auto_loaded,
    const std::vector<std::string>& given) {
  std::vector<std::string> var_files;
  if (auto it = auto_loaded.find(dir); it != auto_loaded.end()) var_files = it->second;
  var_files.insert(var_files.end(), given.begin(), given.end());
  return var_files;
}

// What a root module's evaluation reads: the files of `dir` and of the local modules it calls,
// directly or not, then its tfvars (null where one is missing).
std::vector<std::shared_ptr<const ParsedFile>> evaluation_inputs(
    const std::string& dir, const std::map<std::string, std::set<std::string>>& calls,
    ModuleLibrary& library, const std::vector<std::string>& var_files, const TfvarsByPath& tfvars) {
  std::vector<std::shared_ptr<const ParsedFile>> inputs;
  std::set<std::string> seen;
  std::vector<std::string> todo{dir};
  while (!todo.empty()) {
    std::string module = std::move(todo.back());
    todo.pop_back();
    if (!seen.insert(module).second) continue;
    if (const ModuleSource* source = library.load(module))
      inputs.insert(inputs.end(), source->files.begin(), source->files.end());
    inputs.push_back(nullptr);  // ends a module's files
    if (auto it = calls.find(module); it != calls.end())
      todo.insert(todo.end(), it->second.begin(), it->second.end());
  }
  for (const std::string& f : var_files) {
    auto it = tfvars.find(f);
    inputs.push_back(it == tfvars.end() ? nullptr : it->second);
  }
  return inputs;
}

// What an evaluation depends on besides its inputs: the limits and where modules may be read.
std::string evaluation_key(const TerraformRequest& request) {
  std::string key = limits_key(request.limits);
  for (const std::string& f : request.var_files) key += "\nvar-file " + f;
  if (request.roots) key += "\nroots " + request.roots->describe();
  return key;
}

// What evaluating the root modules needs besides the library.
struct RootSettings {
  const std::map<std::string, std::set<std::string>>& calls;
  const std::map<std::string, std::vector<std::string>>& auto_loaded;
  const TfvarsByPath& tfvars;
  const PlanAssignment& assigned;
};

// The facts of root module `roots[i]` (none when it holds no module), from the request's
// evaluation cache when its inputs are unchanged; `kept` gets what the cache may keep of it.
std::optional<FileFacts> evaluate_root(const TerraformRequest& request,
                                       const std::vector<std::string>& roots, std::size_t i,
                                       const RootSettings& settings, ModuleLibrary& library,
                                       std::optional<EvaluationCache::Entry>& kept) {
  const std::string& dir = roots[i];
  const ModuleSource* source = library.load(dir);
  if (!source) return std::nullopt;
  const TerraformPlan* plan = settings.assigned.plan_of[i];
  const std::vector<std::string> var_files =
      var_files_of(dir, settings.auto_loaded, request.var_files);
  std::vector<std::shared_ptr<const ParsedFile>> inputs =
      evaluation_inputs(dir, settings.calls, library, var_files, settings.tfvars);
  const std::string key = evaluation_key(request);
  std::shared_ptr<const FileFacts> facts =
      request.evaluations && !plan ? request.evaluations->find(dir, inputs, key) : nullptr;
  if (!facts) {
    ModuleInstance root(library, *source, "",
                        root_inputs(*source, var_files, settings.tfvars, plan), 0, nullptr, plan);
    FileFacts made;
    made.file = dir;
    collect_resource_facts(root, dir, made);
    facts = std::make_shared<const FileFacts>(std::move(made));
  }
  std::optional<FileFacts> result = *facts;
  if (!plan && !stopped_by_time_limit(facts->parse_errors))
    kept = EvaluationCache::Entry{std::move(inputs), key, std::move(facts)};
  return result;
}

// Root modules are evaluated on the pool, each into its own slot (the library loads the
// modules they call under its lock); their order is the sorted roots' whatever the jobs.
// Afterwards the request's evaluation cache holds these roots' evaluations alone.
std::vector<std::optional<FileFacts>> evaluate_roots(const TerraformRequest& request,
                                                     const std::vector<std::string>& roots,
                                                     const RootSettings& settings,
                                                     ModuleLibrary& library) {
  const std::size_t loaded = library.files().size();
  std::vector<std::optional<FileFacts>> evaluated(roots.size());
  std::vector<std::optional<EvaluationCache::Entry>> kept(roots.size());
  parallel_for(roots.size(), request.jobs, [&](std::size_t i) {
    evaluated[i] = evaluate_root(request, roots, i, settings, library, kept[i]);
  });
  if (!request.evaluations) return evaluated;
  // An evaluation that read module files outside the analysed directories depends on more
  // than its inputs say: then none is kept.
  std::map<std::string, EvaluationCache::Entry> entries;
  if (library.files().size() == loaded) {
    for (std::size_t i = 0; i < roots.size(); ++i) {
      if (std::optional<EvaluationCache::Entry>& entry = kept[i])
        entries.emplace(roots[i], std::move(*entry));
    }
  }
  request.evaluations->replace(std::move(entries));
  return evaluated;
}

}  // namespace

std::shared_ptr<const FileFacts> EvaluationCache::find(
    const std::string& dir, const std::vector<std::shared_ptr<const ParsedFile>>& inputs,
    const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = by_root_.find(dir);
  if (it == by_root_.end() || it->second.key != key || it->second.inputs != inputs) {
    ++counts_.misses;
    return nullptr;
  }
  ++counts_.hits;
  return it->second.facts;
}

ParseCacheCounts EvaluationCache::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void EvaluationCache::replace(std::map<std::string, Entry> entries) {
  std::lock_guard lock(mutex_);
  by_root_.swap(entries);
}

std::size_t EvaluationCache::size() const {
  std::lock_guard lock(mutex_);
  return by_root_.size();
}

std::vector<FileFacts> analyze_terraform(const TerraformRequest& request) {
  std::vector<FileFacts> out;
  const TerraformFileLoader load = file_loader(request);
  ModuleLibrary library(load, request.limits, request.roots);
  std::set<std::string> dirs;
  TfvarsByPath tfvars;
  // Parsing is most of the work: every file on the pool, then registered in the walk's order.
  std::vector<std::shared_ptr<const ParsedFile>> files(request.files.size());
  parallel_for(files.size(), request.jobs, [&](std::size_t i) {
    if (!is_terraform_plan(request.files[i])) files[i] = load(request.files[i]);
  });
  const Plans plans = read_plans(request, plan_paths(request), out);
  register_files(request, std::move(files), library, tfvars, dirs, out);
  for (const std::string& path : request.var_files) {
    if (tfvars.count(path)) continue;
    tfvars[path] = load(path);
    out.push_back(tfvars[path]->facts);  // its errors and suppressions, like a walked one
  }
  const std::map<std::string, std::vector<std::string>> auto_loaded =
      auto_loaded_tfvars(request.files);
  const std::map<std::string, std::set<std::string>> calls = local_calls(library, dirs);
  const std::vector<std::string> roots = root_directories(dirs, calls);
  const PlanAssignment assigned = assign_plans(plans, roots, library);
  std::vector<std::optional<FileFacts>> evaluated =
      evaluate_roots(request, roots, RootSettings{calls, auto_loaded, tfvars, assigned}, library);
  for (std::optional<FileFacts>& facts : evaluated) {
    if (facts) out.push_back(std::move(*facts));
  }
  for (std::size_t p = 0; p < plans.size(); ++p) {
    if (plans[p] && !assigned.used[p]) out.push_back(planned_facts(*plans[p], library));
  }
  std::set<std::string> kept;  // the files this analysis read: all the cache keeps
  for (const auto& [path, file] : tfvars) kept.insert(path);
  for (const auto& file : library.files()) {
    kept.insert(file->path);
    out.push_back(file->facts);
  }
  if (request.cache) request.cache->keep_only(kept);
  return out;
}

}  // namespace rightfit::tf
