// Infracost's usage file (`infracost-usage.yml`): `version: 0.1` and `resource_usage:` keyed by
// Terraform address (`aws_lambda_function.x`, `module.m.aws_lambda_function.x`, with `[*]`
// matching any index or module instance, or none: rightfit analyses one instance of a counted
// resource, under its address without an index), read as DECLARED usage: the numbers someone
// wrote, not measured ones.
//
// Shapes (read 2026-12-07): Infracost's usage file documentation (infracost.io/docs/features/
// usage_based_resources/) and its AWS Lambda resource (`monthly_requests`,
// `request_duration_ms`: internal/resources/aws/lambda_function.go); `[*]` wildcards from
// infracost/infracost pull request 2286. Infracost's aws_ecs_service takes no usage keys (its
// cost follows desired_count: internal/resources/aws/ecs_service.go), and the usage file keys
// Terraform addresses only, so CloudFormation logical ids are not matched.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/workload_graph.h"

namespace rightfit::usage {

// Whether a line of `text` (after a BOM) starts with `key`: a top-level YAML key.
bool starts_a_line_with(std::string_view text, std::string_view key);
// Whether a line of `text` starts with `resource_usage:`, Infracost's top-level key.
bool looks_like_infracost_usage(std::string_view text);

// Reads one file into `declared` (by Terraform address; an address `declared` already holds
// keeps its entry, with a warning). A value that is not a number >= 0 within the configuration's
// ceilings, or a file of another shape, is a problem "<line>: <cause>"; an address naming no
// analysed Lambda function, an entry for a resource Infracost gives no usage keys, and keys
// rightfit does not use are warnings.
std::string read_infracost_usage(const std::string& file, std::string_view text,
                                 const WorkloadGraph& graph, const ParseLimits& limits,
                                 std::map<std::string, Usage>& declared,
                                 std::vector<std::string>& warnings);

}  // namespace rightfit::usage
