#include "driver/usage_command.h"

#include <ctime>
#include <ostream>

#include "analyzer/output_file.h"
#include "driver/analysis_setup.h"
#include "integrations/cloudwatch/metric_queries.h"
#include "integrations/cloudwatch/metric_results.h"
#include "integrations/cloudwatch/stack_resources.h"
#include "integrations/usage/usage_files.h"

namespace rightfit {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitError = 2;

// CloudWatch keeps one-minute datapoints for 15 days, five-minute ones for 63 days and hourly
// ones for 455 days (GetMetricData, Amazon CloudWatch API Reference, read 2026-12-07): a
// window longer than its period's retention would come back partly empty.
int retention_days(int period_s) {
  if (period_s < 300) return 15;
  if (period_s < 3600) return 63;
  return 455;
}

// Why the window cannot be asked for; empty when it can.
std::string window_problem(const UsageQueryOptions& opts) {
  if (opts.period_s <= 0 || opts.period_s % cloudwatch::kPeriodMultipleSeconds != 0)
    return "--period must be a positive multiple of 60 seconds";
  if (opts.days < 1 || opts.days > retention_days(opts.period_s))
    return "--days must be between 1 and " + std::to_string(retention_days(opts.period_s)) +
           " for a period of " + std::to_string(opts.period_s) +
           " s (CloudWatch's retention for it)";
  if (!opts.end.empty() && cloudwatch::parse_iso8601(opts.end) < 0)
    return "--end must be an ISO 8601 UTC time such as 2026-12-07T10:00:00Z";
  return "";
}

std::string end_of_window(const UsageQueryOptions& opts) {
  if (!opts.end.empty()) return cloudwatch::iso8601(cloudwatch::parse_iso8601(opts.end));
  const long long now = static_cast<long long>(std::time(nullptr));
  return cloudwatch::iso8601(now - now % 3600);
}

int write_requests(const UsageQueryOptions& opts, const cloudwatch::WorkloadNames& names,
                   std::ostream& err) {
  const cloudwatch::QueryWindow window{opts.days, opts.period_s, end_of_window(opts)};
  const std::vector<std::string> requests = cloudwatch::metric_data_requests(names.named, window);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const std::string file = cloudwatch::request_file_name(opts.output, i);
    if (std::string problem = write_output_file(file, requests[i]); !problem.empty()) {
      err << "rightfit: " << problem << "\n";
      return kExitError;
    }
  }
  if (requests.size() > 1)
    err << "rightfit: " << requests.size() << " requests (at most "
        << cloudwatch::kMaxQueriesPerRequest << " queries each): " << opts.output << " to "
        << cloudwatch::request_file_name(opts.output, requests.size() - 1) << "\n";
  return kExitClean;
}

}  // namespace

CLI::App* add_usage_command(CLI::App& app, UsageQueryOptions& opts) {
  CLI::App* usage = app.add_subcommand("usage", "Measured usage from CloudWatch (offline)");
  usage->require_subcommand(1);
  CLI::App* query = usage->add_subcommand(
      "query",
      "Write the `aws cloudwatch get-metric-data --cli-input-json` input that measures the "
      "Lambda functions, ECS services and SQS queues found; its output is read with --usage");
  query->add_option("paths", opts.paths, "Files or directories (default: .)");
  query->add_option("-o,--output", opts.output,
                    "The request file (default q.json); more than 500 queries go to q.2.json, "
                    "q.3.json, ... (GetMetricData takes at most 500)");
  query->add_option("-c,--config", opts.config, "Configuration file (default: .rightfit.yaml)");
  query->add_option("--days", opts.days, "The window's length in days, ending at --end");
  query->add_option("--period", opts.period_s,
                    "Seconds per datapoint, a multiple of 60 (default 3600)");
  query->add_option("--end", opts.end,
                    "The window's end, ISO 8601 UTC (default: now, rounded down to the hour)");
  query
      ->add_option("--stack-resources", opts.stack_resources,
                   "`aws cloudformation describe-stack-resources` output naming the workloads "
                   "the templates leave unnamed (repeatable)")
      ->allow_extra_args(false);
  query->add_option("--var-file", opts.var_files, "Terraform .tfvars")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  return usage;
}

void add_usage_options(CLI::App& command, UsageFiles& files) {
  command
      .add_option("--usage", files.usage,
                  "A usage file (repeatable): `aws cloudwatch get-metric-data` output for the "
                  "query of `rightfit usage query`, AWS Compute Optimizer's Lambda or ECS "
                  "recommendations (exported CSV or CLI JSON), both measured; or an Infracost "
                  "usage file or rightfit's own (a `usage:` section alone), declared. Measured "
                  "usage wins over declared and assumed usage")
      ->allow_extra_args(false);
  command
      .add_option("--stack-resources", files.stack_resources,
                  "`aws cloudformation describe-stack-resources` output, as given to `usage "
                  "query` (repeatable)")
      ->allow_extra_args(false);
}

int run_usage_query(const UsageQueryOptions& opts, std::ostream& /*out*/, std::ostream& err) {
  if (std::string problem = window_problem(opts); !problem.empty()) {
    err << "rightfit: " << problem << "\n";
    return kExitError;
  }
  AnalysisRequest request;
  request.paths = opts.paths.empty() ? std::vector<std::string>{"."} : opts.paths;
  request.root = analysis_root(request.paths);
  request.var_files = opts.var_files;
  request.terraform_plans = opts.terraform_plans;
  std::optional<Analysis> analysis = configure_and_analyze(request, opts.config, err);
  if (!analysis) return kExitError;
  Result<std::vector<cloudwatch::StackResource>> stack =
      cloudwatch::load_stack_resources(opts.stack_resources, request.config.limits);
  if (!stack.ok()) {
    err << "rightfit: " << stack.problem().message << "\n";
    return kExitError;
  }
  const cloudwatch::WorkloadNames names = cloudwatch::name_workloads(*analysis->graph, *stack);
  for (const cloudwatch::UnnamedWorkload& u : names.unnamed) {
    err << "rightfit: not queried: " << u.id.name << " (" << u.header.file << ":" << u.header.line()
        << "): " << u.reason << "\n";
  }
  if (names.named.empty()) {
    err << "rightfit: no workload to query: no Lambda function, ECS service or SQS queue with a "
           "physical name\n";
    return kExitError;
  }
  return write_requests(opts, names, err);
}

std::string load_measured_usage(const UsageFiles& files, const WorkloadGraph& graph, Config& config,
                                std::vector<std::string>& warnings) {
  Result<std::vector<cloudwatch::StackResource>> stack =
      cloudwatch::load_stack_resources(files.stack_resources, config.limits);
  if (!stack.ok()) return stack.problem().message;
  const cloudwatch::WorkloadNames names = cloudwatch::name_workloads(graph, *stack);
  Result<usage::UsageFiles> reading =
      usage::read_usage_files(files.usage, graph, names.named, config);
  if (!reading.ok()) return reading.problem().message;
  config.measured = std::move(reading->measured);
  config.usage = std::move(reading->declared);
  for (std::string& w : reading->warnings) warnings.push_back(std::move(w));
  return "";
}

}  // namespace rightfit
