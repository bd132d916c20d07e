// `rightfit cost [PATH]`: the cost report (text, markdown, json, html).
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "driver/engine.h"
#include "integrations/report/markdown_comment.h"

namespace rightfit {

struct CostOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string config;
  unsigned jobs = 0;
  std::vector<std::string> var_files;
  std::vector<std::string> terraform_plans;  // --terraform-plan
  MarkdownOptions markdown;                  // --summary, --repository-url, --commit
  UsageFiles usage;                          // --usage, --stack-resources
};

// `--terraform-plan FILE` (repeatable): `terraform show -json` output merged into the HCL.
void add_terraform_plan_option(CLI::App& command, std::vector<std::string>& plans);

// Declares the subcommand and its options on `app`, filling `opts` when parsed.
CLI::App* add_cost_command(CLI::App& app, CostOptions& opts);
// Exit code: 0 report written, 2 usage/config/I/O error.
int run_cost(const CostOptions& opts, std::ostream& out, std::ostream& err);

// What `cost` and `report` share: their options (paths, format, -o, -c, -j, --var-file,
// --terraform-plan), the analysis they run with the configuration that applied (nullopt
// after printing why not), and writing the result (atomically with -o; the exit code).
void add_report_options(CLI::App& command, CostOptions& opts);
struct ReportAnalysis {
  Analysis analysis;
  Config config;
};
// `root`: the directory the analysis is about (configuration, excludes); empty: the one
// analysis_root gives for the paths.
std::optional<ReportAnalysis> analyse_for_report(const CostOptions& opts, std::ostream& err,
                                                 const std::string& root = {});
int write_report(const CostOptions& opts, const std::string& text, std::ostream& out,
                 std::ostream& err);

}  // namespace rightfit
