// The placement report for a terminal: a block per workload (recommendation, then its
// evidence axis by axis), the patterns, and one line of cost.
#include "integrations/report/placement.h"

namespace rightfit {

namespace {

std::string evidence_line(const Evidence& e) {
  std::string out = "    [" + std::string(lean_name(e.lean)) + "] ";
  if (!e.rule.empty()) out += e.rule + (e.suppressed ? " (suppressed)" : "") + " ";
  return out + placement_location(e.where) + ": " + e.message + "\n";
}

std::string workload_block(const PlacedWorkload& w) {
  std::string out = "\n" + placement_location(w.header) + ": " + w.id.name + " (" + w.kind +
                    " on " + w.platform + ")\n" +
                    (w.instances.empty() ? "" : "  instances: " + placement_instances(w) + "\n") +
                    "  recommendation: " + recommendation_name(w.recommendation) + " (" +
                    confidence_name(w.confidence) + " confidence): " + w.reason + "\n";
  for (size_t i = 0; i < kPlacementAxes; ++i) {
    const PlacementAxis axis = static_cast<PlacementAxis>(i);
    out += "  " + std::string(axis_name(axis)) + ": " + lean_name(w.axes[i].lean) + "\n";
    for (const Evidence& e : w.evidence) {
      if (e.axis == axis) out += evidence_line(e);
    }
  }
  return out;
}

std::string pattern_block(const DetectedPattern& p) {
  std::string out = "\n" + p.name + " (" + p.scope + ")\n  members:";
  for (size_t i = 0; i < p.members.size(); ++i) {
    out += std::string(i == 0 ? " " : ", ") + p.members[i].role + " " + p.members[i].name;
  }
  out += "\n";
  for (const PatternDeviation& d : p.deviations) {
    out += "  deviates: " + (d.rule.empty() ? "" : d.rule + " ") + placement_location(d.where) +
           ": " + d.message + "\n";
  }
  for (const std::string& n : p.not_modelled) out += "  not modelled: " + n + "\n";
  return out;
}

}  // namespace

std::string format_placement_text(const PlacementReport& report) {
  std::string out = "rightfit placement report: " + std::to_string(report.workloads.size()) +
                    (report.workloads.size() == 1 ? " workload" : " workloads") + " (" +
                    recommendation_summary(report) + ")\n";
  for (const PlacedWorkload& w : report.workloads) out += workload_block(w);
  out += "\nPatterns:" + std::string(report.patterns.empty() ? " none detected\n" : "\n");
  for (const DetectedPattern& p : report.patterns) out += pattern_block(p);
  if (!report.queues.empty()) out += "\nMeasured queues:\n";
  for (const MeasuredQueue& q : report.queues)
    out += "  " + placement_location(q.header) + ": " + q.id.name + ": " + measured_queue_text(q) +
           "\n";
  for (const std::string& e : report.cost.parse_errors) out += "\nNot analysed: " + e + "\n";
  out += "\nKnown monthly cost now: " + known_monthly_total_text(report.cost) +
         " (details: rightfit cost)\n";
  return out;
}

}  // namespace rightfit
