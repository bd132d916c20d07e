// RF402: a Lambda with a steady, known load (declared usage, or provisioned concurrency kept on
// around the clock) that always-on Fargate tasks, or Lambda Managed Instances, would carry for
// less.
#include <optional>

#include "analyzer/cost/cost_model.h"
#include "checks/check.h"

namespace rightfit {
namespace {

class LambdaSteadyLoadCheaperOnFargate : public Check {
 public:
  LambdaSteadyLoadCheaperOnFargate()
      : Check(describe_rule("RF402", "lambda-steady-load-cheaper-on-fargate", Severity::Warning,
                            "A Lambda's steady load would cost less on always-on Fargate tasks.",
                            "lambda_steady_load_cheaper_on_fargate")
                  .reading(RuleTag::Cost)
                  .bearing_on(PlacementBearing(PlacementAxis::TrafficCost, Lean::Fargate,
                                               Strength::Strong, {PatternRole::WorkerFunction})
                                  .softened_when_load_assumed())) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Function& fn : ctx.graph.functions) {
      WorkloadCost cost = estimate_function_cost(ctx.graph, fn, ctx.config);
      // A scheduled function's load is its runs, priced per run on both platforms (`rightfit
      // cost`): no always-on capacity to compare with.
      // A function on Lambda Managed Instances is already priced by its instances.
      if (!cost.priced() || !cost.requests_per_month || cost.basis == UsageBasis::Schedule ||
          cost.platform != Platform::Lambda)
        continue;
      const double requests = *cost.requests_per_month;
      Figures figures{requests,
                      cost.lambda_at(requests),
                      cost.fargate_at(requests),
                      cost.fargate.tasks_at(requests),
                      cost.break_even,
                      std::nullopt};
      if (cost.managed && cost.managed->monthly < figures.lambda)
        figures.managed = cost.managed->monthly;
      if (figures.lambda > figures.fargate || figures.managed)
        out.push_back(finding(fn, cost, figures));
    }
  }

 private:
  struct Figures {
    double requests;
    double lambda;
    double fargate;
    double tasks;
    std::optional<double> break_even;  // always set when Lambda costs more at some load
    std::optional<double> managed;     // Lambda Managed Instances, when they cost less
  };

  // The alternatives that cost less than the Lambda, with their sizing.
  static std::string alternatives_text(const WorkloadCost& cost, const Figures& figures) {
    std::string out;
    if (figures.fargate < figures.lambda) {
      out = describe_fargate(cost.fargate, figures.tasks) + " always-on Fargate " +
            (figures.tasks == 1 ? "task" : "tasks") + " carrying the same load cost " +
            format_usd(figures.fargate) + "/month";
    }
    if (figures.managed && cost.managed) {
      out += std::string(out.empty() ? "" : ", and ") + "Lambda Managed Instances (" +
             describe_managed_instances(*cost.managed) + ") cost " + format_usd(*figures.managed) +
             "/month";
    }
    return out;
  }

  Finding finding(const Function& fn, const WorkloadCost& cost, const Figures& figures) const {
    const std::string load = format_requests(figures.requests) + " requests/month x " +
                             format_quantity(cost.duration_ms) + " ms" +
                             (cost.duration_assumed ? " (assumed)" : "");
    std::string message =
        "Lambda function '" + fn.id.name + "' (" + describe_lambda(cost.lambda) + ") ";
    if (cost.requests_assumed) {
      message +=
          "keeps its provisioned concurrency on around the clock; with those environments busy (" +
          load + ", no usage declared) it costs ";
    } else {
      message += "at the " +
                 std::string(cost.basis == UsageBasis::Measured ? "measured" : "declared") + " " +
                 load + " costs ";
    }
    message +=
        format_usd(figures.lambda) + "/month, while " + alternatives_text(cost, figures) + ".";
    if (figures.break_even && figures.fargate < figures.lambda) {
      message += " Break-even: " + format_requests(*figures.break_even) +
                 " requests/month; above it Fargate costs less.";
    }
    message += figures.fargate < figures.lambda
                   ? " Serve the steady load from an ECS service on Fargate"
                   : " Give the function a capacity provider (CapacityProviderConfig)";
    message += figures.fargate < figures.lambda && figures.managed
                   ? ", or from Lambda Managed Instances (CapacityProviderConfig)"
                   : "";
    message += ", or lower the function's memory or duration";

    Finding f = diag(fn.header, std::move(message));
    f.subject = fn.id;
    f.substance = "steady-load";
    f.properties["alwaysOnMonthlyUsd"] = figures.fargate;
    f.properties["lambdaMonthlyUsd"] = figures.lambda;
    if (figures.managed) f.properties["managedInstancesMonthlyUsd"] = *figures.managed;
    if (figures.break_even) f.properties["breakEvenRequestsPerMonth"] = *figures.break_even;
    if (fn.provisioned_concurrency.written && cost.lambda.provisioned > 0) {
      f.related.push_back({*fn.provisioned_concurrency.written, "provisioned concurrency"});
    }
    if (cost.usage_declared) f.related.push_back({*cost.usage_declared, "usage declared here"});
    if (std::optional<SourceRange> file = measured_location(cost))
      f.related.push_back({*file, "usage " + basis_text(cost)});
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_steady_load_cheaper_on_fargate() {
  return std::make_unique<LambdaSteadyLoadCheaperOnFargate>();
}

}  // namespace rightfit
