// Terraform JSON syntax (`*.tf.json`) read into the same AST as native HCL.
#pragma once

#include <string_view>

#include "parsers/terraform/hcl_ast.h"

namespace rightfit::tf {

// Strings are templates (`"${aws_sqs_queue.q.arn}"`) as in Terraform's JSON syntax; objects
// under a block are nested blocks when their name is a block type of the resources rightfit
// reads (environment, load_balancer, ...), attributes otherwise.
// `variables_file`: a `.tfvars.json`, one object of variable values.
hcl::File parse_terraform_json(std::string_view text, bool variables_file = false,
                               const ParseLimits& limits = {});

bool is_terraform_json(std::string_view path);  // *.tf.json, *.tfvars.json
bool is_tfvars_json(std::string_view path);     // *.tfvars.json

}  // namespace rightfit::tf
