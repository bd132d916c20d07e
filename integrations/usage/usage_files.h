// The files `--usage` names, each recognised by its content (never by its name alone) and read
// by the reader of its format:
//   - `aws cloudwatch get-metric-data` output (MetricDataResults[]): measured (cloudwatch/);
//   - AWS Compute Optimizer's Lambda / ECS recommendations, exported CSV or CLI JSON: measured;
//   - Infracost's usage file (resource_usage:): declared.
//
// Why here, in integrations/, and not as parsers/ front-ends: a usage file describes deployed
// workloads, so reading it needs the linked graph (physical names, Terraform addresses) that
// parsers/ must not see (tests/layering_test.cpp), and it is named by a flag, not discovered
// in the analysed tree as front-ends' files are. integrations/usage/ is the one home of every
// usage-file format but CloudWatch's, which lives beside the query that asks for it
// (integrations/cloudwatch/: its Labels are the contract between the two).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/workload_graph.h"
#include "integrations/cloudwatch/metric_results.h"

namespace rightfit::usage {

struct UsageFiles {
  std::map<EntityId, MeasuredUsage> measured;
  std::map<std::string, Usage> declared;  // by Terraform address
  std::vector<std::string> warnings;      // "<file>: ..."
};

// Reads every file; a problem "<file>: <cause>" (`<file>: line N: ...` where a line is known)
// for a file that cannot be read, is of no format above, or holds a value no such file gives.
// `declared` starts as the configuration's usage, which wins over an Infracost entry.
Result<UsageFiles> read_usage_files(const std::vector<std::string>& files,
                                    const WorkloadGraph& graph,
                                    const std::vector<cloudwatch::NamedWorkload>& named,
                                    const Config& config);

}  // namespace rightfit::usage
