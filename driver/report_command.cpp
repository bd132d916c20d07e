#include "driver/report_command.h"

#include "integrations/report/placement.h"

namespace rightfit {

namespace {

constexpr int kExitError = 2;

std::string render(const std::string& format, const PlacementReport& report) {
  if (format == "markdown") return format_placement_markdown(report);
  if (format == "json") return format_placement_json(report);
  if (format == "html") return format_placement_html(report);
  return format_placement_text(report);
}

}  // namespace

CLI::App* add_report_command(CLI::App& app, ReportOptions& opts) {
  CLI::App* report = app.add_subcommand(
      "report",
      "Where each workload should run (stay, move-to-fargate, move-to-lambda, split), "
      "with the evidence per axis and the system's hybrid patterns");
  report->footer(
      "Axes: duration, state, startup, traffic_cost, customization; each evidence item argues "
      "for Lambda, for Fargate or neither.\n"
      "Weights: a warning or error finding, or a cost comparison on declared usage, 2; an info "
      "finding or a setting read from the sources 1; suppressed findings, assumed figures and "
      "neutral facts 0.\n"
      "Recommendation: split for a Lambda behind a synchronous API whose duration evidence "
      "argues for Fargate; a move when a warning or error finding hits Lambda's hard limits "
      "(duration, startup) or the other platform's evidence weighs at least 2 and more than this "
      "one's; otherwise stay.\n"
      "Confidence: high when the evidence for the recommendation weighs at least 3 and twice the "
      "evidence against it, medium when it outweighs it, low otherwise; one step lower when a "
      "value it needs is unresolved (RF002).");
  add_report_options(*report, opts);
  return report;
}

int run_report(const ReportOptions& opts, std::ostream& out, std::ostream& err) {
  const std::optional<ReportAnalysis> run = analyse_for_report(opts, err);
  if (!run) return kExitError;
  const PlacementReport report =
      build_placement_report(*run->analysis.graph, run->config, run->analysis.findings);
  return write_report(opts, render(opts.format, report), out, err);
}

}  // namespace rightfit
