// RF101: Lambda accepts a Timeout of 1 to 900 seconds.
#include "checks/check.h"
#include "parsers/aws_limits.h"

namespace rightfit {
namespace {

class LambdaTimeoutOutOfRange : public Check {
 public:
  LambdaTimeoutOutOfRange()
      : Check(describe_rule("RF101", "lambda-timeout-out-of-range", Severity::Error,
                            "A Lambda Timeout is below 1 or above 900 seconds.",
                            "lambda_timeout_out_of_range")
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Duration, Lean::Fargate, Strength::Hard,
                                       {PatternRole::ApiFunction, PatternRole::WorkerFunction})
                          .a_setting_below_timeout(1))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Function& fn : ctx.graph.functions) {
      // A default (AWS's 3 s, a framework's own) counts too, reported at the header.
      const Effective t = effective_timeout(fn);
      if (!t.value || (*t.value >= aws::kLambdaMinTimeoutS && *t.value <= aws::kLambdaMaxTimeoutS))
        continue;
      Finding f = diag(t.where, "Lambda function '" + fn.id.name + "' has Timeout " +
                                    format_number(*t.value) + " s; Lambda accepts " +
                                    format_number(aws::kLambdaMinTimeoutS) + " to " +
                                    format_number(aws::kLambdaMaxTimeoutS) +
                                    " seconds (15 minutes), so "
                                    "the deployment fails. Work that runs longer belongs "
                                    "on ECS/Fargate or Step Functions");
      f.subject = fn.id;
      f.substance = "Timeout";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_timeout_out_of_range() {
  return std::make_unique<LambdaTimeoutOutOfRange>();
}

}  // namespace rightfit
