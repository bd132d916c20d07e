// The output of `aws cloudwatch get-metric-data --cli-input-json file://q.json --output json`
// (`MetricDataResults[]{Id, Label, Timestamps, Values, StatusCode}`, `Messages`), read back
// into measured usage per workload through the Labels metric_queries.h wrote.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analyzer/measured_usage.h"
#include "integrations/cloudwatch/metric_queries.h"
#include "parsers/parse_limits.h"
#include "parsers/result.h"

namespace rightfit::cloudwatch {

struct UsageReading {
  std::map<EntityId, MeasuredUsage> measured;
  // What was left out and why ("<file>: ..."): partial data, unknown names, no datapoints.
  std::vector<std::string> warnings;
};

// Reads every file. A file that cannot be read, is not get-metric-data output, or holds a
// value no measurement gives (not a number, negative, beyond the configuration's ceilings) is
// a problem "<file>: <cause>"; a series that is partial, empty or names no analysed workload
// is left out with a warning: its figure stays unmeasured, never guessed.
Result<UsageReading> read_metric_data(const std::vector<std::string>& files,
                                      const std::vector<NamedWorkload>& workloads,
                                      const ParseLimits& limits, double hours_per_month);

}  // namespace rightfit::cloudwatch
