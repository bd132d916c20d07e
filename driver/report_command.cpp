#include "driver/report_command.h"

#include "checks/check.h"
#include "driver/plan_command.h"
#include "driver/report_diff.h"
#include "integrations/report/placement.h"

namespace rightfit {

namespace {

constexpr int kExitError = 2;

std::string render(const ReportOptions& opts, const PlacementReport& report) {
  const std::string& format = opts.format;
  if (format == "markdown") return format_placement_markdown(report, opts.markdown);
  if (format == "json") return format_placement_json(report);
  if (format == "html") return format_placement_html(report);
  return format_placement_text(report);
}

// The IDs of the rules (registry order) whose placement bearing `matches`: "RF102, RF204".
template <class Matches>
std::string rule_ids(const std::vector<RuleInfo>& rules, Matches matches) {
  std::string out;
  for (const RuleInfo& r : rules) {
    if (!r.bearing || !matches(*r.bearing)) continue;
    if (!out.empty()) out += ", ";
    out += r.id;
  }
  return out;
}

std::string of_strength(const std::vector<RuleInfo>& rules, Strength strength) {
  return rule_ids(rules, [strength](const PlacementBearing& b) { return b.strength == strength; });
}

// Rules whose findings are a setting to fix below some Timeout: "RF101 below 1 s".
std::string settings_below_timeout(const std::vector<RuleInfo>& rules) {
  std::string out;
  for (const RuleInfo& r : rules) {
    if (!r.bearing || r.bearing->setting_below_timeout_s <= 0) continue;
    out += r.id + " below " + format_number(r.bearing->setting_below_timeout_s) + " s, ";
  }
  return out;
}

// The report's help footer: the strengths and flags come from the rules' own metadata.
std::string report_footer(const std::vector<RuleInfo>& rules) {
  const std::string gives_up =
      rule_ids(rules, [](const PlacementBearing& b) { return b.caller_gives_up; });
  const std::string unresolved =
      rule_ids(rules, [](const PlacementBearing& b) { return b.unresolved_value; });
  return "Axes: duration, state, startup, traffic_cost, customization; each evidence item argues "
         "for Lambda, for Fargate or neither.\n"
         "Weights: a warning or error finding, or a cost comparison on declared usage, 2; an info "
         "finding or a setting read from the sources 1; suppressed findings, assumed figures and "
         "neutral facts 0.\n"
         "Strength (what an item can do alone):\n"
         "  hard (moves alone): " +
         of_strength(rules, Strength::Hard) +
         ", a declared duration above 900 s; for a container, what Lambda cannot do (task or pod "
         "larger than a Lambda, CronJob deadline above 900 s, StatefulSet) forbids a move to "
         "Lambda;\n"
         "  strong (moves alone): " +
         of_strength(rules, Strength::Strong) +
         ", a declared cost comparison, two soft findings of different rules on the duration and "
         "state axes;\n"
         "  soft (never alone): " +
         of_strength(rules, Strength::Soft) +
         " (one finding each), a declared duration above the API's wait;\n"
         "  none (confidence only): " +
         of_strength(rules, Strength::None) + ", " + settings_below_timeout(rules) +
         "settings.\n"
         "Recommendation: split for a Lambda behind a synchronous API whose work runs long (strong "
         "or hard duration evidence, or a soft one with " +
         gives_up + "); " + gives_up +
         " alone stays (lower the Timeout); a move when the case for the other platform is hard, "
         "or strong and not ruled out by a hard limit of that platform; otherwise stay.\n"
         "Confidence: high for a move on a hard limit; otherwise high when the evidence for the "
         "recommendation weighs at least 3 and twice the evidence against it (off Lambda, only "
         "Lambda's duration and startup evidence counts against), medium when it outweighs it, "
         "low otherwise; at most medium when made of soft findings; one step lower when a value "
         "it needs is unresolved (" +
         unresolved +
         ").\n"
         "Platform: Lambda, Fargate, Fargate Spot, ECS on EC2 (EC2 launch type or capacity "
         "provider), EKS on EC2 (pods no Fargate profile selects), ECS (the cluster default "
         "decides).";
}

}  // namespace

CLI::App* add_report_command(CLI::App& app, ReportOptions& opts) {
  CLI::App* report = app.add_subcommand(
      "report",
      "Where each workload should run (stay, move-to-fargate, move-to-lambda, split), "
      "with the evidence per axis and the system's hybrid patterns");
  report->footer(report_footer(all_rules()));
  add_report_options(*report, opts);
  CLI::Option* base =
      report->add_option("--base", opts.base,
                         "Compare with the tree at this git revision (a pull request's base): new "
                         "and fixed findings, changed workloads, the monthly cost delta");
  report
      ->add_flag("--plan", opts.plan,
                 "Write a migration sketch (IaC of the target, in the source's format) for "
                 "every workload to move or split; -o names a directory (default: stdout)")
      ->excludes(base);  // a sketch is of one tree, a diff of two
  return report;
}

int run_report(const ReportOptions& opts, std::ostream& out, std::ostream& err) {
  if (!opts.base.empty()) return run_report_diff(opts, out, err);
  const std::optional<ReportAnalysis> run = analyse_for_report(opts, err);
  if (!run) return kExitError;
  if (opts.plan) return write_migration_sketches(*run, opts.output, out, err);
  const PlacementReport report = build_placement_report(*run->analysis.graph, run->config,
                                                        run->analysis.findings, all_rules());
  return write_report(opts, render(opts, report), out, err);
}

}  // namespace rightfit
