// The cost report as JSON for scripts: figures as numbers (unrounded USD), unknowns as null.
#include <cmath>
#include <optional>
#include <utility>

#include "integrations/json_writer.h"
#include "integrations/report/cost_report.h"

namespace rightfit {

namespace {

using JsonWriter = json::Writer;
using json::write_string;

void member(JsonWriter& w, const char* key, const std::string& value) {
  json::write_member(w, key, value);
}

void member(JsonWriter& w, const char* key, std::optional<double> value) {
  w.Key(key);
  if (value && std::isfinite(*value)) {
    w.Double(*value);
  } else {
    w.Null();
  }
}

void member(JsonWriter& w, const char* key, double value) {
  member(w, key, std::optional<double>(value));
}

// Named apart: a double argument would otherwise pick a bool overload.
void flag(JsonWriter& w, const char* key, bool value) {
  w.Key(key);
  w.Bool(value);
}

void write_lambda(JsonWriter& w, const WorkloadCost& c) {
  w.Key("lambda");
  w.StartObject();
  member(w, "memoryMb", c.lambda.memory_mb);
  member(w, "architecture", std::string(arch_name(c.lambda.arch)));
  member(w, "provisionedConcurrency", c.lambda.provisioned);
  member(w, "provisionedMonthlyUsd", c.lambda.provisioned_monthly());
  member(w, "usdPerMillionRequests", c.lambda_at(1e6) - c.lambda_at(0));
  w.EndObject();
}

void write_fargate(JsonWriter& w, const WorkloadCost& c) {
  w.Key("fargate");
  w.StartObject();
  member(w, "vcpu", c.fargate.size.vcpu);
  member(w, "memoryGb", c.fargate.size.memory_gb);
  member(w, "architecture", std::string(arch_name(c.fargate.arch)));
  flag(w, "spot", c.fargate.spot);
  member(w, "taskMonthlyUsd", c.fargate.task_monthly);
  std::optional<double> tasks = c.fargate.fixed_tasks;
  if (!tasks && c.requests_per_month) tasks = c.fargate.tasks_at(*c.requests_per_month);
  member(w, "tasks", tasks);
  w.EndObject();
}

// The measured figures behind a "measured" basis, as the usage file gave them.
void write_measured(JsonWriter& w, const MeasuredUsage& m) {
  using M = MeasuredUsage;
  static const std::pair<const char*, std::optional<double> M::*> kFigures[] = {
      {"invocationsPerMonth", &M::invocations_per_month},
      {"durationAvgMs", &M::duration_avg_ms},
      {"durationP50Ms", &M::duration_p50_ms},
      {"durationP95Ms", &M::duration_p95_ms},
      {"durationP99Ms", &M::duration_p99_ms},
      {"durationMaxMs", &M::duration_max_ms},
      {"maxConcurrency", &M::max_concurrency},
      {"errors", &M::errors},
      {"throttles", &M::throttles},
      {"memoryUsedAvgMb", &M::memory_used_avg_mb},
      {"memoryUsedMaxMb", &M::memory_used_max_mb},
      {"memoryConfiguredMb", &M::memory_configured_mb},
      {"cpuAvgPercent", &M::cpu_avg_percent},
      {"cpuMaxPercent", &M::cpu_max_percent},
      {"memoryAvgPercent", &M::memory_avg_percent},
      {"memoryMaxPercent", &M::memory_max_percent},
      {"tasksAvg", &M::tasks_avg},
      {"tasksMin", &M::tasks_min},
      {"tasksMax", &M::tasks_max},
  };
  w.Key("measured");
  w.StartObject();
  member(w, "file", m.file);
  member(w, "source", m.source);
  member(w, "windowDays", m.window_days);
  for (const auto& [key, field] : kFigures) member(w, key, m.*field);
  w.EndObject();
}

void write_entry(JsonWriter& w, const CostEntry& entry) {
  const WorkloadCost& c = entry.cost;
  w.StartObject();
  member(w, "name", c.id.name);
  member(w, "scope", c.id.scope);
  member(w, "type", c.type);
  member(w, "file", c.header.file);
  w.Key("line");
  w.Uint(c.header.line());
  member(w, "kind", std::string(workload_kind_name(c.kind)));
  member(w, "platform", std::string(platform_name(c.platform)));
  if (!c.priced()) {
    member(w, "unpriced", c.unpriced);
  } else {
    w.Key("usage");
    w.StartObject();
    member(w, "requestsPerMonth", c.requests_per_month);
    flag(w, "requestsAssumed", c.requests_assumed);
    member(w, "avgDurationMs", c.duration_ms);
    flag(w, "durationAssumed", c.duration_assumed);
    member(w, "basis", std::string(usage_basis_name(c.basis)));
    if (!c.declared_by.empty()) member(w, "declaredBy", c.declared_by);
    if (!c.duration_declared_by.empty()) member(w, "durationDeclaredBy", c.duration_declared_by);
    if (c.measured) write_measured(w, *c.measured);
    w.EndObject();
    write_lambda(w, c);
    write_fargate(w, c);
    member(w, "monthlyUsd", c.current_monthly);
    member(w, "alternativeMonthlyUsd", c.alternative_monthly);
    if (!c.alternative_unfit.empty()) member(w, "alternativeUnfit", c.alternative_unfit);
    member(w, "breakEvenRequestsPerMonth", c.break_even);
  }
  w.Key("findings");
  w.StartArray();
  for (const Finding& f : entry.findings) {
    w.StartObject();
    member(w, "ruleId", f.rule_id);
    member(w, "message", f.message);
    flag(w, "suppressed", f.suppression.has_value());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string format_cost_json(const CostReport& report) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  const PriceTable& p = report.prices;
  w.Key("prices");
  w.StartObject();
  member(w, "region", p.region);
  member(w, "asOf", p.as_of);
  member(w, "hoursPerMonth", p.hours_per_month);
  member(w, "fargateSpotDiscount", p.fargate_spot_discount);
  member(w, "lambdaRequestsPerMillion", p.lambda_requests_per_million);
  w.EndObject();
  w.Key("workloads");
  w.StartArray();
  for (const CostEntry& entry : report.entries) write_entry(w, entry);
  w.EndArray();
  member(w, "knownMonthlyUsd", known_monthly_total(report));
  w.Key("workloadsWithoutMonthlyUsd");
  w.Uint64(workloads_without_monthly_cost(report));
  w.Key("parseErrors");
  w.StartArray();
  for (const std::string& e : report.parse_errors) write_string(w, e);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace rightfit
