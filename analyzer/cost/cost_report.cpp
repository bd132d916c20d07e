#include "analyzer/cost/cost_report.h"

#include <algorithm>

namespace rightfit {

namespace {

bool is_cost_finding(const Finding& f, const std::vector<RuleInfo>& rules) {
  const RuleInfo* rule = find_rule(rules, f.rule_id);
  return rule && rule->reads(RuleTag::Cost);
}

}  // namespace

CostReport build_cost_report(const WorkloadGraph& graph, const Config& config,
                             const std::vector<Finding>& findings,
                             const std::vector<RuleInfo>& rules) {
  CostReport report;
  report.prices = config.prices;
  for (WorkloadCost& cost : estimate_costs(graph, config)) {
    CostEntry entry{std::move(cost), {}};
    for (const Finding& f : findings) {
      if (is_cost_finding(f, rules) && is_about(f, entry.cost.id)) entry.findings.push_back(f);
    }
    report.entries.push_back(std::move(entry));
  }
  for (const ParseError& e : graph.parse_errors) {
    report.parse_errors.push_back(e.where.file + ":" + std::to_string(e.where.line()) + ":" +
                                  std::to_string(e.where.column()) + ": " + e.message);
  }
  std::stable_sort(report.entries.begin(), report.entries.end(),
                   [](const CostEntry& a, const CostEntry& b) {
                     const SourceRange& x = a.cost.header;
                     const SourceRange& y = b.cost.header;
                     if (x.file != y.file) return x.file < y.file;
                     return x.line() < y.line();
                   });
  return report;
}

namespace {

std::string usage_cell(const WorkloadCost& c) {
  const bool named_basis = c.basis == UsageBasis::Measured ||
                           (c.basis == UsageBasis::Declared && !c.declared_by.empty());
  const std::string measured = named_basis ? ", " + basis_text(c) : std::string();
  if (!c.requests_per_month) {
    if (c.measured && c.measured->tasks_avg)
      return format_quantity(*c.measured->tasks_avg) + " tasks on average" + measured;
    return "not declared; " + duration_text(c) + " per request";
  }
  if (c.basis == UsageBasis::Schedule || c.kind == WorkloadKind::ScheduledTask)
    return basis_text(c) + " x " + duration_text(c);
  std::string out =
      format_requests(*c.requests_per_month) + " requests/month x " + duration_text(c);
  if (c.requests_assumed) out += ", provisioned environments assumed busy";
  return out + measured;
}

std::string per_million(const WorkloadCost& c) {
  return format_usd(c.lambda_at(1e6) - c.lambda_at(0)) + " per million requests";
}

std::string now_cell(const WorkloadCost& c) {
  if (!c.priced()) return "not priced: " + c.unpriced;
  if (c.current_monthly) return format_usd(*c.current_monthly) + "/month";
  std::string out = per_million(c);
  if (c.lambda.provisioned > 0) out += " + " + format_usd(c.lambda_at(0)) + "/month provisioned";
  return out;
}

std::string alternative_cell(const WorkloadCost& c) {
  if (!c.priced()) return "-";
  if (c.kind == WorkloadKind::ScheduledTask) {
    if (!c.alternative_unfit.empty()) return "Lambda: does not fit (" + c.alternative_unfit + ")";
    return "Lambda " + describe_lambda(c.lambda) +
           ", an invocation per task: " + format_usd(c.alternative_monthly.value_or(0)) + "/month";
  }
  if (c.kind == WorkloadKind::Function && c.fargate.run_seconds) {
    return "Fargate: one " + format_quantity(c.fargate.size.vcpu) + " vCPU / " +
           format_quantity(c.fargate.size.memory_gb) + " GB" +
           (c.fargate.arch == Arch::Arm64 ? " arm64" : "") +
           " task per run, billed at least a minute: " +
           format_usd(c.alternative_monthly.value_or(0)) + "/month";
  }
  if (c.kind == WorkloadKind::Function) {
    const double tasks = c.requests_per_month ? c.fargate.tasks_at(*c.requests_per_month) : 1;
    const std::string fargate = "Fargate " + describe_fargate(c.fargate, tasks);
    if (c.alternative_monthly) {
      std::string out = fargate + ": " + format_usd(*c.alternative_monthly) + "/month";
      // Managed Instances where they cost less than the Lambda (RF402 names them then).
      if (c.managed && c.platform == Platform::Lambda && c.current_monthly &&
          c.managed->monthly < *c.current_monthly)
        out += "; Lambda Managed Instances " + describe_managed_instances(*c.managed) + ": " +
               format_usd(c.managed->monthly) + "/month";
      return out;
    }
    return fargate + ": from " + format_usd(c.fargate.task_monthly) + "/month";
  }
  const std::string lambda = "Lambda " + describe_lambda(c.lambda);
  if (c.alternative_monthly) return lambda + ": " + format_usd(*c.alternative_monthly) + "/month";
  return lambda + ": " + per_million(c);
}

std::string break_even_cell(const WorkloadCost& c) {
  if (!c.priced()) return "-";
  if (c.break_even) return format_requests(*c.break_even) + " requests/month";
  if (c.fargate.run_seconds) return "- (scheduled: priced per run on both)";
  if (c.platform == Platform::LambdaManagedInstances) return "-";
  if (c.kind == WorkloadKind::Function) return "never: Lambda is cheaper at any load";
  return "-";
}

std::string finding_cell(const CostEntry& entry) {
  if (entry.findings.empty()) return "-";
  std::string out;
  for (const Finding& f : entry.findings) {
    if (!out.empty()) out += ", ";
    out += f.rule_id + (f.suppression ? " (suppressed)" : "");
  }
  return out;
}

}  // namespace

CostCells cost_cells(const CostEntry& entry) {
  const WorkloadCost& c = entry.cost;
  CostCells cells;
  cells.workload = c.id.name;
  cells.location = c.header.file + ":" + std::to_string(c.header.line());
  cells.platform = platform_name(c.platform);
  if (c.priced()) {
    cells.size = c.kind == WorkloadKind::Function
                     ? describe_lambda(c.lambda)
                     : describe_fargate(c.fargate, c.fargate.fixed_tasks.value_or(0));
  }
  cells.usage = c.priced() ? usage_cell(c) : "-";
  cells.now = now_cell(c);
  cells.alternative = alternative_cell(c);
  cells.break_even = break_even_cell(c);
  cells.finding = finding_cell(entry);
  return cells;
}

double known_monthly_total(const CostReport& report) {
  double total = 0;
  for (const CostEntry& e : report.entries) total += e.cost.current_monthly.value_or(0);
  return total;
}

std::size_t workloads_without_monthly_cost(const CostReport& report) {
  std::size_t count = 0;
  for (const CostEntry& e : report.entries) count += e.cost.current_monthly ? 0 : 1;
  return count;
}

std::string known_monthly_total_text(const CostReport& report) {
  const std::size_t unknown = workloads_without_monthly_cost(report);
  if (unknown == report.entries.size() && unknown > 0) return "unknown (no usage data)";
  std::string total = format_usd(known_monthly_total(report));
  if (unknown == 0) return total;
  return total + " (" + std::to_string(unknown) + (unknown == 1 ? " workload" : " workloads") +
         " not counted: no usage data or not priced)";
}

std::string price_note(const CostReport& report) {
  const PriceTable& p = report.prices;
  return "Prices: " + p.region + " on-demand as of " + p.as_of +
         ", free tier excluded; a month is " + format_quantity(p.hours_per_month) +
         " h; Fargate Spot at " + format_quantity(p.fargate_spot_discount * 100) +
         "% off. Without declared usage a request is assumed to take " +
         format_quantity(kAssumedDurationMs) +
         " ms. A function's Fargate alternative runs enough always-on tasks (its memory, 1 vCPU "
         "per 1769 MB), each serving " +
         format_quantity(p.fargate_requests_per_task) +
         (p.fargate_requests_per_task == 1 ? " request" : " requests") +
         " at once, to carry its average concurrency; a function only schedules invoke is "
         "priced by its schedules' runs, on Fargate as a task per run; an ECS task a schedule "
         "starts "
         "is priced by its runs as well (a run assumed to take a minute, Fargate's minimum "
         "charge, unless declared), as Lambda at an invocation per task.";
}

}  // namespace rightfit
