#include "driver/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include "analyzer/baseline.h"
#include "analyzer/output_file.h"
#include "analyzer/project_scope.h"
#include "checks/check.h"
#include "driver/analysis_setup.h"
#include "driver/cost_command.h"
#include "driver/engine.h"
#include "driver/lsp_command.h"
#include "driver/report_command.h"
#include "integrations/report/reporters.h"
#include "integrations/sarif/sarif_writer.h"

namespace rightfit {

namespace {

namespace fs = std::filesystem;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

struct CheckOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string config;
  std::string fail_on = "warning";
  unsigned jobs = 0;
  std::vector<std::string> var_files;
  std::vector<std::string> terraform_plans;  // --terraform-plan
  std::string compile_commands;
  bool no_cache = false;
  std::string baseline;  // --baseline FILE
  bool verbose = false;  // --verbose: say what was left out of the analysis and why
};

// The findings of a check, and the resources it left out as framework code.
struct CheckOutcome {
  std::vector<Finding> findings;
  std::vector<ExcludedResource> excluded;
  std::vector<std::string> refused;  // files outside the roots, not read
};

void add_excluded(std::vector<ExcludedResource>& to, const Analysis& analysis) {
  for (const ExcludedResource& e : analysis.graph->excluded) {
    const bool seen =
        std::any_of(to.begin(), to.end(), [&](const ExcludedResource& x) { return x.id == e.id; });
    if (!seen) to.push_back(e);
  }
}

bool fails(const std::vector<Finding>& findings, const std::string& fail_on) {
  if (fail_on == "never") return false;
  Severity threshold = *parse_severity(fail_on);
  for (const Finding& f : findings) {
    if (!f.suppression && f.severity >= threshold) return true;
  }
  return false;
}

std::string render(const std::string& format, const std::vector<Finding>& findings,
                   const ReportContext& ctx) {
  if (format == "json") return format_json(findings, ctx);
  if (format == "sarif") return format_sarif(findings, ctx);
  if (format == "github") return format_github(findings, ctx);
  if (format == "gitlab") return format_gitlab(findings, ctx);
  return format_text(findings, ctx);
}

bool use_color(const CheckOptions& opts) {
  return opts.format == "text" && opts.output.empty() && isatty(STDOUT_FILENO) &&
         std::getenv("NO_COLOR") == nullptr;
}

// Analyses one directory (or, with `root` empty, the named paths alone).
std::optional<Analysis> analyse(const CheckOptions& opts, const std::vector<std::string>& paths,
                                const std::string& root, std::ostream& err) {
  AnalysisRequest request;
  request.paths = paths;
  request.root = root.empty() ? analysis_root(paths) : root;
  request.jobs = opts.jobs;
  request.var_files = opts.var_files;
  request.terraform_plans = opts.terraform_plans;
  request.compile_commands = opts.compile_commands;
  if (!opts.no_cache) request.cache_dir = (fs::path(request.root) / ".rightfit-cache").string();
  return configure_and_analyze(request, opts.config, err);
}

bool all_files(const std::vector<std::string>& paths) {
  std::error_code ec;
  return std::all_of(paths.begin(), paths.end(),
                     [&](const std::string& p) { return fs::is_regular_file(p, ec); });
}

// The findings of the named paths. Named files (a pre-commit hook's changed files) are
// analysed within their whole project, so links to other files hold, and only their own
// findings are kept.
std::optional<CheckOutcome> findings_of(const CheckOptions& opts, std::ostream& err) {
  std::vector<std::string> paths = opts.paths.empty() ? std::vector<std::string>{"."} : opts.paths;
  CheckOutcome outcome;
  if (!all_files(paths)) {
    std::optional<Analysis> analysis = analyse(opts, paths, "", err);
    if (!analysis) return std::nullopt;
    add_excluded(outcome.excluded, *analysis);
    outcome.refused = std::move(analysis->refused);
    outcome.findings = std::move(analysis->findings);
    return outcome;
  }
  std::vector<Finding>& findings = outcome.findings;
  for (const ProjectScope& scope : project_scopes(paths)) {
    std::optional<Analysis> analysis = scope.root.empty()
                                           ? analyse(opts, scope.files, "", err)
                                           : analyse(opts, {scope.root}, scope.root, err);
    if (!analysis) return std::nullopt;
    add_excluded(outcome.excluded, *analysis);
    outcome.refused.insert(outcome.refused.end(), analysis->refused.begin(),
                           analysis->refused.end());
    for (Finding& f : findings_in_files(std::move(analysis->findings), scope.files))
      findings.push_back(std::move(f));
  }
  sort_findings(findings);
  return outcome;
}

// --verbose: one line per resource left out, on stderr (the report stays machine-readable).
void tell_excluded(const std::vector<ExcludedResource>& excluded, std::ostream& err) {
  for (const ExcludedResource& e : excluded) {
    err << "rightfit: left out " << e.where.file << ":" << e.where.line() << ": " << e.id.name
        << " (" << e.type << "): " << e.reason << "\n";
  }
}

int run_check(const CheckOptions& opts, std::ostream& out, std::ostream& err) {
  std::optional<CheckOutcome> outcome = findings_of(opts, err);
  if (!outcome) return kExitError;
  std::vector<Finding>& findings = outcome->findings;
  if (opts.verbose) {
    tell_excluded(outcome->excluded, err);
    for (const std::string& r : outcome->refused) err << "rightfit: refused " << r << "\n";
  }
  if (!opts.baseline.empty()) {
    BaselineResult baseline = load_baseline(opts.baseline);
    if (!baseline.baseline) {
      err << "rightfit: " << baseline.error << "\n";
      return kExitError;
    }
    apply_baseline(findings, *baseline.baseline);
  }
  ReportContext ctx{all_rules(), fs::current_path().string(), use_color(opts),
                    std::move(outcome->excluded)};
  std::string report = render(opts.format, findings, ctx);
  if (opts.output.empty()) {
    out << report;
  } else if (std::string problem = write_file_atomically(opts.output, report); !problem.empty()) {
    err << "rightfit: " << problem << "\n";
    return kExitError;
  }
  return fails(findings, opts.fail_on) ? kExitFindings : kExitClean;
}

int run_baseline(const CheckOptions& opts, std::ostream& err) {
  std::optional<CheckOutcome> outcome = findings_of(opts, err);
  if (!outcome) return kExitError;
  if (std::string problem = write_file_atomically(opts.output, format_baseline(outcome->findings));
      !problem.empty()) {
    err << "rightfit: " << problem << "\n";
    return kExitError;
  }
  return kExitClean;
}

int run_rules(std::ostream& out) {
  for (const RuleInfo& r : all_rules()) {
    out << r.id << "  " << severity_name(r.default_severity)
        << std::string(8 - std::string(severity_name(r.default_severity)).size(), ' ') << r.name
        << "\n      " << r.short_description << "\n";
  }
  return kExitClean;
}

int run_explain(const std::string& id, std::ostream& out, std::ostream& err) {
  for (const RuleInfo& r : all_rules()) {
    if (r.id == id || r.name == id) {
      out << r.help;
      return kExitClean;
    }
  }
  err << "rightfit: no rule '" << id << "' (see `rightfit rules`)\n";
  return kExitError;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"rightfit: is each workload on the right compute platform (Lambda or Fargate)?"};
  app.set_version_flag("--version", std::string("rightfit ") + RIGHTFIT_VERSION);
  app.require_subcommand(1);

