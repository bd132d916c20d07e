// The cost report as GitHub-flavoured Markdown, the comment CI posts on a pull request.
#include <string_view>

#include "integrations/report/cost_report.h"

namespace rightfit {

// Table cells: a `|` would end the cell, a newline the row; `*`, `_`, backticks, `<`, `[`
// would start formatting or HTML (resource names may contain them).
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '|':
      case '\\':
      case '*':
      case '_':
      case '`':
      case '[':
      case ']':
      case '<':
      case '>':
        out += '\\';
        out += ch;
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string format_cost_markdown(const CostReport& report) {
  std::string out = "### rightfit cost report\n\n";
  if (!report.parse_errors.empty()) {
    out += "**Not priced:** files that could not be parsed:\n\n";
    for (const std::string& e : report.parse_errors) out += "- " + markdown_cell(e) + "\n";
    out += "\n";
  }
  if (report.entries.empty()) return out + "No Lambda function or ECS service found.\n";
  out +=
      "| Workload | Platform | Usage | Monthly cost now | Alternative at the same usage | "
      "Break-even | Finding |\n"
      "|---|---|---|---:|---|---:|---|\n";
  for (const CostEntry& entry : report.entries) {
    const CostCells c = cost_cells(entry);
    const std::string platform = c.size.empty() ? c.platform : c.platform + " " + c.size;
    out += "| **" + markdown_cell(c.workload) + "**<br>" + markdown_cell(c.location) + " | " +
           markdown_cell(platform) + " | " + markdown_cell(c.usage) + " | " + markdown_cell(c.now) +
           " | " + markdown_cell(c.alternative) + " | " + markdown_cell(c.break_even) + " | " +
           markdown_cell(c.finding) + " |\n";
  }
  out += "\n**Known monthly cost now: " + format_usd(known_monthly_total(report)) + "**\n";
  bool heading = false;
  for (const CostEntry& entry : report.entries) {
    for (const Finding& f : entry.findings) {
      if (f.suppression) continue;
      if (!heading) out += "\n#### Findings\n\n";
      heading = true;
      out += "- **" + f.rule_id + "** `" + f.location.file + ":" +
             std::to_string(f.location.line()) + "`: " + markdown_cell(f.message) + "\n";
    }
  }
  out += "\n<sub>" + markdown_cell(price_note(report)) + "</sub>\n";
  return out;
}

}  // namespace rightfit
