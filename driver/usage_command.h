// `rightfit usage query [PATH]`: the get-metric-data input that measures the workloads found,
// and `--usage FILE` (check, cost, report): its answer read back as measured usage.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/workload_graph.h"
#include "driver/engine.h"

namespace rightfit {

struct UsageQueryOptions {
  std::vector<std::string> paths;
  std::string output = "q.json";
  std::string config;
  int days = 14;
  int period_s = 3600;
  std::string end;  // ISO 8601; empty: now, rounded down to the hour
  std::vector<std::string> stack_resources;
  std::vector<std::string> var_files;
  std::vector<std::string> terraform_plans;
};

// Declares `usage` and its `query` subcommand on `app`, filling `opts` when parsed.
CLI::App* add_usage_command(CLI::App& app, UsageQueryOptions& opts);
// Exit code: 0 query written, 2 usage/config/I/O error.
int run_usage_query(const UsageQueryOptions& opts, std::ostream& out, std::ostream& err);

// `--usage FILE` and `--stack-resources FILE` (both repeatable) on an analysing command.
void add_usage_options(CLI::App& command, UsageFiles& files);

// Reads `files.usage` into `config.measured` for the workloads of `graph` (named as `usage
// query` named them); what was left out goes to `warnings`. Returns the problem that stops
// the run ("<file>: <cause>"), empty when none.
std::string load_measured_usage(const UsageFiles& files, const WorkloadGraph& graph, Config& config,
                                std::vector<std::string>& warnings);

}  // namespace rightfit
