// Terraform (HCL, .tf.json, tfvars, plan JSON) as a front-end (parsers/frontend.h): its files
// are evaluated together, module by module (analyze_terraform).
#pragma once

#include <memory>

#include "parsers/frontend.h"

namespace rightfit::tf {

std::unique_ptr<Frontend> make_frontend();

}  // namespace rightfit::tf
