#include "integrations/cloudwatch/metric_queries.h"

#include <algorithm>
#include <ctime>
#include <optional>

#include "integrations/json_writer.h"

namespace rightfit::cloudwatch {

namespace {

// A resource of `stack` with this logical id and type: its physical id, when exactly one
// stack names it (two stacks with the same logical id leave it unnamed).
std::optional<std::string> stack_physical_id(const std::vector<StackResource>& stack,
                                             const std::string& logical_id,
                                             const std::string& type) {
  std::optional<std::string> found;
  for (const StackResource& r : stack) {
    if (r.logical_id != logical_id || r.type != type) continue;
    if (found && *found != r.physical_id) return std::nullopt;
    found = r.physical_id;
  }
  return found;
}

std::string last_segment(const std::string& text) {
  const std::size_t slash = text.rfind('/');
  return slash == std::string::npos ? text : text.substr(slash + 1);
}

}  // namespace

ServiceArn parse_service_arn(const std::string& arn) {
  const std::size_t at = arn.find(":service/");
  if (at == std::string::npos) return {"", arn};
  const std::string rest = arn.substr(at + 9);
  const std::size_t slash = rest.find('/');
  if (slash == std::string::npos) return {"", rest};
  return {rest.substr(0, slash), rest.substr(slash + 1)};
}

namespace {

std::string not_named(const std::string& what) {
  return "no physical name" + what + "; pass --stack-resources";
}

// A function or queue: named by the IaC, else by its stack (a queue's physical id is its URL,
// and CloudWatch knows it by the URL's last segment); one dimension names it.
void name_resource(const ResourceFact& r, const Property<std::string>& physical, WorkloadKind kind,
                   const std::vector<StackResource>& stack, WorkloadNames& out) {
  const bool function = kind == WorkloadKind::Function;
  std::optional<std::string> name = physical.value;
  if (!name) {
    name =
        stack_physical_id(stack, r.id.name, function ? "AWS::Lambda::Function" : "AWS::SQS::Queue");
    if (name && !function) name = last_segment(*name);
  }
  if (!name || name->empty()) {
    out.unnamed.push_back({r.id, r.header, not_named("")});
    return;
  }
  out.named.push_back(
      {r.id, r.header, kind, *name, {{function ? "FunctionName" : "QueueName", *name}}});
}

void name_service(const Service& s, const std::vector<StackResource>& stack, WorkloadNames& out) {
  std::optional<std::string> name = s.physical_name.value;
  std::optional<std::string> cluster = s.cluster_name.value;
  if (!name || !cluster) {
    if (std::optional<std::string> arn = stack_physical_id(stack, s.id.name, "AWS::ECS::Service")) {
      ServiceArn parsed = parse_service_arn(*arn);
      name = parsed.name;
      if (!parsed.cluster.empty()) cluster = parsed.cluster;
    }
  }
  if (!name || name->empty()) {
    out.unnamed.push_back({s.id, s.header, not_named("")});
    return;
  }
  if (!cluster || cluster->empty()) {
    out.unnamed.push_back({s.id, s.header, not_named(" for its cluster")});
    return;
  }
  // A cluster named by ARN ("arn:aws:ecs:...:cluster/<name>") is known to CloudWatch by name.
  const std::string cluster_name = last_segment(*cluster);
  out.named.push_back({s.id,
                       s.header,
                       WorkloadKind::Service,
                       cluster_name + "/" + *name,
                       {{"ClusterName", cluster_name}, {"ServiceName", *name}}});
}

void write_query(json::Writer& w, const std::string& id, const NamedWorkload& workload,
                 const MetricStat& m, const QueryWindow& window) {
  w.StartObject();
  json::write_member(w, "Id", id);
  w.Key("MetricStat");
  w.StartObject();
  w.Key("Metric");
  w.StartObject();
  json::write_member(w, "Namespace", m.name_space);
  json::write_member(w, "MetricName", m.metric);
  w.Key("Dimensions");
  w.StartArray();
  for (const Dimension& d : workload.dimensions) {
    w.StartObject();
    json::write_member(w, "Name", d.name);
    json::write_member(w, "Value", d.value);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Key("Period");
  w.Int(window.period_s);
  json::write_member(w, "Stat", m.stat);
  w.EndObject();
  json::write_member(w, "Label",
                     workload.physical_name + " " + m.metric + " " + m.stat + " " +
                         std::to_string(window.days) + "d");
  w.Key("ReturnData");
  w.Bool(true);
  w.EndObject();
}

std::size_t query_count(const NamedWorkload& workload) {
  const auto& stats = metric_stats();
  return static_cast<std::size_t>(std::count_if(
      stats.begin(), stats.end(), [&](const MetricStat& m) { return m.kind == workload.kind; }));
}

std::string request_body(const std::vector<const NamedWorkload*>& workloads,
                         const QueryWindow& window) {
  rapidjson::StringBuffer buffer;
  json::Writer w(buffer);
  w.StartObject();
  w.Key("MetricDataQueries");
  w.StartArray();
  std::size_t k = 0;
  for (const NamedWorkload* workload : workloads) {
    ++k;
    for (const MetricStat& m : metric_stats()) {
      if (m.kind != workload->kind) continue;
      write_query(w, "w" + std::to_string(k) + "_" + m.key, *workload, m, window);
    }
  }
  w.EndArray();
  const long long end = parse_iso8601(window.end);
  json::write_member(w, "StartTime", iso8601(end - 86400LL * window.days));
  json::write_member(w, "EndTime", iso8601(end));
  json::write_member(w, "ScanBy", "TimestampAscending");
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace

WorkloadNames name_workloads(const WorkloadGraph& graph, const std::vector<StackResource>& stack) {
  WorkloadNames out;
  for (const Function& f : graph.functions)
    name_resource(f, f.physical_name, WorkloadKind::Function, stack, out);
  for (const Service& s : graph.services) {
    if (s.kind.empty()) name_service(s, stack, out);  // Kubernetes workloads are not ECS's
  }
  for (const Queue& q : graph.queues)
    name_resource(q, q.physical_name, WorkloadKind::Queue, stack, out);
  return out;
}

// Metrics and statistics: Lambda function metrics (AWS Lambda Developer Guide, "Types of
// metrics for Lambda functions"), Amazon ECS CloudWatch metrics and Container Insights
// (RunningTaskCount), Amazon SQS CloudWatch metrics; read 2026-12-07 on docs.aws.amazon.com.
const std::vector<MetricStat>& metric_stats() {
  using K = WorkloadKind;
  static const std::vector<MetricStat> stats = {
      {K::Function, "AWS/Lambda", "Invocations", "Sum", "invocations_sum"},
      {K::Function, "AWS/Lambda", "Duration", "Average", "duration_avg"},
      {K::Function, "AWS/Lambda", "Duration", "p50", "duration_p50"},
      {K::Function, "AWS/Lambda", "Duration", "p95", "duration_p95"},
      {K::Function, "AWS/Lambda", "Duration", "p99", "duration_p99"},
      {K::Function, "AWS/Lambda", "Duration", "Maximum", "duration_max"},
      {K::Function, "AWS/Lambda", "ConcurrentExecutions", "Maximum", "concurrency_max"},
      {K::Function, "AWS/Lambda", "Errors", "Sum", "errors_sum"},
      {K::Function, "AWS/Lambda", "Throttles", "Sum", "throttles_sum"},
      {K::Service, "AWS/ECS", "CPUUtilization", "Average", "cpu_avg"},
      {K::Service, "AWS/ECS", "CPUUtilization", "Maximum", "cpu_max"},
      {K::Service, "AWS/ECS", "MemoryUtilization", "Average", "memory_avg"},
      {K::Service, "AWS/ECS", "MemoryUtilization", "Maximum", "memory_max"},
      {K::Service, "ECS/ContainerInsights", "RunningTaskCount", "Average", "tasks_avg"},
      {K::Service, "ECS/ContainerInsights", "RunningTaskCount", "Minimum", "tasks_min"},
      {K::Service, "ECS/ContainerInsights", "RunningTaskCount", "Maximum", "tasks_max"},
      {K::Queue, "AWS/SQS", "NumberOfMessagesReceived", "Sum", "received_sum"},
      {K::Queue, "AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", "oldest_age_max"},
  };
  return stats;
}

std::string iso8601(long long epoch_s) {
  const std::time_t t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

long long parse_iso8601(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
    return -1;
  const std::string zone = text.substr(static_cast<std::size_t>(consumed));
  if (zone != "Z" && zone != "+00:00") return -1;
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 59 || tm.tm_year < 1970)
    return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<long long>(timegm(&tm));
}

std::vector<std::string> metric_data_requests(const std::vector<NamedWorkload>& workloads,
                                              const QueryWindow& window) {
  std::vector<std::string> requests;
  std::vector<const NamedWorkload*> batch;
  std::size_t queries = 0;
  for (const NamedWorkload& workload : workloads) {
    const std::size_t n = query_count(workload);
    if (queries + n > kMaxQueriesPerRequest) {
      requests.push_back(request_body(batch, window));
      batch.clear();
      queries = 0;
    }
    batch.push_back(&workload);
    queries += n;
  }
  if (!batch.empty()) requests.push_back(request_body(batch, window));
  return requests;
}

std::string request_file_name(const std::string& first, std::size_t index) {
  if (index == 0) return first;
  const std::string n = std::to_string(index + 1);
  const std::size_t slash = first.rfind('/');
  const std::size_t dot = first.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
    return first + "." + n;
  return first.substr(0, dot) + "." + n + first.substr(dot);
}

}  // namespace rightfit::cloudwatch
