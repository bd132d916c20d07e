// The CloudFormation and SAM sketches: one tree per target, rendered as the source's YAML or
// JSON. Existing resources (the queue a service drained, the cluster, the image) come in as
// Parameters whose Description names them, so a sketch deploys as a stack of its own.
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

SketchNode queue_event_sam(const LambdaPlan& lambda, const QueueFeed& q) {
  SketchNode props = SketchNode::map().add("Queue", cfn_ref("QueueArn"));
  props.add("BatchSize", lambda.batch_size);
  if (q.batching_window_s > 0) props.add("MaximumBatchingWindowInSeconds", q.batching_window_s);
  return SketchNode::map().add(
      "Queue", SketchNode::map().add("Type", "SQS").add("Properties", std::move(props)));
}

SketchNode lambda_function(const MigrationPlan& plan, const LambdaPlan& lambda) {
  SketchNode props = SketchNode::map().add("PackageType", "Image");
  if (is_sam(plan.format)) {
    props.add("ImageUri", cfn_ref("ImageUri"));
  } else {
    props.add("Code", SketchNode::map().add("ImageUri", cfn_ref("ImageUri")));
    props.add("Role", cfn_ref("ExecutionRoleArn"));
  }
  props.add("MemorySize", lambda.memory_mb).add("Timeout", lambda.timeout_s);
  if (is_sam(plan.format) && lambda.queue.has_value())
    props.add("Events", queue_event_sam(lambda, *lambda.queue));
  return SketchNode::map()
      .add("Type", is_sam(plan.format) ? "AWS::Serverless::Function" : "AWS::Lambda::Function")
      .add("Properties", std::move(props))
      .add("Metadata", SketchNode::map().add("rightfit", "sketch of " + plan.workload.name));
}

SketchNode event_source_mapping(const std::string& function, const LambdaPlan& lambda,
                                const QueueFeed& q) {
  SketchNode props = SketchNode::map()
                         .add("FunctionName", cfn_ref(function))
                         .add("EventSourceArn", cfn_ref("QueueArn"))
                         .add("BatchSize", lambda.batch_size);
  if (q.batching_window_s > 0) props.add("MaximumBatchingWindowInSeconds", q.batching_window_s);
  return SketchNode::map()
      .add("Type", "AWS::Lambda::EventSourceMapping")
      .add("Properties", std::move(props));
}

// The container: its image, and the queue it reads named in its environment.
SketchNode container(const SketchNode* queue_url) {
  SketchNode c = SketchNode::map()
                     .add("Name", "worker")
                     .add("Image", cfn_ref("ImageUri"))
                     .add("Essential", SketchNode::raw("true"));
  if (queue_url != nullptr)
    c.add("Environment",
          SketchNode::list({SketchNode::map().add("Name", "QUEUE_URL").add("Value", *queue_url)}));
  return c;
}

SketchNode task_definition(const FargatePlan& fargate, const SketchNode* queue_url) {
  SketchNode props =
      SketchNode::map()
          .add("RequiresCompatibilities", SketchNode::list({SketchNode::str("FARGATE")}))
          .add("NetworkMode", "awsvpc")
          .add("Cpu", SketchNode::str(std::to_string(std::lround(fargate.cpu_units))))
          .add("Memory", SketchNode::str(std::to_string(std::lround(fargate.memory_mb))))
          .add("RuntimePlatform", SketchNode::map()
                                      .add("CpuArchitecture", fargate.architecture)
                                      .add("OperatingSystemFamily", "LINUX"))
          .add("ContainerDefinitions", SketchNode::list({container(queue_url)}));
  return SketchNode::map()
      .add("Type", "AWS::ECS::TaskDefinition")
      .add("Properties", std::move(props));
}

SketchNode network() {
  return SketchNode::map().add("AwsvpcConfiguration",
                               SketchNode::map().add("Subnets", cfn_ref("Subnets")));
}

SketchNode service(const std::string& task, double desired) {
  return SketchNode::map()
      .add("Type", "AWS::ECS::Service")
      .add("Properties", SketchNode::map()
                             .add("Cluster", cfn_ref("Cluster"))
                             .add("LaunchType", "FARGATE")
                             .add("DesiredCount", desired)
                             .add("TaskDefinition", cfn_ref(task))
                             .add("NetworkConfiguration", network()));
}

