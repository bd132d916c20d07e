// The Terraform sketches, in HCL: what exists already (the queue a service drained, the
// cluster, the image) comes in as variables whose description names it, so a sketch is a
// module of its own or a file to merge into the source's module.
#include <algorithm>
#include <cmath>

#include "analyzer/cost/cost_model.h"
#include "integrations/plan/sketch_writers.h"

namespace rightfit {

namespace {

struct Block {
  std::string header;  // `resource "aws_ecs_service" "worker"`
  std::vector<std::pair<std::string, std::string>> attributes;  // values as written
  std::vector<Block> blocks;

  Block& set(std::string key, std::string value) {
    attributes.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  Block& set(std::string key, double value) { return set(std::move(key), format_quantity(value)); }
  Block& nest(Block b) {
    blocks.push_back(std::move(b));
    return *this;
  }
};

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// Attributes aligned on `=` the way `terraform fmt` does, then nested blocks.
void write_block(const Block& b, unsigned depth, std::string& out) {
  const std::string indent(static_cast<size_t>(depth) * 2, ' ');
  out += indent + b.header + " {\n";
  size_t width = 0;
  for (const auto& [key, value] : b.attributes) width = std::max(width, key.size());
  for (const auto& [key, value] : b.attributes) {
    out.append(indent).append("  ").append(key).append(width - key.size(), ' ');
    out.append(" = ").append(value).append("\n");
  }
  for (const Block& child : b.blocks) write_block(child, depth + 1, out);
  out += indent + "}\n";
}

std::string render(const MigrationPlan& plan, const std::vector<Block>& blocks) {
  std::string out;
  for (const std::string& line : sketch_header(plan)) out += "# " + line + "\n";
  for (const Block& b : blocks) {
    out += "\n";
    write_block(b, 0, out);
  }
  return out;
}

Block variable(const std::string& name, const std::string& type, const std::string& description) {
  return Block{"variable " + quoted(name), {}, {}}
      .set("type", type)
      .set("description", quoted(description));
}

Block resource(const std::string& type, const std::string& name) {
  return Block{"resource " + quoted(type) + " " + quoted(name), {}, {}};
}

std::string queue_named(const QueueFeed& q) {
  return "queue '" + q.name + "' (" + placement_location(q.where) + ")";
}

// The one container: its image, and the queue it reads named in its environment.
std::string container_definitions(const SketchNames& names,
                                  const std::optional<std::string>& queue_url) {
  std::string env;
  if (queue_url) env = ", environment = [{ name = \"QUEUE_URL\", value = " + *queue_url + " }]";
  return "jsonencode([{ name = \"worker\", image = var." + names.input("image_uri") +
         ", essential = true" + env + " }])";
}

Block task_definition(const SketchNames& names, const std::string& name, const FargatePlan& fargate,
                      const std::optional<std::string>& queue_url) {
  Block td = resource("aws_ecs_task_definition", name)
                 .set("family", quoted(name))
                 .set("requires_compatibilities", "[\"FARGATE\"]")
                 .set("network_mode", quoted("awsvpc"))
                 .set("cpu", std::round(fargate.cpu_units))
                 .set("memory", std::round(fargate.memory_mb))
                 .set("container_definitions", container_definitions(names, queue_url));
  td.nest(Block{"runtime_platform", {}, {}}
              .set("cpu_architecture", quoted(fargate.architecture))
              .set("operating_system_family", quoted("LINUX")));
  return td;
}

Block network(const SketchNames& names) {
  return Block{"network_configuration", {}, {}}.set("subnets", "var." + names.input("subnets"));
}

Block queue_depth_policy(const std::string& name, const FargatePlan& fargate,
                         const std::string& queue_name) {
  const std::string target = "aws_appautoscaling_target." + name;
  Block metric = Block{"customized_metric_specification", {}, {}}
                     .set("namespace", quoted("AWS/SQS"))
                     .set("metric_name", quoted("ApproximateNumberOfMessagesVisible"))
                     .set("statistic", quoted("Average"))
                     .nest(Block{"dimensions", {}, {}}
                               .set("name", quoted("QueueName"))
                               .set("value", queue_name));
  return resource("aws_appautoscaling_policy", name + "_queue_depth")
      .set("name", quoted("queue-depth"))
      .set("policy_type", quoted("TargetTrackingScaling"))
      .set("resource_id", target + ".resource_id")
      .set("scalable_dimension", target + ".scalable_dimension")
      .set("service_namespace", target + ".service_namespace")
      .nest(Block{"target_tracking_scaling_policy_configuration", {}, {}}
                .set("target_value", fargate.messages_per_task)
                .nest(std::move(metric)));
}

void add_service(const SketchNames& names, const std::string& name, const FargatePlan& fargate,
                 bool scaled, std::vector<Block>& blocks) {
  blocks.push_back(
      variable(names.input("cluster"), "string", "Name of the ECS cluster that runs it"));
  blocks.push_back(resource("aws_ecs_service", name)
                       .set("name", quoted(name))
                       .set("cluster", "var." + names.input("cluster"))
                       .set("launch_type", quoted("FARGATE"))
                       .set("desired_count", scaled ? 0 : 1)
                       .set("task_definition", "aws_ecs_task_definition." + name + ".arn")
                       .nest(network(names)));
  if (!scaled) return;
  blocks.push_back(resource("aws_appautoscaling_target", name)
                       .set("min_capacity", 0)
                       .set("max_capacity", fargate.max_tasks)
                       .set("resource_id", "\"service/${var." + names.input("cluster") +
                                               "}/${aws_ecs_service." + name + ".name}\"")
                       .set("scalable_dimension", quoted("ecs:service:DesiredCount"))
                       .set("service_namespace", quoted("ecs")));
}

// A task run per schedule (EventBridge), instead of a service waiting between runs.
void add_schedule(const SketchNames& names, const std::string& name, const std::string& expression,
                  std::vector<Block>& blocks) {
  blocks.push_back(
      variable(names.input("cluster_arn"), "string", "ARN of the ECS cluster that runs it"));
  blocks.push_back(
      variable(names.input("events_role_arn"), "string", "Role EventBridge runs the task with"));
  blocks.push_back(
      resource("aws_cloudwatch_event_rule", name).set("schedule_expression", quoted(expression)));
  blocks.push_back(
      resource("aws_cloudwatch_event_target", name)
          .set("rule", "aws_cloudwatch_event_rule." + name + ".name")
          .set("arn", "var." + names.input("cluster_arn"))
          .set("role_arn", "var." + names.input("events_role_arn"))
          .nest(Block{"ecs_target", {}, {}}
                    .set("task_definition_arn", "aws_ecs_task_definition." + name + ".arn")
                    .set("launch_type", quoted("FARGATE"))
                    .nest(network(names))));
}

// The sketch's resource names of each target, clear of the source module's.
const std::vector<std::string> kLambdaPatterns = {"aws_lambda_function.{}",
                                                  "aws_lambda_event_source_mapping.{}"};
const std::vector<std::string> kFargatePatterns = {
    "aws_ecs_task_definition.{}",    "aws_ecs_service.{}",
    "aws_appautoscaling_target.{}",  "aws_appautoscaling_policy.{}_queue_depth",
    "aws_sqs_queue.{}_work",         "aws_cloudwatch_event_rule.{}",
    "aws_cloudwatch_event_target.{}"};

SketchNames names_of(const MigrationPlan& plan, const std::vector<std::string>& patterns) {
  return SketchNames(plan, terraform_name_of(plan.workload.name), patterns, {"_", "var."});
}

}  // namespace

std::string write_terraform_lambda(const MigrationPlan& plan, const LambdaPlan& lambda) {
  const SketchNames names = names_of(plan, kLambdaPatterns);
  const std::string& name = names.base();
  std::vector<Block> blocks;
  blocks.push_back(variable(names.input("image_uri"), "string", image_input_description(plan)));
  blocks.push_back(
      variable(names.input("execution_role_arn"), "string", "The function's execution role"));
  if (lambda.queue)
    blocks.push_back(
        variable(names.input("queue_arn"), "string", "ARN of " + queue_named(*lambda.queue)));
  blocks.push_back(resource("aws_lambda_function", name)
                       .set("function_name", quoted(name))
                       .set("package_type", quoted("Image"))
                       .set("image_uri", "var." + names.input("image_uri"))
                       .set("role", "var." + names.input("execution_role_arn"))
                       .set("memory_size", lambda.memory_mb)
                       .set("timeout", lambda.timeout_s));
  if (lambda.queue) {
    Block mapping = resource("aws_lambda_event_source_mapping", name)
                        .set("function_name", "aws_lambda_function." + name + ".arn")
                        .set("event_source_arn", "var." + names.input("queue_arn"))
                        .set("batch_size", lambda.batch_size);
    if (lambda.queue->batching_window_s > 0)
      mapping.set("maximum_batching_window_in_seconds", lambda.queue->batching_window_s);
    blocks.push_back(std::move(mapping));
  }
  return render(plan, blocks);
}

std::string write_terraform_fargate(const MigrationPlan& plan, const FargatePlan& fargate) {
  const SketchNames names = names_of(plan, kFargatePatterns);
  const std::string& name = names.base();
  std::vector<Block> blocks;
  blocks.push_back(variable(names.input("image_uri"), "string", image_input_description(plan)));
  blocks.push_back(variable(names.input("subnets"), "list(string)", "Subnets of the tasks"));
  std::optional<std::string> queue_url;
  std::string queue_name;
  if (fargate.queue && plan.front_timeout_s) {
    blocks.push_back(
        resource("aws_sqs_queue", name + "_work")
            .set("visibility_timeout_seconds", fargate.queue->visibility_timeout_s.value_or(0)));
    queue_url = "aws_sqs_queue." + name + "_work.url";
    queue_name = "aws_sqs_queue." + name + "_work.name";
  } else if (fargate.queue) {
    const std::string named = queue_named(*fargate.queue);
    blocks.push_back(
        variable(names.input("queue_url"), "string", "URL of " + named + ", which the task reads"));
    blocks.push_back(variable(names.input("queue_name"), "string", "Name of " + named));
    queue_url = "var." + names.input("queue_url");
    queue_name = "var." + names.input("queue_name");
  }
  blocks.push_back(task_definition(names, name, fargate, queue_url));
  if (fargate.schedule)
    add_schedule(names, name, fargate.schedule->expression, blocks);
  else
    add_service(names, name, fargate, queue_url.has_value(), blocks);
  if (queue_url) blocks.push_back(queue_depth_policy(name, fargate, queue_name));
  if (queue_url && plan.front_timeout_s)
    blocks.push_back(Block{"output \"work_queue_url\"", {}, {}}.set("value", *queue_url));
  return render(plan, blocks);
}

}  // namespace rightfit
