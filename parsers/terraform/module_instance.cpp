#include "parsers/terraform/module_instance.h"

#include <algorithm>
#include <filesystem>

#include "parsers/suppression_comments.h"
#include "parsers/terraform/registry_modules.h"
#include "parsers/terraform/tf_json.h"
#include "parsers/terraform/tf_properties.h"

namespace rightfit::tf {

namespace fs = std::filesystem;

std::string module_dir_of(const std::string& path) {
  std::string dir = fs::path(path).parent_path().generic_string();
  return dir.empty() ? "." : dir;
}

bool has_suffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_local_source(const std::string& source) {
  return source.starts_with("./") || source.starts_with("../") || source.starts_with('/') ||
         source.starts_with("~/");
}

std::string resolve_local_source(const std::string& caller_dir, const std::string& source) {
  // "~/x" is the shell's home, not the caller's directory: kept as written, and refused.
  const fs::path written(source);
  const fs::path joined = source.starts_with('~') ? written : fs::path(caller_dir) / written;
  std::string dir = joined.lexically_normal().generic_string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir.empty() ? "." : dir;
}

std::string resolve_path_argument(const std::string& module_dir, const std::string& written) {
  fs::path p(written);
  if (p.is_relative()) p = fs::path(module_dir) / p;
  p = p.lexically_normal();
  std::error_code ec;
  if (p.is_absolute()) p = p.lexically_proximate(fs::current_path(ec));
  std::string out = p.generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

namespace {

FileFacts own_facts(const ParsedFile& file, std::string_view text) {
  FileFacts facts;
  facts.file = file.path;
  if (file.rejected) {
    const Position at = file.rejected->where;
    facts.parse_errors.push_back({SourceRange{file.path, Span{at, at}}, file.rejected->message});
    return facts;
  }
  if (file.ast.error) {
    Position at = file.ast.error->where;
    const char* format = file.json ? "invalid JSON: " : "invalid HCL: ";
    facts.parse_errors.push_back(
        {SourceRange{file.path, Span{at, at}}, format + file.ast.error->message});
  }
  if (file.json) return facts;  // JSON has no comments to suppress with
  std::map<uint32_t, CoverableBlock> blocks;
  for (const hcl::Block& b : file.ast.body.blocks)
    blocks[b.header.begin.line] = {b.last_line, std::nullopt};
  facts.suppressions = comment_suppressions(file.path, text, {"#", "//", "/*"}, blocks);
  return facts;
}

// The names a variable's default sees: none. Terraform rejects any reference in a default
// ("Variables not allowed"), so `default = var.x` is an error, not a cycle to follow.
class LiteralOnly final : public Names {
 public:
  explicit LiteralOnly(const std::string& variable) : variable_(variable) {}
  Value variable(const std::string& name) const override { return refused("var." + name); }
  Value local(const std::string& name) const override { return refused("local." + name); }
  Value module_output(const std::string& module, const std::string& output) const override {
    return refused("module." + module + "." + output);
  }
  std::optional<std::string> resource_address(const std::string&,
                                              const std::string&) const override {
    return std::nullopt;
  }

 private:
  Value refused(const std::string& reference) const {
    return Value::unknown("the default of variable '" + variable_ + "' refers to " + reference +
                          ", and Terraform allows no references in a default");
  }
  const std::string& variable_;
};

}  // namespace

std::shared_ptr<ParsedFile> parse_terraform_text(std::string path, std::string text,
                                                 const ParseLimits& limits) {
  auto parsed = std::make_shared<ParsedFile>();
  parsed->json = is_terraform_json(path);
  parsed->rejected = check_text_encoding(text);
  if (parsed->rejected) text.clear();  // nothing of a binary or mis-encoded file is used
  parsed->ast = parsed->json ? parse_terraform_json(text, is_tfvars_json(path), limits)
                             : hcl::parse_hcl(text, limits.deadline());
  parsed->path = std::move(path);
  parsed->facts = own_facts(*parsed, text);
  return parsed;
}

std::shared_ptr<ParsedFile> read_terraform_file(const std::string& path, const ParseLimits& limits,
                                                const FileReader& read) {
  SourceText source = read(path, limits);
  if (source.ok()) return parse_terraform_text(path, std::move(*source), limits);
  std::shared_ptr<ParsedFile> parsed = parse_terraform_text(path, "", limits);
  parsed->rejected = source.problem();
  parsed->facts = own_facts(*parsed, "");
  return parsed;
}

// --- ModuleLibrary ---

ModuleLibrary::ModuleLibrary(ParseLimits limits, FileReader read)
    : limits_(limits), load_([limits, read = std::move(read)](const std::string& path) {
        return std::shared_ptr<const ParsedFile>(read_terraform_file(path, limits, read));
      }) {}

void ModuleLibrary::add(std::shared_ptr<const ParsedFile> file) {
  std::lock_guard lock(mutex_);
  add_locked(std::move(file));
}

void ModuleLibrary::add_locked(std::shared_ptr<const ParsedFile> file) {
  ModuleSource& m = modules_[module_dir_of(file->path)];
  m.dir = module_dir_of(file->path);
  for (const auto& f : m.files) {
    if (f->path == file->path) return;
  }
  m.files.push_back(std::move(file));
  std::sort(m.files.begin(), m.files.end(),
            [](const auto& a, const auto& b) { return a->path < b->path; });
}

const ModuleSource* ModuleLibrary::load(const std::string& dir) {
  std::lock_guard lock(mutex_);
  if (scanned_.insert(dir).second) {
    // A module the repository names outside the analysed directories (`source = "../../x"`,
    // "/x", "~/x", or through a symlink) is not even listed.
    if (dir.starts_with('~') || (roots_ && !roots_->contains(dir))) {
      refused_.insert(dir);
    } else {
      scan_locked(dir);
    }
  }
  auto it = modules_.find(dir);
  return it == modules_.end() || it->second.files.empty() ? nullptr : &it->second;
}

void ModuleLibrary::scan_locked(const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    // A file of the directory "." is "main.tf", as discovery spells it: "./main.tf" would
    // be a second file with the same findings.
    std::string path = dir == "." ? it->path().filename().generic_string()
                                  : (fs::path(dir) / it->path().filename()).generic_string();
    const bool module_file =
        has_suffix(path, ".tf") || (is_terraform_json(path) && !is_tfvars_json(path));
    if (!module_file || !it->is_regular_file(ec)) continue;
    bool known = false;
    if (auto m = modules_.find(dir); m != modules_.end()) {
      for (const auto& f : m->second.files) known = known || f->path == path;
    }
    if (known) continue;
    add_locked(load_(path));
  }
}

bool ModuleLibrary::refused(const std::string& dir) const {
  std::lock_guard lock(mutex_);
  return refused_.count(dir) > 0;
}

std::vector<std::shared_ptr<const ParsedFile>> ModuleLibrary::files() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<const ParsedFile>> out;
  for (const auto& [dir, m] : modules_) out.insert(out.end(), m.files.begin(), m.files.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->path < b->path; });
  return out;
}

