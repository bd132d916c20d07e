// The registry modules users reach for most, understood from their documented inputs:
// terraform-aws-modules/lambda/aws, ecs/aws (and //modules/service), sqs/aws,
// apigateway-v2/aws, and the Fargate profiles of eks/aws (and //modules/fargate-profile).
// Facts land on the module block's attributes.
#pragma once

#include <string>

#include "parsers/terraform/module_instance.h"
#include "parsers/workload_facts.h"

namespace rightfit::tf {

// Outputs of those modules that name the function / queue they create
// (`module.f.lambda_function_arn`, `module.q.queue_arn`).
bool is_registry_function_output(const ResourceAddress& ref);
bool is_registry_queue_output(const ResourceAddress& ref);

// Whether a module `source` is one of those modules.
bool is_known_registry_module(const std::string& source);

// Adds the facts of a `module` block whose source is a known registry module; false when it
// is not one, or when it creates no workload (eks: its Fargate profiles are added, and a plan
// may still tell the rest).
bool read_registry_module(const ModuleInstance& caller, const Located& call,
                          const std::string& scope, FileFacts& out);

}  // namespace rightfit::tf
