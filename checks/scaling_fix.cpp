#include "checks/scaling_fix.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "checks/check.h"
#include "parsers/new_blocks.h"

namespace rightfit {
// Named, then anonymous: checks/ is one unity translation unit, and these short names must not
// meet another rule's helpers.
namespace scaling_text {
namespace {

enum class Dialect { CloudFormation, Terraform, Kubernetes };

std::optional<Dialect> dialect_of(const Service& s) {
  if (!s.new_blocks) return std::nullopt;
  if (!s.kind.empty()) return Dialect::Kubernetes;
  if (!s.cluster && !s.cluster_name.value) return std::nullopt;  // no ResourceId to write
  if (s.type == "AWS::ECS::Service") return Dialect::CloudFormation;
  if (s.type == "aws_ecs_service") return Dialect::Terraform;
  return std::nullopt;
}

NewEntry field(std::string key, NewValue value) {
  return NewEntry{std::move(key), std::move(value)};
}

// CloudFormation's intrinsics, as the document tree holds them (YAML writes the short forms).
NewValue ref(const std::string& name) { return mapping_value({field("Ref", text_value(name))}); }
NewValue sub(std::string text) {
  return mapping_value({field("Fn::Sub", text_value(std::move(text)))});
}
NewValue get_att(const std::string& name, const std::string& attribute) {
  return mapping_value(
      {field("Fn::GetAtt", sequence_value({text_value(name), text_value(attribute)}))});
}

NewEntry cfn_resource(const std::string& name, const std::string& type,
                      std::vector<NewEntry> properties) {
  return field(name, mapping_value({field("Type", text_value(type)),
                                    field("Properties", mapping_value(std::move(properties)))}));
}

NewEntry tf_resource(const std::string& type, const std::string& name, std::vector<NewEntry> body) {
  return NewEntry{"resource", mapping_value(std::move(body)), {type, name}};
}

// A Terraform resource's name label (`web` of `aws_ecs_service.web`).
std::string label_of(const std::string& address) { return address.substr(address.rfind('.') + 1); }

// A cluster written as a literal: its name (an ARN's last part).
std::string literal_cluster(const Service& s) {
  const std::string written = s.cluster_name.value.value_or("default");
  return written.rfind("arn:", 0) == 0 ? written.substr(written.rfind('/') + 1) : written;
}

// "service/<cluster>/<name>", Application Auto Scaling's ResourceId of an ECS service.
NewValue resource_id(const Service& s, Dialect dialect) {
  if (dialect == Dialect::CloudFormation) {
    const std::string cluster = s.cluster ? "${" + *s.cluster + "}" : literal_cluster(s);
    return sub("service/" + cluster + "/${" + s.id.name + ".Name}");
  }
  const std::string cluster = s.cluster ? "${" + *s.cluster + ".name}" : literal_cluster(s);
  return text_value("service/" + cluster + "/${" + s.id.name + ".name}");
}

// The scalable target, its name, and how a policy names it.
struct Target {
  NewEntry entry;
  std::string name;
};

Target scalable_target(const Service& s, Dialect dialect, double min, double max) {
  if (dialect == Dialect::CloudFormation) {
    const std::string name = s.id.name + "ScalableTarget";
    return {cfn_resource(
                name, "AWS::ApplicationAutoScaling::ScalableTarget",
                {field("ServiceNamespace", text_value("ecs")),
                 field("ScalableDimension", text_value("ecs:service:DesiredCount")),
                 field("ResourceId", resource_id(s, dialect)),
                 field("MinCapacity", number_value(min)), field("MaxCapacity", number_value(max))}),
            name};
  }
  const std::string name = label_of(s.id.name);
  return {tf_resource(
              "aws_appautoscaling_target", name,
              {field("service_namespace", text_value("ecs")),
               field("scalable_dimension", text_value("ecs:service:DesiredCount")),
               field("resource_id", resource_id(s, dialect)),
               field("min_capacity", number_value(min)), field("max_capacity", number_value(max))}),
          name};
}

// A Terraform policy names its target by the target's three attributes.
std::vector<NewEntry> tf_policy_head(const std::string& name, const std::string& type,
                                     const std::string& target) {
  const std::string t = "aws_appautoscaling_target." + target + ".";
  return {field("name", text_value(name)), field("policy_type", text_value(type)),
          field("service_namespace", expression_value(t + "service_namespace")),
          field("scalable_dimension", expression_value(t + "scalable_dimension")),
          field("resource_id", expression_value(t + "resource_id"))};
}

NewEntry cpu_policy(const Service& s, Dialect dialect, const Target& target) {
  if (dialect == Dialect::CloudFormation) {
    const std::string name = s.id.name + "CpuScaling";
    return cfn_resource(
        name, "AWS::ApplicationAutoScaling::ScalingPolicy",
        {field("PolicyName", text_value(name)),
         field("PolicyType", text_value("TargetTrackingScaling")),
         field("ScalingTargetId", ref(target.name)),
         field("TargetTrackingScalingPolicyConfiguration",
               mapping_value({field("TargetValue", number_value(kCpuTargetPercent)),
                              field("PredefinedMetricSpecification",
                                    mapping_value({field("PredefinedMetricType",
                                                         text_value("ECSServiceAverageCPU"
                                                                    "Utilization"))}))}))});
  }
  std::vector<NewEntry> body =
      tf_policy_head(target.name + "-cpu", "TargetTrackingScaling", target.name);
  body.push_back(
      field("target_tracking_scaling_policy_configuration",
            mapping_value(
                {field("target_value", number_value(kCpuTargetPercent)),
                 field("predefined_metric_specification",
                       mapping_value({field("predefined_metric_type",
                                            text_value("ECSServiceAverageCPUUtilization"))}))})));
  return tf_resource("aws_appautoscaling_policy", target.name + "_cpu", std::move(body));
}

// A HorizontalPodAutoscaler (autoscaling/v2) of the workload, in its namespace, as the
// entries of a document of its own.
std::vector<NewEntry> horizontal_pod_autoscaler(const Service& s, double min, double max) {
  std::vector<NewEntry> metadata = {field("name", text_value(s.name_pattern))};
  if (s.pod && s.pod->pod_namespace != "default")
    metadata.push_back(field("namespace", text_value(s.pod->pod_namespace)));
  NewValue cpu = mapping_value(
      {field("type", text_value("Resource")),
       field("resource",
             mapping_value(
                 {field("name", text_value("cpu")),
                  field("target", mapping_value({field("type", text_value("Utilization")),
                                                 field("averageUtilization",
                                                       number_value(kCpuTargetPercent))}))}))});
  return {field("apiVersion", text_value("autoscaling/v2")),
          field("kind", text_value("HorizontalPodAutoscaler")),
          field("metadata", mapping_value(std::move(metadata))),
          field("spec",
                mapping_value({field("scaleTargetRef",
                                     mapping_value({field("apiVersion", text_value("apps/v1")),
                                                    field("kind", text_value(s.kind)),
                                                    field("name", text_value(s.name_pattern))})),
                               field("minReplicas", number_value(min)),
                               field("maxReplicas", number_value(max)),
                               field("metrics", sequence_value({std::move(cpu)}))}))};
}

// One direction of queue-depth scaling: a step policy and the alarm on the queue's visible
// messages that invokes it.
struct QueueStep {
  std::string name;        // "ScaleOut", "ScaleIn"
  std::string adjustment;  // AdjustmentType
  double scaling;          // ScalingAdjustment
  bool above;              // the step lies above the alarm's threshold (else below)
  std::string alarm;       // "QueueBacklogAlarm"
  std::string comparison;  // ComparisonOperator
  double periods;          // EvaluationPeriods of one minute
};

const std::vector<QueueStep>& queue_steps() {
  static const std::vector<QueueStep> steps = {
      {"ScaleOut", "ChangeInCapacity", 1, true, "QueueBacklogAlarm",
       "GreaterThanOrEqualToThreshold", 1},
      {"ScaleIn", "ExactCapacity", 0, false, "QueueEmptyAlarm", "LessThanThreshold", 15},
  };
  return steps;
}

void add_cfn_queue_step(std::vector<NewEntry>& out, const Service& s, const Target& target,
                        const Queue& queue, const QueueStep& step) {
  const std::string policy = s.id.name + step.name;
  NewValue adjustment = mapping_value(
      {field(step.above ? "MetricIntervalLowerBound" : "MetricIntervalUpperBound", number_value(0)),
       field("ScalingAdjustment", number_value(step.scaling))});
  out.push_back(cfn_resource(
      policy, "AWS::ApplicationAutoScaling::ScalingPolicy",
      {field("PolicyName", text_value(policy)), field("PolicyType", text_value("StepScaling")),
       field("ScalingTargetId", ref(target.name)),
       field("StepScalingPolicyConfiguration",
             mapping_value({field("AdjustmentType", text_value(step.adjustment)),
                            field("Cooldown", number_value(60)),
                            field("MetricAggregationType", text_value("Maximum")),
                            field("StepAdjustments", sequence_value({std::move(adjustment)}))}))}));
  NewValue dimension = mapping_value({field("Name", text_value("QueueName")),
                                      field("Value", get_att(queue.id.name, "QueueName"))});
  out.push_back(cfn_resource(
      s.id.name + step.alarm, "AWS::CloudWatch::Alarm",
      {field("Namespace", text_value("AWS/SQS")),
       field("MetricName", text_value("ApproximateNumberOfMessagesVisible")),
       field("Dimensions", sequence_value({std::move(dimension)})),
       field("Statistic", text_value("Maximum")), field("Period", number_value(60)),
       field("EvaluationPeriods", number_value(step.periods)), field("Threshold", number_value(1)),
       field("ComparisonOperator", text_value(step.comparison)),
       field("AlarmActions", sequence_value({ref(policy)}))}));
}

// `ScaleOut` -> `scale_out`: Terraform's names are snake case.
std::string snake(const std::string& camel) {
  std::string out;
  for (char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

void add_tf_queue_step(std::vector<NewEntry>& out, const Target& target, const Queue& queue,
                       const QueueStep& step) {
  const std::string policy = target.name + "_" + snake(step.name);
  std::vector<NewEntry> body = tf_policy_head(policy, "StepScaling", target.name);
  body.push_back(field(
      "step_scaling_policy_configuration",
      mapping_value(
          {field("adjustment_type", text_value(step.adjustment)),
           field("cooldown", number_value(60)),
           field("metric_aggregation_type", text_value("Maximum")),
           field("step_adjustment",
                 mapping_value({field(step.above ? "metric_interval_lower_bound"
                                                 : "metric_interval_upper_bound",
                                      number_value(0)),
                                field("scaling_adjustment", number_value(step.scaling))}))})));
  out.push_back(tf_resource("aws_appautoscaling_policy", policy, std::move(body)));
  const std::string alarm = target.name + "_" + snake(step.alarm);
  out.push_back(tf_resource(
      "aws_cloudwatch_metric_alarm", alarm,
      {field("alarm_name", text_value(alarm)), field("namespace", text_value("AWS/SQS")),
       field("metric_name", text_value("ApproximateNumberOfMessagesVisible")),
       field("dimensions", expression_value("{ QueueName = " + queue.id.name + ".name }")),
       field("statistic", text_value("Maximum")), field("period", number_value(60)),
       field("evaluation_periods", number_value(step.periods)), field("threshold", number_value(1)),
       field("comparison_operator", text_value(step.comparison)),
       field("alarm_actions",
             sequence_value({expression_value("aws_appautoscaling_policy." + policy + ".arn")}))}));
}

// The queue-depth steps (policies and their alarms) of `target` on `queue`.
std::vector<NewEntry> queue_step_entries(const Service& s, Dialect dialect, const Target& target,
                                         const Queue& queue) {
  std::vector<NewEntry> entries;
  for (const QueueStep& step : queue_steps()) {
    if (dialect == Dialect::CloudFormation)
      add_cfn_queue_step(entries, s, target, queue, step);
    else
      add_tf_queue_step(entries, target, queue, step);
  }
  return entries;
}

// Whether queue-depth scaling can be written for `s` on `queue`: a dialect with queue steps,
// the queue of the service's scope, in Terraform named as this file names it (a module's
// output is not `.name`).
std::optional<Dialect> queue_dialect(const Service& s, const Queue& queue) {
  std::optional<Dialect> dialect = dialect_of(s);
  if (!dialect || *dialect == Dialect::Kubernetes || queue.id.scope != s.id.scope)
    return std::nullopt;
  if (*dialect == Dialect::Terraform && queue.id.name.rfind("aws_sqs_queue.", 0) != 0)
    return std::nullopt;
  return dialect;
}

// The one edit that writes `entries` at the service's slot.
std::optional<Fix> blocks_fix(std::string title, const std::optional<BlockSlot>& slot,
                              const std::vector<NewEntry>& entries) {
  if (!slot) return std::nullopt;
  return Fix{std::move(title), {TextEdit{slot->at, render_blocks(*slot, entries)}}};
}

}  // namespace
}  // namespace scaling_text

std::optional<Fix> cpu_scaling_fix(const Service& s) {
  using namespace scaling_text;  // NOLINT(google-build-using-namespace): this file's helpers
  std::optional<Dialect> dialect = dialect_of(s);
  if (!dialect) return std::nullopt;
  const double count = s.desired_count.value.value_or(1);
  const double min = count >= 1 ? count : 1;
  const double max = min * kScaleOutFactor;
  if (*dialect == Dialect::Kubernetes) {
    return blocks_fix("Add a HorizontalPodAutoscaler on CPU (" + format_number(min) + " to " +
                          format_number(max) + " replicas)",
                      s.new_blocks, horizontal_pod_autoscaler(s, min, max));
  }
  Target target = scalable_target(s, *dialect, min, max);
  NewEntry policy = cpu_policy(s, *dialect, target);
  return blocks_fix("Add a scalable target (" + format_number(min) + " to " + format_number(max) +
                        " tasks) with target tracking on CPU",
                    s.new_blocks, {std::move(target.entry), std::move(policy)});
}

std::optional<Fix> queue_scaling_fix(const Service& s, const Queue& queue, double tasks) {
  using namespace scaling_text;  // NOLINT(google-build-using-namespace): this file's helpers
  std::optional<Dialect> dialect = queue_dialect(s, queue);
  if (!dialect) return std::nullopt;
  const double max = std::max(tasks, 1.0) * kScaleOutFactor;
  Target target = scalable_target(s, *dialect, 0, max);
  std::vector<NewEntry> entries;
  entries.push_back(std::move(target.entry));
  for (NewEntry& e : queue_step_entries(s, *dialect, target, queue))
    entries.push_back(std::move(e));
  return blocks_fix("Add a scalable target (0 to " + format_number(max) +
                        " tasks) that scales on the depth of queue '" + queue.id.name + "'",
                    s.new_blocks, entries);
}

std::optional<Fix> scale_target_to_zero_fix(const Service& s, const ScalingTarget& t,
                                            const Queue* queue) {
  using namespace scaling_text;  // NOLINT(google-build-using-namespace): this file's helpers
  if (!t.min_capacity.slot || t.schedule || t.kind == "HorizontalPodAutoscaler")
    return std::nullopt;
  Fix fix = value_fix("Set the minimum to 0: its queue-depth scaling starts tasks when work comes",
                      *t.min_capacity.slot, "0");
  if (t.queue_metric) return fix;
  // No policy at all: the queue's steps, written for this target.
  std::optional<Dialect> dialect = queue ? queue_dialect(s, *queue) : std::nullopt;
  if (t.has_policy || !t.kind.empty() || !dialect || !s.new_blocks) return std::nullopt;
  const Target target{{}, *dialect == Dialect::CloudFormation ? t.id.name : label_of(t.id.name)};
  fix.title = "Set the minimum to 0 and scale on the depth of queue '" + queue->id.name + "'";
  fix.edits.push_back(
      TextEdit{s.new_blocks->at,
               render_blocks(*s.new_blocks, queue_step_entries(s, *dialect, target, *queue))});
  return fix;
}

}  // namespace rightfit
