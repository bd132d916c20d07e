// The placement engine: for every workload (Lambda function, ECS service, Kubernetes
// Deployment, CronJob) the evidence on each axis of the comparison, from the findings of the
// analysis (their rules' bearings, RuleInfo::bearing) and from what the graph states directly;
// the recommendation (stay, move to Fargate, move to Lambda, split) and its confidence; and
// the hybrid patterns the system follows. Rules come in as data (the driver passes the
// registry's list), so nothing here names a rule. integrations/report/ renders the result.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/cost/cost_report.h"
#include "analyzer/finding.h"
#include "analyzer/placement/bearing.h"
#include "analyzer/rule_info.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

// MoveToLambdaManagedInstances and UseStepFunctions: the newer homes of a function, where its
// cost on each side says they fit better (a steady load, a run that waits on other work).
enum class Recommendation {
  Stay,
  MoveToFargate,
  MoveToLambda,
  Split,
  MoveToLambdaManagedInstances,
  UseStepFunctions
};
enum class Confidence { High, Medium, Low };
const char* recommendation_name(Recommendation r);  // "stay", "move-to-fargate", ...
const char* confidence_name(Confidence c);          // "high", "medium", "low"
const char* axis_name(PlacementAxis a);             // "duration", ..., "traffic_cost"
const char* lean_name(Lean l);                      // "neutral", "lambda", "fargate"
const char* strength_name(Strength s);              // "none", "soft", "strong", "hard"

// Weights (the confidence rule of docs/cost-and-placement.md): a warning or error finding, or a
// cost comparison on declared usage, weighs 2; an info finding or a setting read from the sources
// 1; suppressed findings, assumed figures and neutral facts nothing.
inline constexpr int kFindingWeight = 2;
inline constexpr int kSettingWeight = 1;

struct Evidence {
  PlacementAxis axis = PlacementAxis::Duration;
  Lean lean = Lean::Neutral;
  int weight = 0;
  std::string message;
  SourceRange where;
  std::string rule;  // the finding's rule ID; empty for what the graph says directly
  bool suppressed = false;
  Strength strength = Strength::None;
  // From the rule's bearing: the caller gives up before the function ends (it may split a
  // workload); a value the analysis needed is unknown (the confidence drops a step).
  bool caller_gives_up = false;
  bool unresolved_value = false;
  // From the rule's bearing: the function waits on other work (polls, sleeps).
  bool waits_on_other_work = false;
};

struct AxisVerdict {
  Lean lean = Lean::Neutral;
  int lambda_weight = 0;
  int fargate_weight = 0;
};

struct PlacedWorkload {
  EntityId id;
  // "function", "ecs-service", "deployment", "statefulset", "cronjob", "scheduled-task"
  std::string kind;
  std::string type;  // the resource type as written
  SourceRange header;
  std::string platform;  // "Lambda", "Fargate", "EKS on EC2", ...
  bool on_lambda = false;
  Recommendation recommendation = Recommendation::Stay;
  Confidence confidence = Confidence::Low;
  std::string reason;  // one sentence: why this recommendation
  // The monthly cost on each side a recommendation weighed ("Lambda" -> "$131.00/month"), in
  // the order the reason names them; empty when it weighed no cost.
  std::vector<std::pair<std::string, std::string>> costs;
  std::array<AxisVerdict, kPlacementAxes> axes{};
  std::vector<Evidence> evidence;  // by axis, then as found
  // One module that several root modules (environments) call: the roots whose look-alike
  // instances (same place, platform and verdict) this entry stands for, as short as they
  // stay distinct ("dev", "production"). Empty: one instance.
  std::vector<std::string> instances;

  const AxisVerdict& axis(PlacementAxis a) const { return axes[static_cast<size_t>(a)]; }
};

struct PatternMember {
  std::string role;  // "api", "function", "database", "front", "queue", "worker", ...
  std::string name;
  SourceRange where;
};

struct PatternDeviation {
  std::string message;
  SourceRange where;
  std::string rule;  // empty when the graph shows it without a finding
};

struct DetectedPattern {
  std::string name;  // "api-gateway-lambda-db", "ecs-alb-rds", "ecs-front-sqs-workers"
  std::string scope;
  std::vector<PatternMember> members;
  std::vector<PatternDeviation> deviations;
  std::vector<std::string> not_modelled;  // what the graph cannot tell about this pattern
};

// Every function and service of `cost` and every scheduled job of the graph, placed, by file
// then line.
std::vector<PlacedWorkload> place_workloads(const WorkloadGraph& graph, const Config& config,
                                            const std::vector<Finding>& findings,
                                            const CostReport& cost,
                                            const std::vector<RuleInfo>& rules);

// The evidence one finding gives about a workload (axis, lean and strength from its rule's
// bearing in `rules`, weight from its severity); `timeout_s` is the function's effective
// Timeout when known (below the bearing's setting_below_timeout_s, e.g. RF101 under 1 s, it is
// a setting to fix, not a limit).
Evidence finding_evidence(const Finding& f, const std::vector<RuleInfo>& rules,
                          std::optional<double> timeout_s = std::nullopt);
// The verdict of one workload from its evidence (`on_lambda`, `platform`, `evidence` set):
// fills `axes`, `recommendation`, `confidence` and `reason` by the rules of
// docs/cost-and-placement.md.
void decide_placement(PlacedWorkload& w, bool behind_api);

// The hybrid patterns of the system (analyzer/placement/patterns.cpp); a finding is a
// pattern's deviation where its rule's bearing names the member's role.
std::vector<DetectedPattern> detect_patterns(const WorkloadGraph& graph,
                                             const std::vector<Finding>& findings,
                                             const std::vector<RuleInfo>& rules);
// The queues a service's task definition names (environment, secrets, command).
std::vector<const Queue*> queues_named_by(const WorkloadGraph& graph, const Service& s);

}  // namespace rightfit
