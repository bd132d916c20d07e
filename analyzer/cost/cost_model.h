// What a workload costs a month on the platform it is on and on the other one (Lambda vs
// Fargate), from the WorkloadGraph, the declared usage and the price table. Money is kept in
// plain doubles and rounded to cents only when shown.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/cost/price_table.h"
#include "analyzer/workload_graph.h"
#include "parsers/aws_limits.h"

namespace rightfit {

// rules.md: the average duration assumed when usage does not declare one.
inline constexpr double kAssumedDurationMs = 200;
// The run time assumed for an ECS task a schedule starts when none is declared: Fargate's
// one-minute minimum charge, the least a run can cost there.
inline constexpr double kAssumedTaskRunMs = 60000;
// Lambda's memory range and its 1 vCPU per 1769 MB, from the one home of AWS limits.
using aws::kLambdaMaxMemoryMb;
using aws::kLambdaMbPerVcpu;
using aws::kLambdaMinMemoryMb;

struct FargateSize {
  double vcpu = 0;
  double memory_gb = 0;
};

// Whether Fargate accepts this task size (CPU units, MiB).
bool is_valid_fargate_size(double cpu_units, double memory_mb);
// The cheapest valid Fargate size with at least `vcpu` and `memory_gb`; nullopt above the
// largest (16 vCPU, 120 GB).
std::optional<FargateSize> smallest_fargate_size(double vcpu, double memory_gb,
                                                 const ArchPrices& prices);

// Lambda's monthly cost as a function of requests per month.
struct LambdaCost {
  double memory_mb = kLambdaMinMemoryMb;
  Arch arch = Arch::X86_64;
  double duration_ms = kAssumedDurationMs;
  double provisioned = 0;  // provisioned concurrency, always on
  ArchPrices prices;
  double requests_per_million_usd = 0;
  double seconds_per_month = 0;

  double memory_gb() const { return memory_mb / 1024; }
  double duration_s() const { return duration_ms / 1000; }
  // Requests one execution environment serves in a month when always busy.
  double requests_per_environment() const { return seconds_per_month / duration_s(); }
  // The provisioned concurrency charge, paid whatever the load.
  double provisioned_monthly() const;
  // Requests the provisioned environments serve (at the lower provisioned duration price)
  // before the rest is billed on demand.
  double provisioned_capacity() const { return provisioned * requests_per_environment(); }
  double monthly_at(double requests) const;
  // The requests per month at which the monthly cost reaches `monthly_usd` (0 below the
  // provisioned charge).
  double requests_for(double monthly_usd) const;
};

// Fargate's monthly cost as a function of requests per month: a service runs its fixed task
// count; the Fargate alternative of a function runs enough always-on tasks to carry the
// average concurrency (`prices.fargate_requests_per_task` requests per task at once; 1 by
// default, like a Lambda environment).
struct FargateCost {
  FargateSize size;
  Arch arch = Arch::X86_64;
  bool spot = false;
  double task_monthly = 0;
  std::optional<double> fixed_tasks;
  double requests_per_task = 0;  // used when the task count follows the load
  // Set for a scheduled function's alternative: a task started per run (each run billed by the
  // second, at least a minute: Fargate's minimum), never an always-on task.
  std::optional<double> run_seconds;
  double task_hourly = 0;  // one task for an hour, for run_cost

