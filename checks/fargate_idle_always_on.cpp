// RF401: a Fargate service that runs around the clock for work that comes in bursts (a queue
// or a schedule drives it, nothing fronts it) or for a declared load a Lambda would serve for
// less.
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cost/cost_model.h"
#include "checks/check.h"
#include "checks/measured.h"
#include "checks/scaling_fix.h"

namespace rightfit {
namespace {

// A scalable target whose MinCapacity is 0 (or not statically known: given the benefit of
// the doubt) lets the service idle at zero tasks.
bool can_scale_to_zero(const WorkloadGraph& graph, const Service& s) {
  for (const ScalingTarget* t : graph.scaling_targets_of(s)) {
    // An unwritten minimum with a value is the format's default (KEDA's minReplicaCount 0).
    const Property<double>& min = t->min_capacity;
    if ((min.is_written() && !min.value) || (min.value && *min.value <= 0)) return true;
  }
  return false;
}

std::string tasks_noun(const Service& s, double tasks) {
  ServiceTerms terms = terms_of(s);
  return tasks == 1 ? terms.replica : terms.replicas;
}

// Why the service's work comes in bursts: what it consumes or what drives its task count.
struct BurstEvidence {
  std::string says;  // "it consumes queue 'Jobs'"
  SourceRange where;
  std::string note;  // the related location's text
};

// A service without a load balancer is not necessarily idle between bursts: it may serve
// other services through Cloud Map, or be a resident server (a scraper, a relay). Only these
// say that its work is a queue's or a schedule's.
std::vector<BurstEvidence> burst_evidence(const WorkloadGraph& graph, const Service& s) {
  std::vector<BurstEvidence> out;
  const TaskDefinition* td =
      s.task_definition ? graph.task_definition(s.id.scope, *s.task_definition) : nullptr;
  if (td && !td->queues.empty()) {
    const Reference& q = td->queues.front();
    out.push_back({"it consumes queue '" + q.target + "'", q.where,
                   s.pod ? "its pod template names the queue here"
                         : "its task definition names the queue here"});
  }
  for (const ScalingTarget* t : graph.scaling_targets_of(s)) {
    const std::string floor =
        t->min_capacity.value ? format_quantity(*t->min_capacity.value) : std::string("1");
    if (t->queue_metric) {
      out.push_back({"it scales on queue depth but never below " + floor + " " +
                         tasks_noun(s, t->min_capacity.value.value_or(1)),
                     *t->queue_metric, "scaled on this queue metric"});
    }
    if (t->schedule) {
      out.push_back({"a schedule sets its " + terms_of(s).replica + " count but never below " +
                         floor + " " + tasks_noun(s, t->min_capacity.value.value_or(1)),
                     *t->schedule, "scheduled scaling"});
    }
  }
  return out;
}

std::string joined(const std::vector<BurstEvidence>& evidence) {
  std::string out;
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    if (i) out += i + 1 == evidence.size() ? " and " : ", ";
    out += evidence[i].says;
  }
  return out;
}

// Measured CPU and memory say whether the service is idle: RF407 judges that, on the same
// floor this rule would report, so one line never carries both.
bool utilisation_measured(const CheckContext& ctx, const Service& s) {
  const MeasuredUsage* usage = measured_usage_of(ctx, s.id);
  return usage && usage->cpu_avg_percent && usage->memory_avg_percent;
}

// The queue the service's task definition names first, as the graph knows it.
const Queue* consumed_queue(const WorkloadGraph& graph, const Service& s) {
  const TaskDefinition* td =
      s.task_definition ? graph.task_definition(s.id.scope, *s.task_definition) : nullptr;
  if (!td || td->queues.empty()) return nullptr;
  return graph.queue(s.id.scope, td->queues.front().target);
}

// A queue's worker can scale on the queue's depth from zero: with no scaling, a scalable
// target and its steps are added; with one scaler whose minimum holds it at 1 or more, that
// minimum becomes 0 (and the steps are added for a target with no policy). Not for a service
// that serves requests (no depth to follow), nor with several scalers (which one is meant?).
std::optional<Fix> scale_to_zero_fix(const WorkloadGraph& graph, const Service& s, double tasks) {
  if (s.load_balancers || s.service_discovery) return std::nullopt;
  const std::vector<const ScalingTarget*> targets = graph.scaling_targets_of(s);
  const Queue* queue = consumed_queue(graph, s);
  if (targets.empty()) return queue ? queue_scaling_fix(s, *queue, tasks) : std::nullopt;
  if (targets.size() > 1) return std::nullopt;
  return scale_target_to_zero_fix(s, *targets.front(), queue);
}

class FargateIdleAlwaysOn : public Check {
 public:
  FargateIdleAlwaysOn()
      : Check(describe_rule("RF401", "fargate-idle-always-on", Severity::Warning,
                            "A Fargate service runs around the clock for work a Lambda would "
                            "serve for less.",
                            "fargate_idle_always_on")
                  .reading(RuleTag::Cost)
                  .bearing_on(
                      PlacementBearing(PlacementAxis::TrafficCost, Lean::Lambda, Strength::Strong,
                                       {PatternRole::FrontService, PatternRole::WorkerService}))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Service& s : ctx.graph.services) {
      if (utilisation_measured(ctx, s)) continue;
      WorkloadCost cost = estimate_service_cost(ctx.graph, s, ctx.config);
      if (!cost.priced() || !cost.break_even) continue;  // no task runs: nothing to break even
      const double tasks = cost.fargate.fixed_tasks.value_or(0);
      if (tasks < 1 || can_scale_to_zero(ctx.graph, s)) continue;
      const double always_on = cost.fargate_at(0);
      std::optional<double> lambda;  // at the declared usage
      if (cost.requests_per_month) lambda = cost.lambda_at(*cost.requests_per_month);
      const bool lambda_cheaper = lambda && *lambda < always_on;
      // (b) declared usage that costs less on Lambda, whatever fronts the service. (a) bursty
      // work with nothing in front, when no declared usage says it is busy.
      const bool serves = s.load_balancers || s.service_discovery;
      std::vector<BurstEvidence> evidence;
      if (!serves && !lambda) evidence = burst_evidence(ctx.graph, s);
      if (!lambda_cheaper && evidence.empty()) continue;
      Finding f = finding(s, cost, Figures{tasks, always_on, lambda, *cost.break_even}, evidence);
      if (std::optional<Fix> fix = scale_to_zero_fix(ctx.graph, s, tasks))
        f.fixes.push_back(std::move(*fix));
      out.push_back(std::move(f));
    }
  }

