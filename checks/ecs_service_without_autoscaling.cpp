// RF405: a load-balanced ECS service with a fixed task count cannot follow its load.
#include "checks/check.h"
#include "checks/scaling_fix.h"

namespace rightfit {
namespace {

class EcsServiceWithoutAutoscaling : public Check {
 public:
  EcsServiceWithoutAutoscaling()
      : Check(describe_rule("RF405", "ecs-service-without-autoscaling", Severity::Info,
                            "An ECS service (or Kubernetes Deployment) behind a load balancer "
                            "has no autoscaling.",
                            "ecs_service_without_autoscaling")
                  .bearing_on(PlacementBearing(PlacementAxis::TrafficCost, Lean::Lambda,
                                               Strength::Soft, {PatternRole::FrontService}))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Service& s : ctx.graph.services) {
      if (!s.load_balancers) continue;
      std::vector<const ScalingTarget*> targets = ctx.graph.scaling_targets_of(s);
      bool scales = false;
      for (const ScalingTarget* t : targets) scales = scales || t->has_policy;
      if (scales) continue;
      // One clause for each case, so the message never stacks "but ... but".
      const ServiceTerms terms = terms_of(s);
      std::string gap = targets.empty() ? "has no " + terms.scaler
                                        : "has a scalable target with no scaling policy";
      const std::string fix = s.kind.empty() ? "Add a target-tracking policy (e.g. on CPU or "
                                               "requests per target)"
                                             : "Add a HorizontalPodAutoscaler (e.g. on CPU "
                                               "utilization) or a KEDA ScaledObject";
      std::string message = terms.noun + " '" + s.id.name + "' is behind a load balancer and ";
      message += gap;
      message += ": it runs a fixed number of " + terms.replicas + " whatever the load. ";
      message += fix;
      Finding f = diag(s.header, std::move(message));
      f.subject = s.id;
      f.substance = "autoscaling";
      f.related.push_back({*s.load_balancers, terms.front});
      for (const ScalingTarget* t : targets) f.related.push_back({t->header, "scalable target"});
      // A second scalable target of the same service would be refused: with one already, the
      // policy to add is the user's choice.
      if (targets.empty()) {
        if (std::optional<Fix> fix = cpu_scaling_fix(s)) f.fixes.push_back(std::move(*fix));
      }
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_ecs_service_without_autoscaling() {
  return std::make_unique<EcsServiceWithoutAutoscaling>();
}

}  // namespace rightfit
