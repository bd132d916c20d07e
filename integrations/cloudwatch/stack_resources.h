// `aws cloudformation describe-stack-resources` output: the physical names of the resources a
// template declares without naming them (`StackResources[].LogicalResourceId`,
// `PhysicalResourceId`, `ResourceType`).
#pragma once

#include <string>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/result.h"

namespace rightfit::cloudwatch {

struct StackResource {
  std::string logical_id;
  std::string physical_id;
  std::string type;  // "AWS::Lambda::Function", ...
};

// The resources of every file, in file order; a problem ("<file>: <cause>") for a file that
// cannot be read or is not describe-stack-resources output.
Result<std::vector<StackResource>> load_stack_resources(const std::vector<std::string>& files,
                                                        const ParseLimits& limits);

}  // namespace rightfit::cloudwatch