// --- ModuleInstance ---

ModuleInstance::ModuleInstance(ModuleLibrary& library, const ModuleSource& source,
                               std::string prefix, std::map<std::string, Value> inputs, int depth,
                               const ModuleInstance* parent, const TerraformPlan* plan)
    : library_(library),
      source_(source),
      prefix_(std::move(prefix)),
      inputs_(std::move(inputs)),
      depth_(depth),
      parent_(parent),
      plan_(plan     ? plan
            : parent ? parent->plan_
                     : nullptr),
      budget_(parent ? parent->budget_ : std::make_shared<EvaluationBudget>(library.limits())) {
  for (const Located& r : blocks("resource")) {
    if (r.block->labels.size() >= 2)
      resources_.insert(r.block->labels[0] + "." + r.block->labels[1]);
  }
}

std::vector<Located> ModuleInstance::blocks(std::string_view type) const {
  std::vector<Located> out;
  for (const auto& file : source_.files) {
    if (file->ast.error) continue;  // RF001 reports it; nothing in it is analysed
    for (const hcl::Block* b : file->ast.body.blocks_of(type)) out.push_back({b, file.get()});
  }
  return out;
}

std::optional<Located> ModuleInstance::find_block(std::string_view type,
                                                  const std::string& label) const {
  for (const Located& l : blocks(type)) {
    if (!l.block->labels.empty() && l.block->labels[0] == label) return l;
  }
  return std::nullopt;
}