  CheckOptions opts;
  CLI::App* check = app.add_subcommand("check", "Analyse files or directories and report findings");
  check->add_option("paths", opts.paths,
                    "Files or directories (default: .); a CDK app's cdk.out is read as "
                    "`cdk synth` left it (rightfit never synthesizes)");
  check->add_option("-f,--format", opts.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "gitlab"}));
  check->add_option("-o,--output", opts.output, "Write the report to FILE (atomically)");
  check->add_option("-c,--config", opts.config, "Configuration file (default: .rightfit.yaml)");
  check->add_option("--fail-on", opts.fail_on, "Lowest severity that makes the exit code 1")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  check->add_option("-j,--jobs", opts.jobs, "Files parsed in parallel (default: cores)");
  check->add_option("--var-file", opts.var_files, "Terraform .tfvars applied to every root module")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);  // one file per --var-file: what follows is a path
  add_terraform_plan_option(*check, opts.terraform_plans);
  check
      ->add_option("--compile-commands", opts.compile_commands,
                   "compile_commands.json (or its directory) for C++ handlers "
                   "(default: found in the analysed directory or its build/)")
      ->check(CLI::ExistingPath);
  check->add_flag("--no-cache", opts.no_cache,
                  "Do not read or write .rightfit-cache/ (parsed C++ facts)");

  CostOptions cost_opts;
  add_cost_command(app, cost_opts);
  ReportOptions report_opts;
  add_report_command(app, report_opts);
  check->add_option("--baseline", opts.baseline, "Report only findings not in this baseline");
  check->add_flag(
      "-v,--verbose", opts.verbose,
      "Say on stderr which resources were left out as framework code, and which files were "
      "refused (outside the analysed directories), and why");

  CLI::App* baseline = app.add_subcommand("baseline", "Write today's findings to a baseline file");
  baseline->add_option("paths", opts.paths, "Files or directories (default: .)");
  baseline->add_option("-o,--output", opts.output, "The baseline file to write")->required();
  baseline->add_option("-c,--config", opts.config, "Configuration file");
  baseline->add_option("--var-file", opts.var_files, "Terraform .tfvars")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  add_terraform_plan_option(*baseline, opts.terraform_plans);

  app.add_subcommand("lsp", "Run the language server on stdin/stdout (for editors)");

  app.add_subcommand("rules", "List the rules");
  std::string rule_id;
  CLI::App* explain = app.add_subcommand("explain", "Print a rule's help page");
  explain->add_option("rule", rule_id, "Rule ID or name, e.g. RF105")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports --help/--version as "errors" with exit code 0.
    int code = app.exit(e, out, err);
    return code == 0 ? kExitClean : kExitError;
  }
  if (app.got_subcommand("check")) return run_check(opts, out, err);
  if (app.got_subcommand("cost")) return run_cost(cost_opts, out, err);
  if (app.got_subcommand("report")) return run_report(report_opts, out, err);
  if (app.got_subcommand("baseline")) return run_baseline(opts, err);
  if (app.got_subcommand("lsp")) return run_language_server();
  if (app.got_subcommand("rules")) return run_rules(out);
  return run_explain(rule_id, out, err);
}

}  // namespace rightfit
