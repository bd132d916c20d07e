// Facts a Terraform plan gives where the HCL cannot: the resources of module calls rightfit
// cannot read from source (a registry module it does not know, a git source), the values a
// known registry module's inputs leave unresolved, and a plan analysed without its HCL.
#pragma once

#include <cstddef>
#include <string>

#include "parsers/terraform/module_instance.h"
#include "parsers/workload_facts.h"

namespace rightfit::tf {

// The planned resources of `call` (a module block of `caller` that rightfit cannot read),
// read as resources: facts on the call in the caller's file, on the input attribute when
// the plan's configuration shows the value passed through one (`timeout = var.timeout`),
// on the call's header otherwise. False when the plan has none of its resources.
bool read_planned_module(const ModuleInstance& caller, const Located& call,
                         const std::string& scope, FileFacts& out);

// Properties of the facts a known registry module call added (from `functions`, `queues`
// on) that its inputs leave unresolved, taken from the resources the plan gives for it.
void complete_registry_facts(const ModuleInstance& caller, const Located& call,
                             std::size_t functions, std::size_t queues, FileFacts& out);

// A plan whose root module is not among the analysed HCL: its resources read as resources
// at their positions in the plan file (scope: the plan's path).
FileFacts planned_facts(const TerraformPlan& plan, ModuleLibrary& library);

}  // namespace rightfit::tf
