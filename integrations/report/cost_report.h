// `rightfit cost`: every function and ECS service with its platform, its monthly cost now, the
// other platform's cost at the same usage, the break-even and the cost finding, as text,
// Markdown (what CI posts on a pull request), JSON, or one self-contained HTML page with a
// cost chart per workload.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/cost/cost_report.h"
#include "integrations/report/markdown_comment.h"

namespace rightfit {

std::string format_cost_text(const CostReport& report);
// Never longer than `options.max_chars` (GitHub's comment limit by default).
std::string format_cost_markdown(const CostReport& report, const MarkdownOptions& options = {});
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
