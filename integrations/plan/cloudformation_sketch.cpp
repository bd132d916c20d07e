// The CloudFormation and SAM sketches: one tree per target, rendered as the source's YAML or
// JSON. Existing resources (the queue a service drained, the cluster, the image) come in as
// Parameters whose Description names them, so a sketch deploys as a stack of its own.
#include <algorithm>
#include <cmath>

#include "integrations/plan/sketch_tree.h"
#include "integrations/plan/sketch_writers.h"

namespace rightfit {

namespace {

bool is_sam(SketchFormat f) { return f == SketchFormat::SamYaml || f == SketchFormat::SamJson; }
bool is_json(SketchFormat f) {
  return f == SketchFormat::CloudFormationJson || f == SketchFormat::SamJson;
}

SketchNode parameter(const std::string& type, const std::string& description) {
  return SketchNode::map().add("Type", type).add("Description", description);
}

SketchNode template_root(const MigrationPlan& plan) {
  SketchNode root = SketchNode::map();
  root.add("AWSTemplateFormatVersion", "2010-09-09");
  if (is_sam(plan.format)) root.add("Transform", "AWS::Serverless-2016-10-31");
  root.add("Description", sketch_banner(plan));
  return root;
}

// YAML keeps the header as comments; JSON, which has none, in Metadata.
std::string render(const MigrationPlan& plan, SketchNode root) {
  std::vector<std::string> header = sketch_header(plan);
  if (is_json(plan.format)) {
    std::vector<SketchNode> lines;
    lines.reserve(header.size());
    for (std::string& line : header) lines.push_back(SketchNode::str(std::move(line)));
    root.add("Metadata", SketchNode::map().add("rightfit", SketchNode::list(std::move(lines))));
    return render_json(root);
  }
  std::string out;
  for (const std::string& line : header) out += "# " + line + "\n";
  return out + render_yaml(root);
}

// The sketch's logical IDs of each target, clear of the source template's.
const std::vector<std::string> kLambdaPatterns = {"{}Function", "{}QueueMapping", "{}Schedule",
                                                  "{}SchedulePermission"};
const std::vector<std::string> kFargatePatterns = {"{}TaskDefinition",    "{}Schedule",
                                                   "{}Service",           "{}ScalableTarget",
                                                   "{}QueueDepthScaling", "{}WorkQueue"};

SketchNames names_of(const MigrationPlan& plan, const std::vector<std::string>& patterns) {
  return SketchNames(plan, logical_id_of(plan.workload.name), patterns, {"", ""});
}

SketchNode queue_event_sam(const SketchNames& names, const LambdaPlan& lambda, const QueueFeed& q) {
  SketchNode props = SketchNode::map().add("Queue", cfn_ref(names.input("QueueArn")));
  props.add("BatchSize", lambda.batch_size);
  if (q.batching_window_s > 0) props.add("MaximumBatchingWindowInSeconds", q.batching_window_s);
  return SketchNode::map().add(
      "Queue", SketchNode::map().add("Type", "SQS").add("Properties", std::move(props)));
}

SketchNode lambda_function(const MigrationPlan& plan, const SketchNames& names,
                           const LambdaPlan& lambda) {
  SketchNode props = SketchNode::map().add("PackageType", "Image");
  if (is_sam(plan.format)) {
    props.add("ImageUri", cfn_ref(names.input("ImageUri")));
  } else {
    props.add("Code", SketchNode::map().add("ImageUri", cfn_ref(names.input("ImageUri"))));
    props.add("Role", cfn_ref(names.input("ExecutionRoleArn")));
  }
  props.add("MemorySize", lambda.memory_mb).add("Timeout", lambda.timeout_s);
  if (is_sam(plan.format) && lambda.queue.has_value())
    props.add("Events", queue_event_sam(names, lambda, *lambda.queue));
  return SketchNode::map()
      .add("Type", is_sam(plan.format) ? "AWS::Serverless::Function" : "AWS::Lambda::Function")
      .add("Properties", std::move(props))
      .add("Metadata", SketchNode::map().add("rightfit", "sketch of " + plan.workload.name));
}

SketchNode event_source_mapping(const SketchNames& names, const LambdaPlan& lambda,
                                const QueueFeed& q) {
  SketchNode props = SketchNode::map()
                         .add("FunctionName", cfn_ref(names.base() + "Function"))
                         .add("EventSourceArn", cfn_ref(names.input("QueueArn")))
                         .add("BatchSize", lambda.batch_size);
  if (q.batching_window_s > 0) props.add("MaximumBatchingWindowInSeconds", q.batching_window_s);
  return SketchNode::map()
      .add("Type", "AWS::Lambda::EventSourceMapping")
      .add("Properties", std::move(props));
}

// An EventBridge rule that invokes the function per schedule, and the permission it needs.
void add_schedule(const SketchNames& names, const PlannedSchedule& schedule,
                  SketchNode& resources) {
  const std::string function = names.base() + "Function";
  const std::string rule = names.base() + "Schedule";
  SketchNode target =
      SketchNode::map().add("Id", "function").add("Arn", cfn_get_att(function, "Arn"));
  resources.add(rule,
                SketchNode::map()
                    .add("Type", "AWS::Events::Rule")
                    .add("Properties", SketchNode::map()
                                           .add("ScheduleExpression", schedule.expression)
                                           .add("Targets", SketchNode::list({std::move(target)}))));
  resources.add(names.base() + "SchedulePermission",
                SketchNode::map()
                    .add("Type", "AWS::Lambda::Permission")
                    .add("Properties", SketchNode::map()
                                           .add("Action", "lambda:InvokeFunction")
                                           .add("FunctionName", cfn_ref(function))
                                           .add("Principal", "events.amazonaws.com")
                                           .add("SourceArn", cfn_get_att(rule, "Arn"))));
}

// The container: its image, and the queue it reads named in its environment.
SketchNode container(const SketchNames& names, const SketchNode* queue_url) {
  SketchNode c = SketchNode::map()
                     .add("Name", "worker")
                     .add("Image", cfn_ref(names.input("ImageUri")))
                     .add("Essential", SketchNode::raw("true"));
  if (queue_url != nullptr)
    c.add("Environment",
          SketchNode::list({SketchNode::map().add("Name", "QUEUE_URL").add("Value", *queue_url)}));
  return c;
}

SketchNode task_definition(const SketchNames& names, const FargatePlan& fargate,
                           const SketchNode* queue_url) {
  SketchNode props =
      SketchNode::map()
          .add("RequiresCompatibilities", SketchNode::list({SketchNode::str("FARGATE")}))
          .add("NetworkMode", "awsvpc")
          .add("Cpu", SketchNode::str(std::to_string(std::lround(fargate.cpu_units))))
          .add("Memory", SketchNode::str(std::to_string(std::lround(fargate.memory_mb))))
          .add("RuntimePlatform", SketchNode::map()
                                      .add("CpuArchitecture", fargate.architecture)
                                      .add("OperatingSystemFamily", "LINUX"))
          .add("ContainerDefinitions", SketchNode::list({container(names, queue_url)}));
  return SketchNode::map()
      .add("Type", "AWS::ECS::TaskDefinition")
      .add("Properties", std::move(props));
}

SketchNode network(const SketchNames& names) {
  return SketchNode::map().add("AwsvpcConfiguration",
                               SketchNode::map().add("Subnets", cfn_ref(names.input("Subnets"))));
}

SketchNode service(const SketchNames& names, const std::string& task, double desired) {
  return SketchNode::map()
      .add("Type", "AWS::ECS::Service")
      .add("Properties", SketchNode::map()
                             .add("Cluster", cfn_ref(names.input("Cluster")))
                             .add("LaunchType", "FARGATE")
                             .add("DesiredCount", desired)
                             .add("TaskDefinition", cfn_ref(task))
                             .add("NetworkConfiguration", network(names)));
}

// A task run per schedule (EventBridge), instead of a service waiting between runs.
SketchNode schedule_rule(const SketchNames& names, const std::string& task,
                         const std::string& expression) {
  SketchNode ecs = SketchNode::map()
                       .add("TaskDefinitionArn", cfn_ref(task))
                       .add("LaunchType", "FARGATE")
                       .add("NetworkConfiguration", network(names));
  SketchNode target = SketchNode::map()
                          .add("Id", "task")
                          .add("Arn", cfn_ref(names.input("ClusterArn")))
                          .add("RoleArn", cfn_ref(names.input("EventsRoleArn")))
                          .add("EcsParameters", std::move(ecs));
  return SketchNode::map()
      .add("Type", "AWS::Events::Rule")
      .add("Properties", SketchNode::map()
                             .add("ScheduleExpression", expression)
                             .add("Targets", SketchNode::list({std::move(target)})));
}

SketchNode scalable_target(const SketchNames& names, const FargatePlan& fargate) {
  SketchNode resource_id = SketchNode::map().add(
      "Fn::Sub", "service/${" + names.input("Cluster") + "}/${" + names.base() + "Service.Name}");
  return SketchNode::map()
      .add("Type", "AWS::ApplicationAutoScaling::ScalableTarget")
      .add("Properties", SketchNode::map()
                             .add("MinCapacity", 0.0)
                             .add("MaxCapacity", fargate.max_tasks)
                             .add("ResourceId", std::move(resource_id))
                             .add("ScalableDimension", "ecs:service:DesiredCount")
                             .add("ServiceNamespace", "ecs"));
}

SketchNode queue_depth_policy(const std::string& target, const FargatePlan& fargate,
                              SketchNode queue_name) {
  SketchNode metric =
      SketchNode::map()
          .add("Namespace", "AWS/SQS")
          .add("MetricName", "ApproximateNumberOfMessagesVisible")
          .add(
              "Dimensions",
              SketchNode::list(
                  {SketchNode::map().add("Name", "QueueName").add("Value", std::move(queue_name))}))
          .add("Statistic", "Average");
  SketchNode tracking = SketchNode::map()
                            .add("TargetValue", fargate.messages_per_task)
                            .add("CustomizedMetricSpecification", std::move(metric));
  return SketchNode::map()
      .add("Type", "AWS::ApplicationAutoScaling::ScalingPolicy")
      .add("Properties", SketchNode::map()
                             .add("PolicyName", "queue-depth")
                             .add("PolicyType", "TargetTrackingScaling")
                             .add("ScalingTargetId", cfn_ref(target))
                             .add("TargetTrackingScalingPolicyConfiguration", std::move(tracking)));
}

SketchNode work_queue(const QueueFeed& q) {
  return SketchNode::map()
      .add("Type", "AWS::SQS::Queue")
      .add("Properties",
           SketchNode::map().add("VisibilityTimeout", q.visibility_timeout_s.value_or(0)));
}

// The queue a service reads: the split's new queue (in the sketch), else the existing one
// (Parameters). Returns {QueueUrl value, QueueName value}.
std::pair<SketchNode, SketchNode> queue_values(const MigrationPlan& plan, const QueueFeed& q,
                                               const SketchNames& names, SketchNode& parameters,
                                               SketchNode& resources) {
  if (plan.front_timeout_s) {
    const std::string queue_id = names.base() + "WorkQueue";
    resources.add(queue_id, work_queue(q));
    return {cfn_ref(queue_id), cfn_get_att(queue_id, "QueueName")};
  }
  const std::string named = "queue '" + q.name + "' (" + placement_location(q.where) + ")";
  const std::string url = names.input("QueueUrl");
  const std::string name = names.input("QueueName");
  parameters.add(url, parameter("String", "URL of " + named + ", which the task reads"));
  parameters.add(name, parameter("String", "QueueName of " + named));
  return {cfn_ref(url), cfn_ref(name)};
}

// The source's `Condition` on every resource of the sketch, and a stand-in for it (a
// parameter that defaults to deploying) so that the sketch still deploys alone; merged into
// the source, the stand-in goes and the source's condition holds.
void carry_condition(const MigrationPlan& plan, const SketchNames& names, SketchNode& root) {
  if (!plan.condition) return;
  const std::string& name = plan.condition->text;
  for (size_t i = 0; i < root.keys.size(); ++i) {
    if (root.keys[i] != "Resources" && root.keys[i] != "Outputs") continue;
    // After a resource's Type; first in an output.
    const auto at = static_cast<std::ptrdiff_t>(root.keys[i] == "Resources" ? 1 : 0);
    for (SketchNode& entry : root.items[i].items) {
      entry.keys.insert(entry.keys.begin() + at, "Condition");
      entry.items.insert(entry.items.begin() + at, SketchNode::str(name));
    }
  }
  const std::string stand_in = names.input(name + "Deployed");
  const size_t parameters_at = static_cast<size_t>(
      std::find(root.keys.begin(), root.keys.end(), "Parameters") - root.keys.begin());
  SketchNode param = parameter("String", "Stands for condition '" + name + "' (" +
                                             placement_location(plan.condition->where) +
                                             ") of the source; merged there, drop it and the "
                                             "sketch's Conditions");
  param.add("AllowedValues", SketchNode::list({SketchNode::str("true"), SketchNode::str("false")}));
  param.add("Default", "true");
  root.items[parameters_at].add(stand_in, std::move(param));
  SketchNode equals = SketchNode::map().add(
      "Fn::Equals", SketchNode::list({cfn_ref(stand_in), SketchNode::str("true")}));
  root.keys.insert(root.keys.begin() + static_cast<std::ptrdiff_t>(parameters_at) + 1,
                   "Conditions");
  root.items.insert(root.items.begin() + static_cast<std::ptrdiff_t>(parameters_at) + 1,
                    SketchNode::map().add(name, std::move(equals)));
}

}  // namespace

std::string write_cloudformation_lambda(const MigrationPlan& plan, const LambdaPlan& lambda) {
  const SketchNames names = names_of(plan, kLambdaPatterns);
  SketchNode parameters = SketchNode::map();
  parameters.add(names.input("ImageUri"), parameter("String", image_input_description(plan)));
  if (!is_sam(plan.format))
    parameters.add(names.input("ExecutionRoleArn"),
                   parameter("String", "The function's execution role"));
  SketchNode resources = SketchNode::map();
  resources.add(names.base() + "Function", lambda_function(plan, names, lambda));
  if (lambda.queue.has_value()) {
    const QueueFeed& q = *lambda.queue;
    parameters.add(
        names.input("QueueArn"),
        parameter("String", "ARN of queue '" + q.name + "' (" + placement_location(q.where) + ")"));
    if (!is_sam(plan.format))
      resources.add(names.base() + "QueueMapping", event_source_mapping(names, lambda, q));
  }
  if (lambda.schedule) add_schedule(names, *lambda.schedule, resources);
  SketchNode root = template_root(plan);
  root.add("Parameters", std::move(parameters)).add("Resources", std::move(resources));
  carry_condition(plan, names, root);
  return render(plan, std::move(root));
}

std::string write_cloudformation_fargate(const MigrationPlan& plan, const FargatePlan& fargate) {
  const SketchNames names = names_of(plan, kFargatePatterns);
  const std::string& id = names.base();
  SketchNode parameters = SketchNode::map();
  parameters.add(names.input("ImageUri"), parameter("String", image_input_description(plan)));
  parameters.add(names.input("Subnets"),
                 parameter("List<AWS::EC2::Subnet::Id>", "Subnets of the tasks"));
  SketchNode resources = SketchNode::map();
  std::optional<std::pair<SketchNode, SketchNode>> queue;
  if (fargate.queue.has_value())
    queue = queue_values(plan, *fargate.queue, names, parameters, resources);
  const std::string task = id + "TaskDefinition";
  resources.add(task, task_definition(names, fargate, queue ? &queue->first : nullptr));
  if (fargate.schedule) {
    parameters.add(names.input("ClusterArn"),
                   parameter("String", "ARN of the ECS cluster that runs it"));
    parameters.add(names.input("EventsRoleArn"),
                   parameter("String", "Role EventBridge runs the task with"));
    resources.add(id + "Schedule", schedule_rule(names, task, fargate.schedule->expression));
  } else {
    parameters.add(names.input("Cluster"),
                   parameter("String", "Name of the ECS cluster that runs it"));
    resources.add(id + "Service", service(names, task, queue ? 0 : 1));
  }
  if (queue) {
    resources.add(id + "ScalableTarget", scalable_target(names, fargate));
    resources.add(id + "QueueDepthScaling",
                  queue_depth_policy(id + "ScalableTarget", fargate, std::move(queue->second)));
  }
  SketchNode root = template_root(plan);
  root.add("Parameters", std::move(parameters)).add("Resources", std::move(resources));
  if (plan.front_timeout_s && queue)
    root.add("Outputs",
             SketchNode::map().add(names.input("WorkQueueUrl"),
                                   SketchNode::map().add("Value", std::move(queue->first))));
  carry_condition(plan, names, root);
  return render(plan, std::move(root));
}

}  // namespace rightfit
