// `rightfit cost`: every function and ECS service with its platform, its monthly cost now, the
// other platform's cost at the same usage, the break-even and the cost finding, as text,
// Markdown (what CI posts on a pull request), JSON, or one self-contained HTML page with a
// cost chart per workload.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/cost/cost_model.h"
#include "analyzer/finding.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

struct CostEntry {
  WorkloadCost cost;
  std::vector<Finding> findings;  // the cost findings (RF401, RF402) about this workload
};

struct CostReport {
  std::vector<CostEntry> entries;  // by file, then line
  PriceTable prices;
  // Files that could not be parsed ("path:line:col: message"): their workloads are missing.
  std::vector<std::string> parse_errors;
};

bool is_cost_rule(const std::string& rule_id);  // RF401, RF402

CostReport build_cost_report(const WorkloadGraph& graph, const Config& config,
                             const std::vector<Finding>& findings);

// The cells every format shows, as text.
struct CostCells {
  std::string workload;     // name
  std::string location;     // file:line
  std::string platform;     // "Fargate", "Lambda", ...
  std::string size;         // "2 x 0.5 vCPU/1 GB", "512 MB arm64"
  std::string usage;        // "20M requests/month x 120 ms", "not declared"
  std::string now;          // "$36.04/month", "$0.87 per million requests", "not priced: ..."
  std::string alternative;  // "Lambda 2048 MB: $3.10/month", "Fargate 1 x ...: $9.01/month"
  std::string break_even;   // "12.3M requests/month", "never: Lambda is cheaper at any load"
  std::string finding;      // "RF401", "RF401 (suppressed)", "-"
};
CostCells cost_cells(const CostEntry& entry);

// Monthly cost now, summed over the workloads whose cost is known.
double known_monthly_total(const CostReport& report);
// "Prices: us-east-1 on-demand as of 2026-11-27; a month is 730 h; ..." for footers.
std::string price_note(const CostReport& report);

std::string format_cost_text(const CostReport& report);
std::string format_cost_markdown(const CostReport& report);
std::string format_cost_json(const CostReport& report);
std::string format_cost_html(const CostReport& report);
// The HTML page's parts, for pages that embed the cost report as a section: its stylesheet
// and its content (price note, table, a section per workload with its chart).
std::string_view cost_html_style();
std::string cost_html_body(const CostReport& report);

// The chart of one workload: monthly cost against requests per month, the Lambda line, the
// Fargate line (flat for a service; a step per task for a function's Fargate alternative),
// their crossing and today's usage. Inline SVG, no script.
std::string cost_chart_svg(const WorkloadCost& cost);
// A coordinate in SVG attributes: one decimal ("12.5").
std::string svg_number(double v);

// Text for a Markdown table cell: `|`, `*`, `_`, backticks, brackets and `<>` escaped,
// newlines as spaces.
std::string markdown_cell(std::string_view text);

// `&<>"'` as character references, for HTML text and attribute values (and SVG).
std::string escape_markup(std::string_view text);

}  // namespace rightfit
