// Functions a framework deploys on its own (AWS CDK's singleton functions and custom
// resource providers, Serverless Framework's custom resource helpers) and copies of code no
// template deploys: not the user's workloads, so no rule and no verdict applies to them
// (rules.md). They are left out of the graph and listed, with the reason, for --verbose and
// the JSON output.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/workload_facts.h"

namespace rightfit {

// A resource left out of the analysis, and why.
struct ExcludedResource {
  EntityId id;
  std::string type;   // "AWS::Lambda::Function", ...
  SourceRange where;  // its header (the logical ID key)
  std::string reason;
};

// What tells a function apart as framework code: its construct path (`aws:cdk:path`, empty
// when not synthesized by CDK) and whether the assembly's metadata marks the construct as a
// custom resource handler of aws-cdk-lib.
struct FrameworkEvidence {
  std::string construct;
  bool marked_library_handler = false;
};

// Why `f` is a framework's own function (nullopt: it is the user's). Recognised by the
// construct path, else by the logical IDs those constructs synthesize (templates written
// without path metadata), and by the handlers of aws-cdk-lib's provider framework.
std::optional<std::string> framework_function_reason(const Function& f,
                                                     const FrameworkEvidence& evidence);

// Whether `path` lies in a copy of code made for deployment: a CDK asset directory
// (`asset.<64 hex>`) or a `.cdk.staging` directory. Such code is a handler only where a
// function of the analysed templates deploys it.
bool in_deployment_copy(std::string_view path);

// Moves the framework functions of `facts` to `excluded`, with the triggers and API
// integrations that invoke them (CloudFormation invokes custom resource handlers; a bucket
// notification to one is the framework's too).
void exclude_framework_functions(Facts& facts, std::vector<ExcludedResource>& excluded);

}  // namespace rightfit
