#include "parsers/terraform/planned_modules.h"

#include <functional>
#include <map>
#include <memory>

#include "parsers/terraform/resource_facts.h"
#include "parsers/terraform/tf_properties.h"

namespace rightfit::tf {

namespace {

// "module.a.module.b." -> "module.a."; "module.a." -> "".
std::string parent_prefix(const std::string& prefix) {
  std::string s = prefix.substr(0, prefix.empty() ? 0 : prefix.size() - 1);
  std::size_t at = s.rfind(".module.");
  return at == std::string::npos ? std::string() : s.substr(0, at + 1);
}

std::optional<std::string> variable_named(const std::vector<std::string>& references) {
  for (const std::string& r : references) {
    if (r.rfind("var.", 0) != 0) continue;
    std::string name = r.substr(4);
    return name.substr(0, name.find_first_of(".["));
  }
  return std::nullopt;
}

// The input of `call` that attribute `attribute` of planned resource `r` takes its value
// from, following `var.x` references up through the modules between them.
const hcl::Attribute* traced_input(const TerraformPlan& plan, const PlanResource& r,
                                   const std::string& attribute, const std::string& call_prefix,
                                   const hcl::Block& call) {
  auto m = plan.modules.find(r.module);
  if (m == plan.modules.end()) return nullptr;
  std::string local =
      (r.mode == "data" ? "data." : "") + r.block.labels[0] + "." + r.block.labels[1];
  auto resource = m->second.references.find(local);
  if (resource == m->second.references.end()) return nullptr;
  auto refs = resource->second.find(attribute);
  if (refs == resource->second.end()) return nullptr;
  std::optional<std::string> variable = variable_named(refs->second);
  std::string prefix = r.module;
  while (variable && prefix != call_prefix) {
    if (prefix.size() <= call_prefix.size()) return nullptr;
    auto inner = plan.modules.find(prefix);
    if (inner == plan.modules.end()) return nullptr;
    auto input = inner->second.inputs.find(*variable);
    if (input == inner->second.inputs.end()) return nullptr;
    variable = variable_named(input->second);
    prefix = parent_prefix(prefix);
  }
  return variable ? call.body.attribute(*variable) : nullptr;
}

void move_to(hcl::Body& body, Span where) {
  for (hcl::Attribute& a : body.attributes) a.name_span = where;
  for (hcl::Block& b : body.blocks) {
    b.header = where;
    move_to(b.body, where);
  }
}

// Reads `resources` as the resources of synthetic modules (one per module prefix) written in
// `path`, each block adjusted by `place` first.
void read_as_modules(ModuleLibrary& library, const std::vector<const PlanResource*>& resources,
                     const std::string& path, const std::string& dir,
                     const std::function<void(hcl::Block&, const PlanResource&)>& place,
                     const std::string& scope, FileFacts& out) {
  std::map<std::string, std::vector<const PlanResource*>> by_module;
  for (const PlanResource* r : resources) by_module[r->module].push_back(r);
  for (const auto& [prefix, planned] : by_module) {
    auto file = std::make_shared<ParsedFile>();
    file->path = path;
    file->json = true;
    file->planned = true;
    for (const PlanResource* r : planned) {
      hcl::Block b = r->block;
      place(b, *r);
      file->ast.body.blocks.push_back(std::move(b));
    }
    ModuleSource source{dir, {file}};
    ModuleInstance module(library, source, prefix, {}, 1);
    collect_resource_facts(module, scope, out);
  }
}

std::optional<double> planned_number(const PlanResource& r, std::string_view attribute,
                                     std::string& why) {
  const hcl::Attribute* a = r.block.body.attribute(attribute);
  if (!a) return std::nullopt;
  Value v = planned_value(a->value);
  if (!v.known()) why = v.string;
  return v.as_number();
}

// A registry input rightfit could not resolve, from the resource the plan gives.
void complete(Property<double>& p, const PlanResource& r, std::string_view attribute) {
  if (!p.is_unresolved()) return;
  std::string why;
  std::optional<double> n = planned_number(r, attribute, why);
  if (n) {
    p.value = n;
    p.unresolved.clear();
  } else if (!why.empty()) {
    p.unresolved = why;
  }
}

const PlanResource* first_of_type(const TerraformPlan& plan, const std::string& prefix,
                                  const std::string& type) {
  for (const PlanResource* r : plan.below(prefix)) {
    if (r->mode == "managed" && r->block.labels[0] == type) return r;
  }
  return nullptr;
}

}  // namespace

bool read_planned_module(const ModuleInstance& caller, const Located& call,
                         const std::string& scope, FileFacts& out) {
  const TerraformPlan* plan = caller.plan();
  if (!plan || call.block->labels.empty()) return false;
  const std::string prefix = caller.prefix() + "module." + call.block->labels[0] + ".";
  std::vector<const PlanResource*> resources = plan->below(prefix);
  if (resources.empty()) return false;
  const hcl::Block& block = *call.block;
  auto place = [&](hcl::Block& b, const PlanResource& r) {
    b.header = block.header;
    b.last_line = block.last_line;
    move_to(b.body, block.header);
    for (hcl::Attribute& a : b.body.attributes) {
      if (const hcl::Attribute* input = traced_input(*plan, r, a.name, prefix, block))
        a.name_span = input->name_span;
    }
  };
  read_as_modules(caller.library(), resources, call.file->path, module_dir_of(call.file->path),
                  place, scope, out);
  return true;
}

void complete_registry_facts(const ModuleInstance& caller, const Located& call,
                             std::size_t functions, std::size_t queues, FileFacts& out) {
  const TerraformPlan* plan = caller.plan();
  if (!plan || call.block->labels.empty()) return;
  const std::string prefix = caller.prefix() + "module." + call.block->labels[0] + ".";
  if (const PlanResource* fn = first_of_type(*plan, prefix, "aws_lambda_function")) {
    for (std::size_t i = functions; i < out.functions.size(); ++i) {
      Function& f = out.functions[i];
      complete(f.timeout_s, *fn, "timeout");
      complete(f.memory_mb, *fn, "memory_size");
      complete(f.reserved_concurrency, *fn, "reserved_concurrent_executions");
      if (f.reserved_concurrency.value && *f.reserved_concurrency.value < 0)
        f.reserved_concurrency = {};
    }
  }
  if (const PlanResource* q = first_of_type(*plan, prefix, "aws_sqs_queue")) {
    for (std::size_t i = queues; i < out.queues.size(); ++i)
      complete(out.queues[i].visibility_timeout_s, *q, "visibility_timeout_seconds");
  }
}

FileFacts planned_facts(const TerraformPlan& plan, ModuleLibrary& library) {
  FileFacts facts;
  facts.file = plan.path;
  std::vector<const PlanResource*> all = plan.below("");
  read_as_modules(
      library, all, plan.path, module_dir_of(plan.path), [](hcl::Block&, const PlanResource&) {},
      plan.path, facts);
  return facts;
}

}  // namespace rightfit::tf
