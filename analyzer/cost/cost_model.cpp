#include "analyzer/cost/cost_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

#include "parsers/aws_schedule.h"
#include "parsers/fargate_sizes.h"
#include "parsers/kubernetes/cron.h"

namespace rightfit {

namespace {

// Guards ceil() against values like 3.0000000000000004 that are 3 in intent.
constexpr double kEpsilon = 1e-9;

double ceil_count(double value) { return std::ceil(value - kEpsilon); }

const Usage* usage_of(const Config& config, const EntityId& id) {
  auto it = config.usage.find(id.name);
  return it == config.usage.end() ? nullptr : &it->second;
}

LambdaCost lambda_cost(double memory_mb, Arch arch, double duration_ms, double provisioned,
                       const PriceTable& prices) {
  LambdaCost l;
  l.memory_mb = memory_mb;
  l.arch = arch;
  l.duration_ms = duration_ms;
  l.provisioned = provisioned;
  l.prices = prices.of(arch);
  l.requests_per_million_usd = prices.lambda_requests_per_million;
  l.seconds_per_month = prices.seconds_per_month();
  return l;
}

void apply_usage(WorkloadCost& cost, const Usage* usage) {
  if (!usage) return;
  cost.usage_declared = usage->declared;
  cost.declared_by = usage->declared_by;
  cost.requests_per_month = usage->requests_per_month;
  cost.basis = UsageBasis::Declared;
  if (usage->avg_duration_ms && *usage->avg_duration_ms > 0) {
    cost.duration_ms = *usage->avg_duration_ms;
    cost.duration_assumed = false;
  }
}

const MeasuredUsage* measured_of(const Config& config, const EntityId& id) {
  auto it = config.measured.find(id);
  return it == config.measured.end() ? nullptr : &it->second;
}

// A function's measured invocations and duration (the average a request is billed for, else
// the median) win over the declared ones.
void apply_measured_function(WorkloadCost& cost, const MeasuredUsage* measured) {
  if (!measured || !measured->invocations_per_month) return;
  cost.measured = *measured;
  cost.basis = UsageBasis::Measured;
  cost.requests_per_month = measured->invocations_per_month;
  const std::optional<double> duration =
      measured->duration_avg_ms ? measured->duration_avg_ms : measured->duration_p50_ms;
  if (duration && *duration > 0) {
    cost.duration_ms = *duration;
    cost.duration_assumed = false;
  }
}

// A function that only schedules invoke, with no request count measured or declared, has
// their runs as its load; disabled schedules run nothing. Any other trigger or an API, or an
// expression that is not statically known or not understood, leaves the load unknown.
void apply_schedules(WorkloadCost& cost, const WorkloadGraph& graph, const Function& f,
                     double hours_per_month) {
  if (cost.requests_per_month || cost.basis == UsageBasis::Measured) return;
  const std::vector<const Trigger*> triggers = graph.triggers_of(f);
  if (triggers.empty() || !graph.api_integrations_of(f).empty()) return;
  double runs = 0;
  std::vector<SourceRange> where;
  for (const Trigger* t : triggers) {
    if (t->kind != "Schedule") return;
    if (!t->enabled) continue;
    std::optional<double> n =
        t->schedule.value ? aws::schedule_runs_per_month(*t->schedule.value, hours_per_month)
                          : std::nullopt;
    if (!n) return;
    runs += *n;
    where.push_back(t->schedule.written.value_or(t->where));
  }
  cost.requests_per_month = runs;
  cost.basis = UsageBasis::Schedule;
  cost.schedules = std::move(where);
}

// Smallest requests per month at which the Lambda costs at least as much as the Fargate tasks
// that carry the same load. With n tasks carrying up to n x c requests (c = one task's
// requests), the crossing lies in the first n with L(n c) >= n T. L is linear up to the
// provisioned capacity (PC x c) and linear after it, so past that point the gap closes by a
// constant amount per task and the n is found in closed form.
std::optional<double> function_break_even(const LambdaCost& lambda, const FargateCost& fargate) {
  const double c = fargate.requests_per_task;
  const double task = fargate.task_monthly;
  if (c <= 0 || task <= 0) return std::nullopt;
  auto gap = [&](double n) { return lambda.monthly_at(n * c) - n * task; };
  const double knee = std::max(1.0, std::ceil(lambda.provisioned));
  std::optional<double> tasks;
  for (double n = 1; n <= knee && !tasks; ++n) {
    if (gap(n) >= 0) tasks = n;
  }
  if (!tasks) {
    const double per_task_after_knee =
        c * (lambda.memory_gb() * lambda.duration_s() * lambda.prices.lambda_gb_second +
             lambda.requests_per_million_usd / 1e6) -
        task;
    if (per_task_after_knee <= 0) return std::nullopt;
    tasks = knee + ceil_count(-gap(knee) / per_task_after_knee);
  }
  return std::max((*tasks - 1) * c, lambda.requests_for(*tasks * task));
}

// Lambda Managed Instances beside the function's platform: for a known, steady load (a
// schedule's runs are not one: the instances would idle between them), and always for a
// function already there, whose cost is its instances' (at least the three Lambda keeps, with
// no load known). Its environments serve the requests the function declares per environment,
// else what one process serves at once (prices.fargate_requests_per_task, like a task).
void apply_managed_instances(WorkloadCost& cost, const Function& f, double memory_mb,
                             const PriceTable& prices) {
  const bool on_managed = f.capacity_provider.has_value();
  if (on_managed) cost.platform = Platform::LambdaManagedInstances;
  const bool steady = cost.requests_per_month && cost.basis != UsageBasis::Schedule;
  if (!steady && !on_managed) return;
  const double per_environment =
      f.requests_per_environment.value.value_or(prices.fargate_requests_per_task);
  cost.managed =
      managed_instances_cost(memory_mb, cost.lambda.arch, cost.duration_ms,
                             steady ? *cost.requests_per_month : 0, per_environment, prices);
  if (!on_managed) return;
  cost.break_even.reset();  // Lambda's GB-seconds against Fargate: not this platform's curve
  if (!cost.managed) {
    cost.unpriced = "no EC2 instance type in the price table holds one " +
                    format_quantity(std::max(memory_mb, aws::kManagedInstancesMinMemoryMb)) +
                    " MB environment (add it under prices.ec2_instances)";
    return;
  }
  cost.current_monthly = cost.managed->monthly;
}

}  // namespace

std::optional<ManagedInstancesCost> managed_instances_cost(double memory_mb, Arch arch,
                                                           double duration_ms, double requests,
                                                           double requests_per_environment,
                                                           const PriceTable& prices) {
  const double environment_gb = std::max(memory_mb, aws::kManagedInstancesMinMemoryMb) / 1024;
  const double environment_vcpu = environment_gb / aws::kManagedInstancesMinGibPerVcpu;
  const double per_environment = std::max(1.0, requests_per_environment);
  const double concurrency = requests * duration_ms / 1000 / prices.seconds_per_month();
  const double environments = std::max(1.0, ceil_count(concurrency / per_environment));
  std::optional<ManagedInstancesCost> best;
  for (const Ec2InstancePrice& instance : prices.ec2_instances) {
    const double fits = std::floor(
        std::min(instance.vcpu / environment_vcpu, instance.memory_gb / environment_gb) + kEpsilon);
    if (fits < 1 || instance.hourly <= 0) continue;
    ManagedInstancesCost mi;
    mi.instance_type = instance.type;
    mi.arch = instance.arch;
    mi.arch_changes = instance.arch != arch;
    mi.environment_memory_mb = environment_gb * 1024;
    mi.requests_per_environment = per_environment;
    mi.environments = environments;
    mi.environments_per_instance = fits;
    mi.instances = std::max(aws::kManagedInstancesMinInstances, ceil_count(environments / fits));
    mi.instance_monthly =
        instance.hourly * prices.hours_per_month * (1 + prices.managed_instances_fee);
    mi.requests_per_million_usd = prices.managed_instances_requests_per_million;
    mi.monthly = mi.instances * mi.instance_monthly + requests * mi.requests_per_million_usd / 1e6;
    // The function's own architecture first, then the cheaper.
    if (!best || (best->arch_changes && !mi.arch_changes) ||
        (best->arch_changes == mi.arch_changes && mi.monthly < best->monthly))
      best = mi;
  }
  return best;
}

std::string describe_managed_instances(const ManagedInstancesCost& mi) {
  const double per_instance = std::min(mi.environments_per_instance, mi.environments);
  return format_quantity(mi.instances) + " x " + mi.instance_type + " (" +
         format_quantity(mi.environments) + " environment" + (mi.environments == 1 ? "" : "s") +
         " of " + format_quantity(mi.environment_memory_mb / 1024) + " GB, up to " +
         format_quantity(per_instance) + " per instance, " +
         format_quantity(mi.requests_per_environment) + " request" +
         (mi.requests_per_environment == 1 ? "" : "s") + " at a time each" +
         (mi.arch_changes ? std::string(", moving the function to ") + arch_name(mi.arch) : "") +
         ")";
}

const char* usage_basis_name(UsageBasis b) {
  switch (b) {
    case UsageBasis::Measured:
      return "measured";
    case UsageBasis::Declared:
      return "declared";
    case UsageBasis::Schedule:
      return "schedule";
    case UsageBasis::Assumed:
      break;
  }
  return "assumed";
}

std::string basis_text(const WorkloadCost& cost) {
  std::string declared =
      cost.declared_by.empty() ? "declared" : "declared (" + cost.declared_by + ")";
  if (cost.basis == UsageBasis::Declared && cost.kind == WorkloadKind::ScheduledTask)
    return declared + ": " + format_requests(cost.requests_per_month.value_or(0)) + " runs/month";
  if (cost.basis == UsageBasis::Declared && !cost.declared_by.empty()) return declared;
  if (cost.basis == UsageBasis::Schedule)
    return "declared by schedule: " + format_requests(cost.requests_per_month.value_or(0)) +
           " runs/month";
  if (cost.basis != UsageBasis::Measured || !cost.measured) return usage_basis_name(cost.basis);
  const std::string by = cost.measured->source.empty() || cost.measured->source == "CloudWatch"
                             ? std::string()
                             : " by " + cost.measured->source;
  return "measured over " + format_quantity(cost.measured->window_days) + " days" + by + " (" +
         cost.measured->file + ")";
}

std::string duration_text(const WorkloadCost& cost) {
  const std::string by = cost.duration_assumed ? " (assumed)"
                         : cost.duration_declared_by.empty()
                             ? ""
                             : " (" + cost.duration_declared_by + ")";
  return format_quantity(cost.duration_ms) + " ms" + by;
}

std::optional<SourceRange> measured_location(const WorkloadCost& cost) {
  if (cost.basis != UsageBasis::Measured || !cost.measured) return std::nullopt;
  return SourceRange{cost.measured->file, Span{Position{1, 1}, Position{1, 1}}};
}

WorkloadCost estimate_function_cost(const WorkloadGraph& graph, const Function& f,
                                    const Config& config) {
  WorkloadCost cost;
  cost.id = f.id;
  cost.type = f.type;
  cost.header = f.header;
  cost.kind = WorkloadKind::Function;
  cost.platform = Platform::Lambda;
  Effective memory = effective_memory(f);
  if (!memory.value) {
    cost.unpriced = "its MemorySize is not statically known";
    return cost;
  }
  apply_usage(cost, usage_of(config, f.id));
  apply_measured_function(cost, measured_of(config, f.id));
  apply_schedules(cost, graph, f, config.prices.hours_per_month);
  const Arch arch = arch_from_name(f.architecture.value.value_or("x86_64"));
  const double provisioned = std::max(0.0, f.provisioned_concurrency.value.value_or(0));
  const PriceTable& prices = config.prices;
  cost.lambda = lambda_cost(*memory.value, arch, cost.duration_ms, provisioned, prices);

  const double memory_gb = *memory.value / 1024;
  std::optional<FargateSize> size =
      smallest_fargate_size(*memory.value / kLambdaMbPerVcpu, memory_gb, prices.of(arch));
  if (!size) {
    cost.unpriced = "no Fargate task size holds " + format_quantity(*memory.value) + " MB";
    return cost;
  }
  cost.fargate.size = *size;
  cost.fargate.arch = arch;
  cost.fargate.task_monthly = fargate_task_monthly(*size, arch, false, prices);
  cost.fargate.requests_per_task =
      cost.lambda.requests_per_environment() * prices.fargate_requests_per_task;

  if (cost.basis == UsageBasis::Schedule) {
    cost.fargate.task_hourly = cost.fargate.task_monthly / prices.hours_per_month;
    cost.fargate.run_seconds = cost.duration_ms / 1000;
    cost.fargate.requests_per_task = 0;
  }
  if (!cost.requests_per_month && provisioned > 0) {
    cost.requests_per_month = cost.lambda.provisioned_capacity();
    cost.requests_assumed = true;
  }
  if (cost.requests_per_month) {
    cost.current_monthly = cost.lambda_at(*cost.requests_per_month);
    cost.alternative_monthly = cost.fargate_at(*cost.requests_per_month);
  }
  cost.break_even =
      cost.fargate.run_seconds ? std::nullopt : function_break_even(cost.lambda, cost.fargate);
  apply_managed_instances(cost, f, *memory.value, prices);
  return cost;
}

namespace {

bool is_fargate_provider(const std::string& name) {
  return name == "FARGATE" || name == "FARGATE_SPOT";
}

// Where an ECS service or task runs, from its launch type or capacity providers (`on_pods`:
// a Kubernetes workload, whose non-Fargate launch is the cluster's nodes).
Platform ecs_platform(const Property<std::string>& launch_type,
                      const std::vector<std::string>& capacity_providers, bool on_pods) {
  const std::string launch = launch_type.value.value_or("");
  if (launch == "FARGATE") return Platform::Fargate;
  if (!launch.empty()) return on_pods ? Platform::EksOnEc2 : Platform::EcsOnEc2;  // EC2, EXTERNAL
  if (capacity_providers.empty()) return Platform::EcsUnknown;
  bool all_spot = true;
  bool any_fargate = false;
  for (const std::string& p : capacity_providers) {
    any_fargate = any_fargate || is_fargate_provider(p);
    all_spot = all_spot && p == "FARGATE_SPOT";
  }
  if (!any_fargate) return Platform::EcsOnEc2;
  // A strategy mixing FARGATE and FARGATE_SPOT is priced on demand: its base usually sits on
  // FARGATE and the weights are not modelled.
  return all_spot ? Platform::FargateSpot : Platform::Fargate;
}

// Why a workload on `platform` is not priced per task; empty when it is.
std::string unpriced_platform(Platform platform) {
  switch (platform) {
    case Platform::EcsOnEc2:
      return "its EC2 capacity is billed by instance, not by task";
    case Platform::EksOnEc2:
      return "no EKS Fargate profile selects its pods: they run on the cluster's nodes, billed "
             "by instance";
    case Platform::EcsUnknown:
      return "no launch type or capacity provider: the cluster's default decides";
    default:
      return "";
  }
}

// The task definition `name` of `scope` when its size is known; else null with `why`.
const TaskDefinition* sized_task_definition(const WorkloadGraph& graph, const std::string& scope,
                                            const std::optional<std::string>& name,
                                            std::string& why) {
  const TaskDefinition* td = name ? graph.task_definition(scope, *name) : nullptr;
  if (!td) {
    why = "its task definition is not among the analysed files";
    return nullptr;
  }
  if (!td->cpu_units.value || !td->memory_mb.value) {
    why = "its task definition's Cpu/Memory are not statically known";
    return nullptr;
  }
  return td;
}

// The start every ECS workload's cost shares: what it is, where it runs and its task
// definition, when that is priced per task (else null, with `cost.unpriced` saying why).
const TaskDefinition* start_ecs_cost(WorkloadCost& cost, const ResourceFact& r, Platform platform,
                                     const WorkloadGraph& graph,
                                     const std::optional<std::string>& task_definition) {
  cost.id = r.id;
  cost.type = r.type;
  cost.header = r.header;
  cost.platform = platform;
  cost.unpriced = unpriced_platform(platform);
  if (!cost.priced()) return nullptr;
  return sized_task_definition(graph, r.id.scope, task_definition, cost.unpriced);
}

// One task of `td` on the cost's platform (Spot when all its providers are FARGATE_SPOT).
void size_fargate_task(WorkloadCost& cost, const TaskDefinition& td, const PriceTable& prices) {
  const Arch arch = arch_from_name(td.cpu_architecture.value.value_or("x86_64"));
  const bool spot = cost.platform == Platform::FargateSpot;
  // sized_task_definition() checked both.
  cost.fargate.size =
      FargateSize{td.cpu_units.value.value_or(0) / 1024, td.memory_mb.value.value_or(0) / 1024};
  cost.fargate.arch = arch;
  cost.fargate.spot = spot;
  cost.fargate.task_monthly = fargate_task_monthly(cost.fargate.size, arch, spot, prices);
}

}  // namespace

WorkloadCost estimate_service_cost(const WorkloadGraph& graph, const Service& s,
                                   const Config& config) {
  WorkloadCost cost;
  cost.kind = WorkloadKind::Service;
  const TaskDefinition* td =
      start_ecs_cost(cost, s, ecs_platform(s.launch_type, s.capacity_providers, s.pod.has_value()),
                     graph, s.task_definition);
  if (!td) return cost;
  Effective desired = effective_desired_count(s);
  // A service that scales runs its measured average task count, not its DesiredCount.
  const MeasuredUsage* measured = measured_of(config, s.id);
  if (measured && !measured->tasks_avg) measured = nullptr;
  if (!desired.value && !measured) {
    cost.unpriced = "its DesiredCount is not statically known";
    return cost;
  }
  apply_usage(cost, usage_of(config, s.id));
  const PriceTable& prices = config.prices;
  size_fargate_task(cost, *td, prices);
  const Arch arch = cost.fargate.arch;
  if (measured) {
    cost.measured = *measured;
    cost.basis = UsageBasis::Measured;
    cost.fargate.fixed_tasks = measured->tasks_avg;  // set: `measured` is kept only with it
  } else {
    cost.fargate.fixed_tasks = std::max(0.0, desired.value.value_or(0));
  }
  const double lambda_memory =
      std::clamp(td->memory_mb.value.value_or(0), kLambdaMinMemoryMb, kLambdaMaxMemoryMb);
  cost.lambda = lambda_cost(lambda_memory, arch, cost.duration_ms, 0, prices);
  cost.fargate.requests_per_task =
      cost.lambda.requests_per_environment() * prices.fargate_requests_per_task;

  cost.current_monthly = cost.fargate_at(0);
  if (cost.requests_per_month) cost.alternative_monthly = cost.lambda_at(*cost.requests_per_month);
  if (*cost.current_monthly > 0) cost.break_even = cost.lambda.requests_for(*cost.current_monthly);
  return cost;
}

namespace {

// The usage entries that may describe a scheduled task, in the order they are asked: its own
// name, its rule's or schedule's, its task definition's.
std::vector<const Usage*> task_usages(const Config& config, const ScheduledTask& task,
                                      const TaskDefinition& td) {
  std::vector<const Usage*> out;
  for (const std::string* name : {&task.id.name, &task.rule, &td.id.name}) {
    auto it = config.usage.find(*name);
    if (it != config.usage.end() && std::find(out.begin(), out.end(), &it->second) == out.end())
      out.push_back(&it->second);
  }
  return out;
}

// A run's declared time in ms (`run_seconds`, else `avg_duration_ms`); nullopt: none.
std::optional<double> run_ms_of(const Usage& usage) {
  if (usage.run_seconds && *usage.run_seconds > 0) return *usage.run_seconds * 1000;
  if (usage.avg_duration_ms && *usage.avg_duration_ms > 0) return usage.avg_duration_ms;
  return std::nullopt;
}

// The first entry that declares runs per month sets the runs (basis Declared); the first that
// declares a run time sets it.
void apply_task_usage(WorkloadCost& cost, const std::vector<const Usage*>& usages) {
  for (const Usage* usage : usages) {
    if (!usage->runs_per_month) continue;
    cost.requests_per_month = usage->runs_per_month;
    cost.basis = UsageBasis::Declared;
    cost.usage_declared = usage->declared;
    cost.declared_by = usage->declared_by;
    break;
  }
  for (const Usage* usage : usages) {
    const std::optional<double> ms = run_ms_of(*usage);
    if (!ms) continue;
    cost.duration_ms = *ms;
    cost.duration_assumed = false;
    cost.duration_declared_by = usage->declared_by;
    if (!cost.usage_declared) cost.usage_declared = usage->declared;
    return;
  }
  cost.duration_ms = kAssumedTaskRunMs;
}

// Runs a month from the schedule (a disabled rule: none); nullopt with `cost.unpriced` set
// when it cannot say: an event pattern, an expression not known or not understood.
std::optional<double> schedule_runs(WorkloadCost& cost, const ScheduledTask& task,
                                    double hours_per_month) {
  if (!task.enabled) return 0;
  if (task.on_events()) {
    cost.unpriced = "it runs on events: give runs per month in the usage file (runs_per_month)";
    return std::nullopt;
  }
  std::string why;
  std::optional<double> runs =
      task.schedule.value
          ? aws::schedule_runs_per_month(*task.schedule.value, hours_per_month, &why)
          : std::nullopt;
  if (!runs)
    cost.unpriced = task.schedule.value ? "its schedule: " + why : "its schedule is not known";
  return runs;
}

// Lambda's alternative to a scheduled task: each task of a run one invocation of the task's
// memory (at least its vCPU's worth), when a run fits Lambda at all.
void apply_task_lambda(WorkloadCost& cost, double runs, const PriceTable& prices) {
  const double memory = std::max({kLambdaMinMemoryMb, cost.fargate.size.memory_gb * 1024,
                                  std::ceil(cost.fargate.size.vcpu * kLambdaMbPerVcpu)});
  cost.lambda = lambda_cost(std::min(memory, kLambdaMaxMemoryMb), cost.fargate.arch,
                            cost.duration_ms, 0, prices);
  if (cost.duration_ms > aws::kLambdaMaxTimeoutS * 1000) {
    cost.alternative_unfit = "a run of " + format_quantity(cost.duration_ms / 60000) +
                             " min outlasts Lambda's 15 minutes";
  } else if (memory > kLambdaMaxMemoryMb) {
    cost.alternative_unfit =
        "the task needs " + format_quantity(memory) + " MB, more than Lambda's 10,240 MB";
  } else {
    cost.alternative_monthly = cost.lambda_at(runs);
  }
}

}  // namespace

WorkloadCost estimate_scheduled_task_cost(const WorkloadGraph& graph, const ScheduledTask& task,
                                          const Config& config) {
  WorkloadCost cost;
  cost.kind = WorkloadKind::ScheduledTask;
  const PriceTable& prices = config.prices;
  const TaskDefinition* td =
      start_ecs_cost(cost, task, ecs_platform(task.launch_type, task.capacity_providers, false),
                     graph, task.task_definition);
  if (!td) return cost;
  if (task.task_count.is_written() && !task.task_count.value) {
    cost.unpriced = "its TaskCount is not statically known";
    return cost;
  }
  apply_task_usage(cost, task_usages(config, task, *td));
  // Declared runs win over the schedule's, but a disabled rule runs nothing whatever was
  // declared.
  if (!task.enabled || !cost.requests_per_month) {
    cost.requests_per_month = schedule_runs(cost, task, prices.hours_per_month);
    if (!cost.requests_per_month) return cost;
    cost.basis = UsageBasis::Schedule;
    cost.schedules.push_back(task.schedule.written.value_or(task.header));
  }
  const double runs = *cost.requests_per_month;
  size_fargate_task(cost, *td, prices);
  cost.fargate.task_hourly = cost.fargate.task_monthly / prices.hours_per_month;
  cost.fargate.run_seconds = cost.duration_ms / 1000;
  cost.fargate.fixed_tasks = std::max(0.0, task.task_count.value.value_or(1));
  cost.current_monthly = cost.fargate_at(runs);
  apply_task_lambda(cost, runs, prices);
  return cost;
}

ScheduledJobCost estimate_scheduled_job_cost(const ScheduledJob& job, const Config& config) {
  ScheduledJobCost cost;
  const PriceTable& prices = config.prices;
  std::string why;
  std::optional<double> runs =
      job.schedule.value
          ? k8s::cron_runs_per_month(*job.schedule.value, prices.hours_per_month, &why)
          : std::nullopt;
  if (!runs) {
    cost.unpriced = job.schedule.value ? "its schedule: " + why : "its schedule is not known";
    return cost;
  }
  if (!job.cpu_units.value || !job.memory_mb.value) {
    cost.unpriced = "its pod size is not statically known";
    return cost;
  }
  cost.runs_per_month = *runs;
  if (const Usage* usage = usage_of(config, job.id);
      usage && usage->avg_duration_ms && *usage->avg_duration_ms > 0) {
    cost.run_seconds = *usage->avg_duration_ms / 1000;
    cost.duration_declared = true;
    cost.usage_declared = usage->declared;
  } else if (job.max_duration_s.value && *job.max_duration_s.value > 0) {
    cost.run_seconds = *job.max_duration_s.value;
  } else {
    cost.unpriced = "its run time is not bounded (no activeDeadlineSeconds)";
    return cost;
  }
  const ArchPrices& p = prices.of(Arch::X86_64);  // EKS runs Fargate pods on x86 only
  cost.size = FargateSize{*job.cpu_units.value / 1024, *job.memory_mb.value / 1024};
  const double billed_seconds = std::max(60.0, std::ceil(cost.run_seconds - kEpsilon));
  cost.fargate_monthly =
      cost.runs_per_month * billed_seconds / 3600 *
      (cost.size.vcpu * p.fargate_vcpu_hour + cost.size.memory_gb * p.fargate_gb_hour);
  cost.lambda_memory_mb =
      std::max({kLambdaMinMemoryMb, job.requested_memory_mb.value.value_or(0),
                std::ceil(job.requested_vcpu.value.value_or(0) * kLambdaMbPerVcpu - kEpsilon)});
  const double request_usd = prices.lambda_requests_per_million / 1e6;
  const double lambda_per_second = cost.lambda_memory_mb / 1024 * p.lambda_gb_second;
  cost.lambda_monthly = cost.runs_per_month * (lambda_per_second * cost.run_seconds + request_usd);
  // Per run: Fargate max(60, d) x F, Lambda d x L + r. When L > F, Fargate is cheaper past
  // the d where L d + r reaches the minute's 60 F (always below 60 s).
  const double fargate_per_second =
      (cost.size.vcpu * p.fargate_vcpu_hour + cost.size.memory_gb * p.fargate_gb_hour) / 3600;
  if (lambda_per_second > fargate_per_second)
    cost.break_even_run_seconds =
        std::max(0.0, (60 * fargate_per_second - request_usd) / lambda_per_second);
  return cost;
}

namespace {

std::string strip_zeros(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string break_even_text(const WorkloadCost& c) {
  if (!c.break_even) return "Lambda stays cheaper at any load";
  return "break-even " + format_requests(*c.break_even) + " requests/month";
}

// The figures below come from the cost curves; the optionals of WorkloadCost only say whether
// a load is known.
std::string service_summary(const WorkloadCost& c) {
  const double tasks = c.fargate.fixed_tasks.value_or(0);
  std::string out = std::string(c.fargate.spot ? "Fargate Spot" : "Fargate") +
                    " always-on: " + describe_fargate(c.fargate, tasks) + " = " +
                    format_usd(c.fargate_at(0)) + "/month";
  const std::string lambda = "Lambda (" + describe_lambda(c.lambda) + ", " + duration_text(c) + ")";
  if (const std::optional<double> requests = c.requests_per_month) {
    out += "; " + lambda + " at the same usage (" + format_requests(*requests) +
           " requests/month): " + format_usd(c.lambda_at(*requests));
  } else {
    out += "; " + lambda + ": " + format_usd(c.lambda_at(1e6)) + " per million requests";
  }
  if (c.break_even) out += "; " + break_even_text(c);
  return out;
}

// A scheduled function: both platforms per run, e.g. "Lambda (128 MB x86_64) declared by
// schedule: 8.76K runs/month x 200 ms (assumed): $0.01/month; Fargate (a 0.25 vCPU/0.5 GB task
// per run, each billed at least a minute) at the same runs: $1.32/month".
std::string scheduled_summary(const WorkloadCost& c) {
  const double runs = c.requests_per_month.value_or(0);
  return "Lambda (" + describe_lambda(c.lambda) + ") " + basis_text(c) + " x " + duration_text(c) +
         ": " + format_usd(c.lambda_at(runs)) + "/month; Fargate (a " +
         format_quantity(c.fargate.size.vcpu) + " vCPU/" +
         format_quantity(c.fargate.size.memory_gb) +
         " GB task per run, each billed at least a minute) at the same runs: " +
         format_usd(c.fargate_at(runs)) + "/month";
}

// An ECS task a schedule starts, e.g. "Fargate (1 x 0.5 vCPU/1 GB per run, each task billed at
// least a minute) declared by schedule: 730 runs/month x 60000 ms (assumed): $0.36/month;
// Lambda (1024 MB x86_64) at the same runs: $0.73/month".
std::string scheduled_task_summary(const WorkloadCost& c) {
  const double runs = c.requests_per_month.value_or(0);
  std::string out = std::string(c.fargate.spot ? "Fargate Spot" : "Fargate") + " (" +
                    describe_fargate(c.fargate, c.fargate.fixed_tasks.value_or(1)) +
                    " per run, each task billed at least a minute) " + basis_text(c) + " x " +
                    duration_text(c) + ": " + format_usd(c.fargate_at(runs)) + "/month; ";
  if (!c.alternative_unfit.empty()) return out + "not a Lambda: " + c.alternative_unfit;
  return out + "Lambda (" + describe_lambda(c.lambda) +
         ") at the same runs: " + format_usd(c.alternative_monthly.value_or(0)) + "/month";
}

std::string managed_text(const ManagedInstancesCost& mi) {
  return describe_managed_instances(mi) + " = " + format_usd(mi.monthly) + "/month";
}

// A function on Lambda Managed Instances: its instances, then Fargate at the same load.
std::string managed_summary(const WorkloadCost& c, const ManagedInstancesCost& mi) {
  std::string out = "Lambda Managed Instances: " + managed_text(mi);
  if (const std::optional<double> requests = c.requests_per_month) {
    out += " at " + format_requests(*requests) + " requests/month x " + duration_text(c) +
           "; Fargate (" + describe_fargate(c.fargate, c.fargate.tasks_at(*requests)) +
           " always-on) at the same usage: " + format_usd(c.fargate_at(*requests));
  } else {
    out += " with no load known (the instances Lambda keeps)";
  }
  return out;
}

std::string function_summary(const WorkloadCost& c) {
  if (c.fargate.run_seconds) return scheduled_summary(c);
  if (c.platform == Platform::LambdaManagedInstances && c.managed)
    return managed_summary(c, *c.managed);
  std::string out = "Lambda (" + describe_lambda(c.lambda) + ")";
  if (const std::optional<double> requests = c.requests_per_month) {
    out += " at " + format_requests(*requests) + " requests/month" +
           (c.requests_assumed ? " (provisioned environments assumed busy)" : "") + " x " +
           duration_text(c) + ": " + format_usd(c.lambda_at(*requests)) + "/month; Fargate (" +
           describe_fargate(c.fargate, c.fargate.tasks_at(*requests)) +
           " always-on) at the same usage: " + format_usd(c.fargate_at(*requests));
    // Named where it matters: below the Lambda (RF402 and the report weigh it then).
    if (c.managed && c.managed->monthly < c.lambda_at(*requests))
      out += "; Lambda Managed Instances (" + managed_text(*c.managed) + ")";
  } else {
    out += ": " + format_usd(c.lambda_at(1e6) - c.lambda_at(0)) + " per million requests at " +
           duration_text(c);
    if (c.lambda.provisioned > 0) out += " + " + format_usd(c.lambda_at(0)) + "/month provisioned";
    out += "; Fargate always-on from " + describe_fargate(c.fargate, 1) + " = " +
           format_usd(c.fargate.task_monthly) + "/month";
  }
  return out + "; " + break_even_text(c);
}

}  // namespace

bool is_valid_fargate_size(double cpu_units, double memory_mb) {
  for (const FargateCpuOption& option : kFargateSizes) {
    if (std::fabs(option.vcpu * 1024 - cpu_units) > kEpsilon) continue;
    for (double gb : fargate_memory_choices(option)) {
      if (std::fabs(gb * 1024 - memory_mb) < kEpsilon) return true;
    }
  }
  return false;
}

std::optional<FargateSize> smallest_fargate_size(double vcpu, double memory_gb,
                                                 const ArchPrices& prices) {
  std::optional<FargateSize> best;
  double best_price = std::numeric_limits<double>::infinity();
  for (const FargateCpuOption& option : kFargateSizes) {
    if (option.vcpu + kEpsilon < vcpu) continue;
    for (double gb : fargate_memory_choices(option)) {
      if (gb + kEpsilon < memory_gb) continue;
      const double hourly = option.vcpu * prices.fargate_vcpu_hour + gb * prices.fargate_gb_hour;
      if (hourly < best_price) {
        best_price = hourly;
        best = FargateSize{option.vcpu, gb};
      }
      break;  // larger memory of the same CPU only costs more
    }
  }
  return best;
}

double fargate_task_monthly(const FargateSize& size, Arch arch, bool spot,
                            const PriceTable& prices) {
  const ArchPrices& p = prices.of(arch);
  const double on_demand = (size.vcpu * p.fargate_vcpu_hour + size.memory_gb * p.fargate_gb_hour) *
                           prices.hours_per_month;
  return spot ? on_demand * (1 - prices.fargate_spot_discount) : on_demand;
}

double LambdaCost::provisioned_monthly() const {
  return provisioned * memory_gb() * seconds_per_month * prices.lambda_provisioned_gb_second;
}

double LambdaCost::monthly_at(double requests) const {
  const double gb_seconds_per_request = memory_gb() * duration_s();
  const double within = std::min(requests, provisioned_capacity());
  const double beyond = requests - within;
  return provisioned_monthly() +
         within * gb_seconds_per_request * prices.lambda_provisioned_duration_gb_second +
         beyond * gb_seconds_per_request * prices.lambda_gb_second +
         requests * requests_per_million_usd / 1e6;
}

double LambdaCost::requests_for(double monthly_usd) const {
  const double floor = provisioned_monthly();
  if (monthly_usd <= floor) return 0;
  const double gb_seconds_per_request = memory_gb() * duration_s();
  const double per_request_usd = requests_per_million_usd / 1e6;
  const double within_slope =
      gb_seconds_per_request * prices.lambda_provisioned_duration_gb_second + per_request_usd;
  const double beyond_slope = gb_seconds_per_request * prices.lambda_gb_second + per_request_usd;
  const double capacity = provisioned_capacity();
  const double at_capacity = floor + capacity * within_slope;
  if (monthly_usd <= at_capacity) return (monthly_usd - floor) / within_slope;
  return capacity + (monthly_usd - at_capacity) / beyond_slope;
}

double FargateCost::run_cost() const {
  if (!run_seconds) return 0;
  const double billed_s = std::max(60.0, std::ceil(*run_seconds - kEpsilon));
  return billed_s / 3600 * task_hourly;
}

double FargateCost::tasks_at(double requests) const {
  if (fixed_tasks) return *fixed_tasks;
  if (requests_per_task <= 0) return 1;
  return std::max(1.0, ceil_count(requests / requests_per_task));
}

const char* workload_kind_name(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::Function:
      return "function";
    case WorkloadKind::ScheduledTask:
      return "scheduled-task";
    case WorkloadKind::Service:
      break;
  }
  return "service";
}

const char* platform_name(Platform p) {
  switch (p) {
    case Platform::Lambda:
      return "Lambda";
    case Platform::LambdaManagedInstances:
      return "Lambda Managed Instances";
    case Platform::Fargate:
      return "Fargate";
    case Platform::FargateSpot:
      return "Fargate Spot";
    case Platform::EcsOnEc2:
      return "ECS on EC2";
    case Platform::EcsUnknown:
      return "ECS";
    case Platform::EksOnEc2:
      return "EKS on EC2";
  }
  return "ECS";
}

std::vector<WorkloadCost> estimate_costs(const WorkloadGraph& graph, const Config& config) {
  std::vector<WorkloadCost> out;
  out.reserve(graph.functions.size() + graph.services.size() + graph.scheduled_tasks.size());
  for (const Function& f : graph.functions) out.push_back(estimate_function_cost(graph, f, config));
  for (const Service& s : graph.services) out.push_back(estimate_service_cost(graph, s, config));
  for (const ScheduledTask& t : graph.scheduled_tasks)
    out.push_back(estimate_scheduled_task_cost(graph, t, config));
  return out;
}

std::optional<WorkloadCost> estimate_cost(const WorkloadGraph& graph, const Config& config,
                                          const EntityId& id) {
  if (const Function* f = graph.function(id.scope, id.name))
    return estimate_function_cost(graph, *f, config);
  for (const Service& s : graph.services) {
    if (s.id == id) return estimate_service_cost(graph, s, config);
  }
  for (const ScheduledTask& t : graph.scheduled_tasks) {
    if (t.id == id) return estimate_scheduled_task_cost(graph, t, config);
  }
  return std::nullopt;
}

std::string cost_summary(const WorkloadCost& cost) {
  if (!cost.priced())
    return std::string(platform_name(cost.platform)) + ": not priced (" + cost.unpriced + ")";
  switch (cost.kind) {
    case WorkloadKind::Function:
      return function_summary(cost);
    case WorkloadKind::ScheduledTask:
      return scheduled_task_summary(cost);
    case WorkloadKind::Service:
      break;
  }
  return service_summary(cost);
}

std::optional<std::string> cost_summary(const WorkloadGraph& graph, const Config& config,
                                        const EntityId& id) {
  std::optional<WorkloadCost> cost = estimate_cost(graph, config, id);
  if (!cost) return std::nullopt;
  return cost_summary(*cost);
}

std::string format_usd(double usd) {
  // Absurd declared usage (1e300 requests) must not reach llround's undefined behaviour.
  if (!std::isfinite(usd) || std::fabs(usd) >= 1e15) return usd < 0 ? "-$∞" : "$∞";
  const long long cents = std::llround(std::fabs(usd) * 100);
  std::string whole = std::to_string(cents / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(i, ",");
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%02lld", cents % 100);
  return std::string(usd < 0 && cents != 0 ? "-$" : "$") + whole + fraction;
}

std::string format_requests(double requests) {
  struct Scale {
    double size;
    const char* suffix;
  };
  constexpr std::array<Scale, 3> kScales = {{{1e9, "B"}, {1e6, "M"}, {1e3, "K"}}};
  for (const Scale& s : kScales) {
    if (requests < s.size) continue;
    const double v = requests / s.size;
    const int decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
    return strip_zeros(fixed(v, decimals)) + s.suffix;
  }
  return fixed(requests, 0);
}

std::string format_quantity(double value) { return strip_zeros(fixed(value, 3)); }

std::string describe_fargate(const FargateCost& fargate, double tasks) {
  std::string out = format_quantity(tasks) + " x " + format_quantity(fargate.size.vcpu) + " vCPU/" +
                    format_quantity(fargate.size.memory_gb) + " GB";
  if (fargate.arch == Arch::Arm64) out += " arm64";
  return out;
}

std::string describe_lambda(const LambdaCost& lambda) {
  std::string out = format_quantity(lambda.memory_mb) + " MB " + arch_name(lambda.arch);
  if (lambda.provisioned > 0) out += ", " + format_quantity(lambda.provisioned) + " provisioned";
  return out;
}

}  // namespace rightfit
