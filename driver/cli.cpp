#include "driver/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "analyzer/baseline.h"
#include "analyzer/output_file.h"
#include "analyzer/project_scope.h"
#include "checks/check.h"
#include "driver/analysis_setup.h"
#include "driver/code_cache.h"
#include "driver/cost_command.h"
#include "driver/engine.h"
#include "driver/fix_command.h"
#include "driver/lsp_command.h"
#include "driver/report_command.h"
#include "driver/usage_command.h"
#include "integrations/git/changed_lines.h"
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
  std::string baseline;        // --baseline FILE
  bool verbose = false;        // --verbose: say what was left out of the analysis and why
  std::string color = "auto";  // --color auto|always|never
  bool report_unused_suppressions = false;  // turns RF004 on
  std::string new_from_rev;                 // --new-from-rev REV
  UsageFiles usage;                         // --usage, --stack-resources
};

// The findings of a check, and the resources it left out as framework code.
struct CheckOutcome {
  std::vector<Finding> findings;
  std::vector<ExcludedResource> excluded;
  std::vector<std::string> refused;     // files outside the roots, not read
  std::vector<std::string> not_parsed;  // code no Lambda reaches, not parsed
  std::set<std::string> unparsed;       // files with a parse error
  std::size_t max_file_bytes = 0;       // the largest bound files were read within
};

void add_excluded(std::vector<ExcludedResource>& to, const Analysis& analysis) {
  for (const ExcludedResource& e : analysis.graph->excluded) {
    const bool seen =
        std::any_of(to.begin(), to.end(), [&](const ExcludedResource& x) { return x.id == e.id; });
    if (!seen) to.push_back(e);
  }
}

