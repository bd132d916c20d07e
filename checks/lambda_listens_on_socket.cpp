// RF204: a Lambda that listens on a socket is a resident server squeezed into a function;
// nothing can connect to it and it is frozen between invocations.
#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

class LambdaListensOnSocket : public Check {
 public:
  LambdaListensOnSocket()
      : Check(describe_rule("RF204", "lambda-listens-on-socket", Severity::Error,
                            "Code of a Lambda binary listens on a socket: a resident server "
                            "belongs in a container service.",
                            "lambda_listens_on_socket")
                  .reading(RuleTag::HandlerCode)
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Startup, Lean::Fargate, Strength::Hard))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for_each_handler_code(
        ctx.graph, Reach::Binary, [&](const CodeFunction& f, const CodeFunction* handler) {
          for (const ServerCall& c : f.server_calls) {
            Finding finding = diag(c.where, "");
            std::string where = place_in_lambda(ctx.graph, handler, f, c.call, finding);
            finding.message = "'" + f.name + "' calls " + c.call +
                              "(): a server inside a Lambda function. Nothing can connect to a "
                              "function's sockets, and the environment is frozen between "
                              "invocations. " +
                              where +
                              " Run the server as an ECS/Fargate service, or put it behind the "
                              "AWS Lambda Web Adapter";
            out.push_back(std::move(finding));
          }
        });
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_listens_on_socket() {
  return std::make_unique<LambdaListensOnSocket>();
}

}  // namespace rightfit
