// `rightfit report`: the placement engine's verdicts (analyzer/placement/), its patterns, the
// workload map and the cost section, put together for the formats.
#include <map>

#include "integrations/report/placement.h"

namespace rightfit {

PlacementReport build_placement_report(const WorkloadGraph& graph, const Config& config,
                                       const std::vector<Finding>& findings,
                                       const std::vector<RuleInfo>& rules) {
  PlacementReport report;
  report.cost = build_cost_report(graph, config, findings, rules);
  report.workloads = place_workloads(graph, config, findings, report.cost, rules);
  report.patterns = detect_patterns(graph, findings, rules);
  build_workload_map(graph, report);
  for (const Queue& q : graph.queues) {
    auto it = config.measured.find(q.id);
    if (it == config.measured.end()) continue;
    const MeasuredUsage& m = it->second;
    if (m.messages_per_month || m.oldest_message_age_max_s)
      report.queues.push_back({q.id, q.header, m});
  }
  return report;
}

std::string measured_queue_text(const MeasuredQueue& q) {
  const MeasuredUsage& m = q.measured;
  std::string out;
  if (m.messages_per_month) out = format_requests(*m.messages_per_month) + " messages/month";
  if (m.oldest_message_age_max_s)
    out += (out.empty() ? "" : ", ") + std::string("oldest message ") +
           format_quantity(*m.oldest_message_age_max_s) + " s at most";
  return out + ", measured over " + format_quantity(m.window_days) + " days (" + m.file + ")";
}

std::string placement_location(const SourceRange& where) {
  if (where.file.empty()) return "";
  return where.file + (where.known() ? ":" + std::to_string(where.line()) : "");
}

std::string workload_key(const EntityId& id) { return id.scope + "#" + id.name; }

std::string placement_instances(const PlacedWorkload& w) {
  std::string out;
  for (const std::string& i : w.instances) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string recommendation_summary(const PlacementReport& report) {
  std::map<int, size_t> counts;
  for (const PlacedWorkload& w : report.workloads) ++counts[static_cast<int>(w.recommendation)];
  std::string out;
  for (const auto& [r, n] : counts) {
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " +
           recommendation_name(static_cast<Recommendation>(r));
  }
  return out.empty() ? "no workloads" : out;
}

}  // namespace rightfit
