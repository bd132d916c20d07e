// RF105: API Gateway stops waiting at its integration timeout (29 s by default) and answers
// 504, while the function keeps running and billing.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "checks/check.h"
#include "checks/handler_code.h"
#include "parsers/aws_limits.h"

namespace rightfit {
namespace {

// Whether one function of handler code may run long: a loop without a bound (its condition
// always true: a polling or server loop), a sleep in a loop (waiting for something), a
// listening server, or a thread started.
bool may_run_long(const CodeFunction& f) {
  for (const CodeLoop& loop : f.loops) {
    if (loop.condition_always_true || loop.sleep_call) return true;
  }
  return !f.server_calls.empty() || !f.threads.empty();
}

// Per Lambda function whose handler code is known (linked to it), whether anything that code
// runs on each invocation may run long (may_run_long). One pass over the code for every
// function, not one per function.
std::map<const Function*, bool> long_work_by_function(const WorkloadGraph& graph) {
  std::map<const Function*, bool> long_work;
  for_each_handler_code(graph, Reach::Invocation,
                        [&](const CodeFunction& f, const CodeFunction* handler) {
                          const bool may = may_run_long(f);
                          for (const Function* fn : graph.functions_running(*handler))
                            long_work[fn] = long_work[fn] || may;
                        });
  return long_work;
}

// Whether the function's own code shows short work: its handler code is known and nothing it
// runs on each invocation may run long.
bool shows_short_work(const std::map<const Function*, bool>& long_work, const Function& fn) {
  auto it = long_work.find(&fn);
  return it != long_work.end() && !it->second;
}

class ApiTimeoutExceedsIntegration : public Check {
 public:
  ApiTimeoutExceedsIntegration()
      : Check(describe_rule("RF105", "api-timeout-exceeds-integration", Severity::Warning,
                            "A Lambda behind API Gateway has a Timeout longer than the "
                            "integration timeout.",
                            "api_timeout_exceeds_integration")
                  .with_option({"integration_timeout_s", 29,
                                "what a REST API waits (seconds) when the integration sets no "
                                "TimeoutInMillis; raise it if your account's quota is raised "
                                "(HTTP APIs wait 30 s)",
                                "api_integration_timeout_s"})
                  .bearing_on(PlacementBearing(PlacementAxis::Duration, Lean::Fargate,
                                               Strength::None, {PatternRole::ApiFunction})
                                  .when_caller_gives_up("integration_timeout_s"))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    std::optional<std::map<const Function*, bool>> long_work;  // made when a fix needs it
    for (const Function& fn : ctx.graph.functions) {
      std::vector<const ApiIntegration*> apis = ctx.graph.api_integrations_of(fn);
      if (apis.empty()) continue;
      Effective timeout = effective_timeout(fn);
      if (!timeout.value) continue;
      std::vector<RelatedLocation> related;
      double tightest = 0;
      for (const ApiIntegration* api : apis) {
        // An explicit TimeoutInMillis that is not statically known is RF002's, not a guess.
        if (api->timeout_ms.is_unresolved()) continue;
        if (api->asynchronous) continue;  // API Gateway answers at once and waits for nothing
        double limit_s = limit_of(*api, option(ctx, "integration_timeout_s"));
        if (*timeout.value <= limit_s) continue;
        tightest = related.empty() ? limit_s : std::min(tightest, limit_s);
        related.push_back({api->where, invoked_by(*api) + ", which gives up after " +
                                           format_number(limit_s) + " s"});
      }
      if (related.empty()) continue;
      // A Timeout written elsewhere in the file (SAM Globals, Serverless provider.timeout or
      // custom:) may be shared: merge_shared_lines makes one finding of it, with each function
      // one of its related locations.
      const bool shared = shared_from_elsewhere(fn, timeout.where);
      if (shared)
        related.insert(related.begin(),
                       {fn.header, "function '" + fn.id.name + "' uses this Timeout"});
      Finding f =
          diag(timeout.where,
               "Lambda function '" + fn.id.name + "' has Timeout " + format_number(*timeout.value) +
                   " s but API Gateway answers 504 after " + format_number(tightest) +
                   " s while the function keeps running and billing; keep the "
                   "Timeout within the integration timeout or make the work "
                   "asynchronous (a queue, Step Functions, or a Fargate service)");
      f.subject = fn.id;
      f.substance = "Timeout>" + format_number(tightest);
      f.related = std::move(related);
      // Down to what the integration allows, in whole seconds, only when the code shows that
      // the work is short: a long job cut at the integration timeout would fail instead. A
      // shared Timeout (Globals) is other functions' too: no fix.
      const bool fixable = timeout.slot && !shared && tightest >= aws::kLambdaMinTimeoutS;
      if (fixable && !long_work) long_work = long_work_by_function(ctx.graph);
      if (fixable && shows_short_work(*long_work, fn)) {
        const double fixed = std::floor(tightest);
        f.fixes.push_back(value_fix("Set Timeout to " + format_number(fixed), *timeout.slot,
                                    format_number(fixed)));
      }
      out.push_back(std::move(f));
    }
  }

 private:
  static bool shared_from_elsewhere(const Function& fn, const SourceRange& where) {
    const uint32_t line = where.line();
    return where.file == fn.header.file &&
           (line < fn.header.line() || line > std::max(fn.last_line, fn.header.line()));
  }

  static std::string invoked_by(const ApiIntegration& api) {
    if (api.kind == "AWS::Lambda::Permission") {
      return "API Gateway may invoke it (this permission; the integration itself is defined "
             "outside the template)";
    }
    return "invoked synchronously by this " + api.kind + " integration";
  }

  // An explicit TimeoutInMillis wins over the configured default (29 s unless the account
  // raised its quota), also above 29 s: a REST API declares that only with a raised quota. An
  // HTTP API waits 30 s unless told less, and no setting makes it wait longer.
  static double limit_of(const ApiIntegration& api, double configured_s) {
    if (api.http_api) {
      const double declared_s =
          api.timeout_ms.value ? *api.timeout_ms.value / 1000.0 : aws::kHttpApiIntegrationTimeoutS;
      return std::min(declared_s, aws::kHttpApiIntegrationTimeoutS);
    }
    if (api.timeout_ms.value) return *api.timeout_ms.value / 1000.0;
    return configured_s;
  }
};

}  // namespace

std::unique_ptr<Check> make_api_timeout_exceeds_integration() {
  return std::make_unique<ApiTimeoutExceedsIntegration>();
}

}  // namespace rightfit