 private:
  struct Figures {
    double tasks;
    double always_on;
    std::optional<double> lambda;
    double break_even;
  };

  static std::string front_of(const Service& s, const std::vector<BurstEvidence>& evidence) {
    if (!evidence.empty()) return "bursty work: " + joined(evidence) + ", no load balancer";
    if (s.load_balancers) return "behind a load balancer, no scaling to zero";
    if (s.service_discovery) return "registered for service discovery, no scaling to zero";
    return "no load balancer, no scaling to zero";
  }

  Finding finding(const Service& s, const WorkloadCost& cost, const Figures& figures,
                  const std::vector<BurstEvidence>& evidence) const {
    const ServiceTerms terms = terms_of(s);
    std::string message = terms.noun + " '" + s.id.name + "' keeps " +
                          describe_fargate(cost.fargate, figures.tasks) + " " +
                          platform_name(cost.platform) + " " + tasks_noun(s, figures.tasks) +
                          " running around the clock (" + front_of(s, evidence) +
                          "): " + format_usd(figures.always_on) + "/month always-on.";
    const std::string lambda = "a Lambda with " + format_quantity(cost.lambda.memory_mb) +
                               " MB at " + format_quantity(cost.duration_ms) + " ms" +
                               (cost.duration_assumed ? " (assumed)" : "") + " per request";
    if (figures.lambda) {
      message += " Its declared usage (" + format_requests(cost.requests_per_month.value_or(0)) +
                 " requests/month) would cost " + format_usd(*figures.lambda) + "/month on " +
                 lambda + ".";
    }
    message += " Break-even: " + format_requests(figures.break_even) +
               " requests/month; below that " + (figures.lambda ? "Lambda" : lambda) +
               " costs less. " +
               (s.load_balancers || s.service_discovery
                    ? std::string("Serve this load from a Lambda (behind the load "
                                  "balancer or API Gateway), or run fewer, "
                                  "smaller ") +
                          terms.replicas
                    : "Scale the " + std::string(s.kind.empty() ? "service" : s.kind) +
                          " to zero between bursts (" + terms.scale_to_zero +
                          ") or run the work as a Lambda");

    Finding f = diag(effective_desired_count(s).where, std::move(message));
    f.subject = s.id;
    f.substance = "always-on";
    f.properties["alwaysOnMonthlyUsd"] = figures.always_on;
    if (figures.lambda) f.properties["lambdaMonthlyUsd"] = *figures.lambda;
    f.properties["breakEvenRequestsPerMonth"] = figures.break_even;
    if (s.load_balancers) f.related.push_back({*s.load_balancers, terms.front});
    if (s.service_discovery) f.related.push_back({*s.service_discovery, "service discovery"});
    for (const BurstEvidence& e : evidence) f.related.push_back({e.where, e.note});
    if (s.pod && s.launch_type.written)  // Kubernetes: what puts its pods on Fargate
      f.related.push_back({*s.launch_type.written, "the Fargate profile selector that runs it"});
    if (cost.usage_declared) f.related.push_back({*cost.usage_declared, "usage declared here"});
    if (std::optional<SourceRange> file = measured_location(cost))
      f.related.push_back({*file, "usage " + basis_text(cost)});
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_fargate_idle_always_on() {
  return std::make_unique<FargateIdleAlwaysOn>();
}

}  // namespace rightfit
