// Terraform plan JSON (`terraform show -json plan.out`, format_version 1.x), read into the
// shapes the HCL side uses: every planned resource instance becomes a block whose attributes
// are its planned values (those known only after apply: unknown, saying so), so that the
// readers of resource_facts turn it into facts, and the HCL evaluation can take from it what
// it cannot know (variables set with -var, data sources, modules rightfit cannot read).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/file_reader.h"
#include "parsers/parse_limits.h"
#include "parsers/terraform/hcl_ast.h"
#include "parsers/terraform/value.h"
#include "parsers/workload_facts.h"

namespace rightfit::tf {

struct PlanResource {
  std::string address;  // as planned: `module.w["a"].aws_sqs_queue.q[0]`
  std::string module;   // its module's prefix without instance keys: "" or "module.w."
  std::string key;      // the address without instance keys: "module.w.aws_sqs_queue.q"
  std::string mode;     // "managed" | "data"
  Value index;          // the instance key (count index, for_each key); Null when none
  // Labels {type, name}; header: the resource's "address" in the plan file; attributes and
  // nested blocks: its planned values, each a Kind::Planned expression.
  hcl::Block block;
};

// One module of the plan's configuration: what its call passes and what its resources read.
struct PlanModule {
  std::string source;  // the module call's source; "" for the root module
  // The call's inputs -> the references of their expressions ("var.x", "local.y", ...).
  std::map<std::string, std::vector<std::string>> inputs;
  // "type.name" -> attribute -> the references of its expression.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> references;
  // Its outputs -> the references of their expressions.
  std::map<std::string, std::vector<std::string>> outputs;
};

struct TerraformPlan {
  std::string path;  // display path
  std::string format_version;
  std::map<std::string, Value> variables;     // root module variables as planned (no origin)
  std::vector<PlanResource> resources;        // planned_values of every module, in plan order
  std::map<std::string, PlanModule> modules;  // by prefix: "" (root), "module.a.module.b."
  // The root module's resources ("type.name") and module calls ("module.name"): what the
  // HCL root module it was planned from declares too.
  std::set<std::string> root_names;

  // The planned instance of `key` (an address without instance keys): the one whose index
  // is `index` when given and planned, else the first.
  const PlanResource* find(const std::string& key, const Value* index = nullptr) const;
  // The first instance of each resource of module `prefix` and of the modules below it.
  std::vector<const PlanResource*> below(const std::string& prefix) const;

  std::map<std::string, std::vector<std::size_t>> by_key;  // key -> indexes into resources
};

struct PlanLoad {
  std::shared_ptr<const TerraformPlan> plan;
  std::optional<ParseError> error;  // why the file is not a plan rightfit reads (RF001)
};

bool is_terraform_plan(std::string_view path);  // *.tfplan.json

PlanLoad parse_terraform_plan(const std::string& path, std::string_view text,
                              const ParseLimits& limits = {});
PlanLoad read_terraform_plan(const std::string& path, const ParseLimits& limits = {},
                             const FileReader& read = read_within_limits);

// The value of a planned attribute's expression (no origin).
Value planned_value(const hcl::Expr& e);

// What output `output` of module `prefix` ("module.q.") refers to: the resources of that
// module its expression references ("module.q.aws_sqs_queue.this", "arn").
std::vector<ResourceAddress> planned_output_refs(const TerraformPlan& plan,
                                                 const std::string& prefix,
                                                 const std::string& output);

// "module.w[\"a\"].aws_sqs_queue.q[0]" -> "module.w.aws_sqs_queue.q".
std::string without_instance_keys(std::string_view address);

}  // namespace rightfit::tf
