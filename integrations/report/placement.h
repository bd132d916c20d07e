// `rightfit report`: for every workload (Lambda function, ECS service, Kubernetes Deployment,
// CronJob) the platform it is on, where it should run (stay, move to Fargate, move to Lambda,
// split) with a confidence, and the evidence on each axis of the comparison, each item with
// the file:line that supports it; the hybrid patterns the system follows and where it
// deviates from them; and a map of workloads and what links them. Built from the
// WorkloadGraph and the findings of the analysis (no rule is evaluated again here), as text,
// Markdown, JSON or one self-contained HTML page that embeds the cost report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/placement/placement.h"
#include "integrations/report/cost_report.h"
#include "integrations/report/markdown_comment.h"

namespace rightfit {

// The workload map: workloads and what they talk to, for the HTML page's SVG.
struct MapNode {
  std::string key;                 // unique within the map
  std::string kind;                // "function", "service", "job", "queue", "api", "load-balancer",
                                   // "event", "database", "proxy"
  std::string label;               // what the node shows
  std::optional<size_t> workload;  // index into PlacementReport::workloads
  int column = 0;                  // 0 entry points, 1 fronts, 2 queues, 3 workers, 4 data stores
  std::string scope;               // the template or Terraform module directory it belongs to
};

struct MapEdge {
  size_t from = 0;  // indexes into PlacementReport::nodes
  size_t to = 0;
  std::string label;
};

// A queue a usage file measured (SQS NumberOfMessagesReceived, ApproximateAgeOfOldestMessage):
// the traffic its consumers carry. Only with `--usage`.
struct MeasuredQueue {
  EntityId id;
  SourceRange header;
  MeasuredUsage measured;
};

struct PlacementReport {
  std::vector<PlacedWorkload> workloads;  // by file, then line
  std::vector<MeasuredQueue> queues;      // measured ones only, in the graph's order
  std::vector<DetectedPattern> patterns;
  std::vector<MapNode> nodes;
  std::vector<MapEdge> edges;
  CostReport cost;  // the cost section
};

PlacementReport build_placement_report(const WorkloadGraph& graph, const Config& config,
                                       const std::vector<Finding>& findings,
                                       const std::vector<RuleInfo>& rules);

// Fills `report.nodes` and `report.edges` from the graph and the placed workloads.
void build_workload_map(const WorkloadGraph& graph, PlacementReport& report);

// "file:line" of a location, "" when unknown.
std::string placement_location(const SourceRange& where);
// The root modules an entry stands for, "dev, production"; "" for one instance.
std::string placement_instances(const PlacedWorkload& w);
// "1.2M messages/month, oldest message 35 s at most, measured over 14 days (usage.json)".
std::string measured_queue_text(const MeasuredQueue& q);
// How many workloads have each recommendation: "2 stay, 1 move-to-fargate".
std::string recommendation_summary(const PlacementReport& report);

std::string format_placement_text(const PlacementReport& report);
// Never longer than `options.max_chars` (GitHub's comment limit by default): what does not fit
// is left out and counted, the table before the evidence before the patterns.
std::string format_placement_markdown(const PlacementReport& report,
                                      const MarkdownOptions& options = {});
std::string format_placement_json(const PlacementReport& report);
std::string format_placement_html(const PlacementReport& report);
// The workload map as inline SVG, laid out by Graphviz's dot: one `g.map-node` per node
// (workloads carry data-workload="<id>" and data-recommendation), one `path.map-edge` per link
// (data-from/data-to name the nodes' data-node), one `g.map-cluster` per file. Past
// kMapNodeLimit nodes, one node per file (data-kind="file", data-workloads="<count>") and the
// svg carries data-collapsed="by-file". No script.
std::string placement_map_svg(const PlacementReport& report);
// Beyond this many nodes the map draws one node per file (docs/workload-map.md says why).
inline constexpr size_t kMapNodeLimit = 150;
// A workload's ID as every format shows it: "<scope>#<name>".
std::string workload_key(const EntityId& id);

}  // namespace rightfit
