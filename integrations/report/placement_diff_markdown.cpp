// `report --base` as a pull-request comment, in the manner of Infracost's diff comment: a
// short summary table (cost, findings, workloads before and after), the changed workloads,
// then the new and fixed findings folded in <details>, all within the comment size limit.
#include <cstdio>
#include <vector>

#include "integrations/report/placement_diff.h"

namespace rightfit {

namespace {

// "$3.00", or "unknown" for a workload without a monthly figure.
std::string monthly_text(const std::optional<double>& monthly) {
  return monthly ? format_usd(*monthly) : "unknown";
}

// "a → b", or "a" when both are the same; "(new)"/"(removed)" for one side only.
std::string transition(const std::optional<std::string>& before,
                       const std::optional<std::string>& after) {
  if (before && after) return *before == *after ? *after : *before + " → **" + *after + "**";
  if (after) return *after + " (new)";
  return before.value_or("") + " (removed)";
}

template <class Get>
std::string transition_of(const WorkloadChange& c, Get get) {
  return transition(c.before ? std::optional<std::string>(get(*c.before)) : std::nullopt,
                    c.after ? std::optional<std::string>(get(*c.after)) : std::nullopt);
}

std::string workload_row(const WorkloadChange& c, const MarkdownOptions& options) {
  const std::optional<double> delta = c.monthly_delta();
  return "| **" + markdown_cell(c.id.name) + "**<br>" +
         markdown_location(c.where, options, LocationStyle::Cell) + " | " +
         markdown_cell(transition_of(c, [](const WorkloadState& s) { return s.platform; })) +
         " | " +
         transition_of(c,
                       [](const WorkloadState& s) {
                         return std::string(recommendation_name(s.recommendation));
                       }) +
         " | " + transition_of(c, [](const WorkloadState& s) { return monthly_text(s.monthly); }) +
         " | " + (delta ? signed_usd(*delta) : "unknown") + " |\n";
}

std::string finding_item(const Finding& f, const MarkdownOptions& options) {
  return "- **" + f.rule_id + "** (" + severity_name(f.severity) + ") " +
         markdown_location(f.location, options, LocationStyle::Code) + ": " +
         markdown_cell(f.message) + "\n";
}

std::string plural(std::size_t n, const std::string& one) {
  return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
}

std::string summary_table(const PlacementDiff& d) {
  const double delta = d.monthly_after - d.monthly_before;
  return "| | Before | After | Change |\n|---|---:|---:|---:|\n"
         "| Known monthly cost | " +
         format_usd(d.monthly_before) + " | " + format_usd(d.monthly_after) + " | **" +
         signed_usd(delta) + "** |\n| Findings | " + std::to_string(d.findings_before) + " | " +
         std::to_string(d.findings_after) + " | " + std::to_string(d.new_findings.size()) +
         " new, " + std::to_string(d.fixed_findings.size()) +
         " fixed |\n| Workloads changed | | | " + std::to_string(d.workloads.size()) + " |\n\n";
}

// The findings of one kind folded in a <details> block: its opening, items, closing.
struct Folded {
  std::string open;
  std::vector<std::string> items;
};

Folded folded(const std::string& title, const std::vector<Finding>& findings,
              const MarkdownOptions& options) {
  Folded out{"<details><summary>" + title + "</summary>\n\n", {}};
  out.items.reserve(findings.size());
  for (const Finding& f : findings) out.items.push_back(finding_item(f, options));
  return out;
}

constexpr std::string_view kDetailsClose = "\n</details>\n\n";
// Room kept for the closing notes, the open <details> and the footer.
constexpr std::size_t kNotesReserve = 1024;

std::string footer(const PlacementDiff& d) {
  std::string note = "<sub>Compared with `" + markdown_cell(d.base_ref) + "` (" +
                     d.base_commit.substr(0, 12) + ")";
  if (d.unpriced_before + d.unpriced_after > 0) {
    note += "; the known monthly cost leaves out workloads without usage data or a price (" +
            std::to_string(d.unpriced_before) + " before, " + std::to_string(d.unpriced_after) +
            " after)";
  }
  return note + ". `rightfit report --base` lists everything.</sub>\n";
}

}  // namespace

std::string format_diff_markdown(const PlacementDiff& diff, const MarkdownOptions& options) {
  const std::string closing = footer(diff);
  BoundedMarkdown md(options.max_chars, closing.size() + kNotesReserve);
  // The marker the posting script finds the comment by on the next push
  // (integrations/github/post-comment.mjs); inside the limit like the rest.
  md.add(std::string(kCommentMarker) + "\n### rightfit: placement changes\n\n");
  for (const std::string& e : diff.parse_errors)
    md.add("**Not analysed:** " + markdown_cell(e) + "\n\n");
  md.add(summary_table(diff));
  // A fixed finding's line is the base's: its link points at the base commit.
  MarkdownOptions at_base = options;
  at_base.commit = diff.base_commit;
  std::size_t left_out = 0;
  if (!diff.workloads.empty()) {
    md.add(
        "| Workload | Platform | Recommendation | Monthly cost | Change "
        "|\n|---|---|---|---|---|\n");
    std::vector<std::string> rows;
    rows.reserve(diff.workloads.size());
    for (const WorkloadChange& c : diff.workloads) rows.push_back(workload_row(c, options));
    left_out += md.add_in_order(rows);
    md.add("\n");
  }
  for (const Folded& f :
       {folded(plural(diff.new_findings.size(), "new finding"), diff.new_findings, options),
        folded(plural(diff.fixed_findings.size(), "fixed finding"), diff.fixed_findings,
               at_base)}) {
    if (f.items.empty()) continue;
    if (left_out > 0 || !md.add(f.open)) {
      left_out += f.items.size();
      continue;
    }
    left_out += md.add_in_order(f.items);
    md.close_with(kDetailsClose);
  }
  if (diff.workloads.empty() && diff.new_findings.empty() && diff.fixed_findings.empty())
    md.add("No finding, workload or cost changed.\n\n");
  md.close_with(left_out_note(left_out, "rows", "report --base", options) + closing);
  return md.text();
}

}  // namespace rightfit
