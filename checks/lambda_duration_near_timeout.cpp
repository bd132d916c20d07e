// RF108: measured invocations run close to (or into) the Timeout: the next slower input is
// killed halfway, and its caller or event source retries it.
#include <cmath>
#include <optional>

#include "checks/check.h"
#include "checks/measured.h"

namespace rightfit {
namespace {

// The duration the rule compares and what the message calls it.
struct MeasuredDuration {
  double ms;
  const char* statistic;  // "p99", "maximum"
};

std::optional<MeasuredDuration> compared_duration(const MeasuredUsage& usage) {
  if (usage.duration_p99_ms) return MeasuredDuration{*usage.duration_p99_ms, "p99"};
  if (usage.duration_max_ms) return MeasuredDuration{*usage.duration_max_ms, "maximum"};
  return std::nullopt;
}

class LambdaDurationNearTimeout : public Check {
 public:
  LambdaDurationNearTimeout()
      : Check(describe_rule("RF108", "lambda-duration-near-timeout", Severity::Warning,
                            "Measured invocations of a Lambda run close to its Timeout.",
                            "lambda_duration_near_timeout")
                  .reading(RuleTag::Cost)
                  .with_option({"percent", 80,
                                "reports when the measured p99 (else maximum) duration reaches "
                                "this percentage of the Timeout",
                                ""})
                  // Near the 15-minute cap the work outgrows Lambda; below 600 s (RF104's
                  // default) raising the Timeout is the fix, not a move.
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Duration, Lean::Fargate, Strength::Soft,
                                       {PatternRole::ApiFunction, PatternRole::WorkerFunction})
                          .a_setting_below_timeout(600))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    const double percent = option(ctx, "percent");
    for (const Function& fn : ctx.graph.functions) {
      const MeasuredUsage* usage = measured_usage_of(ctx, fn.id);
      if (!usage) continue;
      const std::optional<MeasuredDuration> d = compared_duration(*usage);
      const Effective t = effective_timeout(fn);
      const std::optional<double> timeout_s = t.value;
      if (!d || !timeout_s || *timeout_s <= 0) continue;
      const double timeout_ms = *timeout_s * 1000;
      // A maximum at the Timeout is an invocation Lambda stopped: a timeout was measured.
      const std::optional<double> max_ms = usage->duration_max_ms;
      if (max_ms && *max_ms >= timeout_ms) {
        out.push_back(finding(fn, t.where, *timeout_s, *usage, {*max_ms, "maximum"}));
      } else if (d->ms * 100 >= percent * timeout_ms) {
        out.push_back(finding(fn, t.where, *timeout_s, *usage, *d));
      }
    }
  }

 private:
  Finding finding(const Function& fn, const SourceRange& where, double timeout_s,
                  const MeasuredUsage& usage, const MeasuredDuration& d) const {
    const double timeout_ms = timeout_s * 1000;
    const bool timed_out = d.ms >= timeout_ms;
    std::string message = "Lambda function '" + fn.id.name + "' has Timeout " +
                          format_number(timeout_s) + " s and its measured " + d.statistic +
                          " duration is " + format_milliseconds(d.ms);
    message +=
        timed_out
            ? " " + measured_window(usage) + ": invocations ran into the Timeout and were stopped"
            : " (" + format_number(std::round(d.ms * 100 / timeout_ms)) + "% of it) " +
                  measured_window(usage) + ": a slightly slower input is stopped at the Timeout";
    message +=
        ", and its caller or event source retries it. Raise the Timeout above what the work "
        "takes, make the work shorter, or move it where no Timeout cuts it off (a Fargate "
        "task, a Step Functions workflow)";
    Finding f = diag(where, std::move(message));
    f.subject = fn.id;
    f.substance = "Timeout";
    f.properties["measuredDurationMs"] = d.ms;
    f.related.push_back(measured_file_location(usage));
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_duration_near_timeout() {
  return std::make_unique<LambdaDurationNearTimeout>();
}

}  // namespace rightfit
