// `rightfit report --plan`: what a migration sketch holds, in format-neutral terms, sized
// from the workload model (the graph and the cost model's sizes) for every workload the
// placement engine moves (move-to-fargate, move-to-lambda) or splits. The sketch writers
// (integrations/plan/*_sketch.cpp) turn one plan into the source's own format.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "integrations/report/placement.h"

namespace rightfit {

// The format the source of a workload is written in, and so the sketch's.
// KubernetesYaml: a CronJob manifest, for a scheduled function of a repository that runs
// Kubernetes.
enum class SketchFormat {
  CloudFormationYaml,
  CloudFormationJson,
  SamYaml,
  SamJson,
  Terraform,
  KubernetesYaml
};

// A schedule in the target's syntax, and the source's when it had to be translated.
struct PlannedSchedule {
  std::string expression;
  std::string written;  // as the source wrote it; empty when the same syntax
};

// A queue the workload consumes (or, for a split, the queue the sketch adds between halves).
struct QueueFeed {
  std::string name;  // local name in the source (logical ID, Terraform address); the new one's
  SourceRange where;
  std::optional<double> visibility_timeout_s;  // effective (default included); nullopt: unknown
  double batching_window_s = 0;
};

// A Lambda function that takes over the work.
struct LambdaPlan {
  double memory_mb = 0;
  std::string memory_basis = "the task's memory";
  double timeout_s = 0;
  std::string timeout_basis;  // why this Timeout: "declared average duration 40 s x 3", ...
  std::optional<QueueFeed> queue;
  double batch_size = 10;  // the SQS event source mapping's default
  // What the queue's VisibilityTimeout must be at least (RF106: 6 x Timeout + window).
  double visibility_needed_s = 0;
  // Set when a schedule runs it (a CronJob's): an EventBridge rule invokes it.
  std::optional<PlannedSchedule> schedule;
};

// Where a CronJob's pods run: a namespace and labels an EKS Fargate profile selects.
struct PodPlacement {
  std::string pod_namespace = "default";
  std::vector<std::pair<std::string, std::string>> labels;
  std::string selected_by;  // "Fargate profile selector at file:line"; empty: the cluster's nodes
};

// A Fargate service (task definition, service, queue-depth scaling when it consumes a queue).
struct FargatePlan {
  double cpu_units = 0;  // 1024 = 1 vCPU, a valid Fargate combination with memory_mb
  double memory_mb = 0;
  std::string architecture = "X86_64";  // RuntimePlatform.CpuArchitecture
  std::optional<QueueFeed> queue;       // scaled on its ApproximateNumberOfMessagesVisible
  // Set when schedules invoke the function: a task run per schedule, no service.
  std::optional<PlannedSchedule> schedule;
  // Kubernetes target (a CronJob): its pods, and how long a run may take
  // (activeDeadlineSeconds), with why.
  std::optional<PodPlacement> pod;
  std::optional<double> deadline_s;
  std::string deadline_basis;
  double max_tasks = 10;
  // Messages per task the scaling policy keeps (target tracking on the queue's depth).
  double messages_per_task = 10;
};

struct MigrationPlan {
  EntityId workload;
  SourceRange from;  // the workload's header: where the sketch says it comes from
  Recommendation recommendation = Recommendation::Stay;
  SketchFormat format = SketchFormat::CloudFormationYaml;
  std::string reason;  // the placement reason
  std::optional<LambdaPlan> lambda;
  std::optional<FargatePlan> fargate;
  // Split: the function that stays behind the API, with a Timeout within the API's wait; the
  // new queue is `fargate->queue`, which it sends the long work to.
  std::optional<double> front_timeout_s;
  // Lines every format writes as comments (or in a Description): what to review, and what
  // the sketch could not say exactly (a schedule without an exact translation).
  std::vector<std::string> notes;
  std::vector<std::string> todos;
  // The source's deployment condition (CloudFormation `Condition`, Terraform `count`).
  std::optional<DeployCondition> condition;
  // Names the source's template or module declares (logical IDs; Terraform `type.name`,
  // `var.x`, without the module's prefix): the sketch's own names avoid them.
  std::set<std::string> taken;
};

// A plan for every moved or split workload the sketches can describe, in report order; the
// others (unpriced ones, a Kubernetes CronJob, ...) are listed in `skipped` with why.
struct MigrationPlans {
  std::vector<MigrationPlan> plans;
  std::vector<std::string> skipped;  // "file:line: <workload>: why no sketch"
};
MigrationPlans plan_migrations(const WorkloadGraph& graph, const Config& config,
                               const PlacementReport& report);

// The first line of every sketch: "rightfit migration sketch for <workload>, generated from
// <file:line>; review before use".
std::string sketch_banner(const MigrationPlan& plan);
// "move-to-fargate: Lambda function 'Rebuild' -> ECS task definition + service on Fargate".
std::string sketch_summary(const MigrationPlan& plan);

}  // namespace rightfit
