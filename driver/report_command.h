// `rightfit report [PATH]`: where each workload should run (stay, move to Fargate, move to
// Lambda, split), with the evidence per axis, the system's hybrid patterns and, in HTML, the
// workload map and the cost charts. Same options and analysis as `rightfit cost`.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

#include "driver/cost_command.h"

namespace rightfit {

struct ReportOptions : CostOptions {
  bool plan = false;  // --plan: migration sketches (driver/plan_command.h), -o is a directory
  std::string base;   // --base REF: what changed since REF (driver/report_diff.h)
};

// Declares the subcommand and its options on `app`, filling `opts` when parsed.
CLI::App* add_report_command(CLI::App& app, ReportOptions& opts);
// Exit code: 0 report written, 2 usage/config/I/O error.
int run_report(const ReportOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace rightfit
