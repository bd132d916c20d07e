// The placement report as one self-contained HTML page: the workload map (inline SVG), the
// summary table, a section per workload with its evidence axis by axis, the patterns, and the
// cost report as the last section. No script, no external resource.
#include <string_view>

#include "integrations/report/placement.h"

namespace rightfit {

namespace {

constexpr std::string_view kPlacementStyle = R"(
h1 + p, section.placement > p { margin-top: 0; }
h2.part { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid #e5e7eb; }
div.map { overflow: auto; max-height: 85vh; border: 1px solid #e5e7eb; }
svg.workload-map { display: block; }
.rec { font-weight: 600; padding: 1px 6px; border-radius: 4px; white-space: nowrap; }
.rec-stay { background: #ecfdf5; color: #047857; }
.rec-move-to-fargate { background: #dbeafe; color: #1d4ed8; }
.rec-move-to-lambda { background: #ffedd5; color: #c2410c; }
.rec-split { background: #ede9fe; color: #7c3aed; }
.rec-move-to-lambda-managed-instances { background: #fef3c7; color: #b45309; }
.rec-use-step-functions { background: #fce7f3; color: #be185d; }
td.lean-lambda { color: #c2410c; } td.lean-fargate { color: #1d4ed8; }
section.placement { border-top: 1px solid #e5e7eb; padding: 12px 0; }
)";

std::string rec_badge(Recommendation r) {
  const std::string name = recommendation_name(r);
  return "<span class=\"rec rec-" + name + "\">" + name + "</span>";
}

std::string summary_table(const PlacementReport& report) {
  std::string out =
      "<table><thead><tr><th>Workload</th><th>Platform</th><th>Recommendation</th>"
      "<th>Confidence</th><th>Why</th></tr></thead><tbody>";
  for (size_t i = 0; i < report.workloads.size(); ++i) {
    const PlacedWorkload& w = report.workloads[i];
    out += "<tr><td><a href=\"#placement-" + std::to_string(i) + "\">" + escape_markup(w.id.name) +
           "</a><br><span class=\"note\">" + escape_markup(placement_location(w.header)) +
           (w.instances.empty() ? "" : "<br>instances: " + escape_markup(placement_instances(w))) +
           "</span></td><td>" + escape_markup(w.platform) + "</td><td>" +
           rec_badge(w.recommendation) + "</td><td>" + confidence_name(w.confidence) + "</td><td>" +
           escape_markup(w.reason) + "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string evidence_rows(const PlacedWorkload& w) {
  std::string out =
      "<table><thead><tr><th>Axis</th><th>Argues for</th><th>Evidence</th><th>Where</th></tr>"
      "</thead><tbody>";
  for (const Evidence& e : w.evidence) {
    const std::string lean = lean_name(e.lean);
    out += "<tr><td>" + std::string(axis_name(e.axis)) + "</td><td class=\"lean-";
    out += lean;
    out += "\">";
    out += lean;
    out += "</td><td>";
    if (!e.rule.empty()) {
      out += "<span class=\"finding\">";
      out += e.rule;
      out += e.suppressed ? " (suppressed)</span> " : "</span> ";
    }
    out += escape_markup(e.message) + "</td><td class=\"note\">" +
           escape_markup(placement_location(e.where)) + "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string workload_section(const PlacedWorkload& w, size_t index) {
  return "<section class=\"placement\" id=\"placement-" + std::to_string(index) + "\"><h2>" +
         escape_markup(w.id.name) + " <small>" + escape_markup(w.kind) + " on " +
         escape_markup(w.platform) + " &middot; " + escape_markup(placement_location(w.header)) +
         "</small></h2><p>" + rec_badge(w.recommendation) + " " + confidence_name(w.confidence) +
         " confidence: " + escape_markup(w.reason) + "</p>" + evidence_rows(w) + "</section>";
}

std::string pattern_section(const DetectedPattern& p) {
  std::string out = "<section class=\"placement pattern\" data-pattern=\"" + escape_markup(p.name) +
                    "\"><h2>" + escape_markup(p.name) + " <small>" + escape_markup(p.scope) +
                    "</small></h2><p>";
  for (size_t i = 0; i < p.members.size(); ++i) {
    out += std::string(i == 0 ? "" : ", ") + escape_markup(p.members[i].role) + " <b>" +
           escape_markup(p.members[i].name) + "</b>";
  }
  out += "</p><ul>";
  for (const PatternDeviation& d : p.deviations) {
    out += "<li>" +
           (d.rule.empty() ? std::string() : "<span class=\"finding\">" + d.rule + "</span> ") +
           escape_markup(d.message) + " <span class=\"note\">" +
           escape_markup(placement_location(d.where)) + "</span></li>";
  }
  for (const std::string& n : p.not_modelled)
    out += "<li class=\"note\">Not modelled: " + escape_markup(n) + "</li>";
  return out + "</ul></section>";
}

}  // namespace

std::string format_placement_html(const PlacementReport& report) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<link rel=\"icon\" href=\"data:,\"><title>rightfit placement report</title><style>" +
      std::string(cost_html_style()) + std::string(kPlacementStyle) +
      "</style></head><body><h1>rightfit placement report</h1><p class=\"note\">" +
      escape_markup(std::to_string(report.workloads.size()) +
                    " workloads: " + recommendation_summary(report)) +
      "</p>";
  for (const std::string& e : report.cost.parse_errors)
    out += "<p class=\"finding\">Not analysed: " + escape_markup(e) + "</p>";
  // At its own size, scrolled rather than shrunk: a large map's labels stay legible.
  out += "<h2 class=\"part\" id=\"map\">Workload map</h2><div class=\"map\">" +
         placement_map_svg(report) + "</div>";
  out += "<h2 class=\"part\" id=\"workloads\">Workloads</h2>" + summary_table(report);
  for (size_t i = 0; i < report.workloads.size(); ++i)
    out += workload_section(report.workloads[i], i);
  out += "<h2 class=\"part\" id=\"patterns\">Patterns</h2>";
  if (report.patterns.empty()) out += "<p>None detected.</p>";
  for (const DetectedPattern& p : report.patterns) out += pattern_section(p);
  if (!report.queues.empty()) out += "<h2 class=\"part\" id=\"queues\">Measured queues</h2><ul>";
  for (const MeasuredQueue& q : report.queues)
    out += "<li><b>" + escape_markup(q.id.name) + "</b> " + escape_markup(measured_queue_text(q)) +
           " <span class=\"basis basis-measured\">measured</span> <span class=\"note\">" +
           escape_markup(placement_location(q.header)) + "</span></li>";
  if (!report.queues.empty()) out += "</ul>";
  out += "<h2 class=\"part\" id=\"cost\">Cost</h2>" + cost_html_body(report.cost);
  return out + "</body></html>\n";
}

}  // namespace rightfit
