// The placement report as GitHub-flavoured Markdown for a pull request comment: the summary
// table first, the evidence and the patterns folded below it.
#include <vector>

#include "integrations/report/markdown_comment.h"
#include "integrations/report/placement.h"

namespace rightfit {

namespace {

constexpr std::string_view kTableHead =
    "| Workload | Platform | Recommendation | Confidence | Why |\n|---|---|---|---|---|\n";

std::string table_row(const PlacedWorkload& w, const MarkdownOptions& options) {
  return "| **" + markdown_cell(w.id.name) + "**<br>" +
         markdown_location(w.header, options, LocationStyle::Cell) +
         (w.instances.empty() ? "" : "<br>instances: " + markdown_cell(placement_instances(w))) +
         " | " + markdown_cell(w.platform) + " | **" + recommendation_name(w.recommendation) +
         "** | " + confidence_name(w.confidence) + " | " + markdown_cell(w.reason) + " |\n";
}

std::string evidence_details(const PlacedWorkload& w, const MarkdownOptions& options) {
  std::string out = "<details><summary><b>" + markdown_cell(w.id.name) +
                    "</b>: " + recommendation_name(w.recommendation) + "</summary>\n\n";
  for (const auto& [platform, cost] : w.costs)
    out += "- cost on " + markdown_cell(platform) + ": " + markdown_cell(cost) + "\n";
  for (const Evidence& e : w.evidence) {
    out += "- " + std::string(axis_name(e.axis)) + " (" + lean_name(e.lean) + ")" +
           (e.rule.empty() ? "" : " **" + e.rule + "**" + (e.suppressed ? " (suppressed)" : "")) +
           " " + markdown_location(e.where, options, LocationStyle::Code) + ": " +
           markdown_cell(e.message) + "\n";
  }
  return out + "\n</details>\n";
}

std::string pattern_item(const DetectedPattern& p, const MarkdownOptions& options) {
  std::string out = "- **" + p.name + "** (" + markdown_cell(p.scope) + "):";
  for (size_t i = 0; i < p.members.size(); ++i) {
    out += std::string(i == 0 ? " " : ", ") + p.members[i].role + " " +
           markdown_cell(p.members[i].name);
  }
  out += "\n";
  for (const PatternDeviation& d : p.deviations) {
    out += "  - deviates" + (d.rule.empty() ? "" : " **" + d.rule + "**") + " " +
           markdown_location(d.where, options, LocationStyle::Code) + ": " +
           markdown_cell(d.message) + "\n";
  }
  for (const std::string& n : p.not_modelled) out += "  - not modelled: " + markdown_cell(n) + "\n";
  return out;
}

// Room kept for the closing notes and the footer: each note is short.
constexpr std::size_t kNotesReserve = 1024;

}  // namespace

std::string format_placement_markdown(const PlacementReport& report,
                                      const MarkdownOptions& options) {
  const std::string footer =
      "\n<sub>Known monthly cost now: " + known_monthly_total_text(report.cost) +
      " (`rightfit cost` for the figures). " + markdown_cell(price_note(report.cost)) + "</sub>\n";
  BoundedMarkdown md(options.max_chars, footer.size() + kNotesReserve);
  md.add("### rightfit placement report\n\n");
  std::vector<std::string> errors;
  errors.reserve(report.cost.parse_errors.size());
  for (const std::string& e : report.cost.parse_errors) {
    errors.push_back("**Not analysed:** " + markdown_cell(e) + "\n\n");
  }
  const std::size_t errors_out = md.add_in_order(errors);
  if (report.workloads.empty()) {
    md.close_with(left_out_note(errors_out, "unparsed files", "report", options) +
                  "No workload found.\n");
    return md.text();
  }
  md.add(recommendation_summary(report) + "\n\n");
  md.add(std::string(kTableHead));
  std::vector<std::string> rows, details, patterns;
  for (const PlacedWorkload& w : report.workloads) {
    rows.push_back(table_row(w, options));
    details.push_back(evidence_details(w, options));
  }
  for (const DetectedPattern& p : report.patterns) patterns.push_back(pattern_item(p, options));
  const std::size_t rows_out = md.add_in_order(rows);
  std::string notes = left_out_note(errors_out, "unparsed files", "report", options) +
                      left_out_note(rows_out, "workloads", "report", options);
  if (options.summary) {
    notes += "\n_Summary: `rightfit report` shows the evidence and the patterns._\n";
  } else {
    md.add("\n");
    const std::size_t details_out = rows_out == 0 ? md.add_in_order(details) : details.size();
    notes += left_out_note(details_out, "workloads' evidence", "report", options);
    std::size_t patterns_out = patterns.size();
    if (details_out == 0 && md.add("\n#### Patterns\n\n")) {
      if (patterns.empty()) md.add("None detected.\n");
      patterns_out = md.add_in_order(patterns);
    }
    notes += left_out_note(patterns_out, "patterns", "report", options);
    std::vector<std::string> queues;
    queues.reserve(report.queues.size());
    for (const MeasuredQueue& q : report.queues)
      queues.push_back("- **" + markdown_cell(q.id.name) +
                       "**: " + markdown_cell(measured_queue_text(q)) + " (" +
                       markdown_cell(placement_location(q.header)) + ")\n");
    std::size_t queues_out = queues.size();
    if (!queues.empty() && patterns_out == 0 && md.add("\n#### Measured queues\n\n"))
      queues_out = md.add_in_order(queues);
    notes += left_out_note(queues_out, "measured queues", "report", options);
  }
  md.close_with(notes + footer);
  return md.text();
}

}  // namespace rightfit
