// RF102: a loop with no way out in code a Lambda handler reaches runs until Lambda stops the
// invocation at its Timeout, billing all of it and failing.
#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

class LambdaUnboundedLoop : public Check {
 public:
  LambdaUnboundedLoop()
      : Check(describe_rule("RF102", "lambda-unbounded-loop", Severity::Error,
                            "A loop that never ends runs in a Lambda handler: the invocation "
                            "runs until its Timeout and fails.",
                            "lambda_unbounded_loop")
                  .reading(RuleTag::HandlerCode)
                  .bearing_on(PlacementBearing(PlacementAxis::Duration, Lean::Fargate,
                                               Strength::Hard, {PatternRole::WorkerFunction}))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for_each_handler_code(
        ctx.graph, Reach::Handler, [&](const CodeFunction& f, const CodeFunction* handler) {
          for (const CodeLoop& loop : f.loops) {
            if (!loop.condition_always_true || loop.has_exit) continue;
            Finding finding = diag(loop.keyword, "");
            std::string where =
                place_in_lambda(ctx.graph, handler, f, loop.kind + " loop", finding);
            finding.message =
                "This `" + loop.kind + "` loop in '" + f.name +
                "' never ends: its condition is always true and no " +
                std::string(idioms_of(f).loop_exits) + " leaves it. " + where +
                cost(ctx.graph, *handler) + " Bound the loop (a count, or the time left from " +
                std::string(idioms_of(f).time_left) + "), or run the work as a Fargate service";
            out.push_back(std::move(finding));
          }
        });
  }

 private:
  // What each invocation costs when it only ends at the Timeout.
  static std::string cost(const WorkloadGraph& graph, const CodeFunction& handler) {
    std::vector<const Function*> lambdas = graph.functions_running(handler);
    if (lambdas.empty()) return " Each invocation runs until Lambda stops it at its Timeout.";
    Effective timeout = effective_timeout(*lambdas.front());
    if (!timeout.value) return " Each invocation runs until Lambda stops it at its Timeout.";
    return " Each invocation runs until Lambda stops it at the Timeout: " +
           format_duration(*timeout.value) + " billed per invocation, then an error.";
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_unbounded_loop() {
  return std::make_unique<LambdaUnboundedLoop>();
}

}  // namespace rightfit
