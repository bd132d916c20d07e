// Terraform resources (and the registry modules users use most) -> workload facts.
#pragma once

#include <string>

#include "parsers/terraform/module_instance.h"
#include "parsers/workload_facts.h"

namespace rightfit::tf {

// Adds the facts of `module` and, recursively, of the local modules it calls. `scope` is the
// root module's directory: every address is relative to it.
void collect_resource_facts(const ModuleInstance& module, const std::string& scope, FileFacts& out);

}  // namespace rightfit::tf
