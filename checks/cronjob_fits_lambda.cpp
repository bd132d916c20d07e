// RF406: a Kubernetes CronJob on EKS Fargate whose runs are short and small enough for a
// scheduled Lambda; the message prices both (the Fargate minute minimum against Lambda's
// per-millisecond billing) and says below which run length the Lambda costs less.
#include <cmath>
#include <string>
#include <vector>

#include "analyzer/cost/cost_model.h"
#include "checks/check.h"
#include "parsers/aws_limits.h"

namespace rightfit {
namespace {

class CronJobFitsLambda : public Check {
 public:
  CronJobFitsLambda()
      : Check(describe_rule("RF406", "cronjob-fits-lambda", Severity::Info,
                            "A CronJob on Fargate runs short, small jobs that fit a scheduled "
                            "Lambda.",
                            "cronjob_fits_lambda")
                  .reading(RuleTag::Cost)
                  .bearing_on(PlacementBearing(PlacementAxis::TrafficCost, Lean::Lambda,
                                               Strength::Strong))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const ScheduledJob& j : ctx.graph.scheduled_jobs) {
      const Property<double>& deadline = j.max_duration_s;
      if (!deadline.written || !deadline.value || *deadline.value <= 0 ||
          *deadline.value > aws::kLambdaMaxTimeoutS) {
        continue;  // no bound, or longer than a Lambda may run
      }
      // Pods on the cluster's EC2 nodes have no price of their own: the nodes are paid anyway.
      if (j.launch_type.value != std::optional<std::string>("FARGATE")) continue;
      ScheduledJobCost cost = estimate_scheduled_job_cost(j, ctx.config);
      if (!cost.priced() || cost.lambda_memory_mb > kLambdaMaxMemoryMb) continue;
      out.push_back(finding(j, cost, *deadline.value, *deadline.written));
    }
  }

 private:
  // `deadline_s` and `deadline_at`: the job's activeDeadlineSeconds, as run() found it written.
  Finding finding(const ScheduledJob& j, const ScheduledJobCost& cost, double deadline_s,
                  const SourceRange& deadline_at) const {
    const std::string per_run =
        format_quantity(cost.run_seconds) + " s per run" +
        (cost.duration_declared ? " (declared)" : " (activeDeadlineSeconds, the upper bound)");
    std::string message =
        j.kind + " '" + j.id.name + "' fits a Lambda: " + format_requests(cost.runs_per_month) +
        " runs a month of at most " + format_quantity(deadline_s) + " s. On Fargate (" +
        format_quantity(cost.size.vcpu) + " vCPU/" + format_quantity(cost.size.memory_gb) +
        " GB pods, each run billed at least a minute) at " + per_run + ": " +
        format_usd(cost.fargate_monthly) + "/month; as a Lambda with " +
        format_quantity(cost.lambda_memory_mb) + " MB: " + format_usd(cost.lambda_monthly) +
        "/month.";
    if (!cost.break_even_run_seconds)
      message += " The Lambda costs less at any run length.";
    else
      message += " The Lambda costs less for runs under " +
                 format_quantity(std::round(*cost.break_even_run_seconds)) + " s.";
    message +=
        " Run it as a Lambda on an EventBridge Scheduler schedule (no pod to start), or keep it "
        "and declare its average run time (usage: avg_duration_ms)";
    Finding f = diag(deadline_at, std::move(message));
    f.subject = j.id;
    f.substance = "schedule";
    f.properties["fargateMonthlyUsd"] = cost.fargate_monthly;
    f.properties["lambdaMonthlyUsd"] = cost.lambda_monthly;
    f.properties["runsPerMonth"] = cost.runs_per_month;
    if (cost.break_even_run_seconds)
      f.properties["breakEvenRunSeconds"] = *cost.break_even_run_seconds;
    if (j.schedule.written) f.related.push_back({*j.schedule.written, "schedule"});
    if (j.launch_type.written)
      f.related.push_back({*j.launch_type.written, "the Fargate profile selector that runs it"});
    if (cost.usage_declared) f.related.push_back({*cost.usage_declared, "usage declared here"});
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_cronjob_fits_lambda() { return std::make_unique<CronJobFitsLambda>(); }

}  // namespace rightfit
