// The cost report as one self-contained HTML page: the summary table, then a section per
// workload with its chart (inline SVG). No script, no external resource.
#include <string_view>

#include "integrations/report/cost_report.h"

namespace rightfit {

namespace {

constexpr std::string_view kStyle = R"(
body { font: 14px/1.45 system-ui, sans-serif; color: #111827; margin: 24px; max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 4px; }
h2 small { font-weight: normal; color: #6b7280; font-size: 13px; }
table { border-collapse: collapse; margin: 16px 0; width: 100%; }
th, td { border: 1px solid #e5e7eb; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f9fafb; }
td.money { text-align: right; white-space: nowrap; }
.finding { color: #b45309; font-weight: 600; }
.note { color: #4b5563; font-size: 12px; }
section.workload { border-top: 1px solid #e5e7eb; padding: 16px 0; }
svg.cost-chart { display: block; max-width: 100%; height: auto; }
.basis { display: inline-block; font-size: 11px; font-weight: 600; border-radius: 3px;
  padding: 0 4px; margin-left: 4px; }
.basis-measured { background: #dcfce7; color: #166534; }
.basis-declared { background: #dbeafe; color: #1e40af; }
.basis-assumed { background: #f3f4f6; color: #4b5563; }
)";

// Which load a cost figure rests on, at a glance: measured, declared or assumed, its title
// saying from where ("measured over 14 days (usage.json)").
std::string basis_marker(const WorkloadCost& c) {
  if (!c.priced()) return "";
  const std::string name = usage_basis_name(c.basis);
  return " <span class=\"basis basis-" + name + "\" title=\"" + escape_markup(basis_text(c)) +
         "\">" + name + "</span>";
}

std::string table(const CostReport& report) {
  std::string out =
      "<table><thead><tr><th>Workload</th><th>Platform</th><th>Usage</th><th>Monthly cost "
      "now</th><th>Alternative at the same usage</th><th>Break-even</th><th>Finding</th></tr>"
      "</thead><tbody>";
  for (size_t i = 0; i < report.entries.size(); ++i) {
    const CostCells c = cost_cells(report.entries[i]);
    const std::string marker = basis_marker(report.entries[i].cost);
    const std::string platform = c.size.empty() ? c.platform : c.platform + " " + c.size;
    out += "<tr><td><a href=\"#workload-" + std::to_string(i) + "\">" + escape_markup(c.workload) +
           "</a><br><span class=\"note\">" + escape_markup(c.location) + "</span></td><td>" +
           escape_markup(platform) + "</td><td>" + escape_markup(c.usage) +
           "</td><td class=\"money\">" + escape_markup(c.now);
    out += marker;
    out += "</td><td>" + escape_markup(c.alternative);
    out += marker;
    out += "</td><td class=\"money\">" + escape_markup(c.break_even) +
           "</td><td class=\"finding\">" + escape_markup(c.finding) + "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string section(const CostEntry& entry, size_t index) {
  const WorkloadCost& c = entry.cost;
  std::string out = "<section class=\"workload\" id=\"workload-" + std::to_string(index) +
                    "\"><h2>" + escape_markup(c.id.name) + " <small>" +
                    escape_markup(platform_name(c.platform)) + " &middot; " +
                    escape_markup(c.header.file) + ":" + std::to_string(c.header.line()) +
                    "</small></h2><p>" + escape_markup(cost_summary(c)) + "</p>";
  if (c.priced()) out += cost_chart_svg(c);
  for (const Finding& f : entry.findings) {
    out += "<p><span class=\"finding\">" + escape_markup(f.rule_id) +
           (f.suppression ? " (suppressed)" : "") + "</span> " + escape_markup(f.message) + "</p>";
  }
  return out + "</section>";
}

}  // namespace

std::string_view cost_html_style() { return kStyle; }

std::string cost_html_body(const CostReport& report) {
  std::string out = "<p class=\"note\">" + escape_markup(price_note(report)) + "</p>";
  if (!report.parse_errors.empty()) {
    out += "<p class=\"finding\">Not priced: files that could not be parsed</p><ul>";
    for (const std::string& e : report.parse_errors) out += "<li>" + escape_markup(e) + "</li>";
    out += "</ul>";
  }
  if (report.entries.empty()) return out + "<p>No Lambda function or ECS service found.</p>";
  out += table(report);
  out += "<p><strong>Known monthly cost now: " + escape_markup(known_monthly_total_text(report)) +
         "</strong></p>";
  for (size_t i = 0; i < report.entries.size(); ++i) out += section(report.entries[i], i);
  return out;
}

std::string format_cost_html(const CostReport& report) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<link rel=\"icon\" href=\"data:,\"><title>rightfit cost report</title><style>" +
         std::string(kStyle) + "</style></head><body><h1>rightfit cost report</h1>" +
         cost_html_body(report) + "</body></html>\n";
}

}  // namespace rightfit
