#include "integrations/plan/migration_plan.h"

#include <algorithm>
#include <cmath>

#include "integrations/plan/schedule_translation.h"
#include "integrations/plan/sketch_writers.h"
#include "parsers/aws_limits.h"
#include "parsers/frontends.h"

namespace rightfit {

namespace {

// A Lambda that stands in for a workload whose duration nothing states gets this Timeout: long
// enough for most queue work, far below the limits RF104 watches.
constexpr double kAssumedLambdaTimeoutS = 60;
// A Timeout this many times the declared (or measured) average duration leaves room for the
// slow invocations an average hides.
constexpr double kTimeoutPerAverageDuration = 3;
// The tasks a Fargate service that replaces a function scales up to when nothing caps the
// function's concurrency.
constexpr double kDefaultMaxTasks = 10;

const WorkloadCost* cost_of(const PlacementReport& report, const EntityId& id) {
  for (const CostEntry& e : report.cost.entries) {
    if (e.cost.id == id) return &e.cost;
  }
  return nullptr;
}

const Function* function_of(const WorkloadGraph& graph, const EntityId& id) {
  return graph.function(id.scope, id.name);
}

const Service* service_of(const WorkloadGraph& graph, const EntityId& id) {
  for (const Service& s : graph.services) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

bool is_json(const std::string& file) { return file.ends_with(".json"); }

// The format of the source, by what the front-end list says about its file: a project-level
// front-end (Terraform) writes modules; a file claimed by a name of its own and read as
// CloudFormation types (Serverless) gets a CloudFormation fragment for its `resources:`;
// SAM's types keep SAM. A Kubernetes workload gets a CloudFormation stack of its own in YAML,
// the manifests' language: core Kubernetes has no Lambda object, and ACK's needs its
// controller in the cluster (docs/migration-sketches.md).
SketchFormat format_of(const PlacedWorkload& w) {
  const std::string& file = w.header.file;
  if (project_frontend_of(file) != nullptr) return SketchFormat::Terraform;
  if (!w.type.starts_with("AWS::")) return SketchFormat::CloudFormationYaml;
  if (w.type.starts_with("AWS::Serverless::"))
    return is_json(file) ? SketchFormat::SamJson : SketchFormat::SamYaml;
  return is_json(file) ? SketchFormat::CloudFormationJson : SketchFormat::CloudFormationYaml;
}

std::optional<QueueFeed> feed_of(const Queue* q, double batching_window_s) {
  if (q == nullptr) return std::nullopt;
  const Effective visibility = effective_visibility_timeout(*q);
  return QueueFeed{q->id.name, q->header, visibility.value, batching_window_s};
}

// The SQS queue a function consumes (its first SQS trigger whose queue is in the model).
std::optional<QueueFeed> consumed_queue(const WorkloadGraph& graph, const Function& f) {
  for (const Trigger* t : graph.triggers_of(f)) {
    if (t->kind != "SQS" || !t->source) continue;
    if (const Queue* q = graph.queue(t->scope, *t->source))
      return feed_of(q, t->batching_window_s.value.value_or(0));
  }
  return std::nullopt;
}

// The expression of the first enabled schedule that invokes a function.
std::optional<PlannedSchedule> schedule_of(const WorkloadGraph& graph, const Function& f) {
  for (const Trigger* t : graph.triggers_of(f)) {
    if (t->kind == "Schedule" && t->enabled && t->schedule.value)
      return PlannedSchedule{*t->schedule.value, ""};
  }
  return std::nullopt;
}

// A repository that runs Kubernetes (its workloads, CronJobs or EKS Fargate profiles): a
// scheduled function that leaves Lambda becomes a CronJob there.
bool runs_kubernetes(const WorkloadGraph& graph) {
  if (!graph.fargate_profiles.empty() || !graph.scheduled_jobs.empty()) return true;
  return std::any_of(graph.services.begin(), graph.services.end(),
                     [](const Service& s) { return !s.kind.empty(); });
}

// A namespace that matches a Fargate profile's pattern: `*` becomes the job's name, `?` an x.
std::string namespace_matching(const std::string& pattern, const std::string& job) {
  std::string out;
  for (char c : pattern) {
    if (c == '*')
      out += job;
    else
      out += c == '?' ? 'x' : c;
  }
  return out;
}

// The first Fargate profile selector: the CronJob's pods run on Fargate, sized as priced.
PodPlacement pod_placement(const WorkloadGraph& graph, const std::string& job) {
  PodPlacement pod;
  if (graph.fargate_profiles.empty() || graph.fargate_profiles.front().selectors.empty())
    return pod;
  const PodSelector& selector = graph.fargate_profiles.front().selectors.front();
  pod.pod_namespace = namespace_matching(selector.pod_namespace, job);
  pod.labels = selector.labels;
  pod.selected_by = "the Fargate profile selector at " + placement_location(selector.where);
  return pod;
}

std::string seconds(double s) { return format_quantity(s) + " s"; }

// The Timeout of the Lambda that takes over a service's work: from its declared or measured
// duration when known, else the longest its queue's VisibilityTimeout allows (RF106), else an
// assumption the sketch says it made.
void size_lambda_timeout(LambdaPlan& lambda, const WorkloadCost& cost) {
  if (!cost.duration_assumed) {
    const double average_s = cost.duration_ms / 1000;
    lambda.timeout_s =
        std::ceil(std::max(aws::kLambdaDefaultTimeoutS, average_s * kTimeoutPerAverageDuration));
    lambda.timeout_basis = std::string(usage_basis_name(cost.basis)) + " average duration " +
                           seconds(average_s) + " x " + format_quantity(kTimeoutPerAverageDuration);
  } else if (lambda.queue && lambda.queue->visibility_timeout_s) {
    const double room = *lambda.queue->visibility_timeout_s - lambda.queue->batching_window_s;
    lambda.timeout_s = std::max(aws::kLambdaDefaultTimeoutS,
                                std::floor(room / aws::kSqsVisibilityPerFunctionTimeout));
    lambda.timeout_basis = "what the queue's VisibilityTimeout " +
                           seconds(*lambda.queue->visibility_timeout_s) +
                           " allows (6 x Timeout + batching window)";
  } else {
    lambda.timeout_s = kAssumedLambdaTimeoutS;
    lambda.timeout_basis = "assumed: no duration is declared or measured";
  }
  lambda.timeout_s = std::min(lambda.timeout_s, aws::kLambdaMaxTimeoutS);
}

void note_visibility(const LambdaPlan& lambda, std::vector<std::string>& notes) {
  if (!lambda.queue) return;
  const QueueFeed& q = *lambda.queue;
  if (q.visibility_timeout_s && *q.visibility_timeout_s >= lambda.visibility_needed_s) return;
  if (!q.visibility_timeout_s) {
    notes.push_back("queue '" + q.name + "' (named at " + placement_location(q.where) +
                    ", declared in no file analysed) needs VisibilityTimeout >= " +
                    seconds(lambda.visibility_needed_s) +
                    ": 6 x the Timeout + the batching window (RF106)");
    return;
  }
  notes.push_back("raise VisibilityTimeout of queue '" + q.name + "' (" +
                  placement_location(q.where) + ") to at least " +
                  seconds(lambda.visibility_needed_s) +
                  ": 6 x the Timeout + the batching window (RF106)");
}

// A queue the service's containers name (by URL or ARN in their environment) that no file
// analysed declares: the sketch still reads it, with its VisibilityTimeout unknown.
std::optional<QueueFeed> queue_outside_the_model(const WorkloadGraph& graph, const Service& s) {
  const TaskDefinition* task =
      s.task_definition ? graph.task_definition(s.id.scope, *s.task_definition) : nullptr;
  if (task == nullptr || task->queues.empty()) return std::nullopt;
  const Reference& named = task->queues.front();
  return QueueFeed{named.target, named.where, std::nullopt, 0};
}

LambdaPlan lambda_for_service(const WorkloadGraph& graph, const Service& s,
                              const WorkloadCost& cost) {
  LambdaPlan lambda;
  lambda.memory_mb = cost.lambda.memory_mb;
  std::vector<const Queue*> queues = queues_named_by(graph, s);
  if (!queues.empty())
    lambda.queue = feed_of(queues.front(), 0);
  else
    lambda.queue = queue_outside_the_model(graph, s);
  size_lambda_timeout(lambda, cost);
  lambda.visibility_needed_s = aws::kSqsVisibilityPerFunctionTimeout * lambda.timeout_s +
                               (lambda.queue ? lambda.queue->batching_window_s : 0);
  return lambda;
}

FargatePlan fargate_for_function(const Function& f, const WorkloadCost& cost) {
  FargatePlan fargate;
  fargate.cpu_units = cost.fargate.size.vcpu * 1024;
  fargate.memory_mb = cost.fargate.size.memory_gb * 1024;
  if (cost.fargate.arch == Arch::Arm64) fargate.architecture = "ARM64";
  if (f.reserved_concurrency.value && *f.reserved_concurrency.value > 0)
    fargate.max_tasks = *f.reserved_concurrency.value;
  else
    fargate.max_tasks = kDefaultMaxTasks;
  return fargate;
}

// The wait of the API in front of a function: its integration's timeout, else API Gateway's.
double api_wait_s(const WorkloadGraph& graph, const Function& f) {
  double wait = aws::kHttpApiIntegrationTimeoutS;
  for (const ApiIntegration* api : graph.api_integrations_of(f)) {
    double own =
        api->http_api ? aws::kHttpApiIntegrationTimeoutS : aws::kApiGatewayIntegrationTimeoutS;
    if (api->timeout_ms.value) own = *api->timeout_ms.value / 1000;
    wait = std::min(wait, own);
  }
  return wait;
}

// A scheduled function of a Kubernetes repository becomes a CronJob: the schedule in five
// fields (a todo where they cannot say it exactly), a deadline from its declared duration or
// its Timeout, its pods where a Fargate profile runs them.
void plan_cron_job(const WorkloadGraph& graph, const Function& f, const WorkloadCost& cost,
                   const std::string& written, FargatePlan& fargate, MigrationPlan& plan) {
  const TranslatedSchedule translated = cron_job_schedule(written);
  fargate.schedule = PlannedSchedule{translated.expression, written};
  if (!translated.todo.empty()) plan.todos.push_back("schedule: " + translated.todo);
  if (!cost.duration_assumed) {
    fargate.deadline_s = std::ceil(cost.duration_ms / 1000 * kTimeoutPerAverageDuration);
    fargate.deadline_basis = std::string(usage_basis_name(cost.basis)) + " average duration " +
                             seconds(cost.duration_ms / 1000) + " x " +
                             format_quantity(kTimeoutPerAverageDuration);
  } else if (const Effective timeout = effective_timeout(f); timeout.value) {
    fargate.deadline_s = timeout.value;
    fargate.deadline_basis = "the function's Timeout";
  }
  fargate.pod = pod_placement(graph, kubernetes_name_of(f.id.name));
  plan.format = SketchFormat::KubernetesYaml;
}

void plan_function(const WorkloadGraph& graph, const Function& f, const WorkloadCost& cost,
                   MigrationPlan& plan) {
  if (plan.recommendation == Recommendation::MoveToFargate) {
    FargatePlan fargate = fargate_for_function(f, cost);
    fargate.queue = consumed_queue(graph, f);
    fargate.schedule = schedule_of(graph, f);
    if (fargate.schedule && !fargate.queue && runs_kubernetes(graph)) {
      const std::string written = fargate.schedule->expression;
      plan_cron_job(graph, f, cost, written, fargate, plan);
    }
    plan.fargate = std::move(fargate);
    return;
  }
  plan.fargate = fargate_for_function(f, cost);
  const Effective timeout = effective_timeout(f);
  // Split: the API half keeps answering within the API's wait and hands the long work to a
  // new queue, whose messages stay invisible for as long as the worker may take (the
  // function's Timeout, which the long work reached, at the least).
  plan.front_timeout_s = std::min(timeout.value.value_or(aws::kLambdaDefaultTimeoutS),
                                  std::floor(api_wait_s(graph, f)));
  const double work_s = std::max(timeout.value.value_or(aws::kLambdaMaxTimeoutS),
                                 cost.duration_assumed ? 0.0 : cost.duration_ms / 1000);
  plan.fargate->queue = QueueFeed{f.id.name + "Work", f.header,
                                  std::min(aws::kSqsMaxVisibilityTimeoutS, std::ceil(work_s)), 0};
}

// A workload AWS CDK synthesized: the sketch is a starting point for constructs in the app,
// since `cdk synth` rewrites the template it came from.
void note_synthesized(const WorkloadGraph& graph, const EntityId& id,
                      std::vector<std::string>& notes) {
  for (const SynthesizedResource& r : graph.synthesized_resources) {
    if (r.id != id) continue;
    notes.push_back("AWS CDK synthesized '" + id.name + "' (construct " + r.construct +
                    "): write this target as constructs in the app, as `cdk synth` rewrites " +
                    "the template");
    return;
  }
}

// The module prefix of a Terraform address ("module.app." of
// "module.app.aws_ecs_service.worker"); "" for a root module's resource or a logical ID.
std::string module_prefix(const std::string& address) {
  const size_t last = address.rfind('.');
  if (last == std::string::npos || last == 0) return "";
  const size_t before = address.rfind('.', last - 1);
  return before == std::string::npos ? "" : address.substr(0, before + 1);
}

// What the source's template or module declares, in the names the sketch's writer uses.
std::set<std::string> names_taken(const WorkloadGraph& graph, const EntityId& workload) {
  const std::string prefix = module_prefix(workload.name);
  std::set<std::string> taken;
  for (const EntityId& declared : graph.declared_names) {
    if (declared.scope == workload.scope && declared.name.starts_with(prefix))
      taken.insert(declared.name.substr(prefix.size()));
  }
  return taken;
}

// The source's condition, carried by the CloudFormation writers; Terraform's `count` and
// `for_each` are not (the sketch's references would need an index), nor into a CronJob: the
// header says so.
void plan_condition(const ResourceFact& source, MigrationPlan& plan) {
  if (!source.condition) return;
  const DeployCondition& c = *source.condition;
  if (plan.format == SketchFormat::Terraform) {
    plan.notes.push_back("'" + plan.workload.name + "' has `" + c.kind + "` (" +
                         placement_location(c.where) +
                         "); this sketch does not carry it: add it to each resource, and an "
                         "index to references between them, when merging");
  } else if (plan.format == SketchFormat::KubernetesYaml) {
    plan.notes.push_back("'" + plan.workload.name + "' has `" + c.kind + "` (" +
                         placement_location(c.where) +
                         "); this sketch does not carry it: apply the CronJob only where the "
                         "function was deployed");
  } else {
    plan.condition = c;
  }
}

std::optional<MigrationPlan> plan_of(const WorkloadGraph& graph, const PlacedWorkload& w,
                                     const WorkloadCost& cost, std::string& why_not) {
  MigrationPlan plan;
  plan.workload = w.id;
  plan.from = w.header;
  plan.recommendation = w.recommendation;
  plan.reason = w.reason;
  plan.format = format_of(w);
  note_synthesized(graph, w.id, plan.notes);
  if (const Function* f = w.on_lambda ? function_of(graph, w.id) : nullptr) {
    plan_function(graph, *f, cost, plan);
    plan_condition(*f, plan);
    if (plan.format != SketchFormat::KubernetesYaml) plan.taken = names_taken(graph, w.id);
    return plan;
  }
  const Service* s = service_of(graph, w.id);
  if (s == nullptr || w.recommendation != Recommendation::MoveToLambda) {
    why_not = "no sketch for a " + w.type + " that is to " + recommendation_name(w.recommendation);
    return std::nullopt;
  }
  LambdaPlan lambda = lambda_for_service(graph, *s, cost);
  note_visibility(lambda, plan.notes);
  plan.lambda = std::move(lambda);
  plan_condition(*s, plan);
  // A Kubernetes workload's sketch is a stack of its own: nothing of its manifests to avoid.
  if (!s->pod) plan.taken = names_taken(graph, w.id);
  return plan;
}

const ScheduledJob* job_of(const WorkloadGraph& graph, const EntityId& id) {
  for (const ScheduledJob& j : graph.scheduled_jobs) {
    if (j.id == id) return &j;
  }
  return nullptr;
}

// A CronJob that runs briefly and rarely becomes a Lambda function an EventBridge rule
// invokes, in a CloudFormation stack of its own (as a Deployment's): its Timeout the job's
// deadline (or 3 x its declared duration), its memory what the cost model priced.
std::optional<MigrationPlan> plan_of_job(const WorkloadGraph& graph, const Config& config,
                                         const PlacedWorkload& w, std::string& why_not) {
  const ScheduledJob* job = job_of(graph, w.id);
  if (job == nullptr || w.recommendation != Recommendation::MoveToLambda) {
    why_not = "no sketch for a " + w.type + " that is to " + recommendation_name(w.recommendation);
    return std::nullopt;
  }
  const ScheduledJobCost cost = estimate_scheduled_job_cost(*job, config);
  if (!cost.priced()) {
    why_not = "not sized: " + cost.unpriced;
    return std::nullopt;
  }
  MigrationPlan plan;
  plan.workload = w.id;
  plan.from = w.header;
  plan.recommendation = w.recommendation;
  plan.reason = w.reason;
  plan.format = SketchFormat::CloudFormationYaml;
  LambdaPlan lambda;
  lambda.memory_mb = cost.lambda_memory_mb;
  lambda.memory_basis = "the pod's memory request, at least 1769 MB per vCPU it requests";
  if (cost.duration_declared) {
    lambda.timeout_s = std::ceil(
        std::max(aws::kLambdaDefaultTimeoutS, cost.run_seconds * kTimeoutPerAverageDuration));
    lambda.timeout_basis = "declared average duration " + seconds(cost.run_seconds) + " x " +
                           format_quantity(kTimeoutPerAverageDuration);
  } else {
    lambda.timeout_s = std::max(aws::kLambdaDefaultTimeoutS, cost.run_seconds);
    lambda.timeout_basis = "the job's activeDeadlineSeconds";
  }
  lambda.timeout_s = std::min(lambda.timeout_s, aws::kLambdaMaxTimeoutS);
  const TranslatedSchedule translated = eventbridge_schedule(job->schedule.value.value_or(""));
  lambda.schedule = PlannedSchedule{translated.expression, job->schedule.value.value_or("")};
  if (!translated.todo.empty()) plan.todos.push_back("schedule: " + translated.todo);
  plan.lambda = std::move(lambda);
  return plan;
}

}  // namespace

MigrationPlans plan_migrations(const WorkloadGraph& graph, const Config& config,
                               const PlacementReport& report) {
  MigrationPlans out;
  for (const PlacedWorkload& w : report.workloads) {
    if (w.recommendation == Recommendation::Stay) continue;
    const WorkloadCost* cost = cost_of(report, w.id);
    std::string why_not;
    std::optional<MigrationPlan> plan;
    if (w.kind == "cronjob")
      plan = plan_of_job(graph, config, w, why_not);
    else if (cost == nullptr || !cost->priced())
      why_not = cost == nullptr ? "no size in the cost model" : "not sized: " + cost->unpriced;
    else
      plan = plan_of(graph, w, *cost, why_not);
    if (plan)
      out.plans.push_back(std::move(*plan));
    else
      out.skipped.push_back(placement_location(w.header) + ": " + w.id.name + ": " + why_not);
  }
  return out;
}

std::string sketch_banner(const MigrationPlan& plan) {
  return "rightfit migration sketch for " + plan.workload.name + ", generated from " +
         placement_location(plan.from) + "; review before use";
}

std::string sketch_summary(const MigrationPlan& plan) {
  const std::string rec = recommendation_name(plan.recommendation);
  if (plan.lambda)
    return rec + ": '" + plan.workload.name + "' becomes a Lambda function" +
           (plan.lambda->queue ? " with an SQS event source mapping" : "") +
           (plan.lambda->schedule ? " that an EventBridge rule runs per schedule" : "");
  if (plan.format == SketchFormat::KubernetesYaml)
    return rec + ": '" + plan.workload.name +
           "' becomes a Kubernetes CronJob, one Job per schedule";
  if (plan.front_timeout_s)
    return rec + ": '" + plan.workload.name +
           "' keeps the API path on Lambda; the long work goes through a new SQS queue to a "
           "Fargate service";
  if (plan.fargate && plan.fargate->schedule)
    return rec + ": '" + plan.workload.name +
           "' becomes an ECS task definition on Fargate, one task run per schedule";
  return rec + ": '" + plan.workload.name +
         "' becomes an ECS task definition and service on Fargate" +
         (plan.fargate && plan.fargate->queue ? ", scaled on its queue's depth" : "");
}

}  // namespace rightfit