Value ModuleInstance::attribute(const hcl::Attribute& attr, const ParsedFile& file,
                                const Iteration* iteration) const {
  Value v = evaluate(attr.value, *this, iteration);
  if (!v.origin) v.origin = SourceRange{file.path, attr.name_span};
  return v;
}

Value ModuleInstance::input(const hcl::Attribute& attr, const ParsedFile& file,
                            const Iteration* iteration) const {
  Value v = evaluate(attr.value, *this, iteration, &file.path);
  if (!v.origin) v.origin = SourceRange{file.path, attr.name_span};
  return v;
}

Value ModuleInstance::variable(const std::string& name) const {
  if (auto it = inputs_.find(name); it != inputs_.end()) return it->second;
  std::optional<Located> decl = find_block("variable", name);
  if (!decl) return Value::unknown("variable '" + name + "' is not declared");
  const hcl::Attribute* def = decl->block->body.attribute("default");
  if (!def) return Value::unknown("variable '" + name + "' has no default and no value is set");
  // A default is the value to change when it is wrong, but findings stay on the attribute
  // that uses it (like a CloudFormation Parameter's Default): no origin.
  Value v = evaluate(def->value, LiteralOnly(name));
  v.origin.reset();
  return v;
}

std::optional<std::pair<const hcl::Attribute*, const ParsedFile*>> ModuleInstance::find_local(
    const std::string& name) const {
  for (const Located& l : blocks("locals")) {
    if (const hcl::Attribute* a = l.block->body.attribute(name)) return std::make_pair(a, l.file);
  }
  return std::nullopt;
}

Value ModuleInstance::local(const std::string& name) const {
  if (auto it = local_memo_.find(name); it != local_memo_.end()) return it->second;
  auto found = find_local(name);
  if (!found) return Value::unknown("local '" + name + "' is not declared");
  auto first = std::find(locals_in_progress_.begin(), locals_in_progress_.end(), name);
  if (first != locals_in_progress_.end()) {
    std::string chain;
    for (auto it = first; it != locals_in_progress_.end(); ++it) chain += "local." + *it + " -> ";
    return Value::unknown("local '" + name + "' refers to itself: " + chain + "local." + name);
  }
  locals_in_progress_.push_back(name);
  Value v = evaluate(found->first->value, *this);
  locals_in_progress_.pop_back();
  local_memo_[name] = v;
  return v;
}

std::optional<std::string> ModuleInstance::resource_address(const std::string& type,
                                                            const std::string& name) const {
  std::string key = type + "." + name;
  if (!resources_.count(key)) return std::nullopt;
  return prefix_ + key;
}

const PlanResource* ModuleInstance::planned(const std::string& address,
                                            const Iteration* iteration) const {
  if (!plan_) return nullptr;
  return plan_->find(address, iteration && !iteration->name.empty() ? &iteration->key : nullptr);
}

