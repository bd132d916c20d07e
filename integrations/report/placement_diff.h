// `rightfit report --base REF`: what a change does to the placement of the system, from two
// analyses (the tree at REF and the working tree): the findings it brings and the ones it
// fixes (matched by fingerprint, so a finding that only moved lines is neither), the workloads
// whose platform, recommendation or monthly cost changed, and the cost delta per workload and
// in total. Rendered as a pull-request comment (Markdown, summary table first, details
// folded), JSON and text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "integrations/report/placement.h"

namespace rightfit {

// One side of the comparison: a placement report and the findings it was built from.
struct PlacementSide {
  PlacementReport report;
  std::vector<Finding> findings;
};

// A workload as one side sees it.
struct WorkloadState {
  std::string platform;
  Recommendation recommendation = Recommendation::Stay;
  std::optional<double> monthly;  // its monthly cost on its own platform, when known
};

struct WorkloadChange {
  EntityId id;
  SourceRange where;  // the working tree's header; the base's for a removed workload
  std::optional<WorkloadState> before;  // none: added
  std::optional<WorkloadState> after;   // none: removed
  // after - before when both are known; the whole cost of an added (removed: minus) one.
  std::optional<double> monthly_delta() const;
};

struct PlacementDiff {
  std::string base_ref;                 // as the user wrote it
  std::string base_commit;              // full commit ID
  std::vector<Finding> new_findings;    // working tree's, unsuppressed, not at the base
  std::vector<Finding> fixed_findings;  // base's (paths as in the working tree), now gone
  std::size_t findings_before = 0;      // unsuppressed
  std::size_t findings_after = 0;
  std::vector<WorkloadChange> workloads;  // added, removed or changed; by file, then line
  double monthly_before = 0;              // known_monthly_total of each side
  double monthly_after = 0;
  std::size_t unpriced_before = 0;  // workloads_without_monthly_cost of each side
  std::size_t unpriced_after = 0;
  std::vector<std::string> parse_errors;  // the working tree's files that could not be parsed
};

// Path prefix pairs (base directory -> working-tree spelling): every file name and workload
// scope of `side` starting with a `from` is made to start with its `to`, so both sides name
// the same file the same way before they are compared.
void rename_paths(PlacementSide& side,
                  const std::vector<std::pair<std::string, std::string>>& prefixes);

PlacementDiff diff_placements(const PlacementSide& base, const PlacementSide& head);

// The hidden first line of the Markdown: how the comment is found again to be updated.
constexpr std::string_view kCommentMarker = "<!-- rightfit-report -->";

// "+$12.50", "-$3.00", "$0.00".
std::string signed_usd(double delta);

std::string format_diff_text(const PlacementDiff& diff);
// Never longer than `options.max_chars`: what does not fit is left out and counted (the
// summary table first, then changed workloads, new findings, fixed findings).
std::string format_diff_markdown(const PlacementDiff& diff, const MarkdownOptions& options = {});
// The schema is documented in docs/pull-requests.md.
std::string format_diff_json(const PlacementDiff& diff);

}  // namespace rightfit
