// `report --base` as text for a terminal: totals, then one line per changed workload and
// per new or fixed finding.
#include "integrations/report/placement_diff.h"

namespace rightfit {

namespace {

std::string state_text(const std::optional<WorkloadState>& s) {
  if (!s) return "none";
  return s->platform + ", " + recommendation_name(s->recommendation) + ", " +
         (s->monthly ? format_usd(*s->monthly) + "/month" : "cost unknown");
}

std::string finding_line(const std::string& tag, const Finding& f) {
  return "  " + tag + " " + f.location.file + ":" + std::to_string(f.location.line()) + ":" +
         std::to_string(f.location.column()) + ": " + f.rule_id + " " + f.message + "\n";
}

}  // namespace

std::string format_diff_text(const PlacementDiff& diff) {
  std::string out = "Compared with " + diff.base_ref + " (" + diff.base_commit.substr(0, 12) +
                    ")\nKnown monthly cost: " + format_usd(diff.monthly_before) + " -> " +
                    format_usd(diff.monthly_after) + " (" +
                    signed_usd(diff.monthly_after - diff.monthly_before) +
                    ")\nFindings: " + std::to_string(diff.new_findings.size()) + " new, " +
                    std::to_string(diff.fixed_findings.size()) + " fixed\n";
  for (const std::string& e : diff.parse_errors) out += "Not analysed: " + e + "\n";
  out += "Workloads changed: " + std::to_string(diff.workloads.size()) + "\n";
  for (const WorkloadChange& c : diff.workloads) {
    const std::optional<double> delta = c.monthly_delta();
    out += "  " + c.id.name + " (" + c.where.file + ":" + std::to_string(c.where.line()) +
           "): " + state_text(c.before) + " -> " + state_text(c.after) +
           (delta ? " (" + signed_usd(*delta) + ")" : "") + "\n";
  }
  for (const Finding& f : diff.new_findings) out += finding_line("new", f);
  for (const Finding& f : diff.fixed_findings) out += finding_line("fixed", f);
  return out;
}

}  // namespace rightfit