// A task run per schedule (EventBridge), instead of a service waiting between runs.
SketchNode schedule_rule(const std::string& task, const std::string& expression) {
  SketchNode ecs = SketchNode::map()
                       .add("TaskDefinitionArn", cfn_ref(task))
                       .add("LaunchType", "FARGATE")
                       .add("NetworkConfiguration", network());
  SketchNode target = SketchNode::map()
                          .add("Id", "task")
                          .add("Arn", cfn_ref("ClusterArn"))
                          .add("RoleArn", cfn_ref("EventsRoleArn"))
                          .add("EcsParameters", std::move(ecs));
  return SketchNode::map()
      .add("Type", "AWS::Events::Rule")
      .add("Properties", SketchNode::map()
                             .add("ScheduleExpression", expression)
                             .add("Targets", SketchNode::list({std::move(target)})));
}

SketchNode scalable_target(const std::string& service_id, const FargatePlan& fargate) {
  SketchNode resource_id =
      SketchNode::map().add("Fn::Sub", "service/${Cluster}/${" + service_id + ".Name}");
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
                                               const std::string& id, SketchNode& parameters,
                                               SketchNode& resources) {
  if (plan.front_timeout_s) {
    const std::string queue_id = id + "WorkQueue";
    resources.add(queue_id, work_queue(q));
    return {cfn_ref(queue_id), cfn_get_att(queue_id, "QueueName")};
  }
  const std::string named = "queue '" + q.name + "' (" + placement_location(q.where) + ")";
  parameters.add("QueueUrl", parameter("String", "URL of " + named + ", which the task reads"));
  parameters.add("QueueName", parameter("String", "QueueName of " + named));
  return {cfn_ref("QueueUrl"), cfn_ref("QueueName")};
}

}  // namespace

std::string write_cloudformation_lambda(const MigrationPlan& plan, const LambdaPlan& lambda) {
  const std::string id = logical_id_of(plan.workload.name);
  SketchNode parameters = SketchNode::map();
  parameters.add("ImageUri", parameter("String", image_input_description(plan)));
  if (!is_sam(plan.format))
    parameters.add("ExecutionRoleArn", parameter("String", "The function's execution role"));
  SketchNode resources = SketchNode::map();
  resources.add(id + "Function", lambda_function(plan, lambda));
  if (lambda.queue.has_value()) {
    const QueueFeed& q = *lambda.queue;
    parameters.add("QueueArn", parameter("String", "ARN of queue '" + q.name + "' (" +
                                                       placement_location(q.where) + ")"));
    if (!is_sam(plan.format))
      resources.add(id + "QueueMapping", event_source_mapping(id + "Function", lambda, q));
  }
  SketchNode root = template_root(plan);
  root.add("Parameters", std::move(parameters)).add("Resources", std::move(resources));
  return render(plan, std::move(root));
}

std::string write_cloudformation_fargate(const MigrationPlan& plan, const FargatePlan& fargate) {
  const std::string id = logical_id_of(plan.workload.name);
  SketchNode parameters = SketchNode::map();
  parameters.add("ImageUri", parameter("String", image_input_description(plan)));
  parameters.add("Subnets", parameter("List<AWS::EC2::Subnet::Id>", "Subnets of the tasks"));
  SketchNode resources = SketchNode::map();
  std::optional<std::pair<SketchNode, SketchNode>> queue;
  if (fargate.queue.has_value())
    queue = queue_values(plan, *fargate.queue, id, parameters, resources);
  const std::string task = id + "TaskDefinition";
  resources.add(task, task_definition(fargate, queue ? &queue->first : nullptr));
  if (fargate.schedule) {
    parameters.add("ClusterArn", parameter("String", "ARN of the ECS cluster that runs it"));
    parameters.add("EventsRoleArn", parameter("String", "Role EventBridge runs the task with"));
    resources.add(id + "Schedule", schedule_rule(task, *fargate.schedule));
  } else {
    parameters.add("Cluster", parameter("String", "Name of the ECS cluster that runs it"));
    resources.add(id + "Service", service(task, queue ? 0 : 1));
  }
  if (queue) {
    resources.add(id + "ScalableTarget", scalable_target(id + "Service", fargate));
    resources.add(id + "QueueDepthScaling",
                  queue_depth_policy(id + "ScalableTarget", fargate, std::move(queue->second)));
  }
  SketchNode root = template_root(plan);
  root.add("Parameters", std::move(parameters)).add("Resources", std::move(resources));
  if (plan.front_timeout_s && queue)
    root.add("Outputs",
             SketchNode::map().add("WorkQueueUrl",
                                   SketchNode::map().add("Value", std::move(queue->first))));
  return render(plan, std::move(root));
}

}  // namespace rightfit
