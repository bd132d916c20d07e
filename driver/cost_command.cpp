#include "driver/cost_command.h"

#include <ostream>

#include "analyzer/output_file.h"
#include "checks/check.h"
#include "driver/analysis_setup.h"
#include "driver/engine.h"
#include "driver/usage_command.h"
#include "integrations/report/cost_report.h"

namespace rightfit {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitError = 2;

std::string render(const CostOptions& opts, const CostReport& report) {
  const std::string& format = opts.format;
  if (format == "markdown") return format_cost_markdown(report, opts.markdown);
  if (format == "json") return format_cost_json(report);
  if (format == "html") return format_cost_html(report);
  return format_cost_text(report);
}

}  // namespace

void add_terraform_plan_option(CLI::App& command, std::vector<std::string>& plans) {
  command
      .add_option("--terraform-plan", plans,
                  "Terraform plan JSON (`terraform show -json plan.out`) whose values complete "
                  "the HCL's; *.tfplan.json files under the paths are read too")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
}

void add_report_options(CLI::App& command, CostOptions& opts) {
  command.add_option("paths", opts.paths, "Files or directories (default: .)");
  command.add_option("-f,--format", opts.format, "Report format (html: one self-contained page)")
      ->check(CLI::IsMember({"text", "markdown", "json", "html"}));
  command.add_option("-o,--output", opts.output, "Write the report to FILE (atomically)");
  command.add_option("-c,--config", opts.config, "Configuration file (default: .rightfit.yaml)");
  command.add_option("-j,--jobs", opts.jobs, "Files parsed in parallel (default: cores)");
  command
      .add_option("--var-file", opts.var_files, "Terraform .tfvars applied to every root module")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  add_terraform_plan_option(command, opts.terraform_plans);
  add_usage_options(command, opts.usage);
  command.add_flag("--summary", opts.markdown.summary,
                   "markdown: the table only (what a pull-request comment needs)");
  command.add_option("--repository-url", opts.markdown.repository_url,
                     "markdown: file:line become links into this repository (with --commit)");
  command.add_option("--commit", opts.markdown.commit, "markdown: the revision links point at");
}

CLI::App* add_cost_command(CLI::App& app, CostOptions& opts) {
  CLI::App* cost = app.add_subcommand(
      "cost", "Monthly cost of every function and service on Lambda and on Fargate");
  add_report_options(*cost, opts);
  return cost;
}

std::optional<ReportAnalysis> analyse_for_report(const CostOptions& opts, std::ostream& err,
                                                 const std::string& root) {
  AnalysisRequest request;
  request.paths = opts.paths.empty() ? std::vector<std::string>{"."} : opts.paths;
  request.root = root.empty() ? analysis_root(request.paths) : root;
  request.jobs = opts.jobs;
  request.var_files = opts.var_files;
  request.terraform_plans = opts.terraform_plans;
  request.usage = opts.usage;
  std::optional<Analysis> analysis = configure_and_analyze(request, opts.config, err);
  if (!analysis) return std::nullopt;
  request.config.measured = analysis->measured;
  if (analysis->declared_usage) request.config.usage = *analysis->declared_usage;
  return ReportAnalysis{std::move(*analysis), std::move(request.config)};
}

int write_report(const CostOptions& opts, const std::string& text, std::ostream& out,
                 std::ostream& err) {
  if (opts.output.empty()) {
    out << text;
  } else if (std::string problem = write_output_file(opts.output, text); !problem.empty()) {
    err << "rightfit: " << problem << "\n";
    return kExitError;
  }
  return kExitClean;
}

int run_cost(const CostOptions& opts, std::ostream& out, std::ostream& err) {
  const std::optional<ReportAnalysis> run = analyse_for_report(opts, err);
  if (!run) return kExitError;
  const CostReport report =
      build_cost_report(*run->analysis.graph, run->config, run->analysis.findings, all_rules());
  return write_report(opts, render(opts, report), out, err);
}

}  // namespace rightfit
