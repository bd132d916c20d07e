// The placement report as GitHub-flavoured Markdown for a pull request comment: the summary
// table first, the evidence and the patterns folded below it.
#include "integrations/report/placement.h"

namespace rightfit {

namespace {

std::string summary_table(const PlacementReport& report) {
  std::string out =
      "| Workload | Platform | Recommendation | Confidence | Why |\n|---|---|---|---|---|\n";
  for (const PlacedWorkload& w : report.workloads) {
    out += "| **" + markdown_cell(w.id.name) + "**<br>" +
           markdown_cell(placement_location(w.header)) +
           (w.instances.empty() ? "" : "<br>instances: " + markdown_cell(placement_instances(w))) +
           " | " + markdown_cell(w.platform) + " | **" + recommendation_name(w.recommendation) +
           "** | " + confidence_name(w.confidence) + " | " + markdown_cell(w.reason) + " |\n";
  }
  return out;
}

std::string evidence_details(const PlacedWorkload& w) {
  std::string out = "<details><summary><b>" + markdown_cell(w.id.name) +
                    "</b>: " + recommendation_name(w.recommendation) + "</summary>\n\n";
  for (const Evidence& e : w.evidence) {
    out += "- " + std::string(axis_name(e.axis)) + " (" + lean_name(e.lean) + ")" +
           (e.rule.empty() ? "" : " **" + e.rule + "**" + (e.suppressed ? " (suppressed)" : "")) +
           " `" + placement_location(e.where) + "`: " + markdown_cell(e.message) + "\n";
  }
  return out + "\n</details>\n";
}

std::string pattern_item(const DetectedPattern& p) {
  std::string out = "- **" + p.name + "** (" + markdown_cell(p.scope) + "):";
  for (size_t i = 0; i < p.members.size(); ++i) {
    out += std::string(i == 0 ? " " : ", ") + p.members[i].role + " " +
           markdown_cell(p.members[i].name);
  }
  out += "\n";
  for (const PatternDeviation& d : p.deviations) {
    out += "  - deviates" + (d.rule.empty() ? "" : " **" + d.rule + "**") + " `" +
           placement_location(d.where) + "`: " + markdown_cell(d.message) + "\n";
  }
  for (const std::string& n : p.not_modelled) out += "  - not modelled: " + markdown_cell(n) + "\n";
  return out;
}

}  // namespace

std::string format_placement_markdown(const PlacementReport& report) {
  std::string out = "### rightfit placement report\n\n";
  for (const std::string& e : report.cost.parse_errors)
    out += "**Not analysed:** " + markdown_cell(e) + "\n\n";
  if (report.workloads.empty()) return out + "No workload found.\n";
  out += recommendation_summary(report) + "\n\n" + summary_table(report) + "\n";
  for (const PlacedWorkload& w : report.workloads) out += evidence_details(w);
  out += "\n#### Patterns\n\n";
  if (report.patterns.empty()) out += "None detected.\n";
  for (const DetectedPattern& p : report.patterns) out += pattern_item(p);
  out += "\n<sub>Known monthly cost now: " + format_usd(known_monthly_total(report.cost)) +
         " (`rightfit cost` for the figures). " + markdown_cell(price_note(report.cost)) +
         "</sub>\n";
  return out;
}

}  // namespace rightfit