const ModuleInstance* ModuleInstance::child(const std::string& name) const {
  if (auto it = children_.find(name); it != children_.end()) return it->second.get();
  if (depth_ >= kMaxDepth || !children_in_progress_.insert(name).second) return nullptr;
  std::unique_ptr<ModuleInstance> instance;
  if (std::optional<Located> call = find_block("module", name)) {
    const hcl::Attribute* source_attr = call->block->body.attribute("source");
    Value source = source_attr ? evaluate(source_attr->value, *this) : Value{};
    if (source.kind == Value::Kind::String && is_local_source(source.string)) {
      const ModuleSource* target =
          library_.load(resolve_local_source(module_dir_of(call->file->path), source.string));
      for (const ModuleInstance* m = this; m && target; m = m->parent_) {
        if (m->source_.dir == target->dir) target = nullptr;  // a cycle: not followed
      }
      if (target) {
        // Inputs as the first instance sees them (`each.value`, `count.index`).
        std::optional<Iteration> first = first_instance(*this, *call->block, *call->file);
        const Iteration* iteration = first && !first->name.empty() ? &*first : nullptr;
        std::map<std::string, Value> inputs;
        for (const hcl::Attribute& a : call->block->body.attributes) {
          if (a.name == "source" || a.name == "count" || a.name == "for_each" ||
              a.name == "providers" || a.name == "depends_on" || a.name == "version") {
            continue;
          }
          inputs[a.name] = input(a, *call->file, iteration);
        }
        instance =
            std::make_unique<ModuleInstance>(library_, *target, prefix_ + "module." + name + ".",
                                             std::move(inputs), depth_ + 1, this);
      }
    }
  }
  children_in_progress_.erase(name);
  const ModuleInstance* out = instance.get();
  children_[name] = std::move(instance);
  return out;
}

Value ModuleInstance::resource_argument(const std::string& type, const std::string& name,
                                        const std::vector<std::string>& path) const {
  const std::string key = type + "." + name;
  if (!resources_.count(key) || path.empty() || arguments_in_progress_.count(key))
    return Value::unknown(key + " is known only after apply");
  for (const Located& r : blocks("resource")) {
    if (r.block->labels.size() < 2 || r.block->labels[0] != type || r.block->labels[1] != name)
      continue;
    // One instance per resource here: with count or for_each, arguments may differ by instance.
    if (r.block->body.attribute("count") || r.block->body.attribute("for_each")) break;
    const hcl::Body* body = &r.block->body;
    for (size_t i = 0; i + 1 < path.size() && body; ++i) {
      std::vector<const hcl::Block*> nested = body->blocks_of(path[i]);
      body = nested.empty() ? nullptr : &nested.front()->body;
    }
    const hcl::Attribute* attr = body ? body->attribute(path.back()) : nullptr;
    if (!attr) break;
    arguments_in_progress_.insert(key);
    Value v = attribute(*attr, *r.file);
    arguments_in_progress_.erase(key);
    return v;
  }
  return Value::unknown(key + " is known only after apply");
}

Value ModuleInstance::module_output(const std::string& module, const std::string& output) const {
  const ModuleInstance* m = child(module);
  if (!m) {
    // A registry module: its outputs are unknown, but they still link to what it creates.
    Value v = Value::unknown("module." + module + "." + output +
                             " is an output of a module rightfit does not read");
    std::optional<Located> call = find_block("module", module);
    if (!call) return v;
    // A module rightfit reads only through the plan: what the output refers to there.
    const hcl::Attribute* source_attr = call->block->body.attribute("source");
    Value source = source_attr ? evaluate(source_attr->value, *this) : Value{};
    if (plan_ && !(source.kind == Value::Kind::String && is_known_registry_module(source.string)))
      v.refs = planned_output_refs(*plan_, prefix_ + "module." + module + ".", output);
    v.refs.push_back({prefix_ + "module." + module, output});
    return v;
  }
  if (auto memo = m->output_memo_.find(output); memo != m->output_memo_.end()) {
    return memo->second;
  }
  std::optional<Located> out = m->find_block("output", output);
  const hcl::Attribute* value = out ? out->block->body.attribute("value") : nullptr;
  if (!value) return Value::unknown("module." + module + " has no output '" + output + "'");
  Value v = evaluate(value->value, *m);
  m->output_memo_[output] = v;
  return v;
}

}  // namespace rightfit::tf
