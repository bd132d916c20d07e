// The cost report for a terminal: one block per workload, aligned labels.
#include "integrations/report/cost_report.h"

namespace rightfit {

std::string format_cost_text(const CostReport& report) {
  std::string out = "rightfit cost report: " + std::to_string(report.entries.size()) +
                    (report.entries.size() == 1 ? " workload" : " workloads") + "\n";
  for (const CostEntry& entry : report.entries) {
    const CostCells c = cost_cells(entry);
    out += "\n" + c.location + ": " + c.workload + " (" + c.platform +
           (c.size.empty() ? "" : ", " + c.size) + ")\n";
    const std::pair<const char*, const std::string*> rows[] = {
        {"usage", &c.usage},           {"now", &c.now},         {"alternative", &c.alternative},
        {"break-even", &c.break_even}, {"finding", &c.finding},
    };
    for (const auto& [label, value] : rows) {
      out += "  " + std::string(label) + ":" + std::string(13 - std::string(label).size(), ' ') +
             *value + "\n";
    }
    for (const Finding& f : entry.findings) {
      if (!f.suppression) out += "  " + f.rule_id + ": " + f.message + "\n";
    }
  }
  if (!report.parse_errors.empty()) out += "\nNot priced: files that could not be parsed\n";
  for (const std::string& e : report.parse_errors) out += "  " + e + "\n";
  out += "\nKnown monthly cost now: " + known_monthly_total_text(report) + "\n";
  out += price_note(report) + "\n";
  return out;
}

}  // namespace rightfit