  double tasks_at(double requests) const;
  // What one scheduled run costs (0 unless run_seconds is set).
  double run_cost() const;
  // A scheduled run starts `fixed_tasks` tasks (1 when unset), each billed on its own.
  double monthly_at(double requests) const {
    return run_seconds ? requests * fixed_tasks.value_or(1) * run_cost()
                       : tasks_at(requests) * task_monthly;
  }
};

// Lambda Managed Instances for the same load: execution environments of the function's memory
// (at least 2 GB) and 1 vCPU per 2 GiB, each serving `requests_per_environment` requests at
// once, packed on instances of one priced EC2 type, never fewer than the three Lambda keeps.
struct ManagedInstancesCost {
  std::string instance_type;
  Arch arch = Arch::X86_64;
  bool arch_changes = false;  // the function would move to the instances' architecture
  double environment_memory_mb = 0;
  double requests_per_environment = 1;
  double environments = 0;
  double environments_per_instance = 0;
  double instances = 0;
  double instance_monthly = 0;  // one instance for a month, with the management fee
  double requests_per_million_usd = 0;
  double monthly = 0;  // at the load it was sized for
};
// nullopt: no priced instance type holds one environment.
std::optional<ManagedInstancesCost> managed_instances_cost(double memory_mb, Arch arch,
                                                           double duration_ms, double requests,
                                                           double requests_per_environment,
                                                           const PriceTable& prices);
// "3 x m7g.large (2 environments of 2 GB each, 1 request at a time)".
std::string describe_managed_instances(const ManagedInstancesCost& mi);

// One task of `size` for a month.
double fargate_task_monthly(const FargateSize& size, Arch arch, bool spot,
                            const PriceTable& prices);

// EksOnEc2: Kubernetes pods no EKS Fargate profile selects (the cluster's nodes).
// LambdaManagedInstances: a function with a capacity provider (priced by instance, not GB-s).
enum class Platform {
  Lambda,
  LambdaManagedInstances,
  Fargate,
  FargateSpot,
  EcsOnEc2,
  EcsUnknown,
  EksOnEc2
};
const char* platform_name(Platform p);  // "Lambda", "Fargate", "Fargate Spot", ...

// Where a workload's load comes from: measured (a `--usage` file) wins over declared
// (`.rightfit.yaml` usage) over a schedule's runs (a function only schedules invoke) over
// assumed (kAssumedDurationMs, provisioned environments busy).
enum class UsageBasis { Measured, Declared, Schedule, Assumed };
const char* usage_basis_name(UsageBasis b);  // "measured", "declared", "schedule", "assumed"

// What a priced workload is. ScheduledTask: an ECS task a schedule or an event pattern starts
// (parsers' ScheduledTask), priced per run on both platforms, `fargate.fixed_tasks` tasks a run.
enum class WorkloadKind { Function, Service, ScheduledTask };
const char* workload_kind_name(WorkloadKind k);  // "function", "service", "scheduled-task"

// The costs of one function, ECS service or scheduled ECS task.
struct WorkloadCost {
  EntityId id;
  std::string type;
  SourceRange header;
  WorkloadKind kind = WorkloadKind::Function;
  Platform platform = Platform::Lambda;
  // Why no figures could be computed (EC2 capacity, unknown task size); empty when priced.
  std::string unpriced;

  // Load: declared, or (function with provisioned concurrency and no declared usage) the
  // provisioned environments assumed busy around the clock.
  std::optional<double> requests_per_month;
  bool requests_assumed = false;
  double duration_ms = kAssumedDurationMs;
  bool duration_assumed = true;
  std::optional<SourceRange> usage_declared;
  std::string declared_by;  // Usage::declared_by of a Declared basis
  // Usage::declared_by of a scheduled task's run time, when a usage file gives it.
  std::string duration_declared_by;
  UsageBasis basis = UsageBasis::Assumed;
  std::optional<MeasuredUsage> measured;  // the figures of a Measured basis
  // The schedule expressions whose runs are the load (a Schedule basis).
  std::vector<SourceRange> schedules;

  LambdaCost lambda;
  FargateCost fargate;
  // Monthly cost on its own platform (a service's always-on cost is known without usage).
  std::optional<double> current_monthly;
  // Monthly cost of the other platform at the same load.
  std::optional<double> alternative_monthly;
  // Why the other platform cannot run it (a scheduled task's run outlasts Lambda's 15 minutes
  // or its memory exceeds Lambda's); empty when it can.
  std::string alternative_unfit;
  // Requests per month at which both platforms cost the same; nullopt: they never do
  // (the Lambda stays cheaper at any load).
  std::optional<double> break_even;
  // A function's load on Lambda Managed Instances (a known, steady load: not a schedule's
  // runs); on a function already there, its current cost.
  std::optional<ManagedInstancesCost> managed;

