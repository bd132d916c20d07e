// RF203: Lambda freezes the environment when the handler returns, so a thread that outlives
// the invocation stalls until (and if) the next one comes.
#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

std::string message(const CodeFunction& f, const ThreadStart& t) {
  if (t.outlives == "its future is discarded") {
    // The discarded future's destructor waits for the task: no background work at all.
    return "'" + f.name +
           "' starts std::async(std::launch::async, ...) and discards its "
           "future: the future's destructor waits for the task at the end of the statement, so "
           "the \"background\" work blocks the invocation, and keeping the future without "
           "waiting for it would let the task outlive the invocation, frozen when the handler "
           "returns.";
  }
  return "'" + f.name + "' starts " + std::string(idioms_of(f).background) + " with " + t.api +
         " that is " + t.outlives +
         ": it can outlive the invocation, and Lambda freezes the environment when the "
         "handler returns, so the work stalls until the next invocation, or never runs.";
}

class LambdaBackgroundThread : public Check {
 public:
  LambdaBackgroundThread()
      : Check(describe_rule("RF203", "lambda-background-thread", Severity::Warning,
                            "Handler code starts a thread that can outlive the invocation; "
                            "Lambda freezes it when the handler returns.",
                            "lambda_background_thread")
                  .reading(RuleTag::HandlerCode)
                  .bearing_on(
                      PlacementBearing(PlacementAxis::State, Lean::Fargate, Strength::Soft))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for_each_handler_code(
        ctx.graph, Reach::Handler, [&](const CodeFunction& f, const CodeFunction* handler) {
          for (const ThreadStart& t : f.threads) {
            if (t.outlives.empty()) continue;
            Finding finding = diag(t.where, "");
            std::string where = place_in_lambda(ctx.graph, handler, f, t.api, finding);
            finding.message = message(f, t) + " " + where +
                              " Join it before returning, hand the work to a queue, or run it in a "
                              "Fargate service";
            out.push_back(std::move(finding));
          }
        });
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_background_thread() {
  return std::make_unique<LambdaBackgroundThread>();
}

}  // namespace rightfit
