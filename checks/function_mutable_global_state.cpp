// RF201: a static written by handler code is a per-environment cache: not shared between
// concurrent environments, lost when one is recycled, growing without bound in between. Where
// one environment serves several requests at once in one process (Lambda Managed Instances),
// it is a data race.
#include <optional>
#include <set>

#include "checks/check.h"
#include "checks/handler_code.h"

namespace rightfit {
namespace {

// Whether the write adds to what the object holds (an insertion, an item assignment), so that
// it grows from request to request; a flag or a counter only keeps its last value.
bool grows(const StaticMutation& m) {
  static const std::set<std::string, std::less<>> kAdding = {"operator[]",
                                                             "item assignment",
                                                             "call to insert()",
                                                             "call to emplace()",
                                                             "call to emplace_back()",
                                                             "call to emplace_front()",
                                                             "call to push_back()",
                                                             "call to push_front()",
                                                             "call to push()",
                                                             "call to append()",
                                                             "call to extend()",
                                                             "call to add()",
                                                             "call to try_emplace()",
                                                             "call to insert_or_assign()",
                                                             "call to setdefault()",
                                                             "call to update()",
                                                             "call to set()",
                                                             "call to unshift()"};
  // Python and Node.js say "item assignment" / "item `+=`" for `cache[key] = ...`.
  return kAdding.count(m.operation) > 0 || m.operation.starts_with("item");
}

class FunctionMutableGlobalState : public Check {
 public:
  FunctionMutableGlobalState()
      : Check(describe_rule("RF201", "function-mutable-global-state", Severity::Warning,
                            "Handler code writes to a static object: state that differs "
                            "between execution environments and is lost when one is recycled "
                            "(a data race where one serves several requests at once).",
                            "function_mutable_global_state")
                  .reading(RuleTag::HandlerCode)
                  .bearing_on(
                      PlacementBearing(PlacementAxis::State, Lean::Fargate, Strength::Soft))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for_each_handler_code(
        // Code that runs once per execution environment (a static's initializer, a
        // std::call_once) sets state up; it does not carry it from request to request.
        ctx.graph, Reach::Invocation, [&](const CodeFunction& f, const CodeFunction* handler) {
          std::optional<SharedEnvironment> shared;
          if (idioms_of(f).concurrent_requests_share_globals)
            shared = shared_environment(ctx.graph, handler);
          for (const StaticMutation& m : f.static_mutations) {
            Finding finding = diag(m.where, "");
            std::string where =
                place_in_lambda(ctx.graph, handler, f, m.variable + " " + m.operation, finding);
            finding.related.push_back(
                {m.declared, "'" + m.variable + "' is declared here (" + m.storage + ")"});
            finding.message = "'" + f.name + "' changes the " + m.storage + " '" + m.variable +
                              "' (" + m.operation + "): " +
                              (shared ? data_race(*shared, finding) : per_environment_copy()) +
                              (grows(m) ? ", and it grows in between. "
                                        : "; in between it carries one request's value into "
                                          "the next. ") +
                              where + advice(shared.has_value());
            out.push_back(std::move(finding));
          }
        });
  }

 private:
  static std::string per_environment_copy() {
    return "each concurrent execution environment has its own copy, and it is lost when the "
           "environment is recycled";
  }

  // Managed Instances run several requests in one process at once: every one of them reads
  // and writes the same object, unsynchronised.
  static std::string data_race(const SharedEnvironment& shared, Finding& finding) {
    finding.severity = Severity::Error;
    const std::string requests =
        shared.requests ? format_number(*shared.requests) : "several (the runtime's default)";
    finding.related.push_back({shared.where, "Lambda function '" + shared.function->id.name +
                                                 "' serves " + requests +
                                                 " requests at once per execution environment"});
    return "data race: this function serves " + requests +
           " requests at once in one process, which all read and write it unsynchronised; it "
           "is also lost when the environment is recycled";
  }

  static std::string advice(bool shared) {
    return shared ? " Keep per-request data local; guard what must be shared with a lock, or "
                    "put it in DynamoDB, ElastiCache or S3"
                  : " Keep per-request data local; put shared state in DynamoDB, "
                    "ElastiCache or S3; or run a Fargate service that owns the cache";
  }
};

}  // namespace

std::unique_ptr<Check> make_function_mutable_global_state() {
  return std::make_unique<FunctionMutableGlobalState>();
}

}  // namespace rightfit