  bool priced() const { return unpriced.empty(); }
  // Lambda invocations per unit of load: a scheduled task's run invokes one per task, so that
  // both platforms' costs are for all the tasks of a month's runs.
  double invocations_per_request() const {
    return kind == WorkloadKind::ScheduledTask ? fargate.fixed_tasks.value_or(1) : 1;
  }
  double lambda_at(double requests) const {
    return lambda.monthly_at(requests * invocations_per_request());
  }
  double fargate_at(double requests) const { return fargate.monthly_at(requests); }
};

// "measured over 14 days (usage.json)", "declared (infracost usage file)", "declared",
// "declared by schedule: 8,760 runs/month",
// "assumed": where a cost's load comes from.
std::string basis_text(const WorkloadCost& cost);
// "60000 ms (assumed)", "240000 ms (infracost usage file)": how long a request or run takes.
std::string duration_text(const WorkloadCost& cost);
// The usage file of a measured cost (its first line: a related location for findings).
std::optional<SourceRange> measured_location(const WorkloadCost& cost);

// A function that only schedules invoke (parsers/aws_schedule.h) and has no measured or
// declared request count is priced by its schedules' runs, its Fargate alternative as a task
// per run (graph: its triggers and APIs).
WorkloadCost estimate_function_cost(const WorkloadGraph& graph, const Function& f,
                                    const Config& config);
WorkloadCost estimate_service_cost(const WorkloadGraph& graph, const Service& s,
                                   const Config& config);
// An ECS task a schedule or an event pattern starts, priced by its runs (declared
// `runs_per_month`, else the schedule's; a disabled rule: none; an event pattern without
// declared runs: not priced) x its tasks x the run's duration: declared (`run_seconds` or
// `avg_duration_ms`), else assumed to be Fargate's one-minute minimum charge. Usage is looked
// up under the task's name, its rule's, then its task definition's, each figure on its own.
// Its Lambda alternative (the task's memory, at least its vCPU at 1769 MB per vCPU) runs each
// task as an invocation, when the run fits in 15 minutes and 10,240 MB.
WorkloadCost estimate_scheduled_task_cost(const WorkloadGraph& graph, const ScheduledTask& task,
                                          const Config& config);
// Every function, ECS service and scheduled ECS task of the graph, in graph order (functions
// first).
std::vector<WorkloadCost> estimate_costs(const WorkloadGraph& graph, const Config& config);
// One workload; nullopt when `id` is neither a function nor a service.
std::optional<WorkloadCost> estimate_cost(const WorkloadGraph& graph, const Config& config,
                                          const EntityId& id);

// A scheduled job (a Kubernetes CronJob) priced per run: on Fargate (its pod size, each run
// billed by the second with a one-minute minimum) and as a Lambda of the same memory (at least
// the job's vCPU at Lambda's 1769 MB per vCPU, at least 128 MB). A run lasts its declared
// average duration (`usage: {<name>: {avg_duration_ms}}`), else its deadline, the upper bound.
struct ScheduledJobCost {
  std::string unpriced;  // why not (schedule, size or deadline unknown); empty when priced
  double runs_per_month = 0;
  double run_seconds = 0;
  bool duration_declared = false;
  std::optional<SourceRange> usage_declared;
  FargateSize size;
  double fargate_monthly = 0;
  double lambda_memory_mb = kLambdaMinMemoryMb;
  double lambda_monthly = 0;
  // Runs shorter than this cost less as a Lambda (the Fargate minute is paid whatever the
  // run); nullopt: the Lambda costs less at any run length.
  std::optional<double> break_even_run_seconds;

  bool priced() const { return unpriced.empty(); }
};
ScheduledJobCost estimate_scheduled_job_cost(const ScheduledJob& job, const Config& config);

// One line for people (editor hovers, reports), e.g. "Fargate always-on: 2 x 0.5 vCPU/1 GB =
// $36.04/month; Lambda at the same usage: $3.10; break-even 12.3M requests/month". nullopt when
// `id` is neither a function nor a service.
std::optional<std::string> cost_summary(const WorkloadGraph& graph, const Config& config,
                                        const EntityId& id);
std::string cost_summary(const WorkloadCost& cost);

// "$36.04", "$1,234.50": rounded to the cent here and only here.
std::string format_usd(double usd);
// "950", "12.3K", "12.3M", "1.2B": request counts as people read them.
std::string format_requests(double requests);
// "0.25", "2", "1.5": sizes without trailing zeros.
std::string format_quantity(double value);
// "2 x 0.5 vCPU/1 GB", "512 MB arm64": what runs.
std::string describe_fargate(const FargateCost& fargate, double tasks);
std::string describe_lambda(const LambdaCost& lambda);

}  // namespace rightfit
