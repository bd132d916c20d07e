// RF104: a Timeout near the ceiling (15 minutes; 90 on Lambda Managed Instances) says the work
// does not fit Lambda well.
#include "checks/check.h"
#include "checks/lambda_platform.h"

namespace rightfit {
namespace {

class LambdaTimeoutNearLimit : public Check {
 public:
  LambdaTimeoutNearLimit()
      : Check(describe_rule("RF104", "lambda-timeout-near-limit", Severity::Warning,
                            "A Lambda Timeout is near the 15-minute ceiling.",
                            "lambda_timeout_near_limit")
                  .with_option({"threshold_s", 600, "the Timeout (seconds) from which it reports",
                                "lambda_timeout_near_limit_s"})
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Duration, Lean::Fargate, Strength::Soft,
                                       {PatternRole::ApiFunction, PatternRole::WorkerFunction}))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    const double threshold = option(ctx, "threshold_s");
    for (const Function& fn : ctx.graph.functions) {
      // A default (AWS's 3 s, a framework's own) counts too, reported at the header.
      const Effective t = effective_timeout(fn);
      // Above the maximum RF101 already reports the Timeout as invalid.
      const double ceiling = lambda_timeout_ceiling_s(fn);
      if (!t.value || *t.value < threshold || *t.value > ceiling) continue;
      // A durable function checkpoints and resumes in a new invocation: a long Timeout is
      // how it is meant to run, not work that outgrew Lambda.
      if (fn.durable) continue;
      Finding f = diag(
          t.where, "Lambda function '" + fn.id.name + "' has Timeout " + format_number(*t.value) +
                       " s, near the " + lambda_platform_name(fn) + " ceiling of " +
                       format_number(ceiling) + " s (threshold " + format_number(threshold) +
                       " s): work this long is one slow input away from being killed; a "
                       "Fargate task or a Step Functions workflow has no such cap");
      f.subject = fn.id;
      f.substance = "Timeout";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_timeout_near_limit() {
  return std::make_unique<LambdaTimeoutNearLimit>();
}

}  // namespace rightfit
