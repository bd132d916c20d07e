// `rightfit cost [PATH]`: the cost report (text, markdown, json, html).
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

namespace rightfit {

struct CostOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string config;
  unsigned jobs = 0;
  std::vector<std::string> var_files;
  std::vector<std::string> terraform_plans;  // --terraform-plan
};

// `--terraform-plan FILE` (repeatable): `terraform show -json` output merged into the HCL.
void add_terraform_plan_option(CLI::App& command, std::vector<std::string>& plans);

// Declares the subcommand and its options on `app`, filling `opts` when parsed.
CLI::App* add_cost_command(CLI::App& app, CostOptions& opts);
// Exit code: 0 report written, 2 usage/config/I/O error.
int run_cost(const CostOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace rightfit
