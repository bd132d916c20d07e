// The input of `aws cloudwatch get-metric-data --cli-input-json` (the GetMetricData request)
// for the workloads of a graph, and the names that tie its answer back to them.
//
// Each query's Label is "<physical name> <MetricName> <Stat> <N>d" (an ECS service's physical
// name is "<cluster>/<service>"), so the answer describes itself: metric_results.h reads the
// figures back by Label without a side file. Ids are "w<k>_<metric>_<stat>" (k numbers the
// workloads of one request): unique, lowercase first, letters, digits and underscores, as the
// API requires.
#pragma once

#include <string>
#include <vector>

#include "analyzer/workload_graph.h"
#include "integrations/cloudwatch/stack_resources.h"

namespace rightfit::cloudwatch {

// GetMetricData: at most 500 MetricDataQuery structures per call; Period a multiple of 60 for
// metrics stored at the standard (one-minute) resolution. Source: Amazon CloudWatch API
// Reference, MetricDataQuery and GetMetricData (docs.aws.amazon.com, read 2026-12-07).
inline constexpr std::size_t kMaxQueriesPerRequest = 500;
inline constexpr int kPeriodMultipleSeconds = 60;

enum class WorkloadKind { Function, Service, Queue };

struct Dimension {
  std::string name;
  std::string value;
};

// A workload CloudWatch knows by name.
struct NamedWorkload {
  EntityId id;
  SourceRange header;
  WorkloadKind kind = WorkloadKind::Function;
  std::string physical_name;  // as Labels carry it
  std::vector<Dimension> dimensions;
};

// A workload left out of the query, and why.
struct UnnamedWorkload {
  EntityId id;
  SourceRange header;
  std::string reason;
};

struct WorkloadNames {
  std::vector<NamedWorkload> named;
  std::vector<UnnamedWorkload> unnamed;
};

// The Lambda functions, ECS services (not Kubernetes workloads) and SQS queues of `graph`
// with the physical names the IaC gives them, else the ones `stack` maps their logical ids to.
WorkloadNames name_workloads(const WorkloadGraph& graph, const std::vector<StackResource>& stack);

// An ECS service's ARN: "arn:aws:ecs:<region>:<account>:service/<cluster>/<name>"; the older
// form "service/<name>" says no cluster ("" then).
struct ServiceArn {
  std::string cluster;
  std::string name;
};
ServiceArn parse_service_arn(const std::string& arn);

// One metric of a workload kind.
struct MetricStat {
  WorkloadKind kind;
  const char* name_space;
  const char* metric;
  const char* stat;
  const char* key;  // the Id's suffix: "duration_p99"
};
const std::vector<MetricStat>& metric_stats();

struct QueryWindow {
  int days = 14;
  int period_s = 3600;
  std::string end;  // ISO 8601, e.g. "2026-12-07T10:00:00Z"
};
// "2026-12-07T10:00:00Z" for a time in seconds since the epoch; nullopt-free parse of the
// form `--end` takes (YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS+00:00); -1 when not one.
std::string iso8601(long long epoch_s);
long long parse_iso8601(const std::string& text);

// The request bodies, one per file: a workload's queries are never split between two.
std::vector<std::string> metric_data_requests(const std::vector<NamedWorkload>& workloads,
                                              const QueryWindow& window);

// "q.json" -> "q.json", "q.2.json", "q.3.json": where request `index` (from 0) is written.
std::string request_file_name(const std::string& first, std::size_t index);

}  // namespace rightfit::cloudwatch
