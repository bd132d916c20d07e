// RF101: Lambda accepts a Timeout of 1 to 900 seconds (Managed Instances: up to 5,400).
#include "checks/check.h"
#include "checks/handler_code.h"
#include "checks/lambda_platform.h"
#include "parsers/aws_limits.h"

namespace rightfit {
namespace {

class LambdaTimeoutOutOfRange : public Check {
 public:
  LambdaTimeoutOutOfRange()
      : Check(describe_rule("RF101", "lambda-timeout-out-of-range", Severity::Error,
                            "A Lambda Timeout is below 1 or above its platform's maximum "
                            "(900 s; 5,400 s on Lambda Managed Instances).",
                            "lambda_timeout_out_of_range")
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Duration, Lean::Fargate, Strength::Hard,
                                       {PatternRole::ApiFunction, PatternRole::WorkerFunction})
                          .a_setting_below_timeout(1))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Function& fn : ctx.graph.functions) {
      // A default (AWS's 3 s, a framework's own) counts too, reported at the header.
      const Effective t = effective_timeout(fn);
      const double max_s = lambda_timeout_ceiling_s(fn);
      if (!t.value || (*t.value >= aws::kLambdaMinTimeoutS && *t.value <= max_s)) continue;
      Finding f = diag(t.where, "Lambda function '" + fn.id.name + "' has Timeout " +
                                    format_number(*t.value) + " s; " + lambda_platform_name(fn) +
                                    " accepts " + format_number(aws::kLambdaMinTimeoutS) + " to " +
                                    format_number(max_s) + " seconds (" + format_duration(max_s) +
                                    "), so the deployment fails. Work that runs longer belongs "
                                    "on ECS/Fargate or Step Functions");
      f.subject = fn.id;
      f.substance = "Timeout";
      // Into range: the nearest value the platform accepts.
      if (t.slot) {
        const double fixed = *t.value < aws::kLambdaMinTimeoutS ? aws::kLambdaMinTimeoutS : max_s;
        f.fixes.push_back(
            value_fix("Set Timeout to " + format_number(fixed), *t.slot, format_number(fixed)));
      }
      if (fn.capacity_provider)
        f.related.push_back({*fn.capacity_provider, "it runs on Lambda Managed Instances"});
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_timeout_out_of_range() {
  return std::make_unique<LambdaTimeoutOutOfRange>();
}

}  // namespace rightfit
