// RF407: a Fargate service that measured usage shows mostly idle (low CPU and memory, never
// at zero tasks) for a load a Lambda serves for less. Measured figures are this rule's to
// judge: RF401 yields on a service whose utilisation was measured, so one line never carries
// both.
#include <optional>
#include <string>

#include "analyzer/cost/cost_model.h"
#include "checks/check.h"
#include "checks/measured.h"

namespace rightfit {
namespace {

// The load a Lambda would carry: declared in `.rightfit.yaml`, else the measured messages of
// the queue the service consumes. ECS measures no requests, so without either there is no
// request shape to price.
struct Load {
  double requests_per_month = 0;
  std::string says;  // "1.2M requests/month declared"
  std::optional<RelatedLocation> source;
};

std::optional<Load> load_of(const CheckContext& ctx, const Service& s, const WorkloadCost& cost) {
  if (cost.requests_per_month && !cost.requests_assumed) {
    Load load{*cost.requests_per_month,
              format_requests(*cost.requests_per_month) + " requests/month declared",
              {}};
    if (cost.usage_declared) load.source = RelatedLocation{*cost.usage_declared, "usage declared"};
    return load;
  }
  const TaskDefinition* td =
      s.task_definition ? ctx.graph.task_definition(s.id.scope, *s.task_definition) : nullptr;
  if (!td) return std::nullopt;
  for (const Reference& ref : td->queues) {
    const Queue* q = ctx.graph.queue(s.id.scope, ref.target);
    const MeasuredUsage* usage = q ? measured_usage_of(ctx, q->id) : nullptr;
    if (!usage || !usage->messages_per_month) continue;
    return Load{*usage->messages_per_month,
                format_requests(*usage->messages_per_month) +
                    " messages/month measured on queue '" + ref.target + "'",
                RelatedLocation{ref.where, "the queue whose measured messages are its load"}};
  }
  return std::nullopt;
}

// The line to change: the scaling target's MinCapacity when one keeps the floor, else the
// DesiredCount (or the service header).
SourceRange floor_location(const WorkloadGraph& graph, const Service& s) {
  for (const ScalingTarget* t : graph.scaling_targets_of(s)) {
    if (t->min_capacity.written) return *t->min_capacity.written;
  }
  return effective_desired_count(s).where;
}

class FargateMeasuredUnderused : public Check {
 public:
  FargateMeasuredUnderused()
      : Check(describe_rule("RF407", "fargate-measured-underused", Severity::Warning,
                            "Measured usage shows a Fargate service mostly idle for a load a "
                            "Lambda serves for less.",
                            "fargate_measured_underused")
                  .reading(RuleTag::Cost)
                  .with_option(
                      {"cpu_percent", 10, "idle below this average CPU utilisation (percent)", ""})
                  .with_option({"memory_percent", 25,
                                "idle below this average memory utilisation (percent)", ""})
                  .bearing_on(
                      PlacementBearing(PlacementAxis::TrafficCost, Lean::Lambda, Strength::Strong,
                                       {PatternRole::FrontService, PatternRole::WorkerService}))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Service& s : ctx.graph.services) {
      const MeasuredUsage* usage = measured_usage_of(ctx, s.id);
      const std::optional<Idle> idle = usage ? idle_figures(ctx, *usage) : std::nullopt;
      if (!idle) continue;
      const WorkloadCost cost = estimate_service_cost(ctx.graph, s, ctx.config);
      if (!cost.priced() || cost.basis != UsageBasis::Measured) continue;
      const std::optional<double> fargate = cost.current_monthly;
      const std::optional<Load> load = load_of(ctx, s, cost);
      if (!fargate || !load) continue;
      const double lambda = cost.lambda_at(load->requests_per_month);
      if (lambda >= *fargate) continue;
      out.push_back(finding(ctx.graph, s, cost, *usage, *idle, *load, Costs{*fargate, lambda}));
    }
  }

 private:
  // The measured figures that make a service idle, read once.
  struct Idle {
    double cpu_percent;
    double memory_percent;
    double tasks_avg;
    double tasks_min;
    std::optional<double> tasks_max;
  };
  struct Costs {
    double fargate;
    double lambda;
  };

  std::optional<Idle> idle_figures(const CheckContext& ctx, const MeasuredUsage& u) const {
    const std::optional<double> cpu = u.cpu_avg_percent;
    const std::optional<double> memory = u.memory_avg_percent;
    const std::optional<double> avg = u.tasks_avg;
    const std::optional<double> min = u.tasks_min;
    if (!cpu || !memory || !avg || !min) return std::nullopt;
    if (*min < 1 || *cpu >= option(ctx, "cpu_percent") || *memory >= option(ctx, "memory_percent"))
      return std::nullopt;
    return Idle{*cpu, *memory, *avg, *min, u.tasks_max};
  }

  static std::string measured_figures(const Service& s, const WorkloadCost& cost,
                                      const Idle& idle) {
    std::string text = "CPU " + format_quantity(idle.cpu_percent) + "% and memory " +
                       format_quantity(idle.memory_percent) + "% on average of " +
                       describe_fargate(cost.fargate, idle.tasks_avg) + " " + terms_of(s).replicas;
    const std::string min = format_quantity(idle.tasks_min);
    if (!idle.tasks_max) return text + " (at least " + min + ")";
    if (*idle.tasks_max == idle.tasks_min) return text + " (always " + min + ")";
    return text + " (" + min + " to " + format_quantity(*idle.tasks_max) + ", never 0)";
  }

  Finding finding(const WorkloadGraph& graph, const Service& s, const WorkloadCost& cost,
                  const MeasuredUsage& u, const Idle& idle, const Load& load,
                  const Costs& costs) const {
    const ServiceTerms terms = terms_of(s);
    std::string message = terms.noun + " '" + s.id.name + "' is mostly idle, measured " +
                          measured_window(u) + ": " + measured_figures(s, cost, idle) + "; " +
                          format_usd(costs.fargate) + "/month on " + platform_name(cost.platform) +
                          ". Its load (" + load.says + ") at " + format_quantity(cost.duration_ms) +
                          " ms" + (cost.duration_assumed ? " (assumed)" : " (declared)") +
                          " per request costs " + format_usd(costs.lambda) + "/month on a " +
                          describe_lambda(cost.lambda) +
                          " Lambda. Serve it from a Lambda, or let the " + terms.replicas +
                          " scale to zero (" + terms.scale_to_zero + ")";
    Finding f = diag(floor_location(graph, s), std::move(message));
    f.subject = s.id;
    f.substance = "always-on";
    f.properties["alwaysOnMonthlyUsd"] = costs.fargate;
    f.properties["lambdaMonthlyUsd"] = costs.lambda;
    if (const std::optional<double> b = cost.break_even)
      f.properties["breakEvenRequestsPerMonth"] = *b;
    f.related.push_back(measured_file_location(u));
    if (load.source) f.related.push_back(*load.source);
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_fargate_measured_underused() {
  return std::make_unique<FargateMeasuredUnderused>();
}

}  // namespace rightfit