bool fails(const std::vector<Finding>& findings, const std::string& fail_on) {
  // CLI11 admits only severities and "never" (the --fail-on option's check).
  const std::optional<Severity> threshold = parse_severity(fail_on);
  if (!threshold) return false;
  for (const Finding& f : findings) {
    if (!f.suppression && f.severity >= *threshold) return true;
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

// Colour for text on a terminal, unless NO_COLOR is set to a non-empty value (no-color.org);
// `--color always|never` wins over both.
bool use_color(const CheckOptions& opts) {
  if (opts.format != "text" || opts.color == "never") return false;
  if (opts.color == "always") return true;
  const char* no_color = std::getenv("NO_COLOR");
  const bool no_color_set = no_color != nullptr && *no_color != '\0';
  return opts.output.empty() && isatty(STDOUT_FILENO) && !no_color_set;
}

// Levenshtein distance, for "did you mean" on a mistyped subcommand.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

// "unknown command 'chek'; did you mean 'check'?" for a first argument that is no subcommand
// (CLI11 alone says "A subcommand is required"); nullopt when `word` is a subcommand or an option.
std::optional<std::string> unknown_command(const CLI::App& app, std::string_view word) {
  if (word.empty() || word[0] == '-') return std::nullopt;
  std::string closest;
  std::size_t best = word.size();
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == word) return std::nullopt;
    const std::size_t d = edit_distance(word, sub->get_name());
    if (d < best) best = d, closest = sub->get_name();
  }
  std::string message = "rightfit: unknown command '" + std::string(word) + "'";
  if (!closest.empty() && best <= 2) message += "; did you mean '" + closest + "'?";
  return message + "\nRun 'rightfit --help' for the commands.\n";
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
  if (opts.report_unused_suppressions) request.turned_on.emplace_back("RF004");
  request.usage = opts.usage;
  if (!opts.no_cache) request.cache_dir = default_cache_directory(request.root);
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
    outcome.not_parsed = std::move(analysis->not_parsed);
    outcome.unparsed = std::move(analysis->unparsed);
    outcome.max_file_bytes = analysis->max_file_bytes;
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
    outcome.not_parsed.insert(outcome.not_parsed.end(), analysis->not_parsed.begin(),
                              analysis->not_parsed.end());
    outcome.unparsed.insert(analysis->unparsed.begin(), analysis->unparsed.end());
    outcome.max_file_bytes = std::max(outcome.max_file_bytes, analysis->max_file_bytes);
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

// The directory whose git work tree --new-from-rev asks: the first named path's.
std::string git_directory(const CheckOptions& opts) {
  fs::path first = opts.paths.empty() ? fs::path(".") : fs::path(opts.paths.front());
  std::error_code ec;
  return fs::is_directory(first, ec) ? first.string() : first.parent_path().string();
}

// --baseline and --new-from-rev: findings known before are marked suppressed (external).
bool hide_known(const CheckOptions& opts, std::vector<Finding>& findings, std::ostream& err) {
  if (!opts.baseline.empty()) {
    BaselineResult baseline = load_baseline(opts.baseline);
    if (!baseline) {
      err << "rightfit: " << baseline.problem().message << "\n";
      return false;
    }
    apply_baseline(findings, *baseline);
  }
  if (!opts.new_from_rev.empty()) {
    std::string directory = git_directory(opts);
    Result<ChangedLines> changed =
        changed_since(directory.empty() ? "." : directory, opts.new_from_rev);
    if (!changed) {
      err << "rightfit: --new-from-rev: " << changed.problem().message << "\n";
      return false;
    }
    keep_changed(findings, *changed);
  }
  return true;
}

int run_check(const CheckOptions& opts, std::ostream& out, std::ostream& err) {
  std::optional<CheckOutcome> outcome = findings_of(opts, err);
  if (!outcome) return kExitError;
  std::vector<Finding>& findings = outcome->findings;
  if (opts.verbose) {
    tell_excluded(outcome->excluded, err);
    for (const std::string& r : outcome->refused) err << "rightfit: refused " << r << "\n";
    for (const std::string& n : outcome->not_parsed) err << "rightfit: " << n << "\n";
  }
  if (!hide_known(opts, findings, err)) return kExitError;
  ReportContext ctx{all_rules(), fs::current_path().string(), use_color(opts),
                    std::move(outcome->excluded)};
  std::string report = render(opts.format, findings, ctx);
  if (opts.output.empty()) {
    out << report;
  } else if (std::string problem = write_output_file(opts.output, report); !problem.empty()) {
    err << "rightfit: " << problem << "\n";
    return kExitError;
  }
  return fails(findings, opts.fail_on) ? kExitFindings : kExitClean;
}

// `rightfit fix`: the findings as `check` filters them, their fixes applied. Exit codes as
// `check`'s would be on the tree as the fixes leave it.
int run_fix(const CheckOptions& opts, const FixOptions& fix_opts, std::ostream& out,
            std::ostream& err) {
  const std::vector<RuleInfo> rules = all_rules();
  FixOptions chosen = fix_opts;
  chosen.rules.clear();
  for (const std::string& word : fix_opts.rules) {
    const RuleInfo* rule = find_rule_by_id_or_name(rules, word);
    if (!rule) {
      err << "rightfit: fix: unknown rule '" << word << "' (rightfit rules lists them)\n";
      return kExitError;
    }
    chosen.rules.push_back(rule->id);
  }
  std::optional<CheckOutcome> outcome = findings_of(opts, err);
  if (!outcome) return kExitError;
  if (!hide_known(opts, outcome->findings, err)) return kExitError;
  chosen.max_file_bytes = outcome->max_file_bytes;
  FixOutcome fixed = apply_fixes(std::move(outcome->findings), outcome->unparsed, chosen, out, err);
  if (fixed.failed) return kExitError;
  if (!fixed.changed) return fails(fixed.remaining, opts.fail_on) ? kExitFindings : kExitClean;
  // What `check` now says of the changed tree: a fix may bring a finding of its own (RF104
  // once RF101 set the maximum Timeout).
  std::optional<CheckOutcome> after = findings_of(opts, err);
  if (!after || !hide_known(opts, after->findings, err)) return kExitError;
  return fails(after->findings, opts.fail_on) ? kExitFindings : kExitClean;
}

int run_baseline(const CheckOptions& opts, std::ostream& err) {
  std::optional<CheckOutcome> outcome = findings_of(opts, err);
  if (!outcome) return kExitError;
  if (std::string problem = write_output_file(opts.output, format_baseline(outcome->findings));
      !problem.empty()) {
    err << "rightfit: " << problem << "\n";
    return kExitError;
  }
  return kExitClean;
}

// "      option threshold_s = 600: why (also thresholds.<key>)" per option of `rule`.
std::string option_lines(const RuleInfo& rule) {
  std::string out;
  for (const RuleOption& o : rule.options) {
    out += "      option " + o.name + " = " + format_number(o.default_value) + ": " +
           o.description +
           (o.threshold_key.empty() ? "" : " (also thresholds." + o.threshold_key + ")") + "\n";
  }
  return out;
}

int run_rules(std::ostream& out) {
  for (const RuleInfo& r : all_rules()) {
    out << r.id << "  " << severity_name(r.default_severity)
        << std::string(8 - std::string(severity_name(r.default_severity)).size(), ' ') << r.name
        << (r.off_by_default ? "  (off by default)" : "") << "\n      " << r.short_description
        << "\n"
        << option_lines(r);
  }
  return kExitClean;
}

int run_explain(const std::string& id, std::ostream& out, std::ostream& err) {
  for (const RuleInfo& r : all_rules()) {
    if (r.id == id || r.name == id) {
      out << r.help;
      if (!r.options.empty())
        out << "\n## Options and defaults (`rules: {" << r.id << ": {options: {...}}}`)\n"
            << option_lines(r);
      return kExitClean;
    }
  }
  err << "rightfit: no rule '" << id << "' (see `rightfit rules`)\n";
  return kExitError;
}

void add_baseline_command(CLI::App& app, CheckOptions& opts) {
  CLI::App* baseline = app.add_subcommand("baseline", "Write today's findings to a baseline file");
  baseline->add_option("paths", opts.paths, "Files or directories (default: .)");
  baseline->add_option("-o,--output", opts.output, "The baseline file to write")->required();
  baseline->add_option("-c,--config", opts.config, "Configuration file");
  baseline->add_option("--var-file", opts.var_files, "Terraform .tfvars")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  add_terraform_plan_option(*baseline, opts.terraform_plans);
}

// `rightfit fix` and its options: the analysis options of `check` that choose the findings.
void add_fix_command(CLI::App& app, CheckOptions& opts, FixOptions& fix_opts) {
  CLI::App* fix = app.add_subcommand(
      "fix", "Apply the fixes of the findings (each file atomically), or show them (--dry-run)");
  fix->add_option("paths", opts.paths, "Files or directories (default: .)");
  fix->add_option("--rule", fix_opts.rules, "Only this rule's fixes (an ID; repeatable)")
      ->allow_extra_args(false);
  fix->add_flag("--dry-run", fix_opts.dry_run, "Print a unified diff and change nothing");
  fix->add_option("-c,--config", opts.config, "Configuration file (default: .rightfit.yaml)");
  fix->add_option("--fail-on", opts.fail_on,
                  "Lowest severity of a finding left unfixed that makes the exit code 1")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  fix->add_option("-j,--jobs", opts.jobs, "Files parsed in parallel (default: cores)");
  fix->add_option("--var-file", opts.var_files, "Terraform .tfvars applied to every root module")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  add_terraform_plan_option(*fix, opts.terraform_plans);
  fix->add_option("--baseline", opts.baseline, "Leave the findings of this baseline as they are");
  fix->add_flag("--no-cache", opts.no_cache, "Do not read or write the cache of parsed C++ facts");
}

// `rightfit check` and its options, filling `opts`.
void add_check_command(CLI::App& app, CheckOptions& opts) {
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
                  "Do not read or write the cache of parsed C++ facts ($XDG_CACHE_HOME/rightfit)");

  check->add_option("--baseline", opts.baseline, "Report only findings not in this baseline");
  check->add_flag(
      "-v,--verbose", opts.verbose,
      "Say on stderr what was left out and why: framework resources, files refused (outside "
      "the analysed directories), code files no Lambda reaches (not parsed, one line each)");
  check->add_option("--new-from-rev", opts.new_from_rev,
                    "Report only findings on lines changed since REV (git: the work tree "
                    "against a commit, branch or tag), or whose related lines changed");
  check->add_flag("--report-unused-suppressions", opts.report_unused_suppressions,
                  "Report rightfit:ignore comments and Metadata that suppress nothing (RF004)");
  add_usage_options(*check, opts.usage);
  check->add_option("--color", opts.color, "Colour text output: auto (a terminal, no NO_COLOR)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"rightfit: is each workload on the right compute platform (Lambda or Fargate)?"};
  app.name("rightfit");
  app.set_version_flag("--version", std::string("rightfit ") + RIGHTFIT_VERSION);
  app.require_subcommand(1);

  CheckOptions opts;
  add_check_command(app, opts);
  CostOptions cost_opts;
  add_cost_command(app, cost_opts);
  ReportOptions report_opts;
  add_report_command(app, report_opts);
  UsageQueryOptions usage_opts;
  CLI::App* usage = add_usage_command(app, usage_opts);

  add_baseline_command(app, opts);
  FixOptions fix_opts;
  add_fix_command(app, opts, fix_opts);

  app.add_subcommand("lsp", "Run the language server on stdin/stdout (for editors)");

  app.add_subcommand("rules", "List the rules");
  std::string rule_id;
  CLI::App* explain = app.add_subcommand("explain", "Print a rule's help page");
  explain->add_option("rule", rule_id, "Rule ID or name, e.g. RF105")->required();

  if (argc <= 1) {  // a bare `rightfit`: the usage, as a usage error
    out << app.help();
    return kExitError;
  }
  if (std::optional<std::string> unknown = unknown_command(app, argv[1])) {
    err << *unknown;
    return kExitError;
  }
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
  if (usage->parsed()) return run_usage_query(usage_opts, out, err);
  if (app.got_subcommand("baseline")) return run_baseline(opts, err);
  if (app.got_subcommand("fix")) return run_fix(opts, fix_opts, out, err);
  if (app.got_subcommand("lsp")) return run_language_server();
  if (app.got_subcommand("rules")) return run_rules(out);
  return run_explain(rule_id, out, err);
}

}  // namespace rightfit
