// The cost report as GitHub-flavoured Markdown, the comment CI posts on a pull request.
#include <string_view>
#include <vector>

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

namespace {

constexpr std::string_view kCostTableHead =
    "| Workload | Platform | Usage | Monthly cost now | Alternative at the same usage | "
    "Break-even | Finding |\n"
    "|---|---|---|---:|---|---:|---|\n";

std::string cost_row(const CostEntry& entry, const MarkdownOptions& options) {
  const CostCells c = cost_cells(entry);
  const std::string platform = c.size.empty() ? c.platform : c.platform + " " + c.size;
  const std::string where =
      entry.cost.header.file.empty()
          ? markdown_cell(c.location)
          : markdown_location(entry.cost.header, options, LocationStyle::Cell);
  return "| **" + markdown_cell(c.workload) + "**<br>" + where + " | " + markdown_cell(platform) +
         " | " + markdown_cell(c.usage) + " | " + markdown_cell(c.now) + " | " +
         markdown_cell(c.alternative) + " | " + markdown_cell(c.break_even) + " | " +
         markdown_cell(c.finding) + " |\n";
}

std::vector<std::string> finding_items(const CostReport& report, const MarkdownOptions& options) {
  std::vector<std::string> items;
  for (const CostEntry& entry : report.entries) {
    for (const Finding& f : entry.findings) {
      if (f.suppression) continue;
      items.push_back("- **" + f.rule_id + "** " +
                      markdown_location(f.location, options, LocationStyle::Code) + ": " +
                      markdown_cell(f.message) + "\n");
    }
  }
  return items;
}

}  // namespace

std::string format_cost_markdown(const CostReport& report, const MarkdownOptions& options) {
  const std::string footer = "\n<sub>" + markdown_cell(price_note(report)) + "</sub>\n";
  BoundedMarkdown md(options.max_chars, footer.size() + 1024);
  md.add("### rightfit cost report\n\n");
  std::vector<std::string> errors;
  errors.reserve(report.parse_errors.size());
  for (const std::string& e : report.parse_errors) errors.push_back("- " + markdown_cell(e) + "\n");
  std::size_t errors_out = 0;
  if (!errors.empty()) {
    md.add("**Not priced:** files that could not be parsed:\n\n");
    errors_out = md.add_in_order(errors);
    md.add("\n");
  }
  std::string notes = left_out_note(errors_out, "unparsed files", "cost", options);
  if (report.entries.empty()) {
    md.close_with(notes + "No Lambda function or ECS service found.\n");
    return md.text();
  }
  md.add(std::string(kCostTableHead));
  std::vector<std::string> rows;
  rows.reserve(report.entries.size());
  for (const CostEntry& entry : report.entries) rows.push_back(cost_row(entry, options));
  const std::size_t rows_out = md.add_in_order(rows);
  notes += left_out_note(rows_out, "workloads", "cost", options);
  md.add("\n**Known monthly cost now: " + known_monthly_total_text(report) + "**\n");
  const std::vector<std::string> findings = finding_items(report, options);
  if (!options.summary && !findings.empty()) {
    std::size_t findings_out = findings.size();
    if (rows_out == 0 && md.add("\n#### Findings\n\n")) findings_out = md.add_in_order(findings);
    notes += left_out_note(findings_out, "findings", "cost", options);
  }
  md.close_with(notes + footer);
  return md.text();
}

}  // namespace rightfit
