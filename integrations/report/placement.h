// `rightfit report`: for every workload (Lambda function, ECS service, Kubernetes Deployment,
// CronJob) the platform it is on, where it should run (stay, move to Fargate, move to Lambda,
// split) with a confidence, and the evidence on each axis of the comparison, each item with
// the file:line that supports it; the hybrid patterns the system follows and where it
// deviates from them; and a map of workloads and what links them. Built from the
// WorkloadGraph and the findings of the analysis (no rule is evaluated again here), as text,
// Markdown, JSON or one self-contained HTML page that embeds the cost report.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/finding.h"
#include "analyzer/workload_graph.h"
#include "integrations/report/cost_report.h"

namespace rightfit {

enum class Recommendation { Stay, MoveToFargate, MoveToLambda, Split };
enum class Confidence { High, Medium, Low };
// The axes of the comparison, in the order every format shows them.
enum class PlacementAxis { Duration, State, Startup, TrafficCost, Customization };
inline constexpr size_t kPlacementAxes = 5;
// Which platform a piece of evidence argues for.
enum class Lean { Neutral, Lambda, Fargate };
// What one piece of evidence can do to a verdict (the evidence table of the README, "Placement
// report"): `Hard`, a limit of the platform it argues against (enough alone to move off it, and
// it forbids a move onto it); `Strong`, enough alone; `Soft`, never enough alone (two of
// different rules on the duration and state axes together count as strong); `None`, it only
// weighs on the confidence.
enum class Strength { None, Soft, Strong, Hard };

const char* recommendation_name(Recommendation r);  // "stay", "move-to-fargate", ...
const char* confidence_name(Confidence c);          // "high", "medium", "low"
const char* axis_name(PlacementAxis a);             // "duration", ..., "traffic_cost"
const char* lean_name(Lean l);                      // "neutral", "lambda", "fargate"
const char* strength_name(Strength s);              // "none", "soft", "strong", "hard"

// Weights (the confidence rule of the README): a warning or error finding, or a cost
// comparison on declared usage, weighs 2; an info finding or a setting read from the sources 1;
// suppressed findings, assumed figures and neutral facts nothing.
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
};

struct AxisVerdict {
  Lean lean = Lean::Neutral;
  int lambda_weight = 0;
  int fargate_weight = 0;
};

struct PlacedWorkload {
  EntityId id;
  std::string kind;  // "function", "ecs-service", "deployment", "statefulset", "cronjob"
  std::string type;  // the resource type as written
  SourceRange header;
  std::string platform;  // "Lambda", "Fargate", "EKS on EC2", ...
  bool on_lambda = false;
  Recommendation recommendation = Recommendation::Stay;
  Confidence confidence = Confidence::Low;
  std::string reason;  // one sentence: why this recommendation
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

// The workload map: workloads and what they talk to, for the HTML page's SVG.
struct MapNode {
  std::string key;                 // unique within the map
  std::string kind;                // "function", "service", "job", "queue", "api", "load-balancer",
                                   // "event", "database", "proxy"
  std::string label;               // what the node shows
  std::optional<size_t> workload;  // index into PlacementReport::workloads
  int column = 0;                  // 0 entry points, 1 fronts, 2 queues, 3 workers, 4 data stores
};

struct MapEdge {
  size_t from = 0;  // indexes into PlacementReport::nodes
  size_t to = 0;
  std::string label;
};

struct PlacementReport {
  std::vector<PlacedWorkload> workloads;  // by file, then line
  std::vector<DetectedPattern> patterns;
  std::vector<MapNode> nodes;
  std::vector<MapEdge> edges;
  CostReport cost;  // the cost section
};

PlacementReport build_placement_report(const WorkloadGraph& graph, const Config& config,
                                       const std::vector<Finding>& findings);

// The evidence one finding gives about a workload (axis, lean, weight and strength from the
// table); `timeout_s` is the function's effective Timeout when known (an RF101 for a Timeout
// below 1 s is a setting to fix, not a limit).
Evidence finding_evidence(const Finding& f, std::optional<double> timeout_s = std::nullopt);
// The verdict of one workload from its evidence (`on_lambda`, `platform`, `evidence` set):
// fills `axes`, `recommendation`, `confidence` and `reason` by the README's rules.
void decide_placement(PlacedWorkload& w, bool behind_api);

// Whether a rule's findings count as evidence (each such rule has one axis and one platform
// it argues for, or neither); every rule but RF001 does.
bool bears_on_placement(const std::string& rule);

// The hybrid patterns of the system (integrations/report/placement_patterns.cpp).
std::vector<DetectedPattern> detect_patterns(const WorkloadGraph& graph,
                                             const std::vector<Finding>& findings);
// Fills `report.nodes` and `report.edges` from the graph and the placed workloads.
void build_workload_map(const WorkloadGraph& graph, PlacementReport& report);

// The queues a service's task definition names (environment, secrets, command).
std::vector<const Queue*> queues_named_by(const WorkloadGraph& graph, const Service& s);

// "file:line" of a location, "" when unknown.
std::string placement_location(const SourceRange& where);
// The root modules an entry stands for, "dev, production"; "" for one instance.
std::string placement_instances(const PlacedWorkload& w);
// How many workloads have each recommendation: "2 stay, 1 move-to-fargate".
std::string recommendation_summary(const PlacementReport& report);

std::string format_placement_text(const PlacementReport& report);
std::string format_placement_markdown(const PlacementReport& report);
std::string format_placement_json(const PlacementReport& report);
std::string format_placement_html(const PlacementReport& report);
// The workload map as inline SVG: one `g.map-node` per node (workloads carry
// data-workload="<id>" and data-recommendation), one `path.map-edge` per link. No script.
std::string placement_map_svg(const PlacementReport& report);
// A workload's ID as every format shows it: "<scope>#<name>".
std::string workload_key(const EntityId& id);

}  // namespace rightfit
