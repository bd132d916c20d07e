// RF103: a loop that sleeps in a Lambda waits while billed per millisecond, unless it keeps
// an eye on the invocation's deadline.
#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

class LambdaPollingLoop : public Check {
 public:
  LambdaPollingLoop()
      : Check(describe_rule("RF103", "lambda-polling-loop", Severity::Warning,
                            "A loop in a Lambda handler sleeps while it waits, billed per "
                            "millisecond, without watching the invocation's deadline.",
                            "lambda_polling_loop")
                  .reading(RuleTag::HandlerCode)
                  .bearing_on(PlacementBearing(PlacementAxis::Duration, Lean::Fargate,
                                               Strength::Soft, {PatternRole::WorkerFunction})
                                  .when_it_waits_on_other_work())) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for_each_handler_code(
        ctx.graph, Reach::Handler, [&](const CodeFunction& f, const CodeFunction* handler) {
          for (const CodeLoop& loop : f.loops) {
            if (!loop.sleep_call || loop.reads_deadline) continue;
            if (loop.over_event) continue;  // paces the records of a batch: it ends with them
            if (loop.condition_always_true && !loop.has_exit) continue;  // RF102 reports it
            Finding finding = diag(loop.keyword, "");
            std::string where =
                place_in_lambda(ctx.graph, handler, f, loop.kind + " loop sleeping", finding);
            finding.related.push_back({*loop.sleep_call, "it sleeps here"});
            finding.message = "This `" + loop.kind + "` loop in '" + f.name + "' polls: it calls " +
                              loop.sleep_name +
                              " and waits while the invocation is billed per millisecond, without "
                              "checking the time left (" +
                              std::string(idioms_of(f).time_left) + " or the deadline). " + where +
                              " Let an event start the function instead (SQS, EventBridge, Step "
                              "Functions Wait), or bound the wait by the deadline";
            out.push_back(std::move(finding));
          }
        });
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_polling_loop() { return std::make_unique<LambdaPollingLoop>(); }

}  // namespace rightfit
