// Usage measured in production (CloudWatch metrics, or AWS Compute Optimizer's summary of them,
// over a window), per workload: what the cost model prefers to declared usage (`.rightfit.yaml`,
// an Infracost usage file) and to its assumptions. Format-neutral: integrations/usage/ reads the
// files that carry it.
#pragma once

#include <optional>
#include <string>

namespace rightfit {

struct MeasuredUsage {
  std::string file;        // the usage file the figures come from
  std::string source;      // what wrote it: "CloudWatch", "AWS Compute Optimizer"
  double window_days = 0;  // how long the measurement ran
  // Lambda.
  std::optional<double> invocations_per_month;  // extrapolated from the window
  std::optional<double> duration_avg_ms;
  std::optional<double> duration_p50_ms;
  std::optional<double> duration_p95_ms;
  std::optional<double> duration_p99_ms;
  std::optional<double> duration_max_ms;
  std::optional<double> max_concurrency;
  std::optional<double> errors;     // over the window
  std::optional<double> throttles;  // over the window
  // Memory a request used, and the MemorySize deployed when it was measured (Compute Optimizer).
  std::optional<double> memory_used_avg_mb;
  std::optional<double> memory_used_max_mb;
  std::optional<double> memory_configured_mb;
  // ECS service (percent of the task's reservation) and its running task count.
  std::optional<double> cpu_avg_percent;
  std::optional<double> cpu_max_percent;
  std::optional<double> memory_avg_percent;
  std::optional<double> memory_max_percent;
  std::optional<double> tasks_avg;
  std::optional<double> tasks_min;
  std::optional<double> tasks_max;
  // SQS queue.
  std::optional<double> messages_per_month;  // extrapolated from the window
  std::optional<double> oldest_message_age_max_s;
};

}  // namespace rightfit
