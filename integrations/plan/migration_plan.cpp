#include "integrations/plan/migration_plan.h"

#include <algorithm>
#include <cmath>

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
std::optional<std::string> schedule_of(const WorkloadGraph& graph, const Function& f) {
  for (const Trigger* t : graph.triggers_of(f)) {
    if (t->kind == "Schedule" && t->enabled && t->schedule.value) return t->schedule.value;
  }
  return std::nullopt;
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

void plan_function(const WorkloadGraph& graph, const Function& f, const WorkloadCost& cost,
                   MigrationPlan& plan) {
  plan.fargate = fargate_for_function(f, cost);
  const Effective timeout = effective_timeout(f);
  if (plan.recommendation == Recommendation::MoveToFargate) {
    plan.fargate->queue = consumed_queue(graph, f);
    plan.fargate->schedule = schedule_of(graph, f);
    return;
  }
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
  return plan;
}

}  // namespace

MigrationPlans plan_migrations(const WorkloadGraph& graph, const PlacementReport& report) {
  MigrationPlans out;
  for (const PlacedWorkload& w : report.workloads) {
    if (w.recommendation == Recommendation::Stay) continue;
    const WorkloadCost* cost = cost_of(report, w.id);
    std::string why_not;
    std::optional<MigrationPlan> plan;
    if (cost == nullptr || !cost->priced())
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
           (plan.lambda->queue ? " with an SQS event source mapping" : "");
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
