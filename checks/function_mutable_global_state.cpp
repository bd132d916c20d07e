// RF201: a static written by handler code is a per-environment cache: not shared between
// concurrent environments, lost when one is recycled, growing without bound in between.
#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

// A container filled in place keeps growing; a rebound value is what the next invocation
// of the same environment reads.
bool fills_container(const StaticMutation& m) {
  const std::string& op = m.operation;
  return op.starts_with("call to ") || op.starts_with("item") || op == "del" || op == "delete";
}

std::string consequence(const StaticMutation& m) {
  if (fills_container(m)) {
    return "each concurrent execution environment has its own copy, it is lost when the "
           "environment is recycled, and it grows from one invocation to the next.";
  }
  return "the value one invocation writes is what the next invocation in the same execution "
         "environment reads, while concurrent environments each hold their own, and it is lost "
         "when the environment is recycled.";
}

class FunctionMutableGlobalState : public Check {
 public:
  FunctionMutableGlobalState()
      : Check(describe_rule("RF201", "function-mutable-global-state", Severity::Warning,
                            "Handler code writes to a static object: state that differs "
                            "between execution environments and is lost when one is recycled.",
                            "function_mutable_global_state")) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for_each_handler_code(
        ctx.graph, Reach::Handler, [&](const CodeFunction& f, const CodeFunction* handler) {
          for (const StaticMutation& m : f.static_mutations) {
            Finding finding = diag(m.where, "");
            std::string where =
                place_in_lambda(ctx.graph, handler, f, m.variable + " " + m.operation, finding);
            finding.related.push_back(
                {m.declared, "'" + m.variable + "' is declared here (" + m.storage + ")"});
            finding.message = "'" + f.name + "' changes the " + m.storage + " '" + m.variable +
                              "' (" + m.operation + "): " + consequence(m) + " " + where +
                              " Keep per-request data local; put shared state in DynamoDB, "
                              "ElastiCache or S3; or run a Fargate service that owns the cache";
            out.push_back(std::move(finding));
          }
        });
  }
};

}  // namespace

std::unique_ptr<Check> make_function_mutable_global_state() {
  return std::make_unique<FunctionMutableGlobalState>();
}

}  // namespace rightfit
