// The fixes rules attach to findings, in a round trip: each fix applied to a copy of its
// fixture, the result analysed again: the finding is gone, nothing new appears, and every
// byte outside the edit is unchanged. Then `rightfit fix` itself: all at once, idempotent, a
// diff with --dry-run, a file with a parse error left alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <set>
#include <sstream>

#include "analyzer/text_edits.h"
#include "driver/engine.h"
#include "driver/fix_command.h"
#include "parsers/text_position.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::write_text;

class Fixes : public testing_support::ScratchDirectory {
 protected:
  // Copies fixtures/fixes/<name> into the scratch directory; returns the copy.
  fs::path copy_fixture(const std::string& name) {
    fs::path to = dir_ / name;
    fs::create_directories(to);
    fs::copy(fs::path("fixtures/fixes") / name, to, fs::copy_options::recursive);
    return to;
  }

  static Analysis analysis_of(const fs::path& root) {
    return analyze(AnalysisRequest{{root.string()}, root.string(), Config{}, 2, {}, {}, {}});
  }

  static std::vector<Finding> findings_in(const fs::path& root) {
    Analysis a = analysis_of(root);
    std::vector<Finding> out;
    for (Finding& f : a.findings) {
      if (!f.suppression) out.push_back(std::move(f));
    }
    return out;
  }

  static std::multiset<std::string> fingerprints(const std::vector<Finding>& findings) {
    std::multiset<std::string> out;
    for (const Finding& f : findings) out.insert(f.rule_id + " " + fingerprint(f));
    return out;
  }

  // Outside the applied edits, byte for byte: each stretch of `original` between two edits
  // is in the result, shifted by what the edits before it added or took away.
  static void expect_unchanged_outside(const std::string& original, const AppliedEdits& applied) {
    size_t from = 0;           // in `original`: the end of the edit before
    std::ptrdiff_t shift = 0;  // the result's offset minus the original's
    auto same = [&](size_t to) {
      const size_t at = static_cast<size_t>(static_cast<std::ptrdiff_t>(from) + shift);
      EXPECT_EQ(applied.text.substr(at, to - from), original.substr(from, to - from));
    };
    for (const TextEdit& e : applied.applied) {
      const size_t begin = offset_of(original, e.range.span.begin);
      const size_t end = offset_of(original, e.range.span.end);
      same(begin);
      shift +=
          static_cast<std::ptrdiff_t>(e.new_text.size()) - static_cast<std::ptrdiff_t>(end - begin);
      from = end;
    }
    same(original.size());
    EXPECT_EQ(applied.text.size(),
              static_cast<size_t>(static_cast<std::ptrdiff_t>(original.size()) + shift));
  }

  // Applies each fix of the findings in `root` alone and checks the round trip; `allowed_new`
  // names a rule whose finding a fix may bring (RF104 after RF101's fix to the maximum).
  // Returns the fixed texts by finding, for the tests to look at.
  static std::vector<std::string> round_trip(const fs::path& root, size_t expected_fixes,
                                             const std::string& allowed_new = "") {
    const std::vector<Finding> before = findings_in(root);
    const std::multiset<std::string> known = fingerprints(before);
    std::vector<std::string> results;
    for (const Finding& f : before) {
      if (f.fixes.empty()) continue;
      SCOPED_TRACE(f.location.file + ":" + std::to_string(f.location.line()) + " " + f.rule_id);
      EXPECT_FALSE(f.fixes.front().title.empty());
      const std::vector<TextEdit>& edits = f.fixes.front().edits;
      if (edits.empty()) {
        ADD_FAILURE() << "a fix of no edits";
        continue;
      }
      const std::string file = edits.front().range.file;
      for (const TextEdit& e : edits) EXPECT_EQ(e.range.file, file) << "a fix across files";
      const std::string original = read_text(file);
      AppliedEdits applied = apply_edits(original, edits);
      EXPECT_TRUE(applied.skipped.empty());
      expect_unchanged_outside(original, applied);
      write_text(file, applied.text);
      const std::vector<Finding> after = findings_in(root);
      for (const std::string& print : fingerprints(after)) {
        if (!allowed_new.empty() && print.rfind(allowed_new + " ", 0) == 0) continue;
        EXPECT_TRUE(known.count(print)) << "new finding after the fix: " << print;
      }
      EXPECT_EQ(fingerprints(after).count(f.rule_id + " " + fingerprint(f)), 0u)
          << "the finding is still there";
      results.push_back(applied.text);
      write_text(file, original);
    }
    EXPECT_EQ(results.size(), expected_fixes);
    return results;
  }

  // `rightfit fix` on `root` in-process; returns its stdout.
  static std::string fix_all(const fs::path& root, bool dry_run, std::string* err = nullptr) {
    std::ostringstream out, errors;
    FixOptions options;
    options.dry_run = dry_run;
    Analysis a = analysis_of(root);
    std::vector<Finding> findings;
    for (Finding& f : a.findings) {
      if (!f.suppression) findings.push_back(std::move(f));
    }
    FixOutcome outcome = apply_fixes(std::move(findings), a.unparsed, options, out, errors);
    EXPECT_FALSE(outcome.failed) << errors.str();
    if (err) *err = errors.str();
    return out.str();
  }

  // `rightfit fix` on `root`, then again: the second run changes nothing. Returns `file`'s
  // text after the first.
  static std::string fixed_once(const fs::path& root, const std::string& file) {
    fix_all(root, false);
    const std::string once = read_text(root / file);
    EXPECT_EQ(fix_all(root, false), "");
    EXPECT_EQ(read_text(root / file), once);
    return once;
  }

  // RF106 in fixture `name`: a written value replaced (`written` is in the result) and an
  // absent one added (`added`), each alone; then `rightfit fix` on `file`, twice.
  void written_and_added(const std::string& name, const std::string& file,
                         const std::string& written, const std::string& added) {
    const fs::path root = copy_fixture(name);
    std::vector<std::string> fixed = round_trip(root, 2);
    EXPECT_TRUE(contains(fixed, written));
    EXPECT_TRUE(contains(fixed, added));
    fixed_once(root, file);
  }

  static bool contains(const std::vector<std::string>& texts, const std::string& part) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const std::string& t) { return t.find(part) != std::string::npos; });
  }
};

// YAML keeps its quotes, comments and indentation; JSON stays JSON; RF101's maximum may bring
// RF104 (lambda-timeout-near-limit), as its help page says.
TEST_F(Fixes, CloudFormationYamlAndJson) {
  std::vector<std::string> fixed = round_trip(copy_fixture("cloudformation"), 3 + 3 + 2, "RF104");
  EXPECT_TRUE(contains(fixed, "      VisibilityTimeout: '120' # expect: RF106\n"));
  EXPECT_TRUE(contains(fixed,
                       "    Properties:\n      VisibilityTimeout: 120\n"
                       "      QueueName: named-work   # the name stays on its line\n"));
  EXPECT_TRUE(contains(fixed,
                       "  BareQueue: # expect: RF106\n    Type: AWS::SQS::Queue\n"
                       "    Properties:\n      VisibilityTimeout: 125\n  Worker:\n"));
  EXPECT_TRUE(contains(fixed, "\"VisibilityTimeout\": 150\n"));
  EXPECT_TRUE(contains(fixed,
                       "\"Properties\": {\n        \"VisibilityTimeout\": 150,\n"
                       "        \"QueueName\": \"json-named-work\"\n"));
  EXPECT_TRUE(contains(fixed,
                       "\"BareQueue\": {\n      \"Properties\": {\"VisibilityTimeout\": 150},\n"
                       "      \"Type\": \"AWS::SQS::Queue\"\n"));
  EXPECT_TRUE(contains(fixed, "      Timeout: 900 # expect: RF101\n"));
  EXPECT_TRUE(contains(fixed, "      Timeout: \"1\" # expect: RF101\n"));
}

// RF105: down to the API's 29 s for the function whose code shows short work; the one that
// polls in a loop keeps its Timeout, with no fix.
TEST_F(Fixes, ApiTimeoutComesDownOnlyForShortWork) {
  const fs::path root = copy_fixture("api");
  std::vector<std::string> fixed = round_trip(root, 1);
  EXPECT_TRUE(contains(fixed, "      Timeout: 29 # expect: RF105\n      Events:\n        Get:\n"));
  const std::string once = fixed_once(root, "template.yaml");
  EXPECT_NE(once.find("      Timeout: 120 # expect: RF105\n"), std::string::npos);
}

TEST_F(Fixes, TimeoutIntoRangeInServerless) {
  std::vector<std::string> fixed = round_trip(copy_fixture("serverless"), 1, "RF104");
  EXPECT_TRUE(contains(fixed, "    timeout: 900 # expect: RF101\n"));
}

// Queues of a Serverless service's `resources`: the slots are in serverless.yml itself.
TEST_F(Fixes, VisibilityTimeoutOfServerlessResources) {
  written_and_added("serverless_queues", "serverless.yml",
                    "        VisibilityTimeout: 180 # expect: RF106\n",
                    "      Properties:\n        VisibilityTimeout: 180\n"
                    "        QueueName: fixes-orders\n");
}

TEST_F(Fixes, VisibilityTimeoutInTerraformKeepsAlignment) {
  std::vector<std::string> fixed = round_trip(copy_fixture("terraform"), 3);
  EXPECT_TRUE(contains(fixed, "  visibility_timeout_seconds = 240 # expect: RF106\n"));
  EXPECT_TRUE(contains(fixed,
                       "{ # expect: RF106\n  visibility_timeout_seconds        = 240\n"
                       "  name                              = \"aligned-work\"\n"));
  EXPECT_TRUE(contains(fixed,
                       "{ # expect: RF106\n  visibility_timeout_seconds = 240\n\n"
                       "  name = \"short-work\"\n"));
}

// `*.tf.json`: a written number replaced, an absent attribute added first in its object.
TEST_F(Fixes, VisibilityTimeoutInTerraformJson) {
  written_and_added("terraform_json", "main.tf.json",
                    "        \"visibility_timeout_seconds\": 300\n",
                    "      \"absent\": {\n        \"visibility_timeout_seconds\": 300,\n"
                    "        \"name\": \"json-absent-work\"\n");
}

// RF405 and RF401 add whole resources right after the service's own, in the template's
// indentation (four spaces here), also before what follows Resources (Outputs); in JSON after
// the service's member, with the comma. Each alone, then `rightfit fix` twice: the two fixes
// of one file insert at different places, so one run applies both.
TEST_F(Fixes, ScalingResourcesInCloudFormation) {
  const fs::path root = copy_fixture("scaling_cloudformation");
  std::vector<std::string> fixed = round_trip(root, 4);
  EXPECT_TRUE(contains(fixed,
                       "targetgroup/web/1\n"
                       "    StorefrontScalableTarget:\n"
                       "        Type: AWS::ApplicationAutoScaling::ScalableTarget\n"
                       "        Properties:\n"
                       "            ServiceNamespace: ecs\n"
                       "            ScalableDimension: ecs:service:DesiredCount\n"
                       "            ResourceId: !Sub service/${Cluster}/${Storefront.Name}\n"
                       "            MinCapacity: 2\n"
                       "            MaxCapacity: 8\n"
                       "    StorefrontCpuScaling:\n"
                       "        Type: AWS::ApplicationAutoScaling::ScalingPolicy\n"
                       "        Properties:\n"
                       "            PolicyName: StorefrontCpuScaling\n"
                       "            PolicyType: TargetTrackingScaling\n"
                       "            ScalingTargetId: !Ref StorefrontScalableTarget\n"
                       "            TargetTrackingScalingPolicyConfiguration:\n"
                       "                TargetValue: 60\n"
                       "                PredefinedMetricSpecification:\n"
                       "                    PredefinedMetricType: ECSServiceAverageCPUUtilization\n"
                       "    Invoices:\n"));
  EXPECT_TRUE(contains(fixed,
                       "            AlarmActions:\n"
                       "                - !Ref RendererScaleIn\n"
                       "\nOutputs:\n"));
  // RF401: from 0 to 4 x its one task, on the depth of the queue it consumes.
  EXPECT_TRUE(contains(fixed,
                       "            ResourceId: !Sub service/batch/${Renderer.Name}\n"
                       "            MinCapacity: 0\n"
                       "            MaxCapacity: 4\n"));
  EXPECT_TRUE(contains(fixed,
                       "            Dimensions:\n"
                       "                - Name: QueueName\n"
                       "                  Value: !GetAtt Invoices.QueueName\n"));
  EXPECT_TRUE(contains(fixed,
                       "            StepScalingPolicyConfiguration:\n"
                       "                AdjustmentType: ExactCapacity\n"
                       "                Cooldown: 60\n"
                       "                MetricAggregationType: Maximum\n"
                       "                StepAdjustments:\n"
                       "                    - MetricIntervalUpperBound: 0\n"
                       "                      ScalingAdjustment: 0\n"));
  EXPECT_TRUE(contains(fixed,
                       "targetgroup/catalog/2\"}]\n      }\n    },\n"
                       "    \"CatalogScalableTarget\": {\n"
                       "      \"Type\": \"AWS::ApplicationAutoScaling::ScalableTarget\",\n"
                       "      \"Properties\": {\n"
                       "        \"ServiceNamespace\": \"ecs\",\n"
                       "        \"ScalableDimension\": \"ecs:service:DesiredCount\",\n"
                       "        \"ResourceId\": {\n"
                       "          \"Fn::Sub\": \"service/${Cluster}/${Catalog.Name}\"\n"
                       "        },\n"
                       "        \"MinCapacity\": 1,\n"
                       "        \"MaxCapacity\": 4\n"
                       "      }\n"
                       "    },\n"));
  EXPECT_TRUE(contains(fixed,
                       "            \"Value\": {\n"
                       "              \"Fn::GetAtt\": [\n"
                       "                \"Exports\",\n"
                       "                \"QueueName\"\n"));
  const std::string once = fixed_once(root, "services.yaml");
  EXPECT_NE(once.find("    RendererQueueEmptyAlarm:\n"), std::string::npos);
  EXPECT_NE(once.find("    StorefrontCpuScaling:\n"), std::string::npos);
  EXPECT_NE(read_text(root / "services.json").find("\"ExporterScaleOut\": {"), std::string::npos);
}

// Terraform: the blocks appended to the .tf file that holds the service, as `terraform fmt`
// lays them out, naming the cluster through its resource (web) or by its literal name.
TEST_F(Fixes, ScalingResourcesInTerraform) {
  const fs::path root = copy_fixture("scaling_terraform");
  std::vector<std::string> fixed = round_trip(root, 2);
  EXPECT_TRUE(contains(fixed,
                       "    container_port   = 8080\n  }\n}\n\n"
                       "resource \"aws_appautoscaling_target\" \"web\" {\n"
                       "  service_namespace  = \"ecs\"\n"
                       "  scalable_dimension = \"ecs:service:DesiredCount\"\n"
                       "  resource_id        = "
                       "\"service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}\"\n"
                       "  min_capacity       = 3\n"
                       "  max_capacity       = 12\n"
                       "}\n\n"
                       "resource \"aws_appautoscaling_policy\" \"web_cpu\" {\n"
                       "  name               = \"web-cpu\"\n"
                       "  policy_type        = \"TargetTrackingScaling\"\n"
                       "  service_namespace  = aws_appautoscaling_target.web.service_namespace\n"
                       "  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension\n"
                       "  resource_id        = aws_appautoscaling_target.web.resource_id\n"
                       "  target_tracking_scaling_policy_configuration {\n"
                       "    target_value = 60\n"
                       "    predefined_metric_specification {\n"
                       "      predefined_metric_type = \"ECSServiceAverageCPUUtilization\"\n"
                       "    }\n"
                       "  }\n"
                       "}\n\n"
                       "resource \"aws_sqs_queue\" \"thumbnails\" {\n"));
  EXPECT_TRUE(
      contains(fixed,
               "  resource_id        = \"service/batch/${aws_ecs_service.thumbnailer.name}\"\n"
               "  min_capacity       = 0\n"));
  EXPECT_TRUE(
      contains(fixed, "  dimensions          = { QueueName = aws_sqs_queue.thumbnails.name }\n"));
  EXPECT_TRUE(contains(
      fixed, "  alarm_actions       = [aws_appautoscaling_policy.thumbnailer_scale_in.arn]\n"));
  fixed_once(root, "main.tf");
}

// Kubernetes: a HorizontalPodAutoscaler document right after the Deployment's, before the
// Service that follows it, in the Deployment's namespace.
TEST_F(Fixes, HorizontalPodAutoscalerAfterTheDeployment) {
  const fs::path root = copy_fixture("scaling_kubernetes");
  std::vector<std::string> fixed = round_trip(root, 1);
  EXPECT_TRUE(contains(fixed,
                       "              memory: 512Mi\n"
                       "---\n"
                       "apiVersion: autoscaling/v2\n"
                       "kind: HorizontalPodAutoscaler\n"
                       "metadata:\n"
                       "  name: checkout\n"
                       "  namespace: shop\n"
                       "spec:\n"
                       "  scaleTargetRef:\n"
                       "    apiVersion: apps/v1\n"
                       "    kind: Deployment\n"
                       "    name: checkout\n"
                       "  minReplicas: 3\n"
                       "  maxReplicas: 12\n"
                       "  metrics:\n"
                       "    - type: Resource\n"
                       "      resource:\n"
                       "        name: cpu\n"
                       "        target:\n"
                       "          type: Utilization\n"
                       "          averageUtilization: 60\n"
                       "---\n"
                       "apiVersion: v1\n"
                       "kind: Service\n"));
  fixed_once(root, "checkout.yaml");
}

// RF401 where one scalable target holds the worker at a task or more: its minimum goes to 0,
// in place; a target with no policy also gets the queue-depth steps, written for it, right
// after the service. One `rightfit fix` applies both services' fixes.
TEST_F(Fixes, ScalingFloorToZeroInCloudFormation) {
  const fs::path root = copy_fixture("scaling_floor_cloudformation");
  std::vector<std::string> fixed = round_trip(root, 2);
  EXPECT_TRUE(contains(fixed,
                       "      TaskDefinition: !Ref PackerTask\n"
                       "  PackerScaleOut:\n"
                       "    Type: AWS::ApplicationAutoScaling::ScalingPolicy\n"
                       "    Properties:\n"
                       "      PolicyName: PackerScaleOut\n"
                       "      PolicyType: StepScaling\n"
                       "      ScalingTargetId: !Ref PackerTarget\n"));
  EXPECT_TRUE(contains(fixed, "      MinCapacity: 0 # the floor the fix lowers\n"));
  EXPECT_TRUE(contains(fixed, "      MinCapacity: \"0\"\n      MaxCapacity: 8\n"));
  const std::string once = fixed_once(root, "template.yaml");
  size_t targets = 0;  // the two written: none added
  for (size_t at = once.find("::ScalableTarget"); at != std::string::npos;
       at = once.find("::ScalableTarget", at + 1))
    ++targets;
  EXPECT_EQ(targets, 2u);
}

TEST_F(Fixes, ScalingFloorToZeroInTerraform) {
  const fs::path root = copy_fixture("scaling_floor_terraform");
  std::vector<std::string> fixed = round_trip(root, 2);
  EXPECT_TRUE(contains(fixed,
                       "resource \"aws_appautoscaling_policy\" \"indexer_scale_out\" {\n"
                       "  name               = \"indexer_scale_out\"\n"
                       "  policy_type        = \"StepScaling\"\n"
                       "  service_namespace  = "
                       "aws_appautoscaling_target.indexer.service_namespace\n"));
  EXPECT_TRUE(contains(fixed, "  min_capacity       = 0\n  max_capacity       = 5\n"));
  EXPECT_TRUE(contains(fixed, "  min_capacity       = 0\n  max_capacity       = 6\n"));
  fixed_once(root, "main.tf");
}

// Kubernetes: a KEDA ScaledObject on the queue with minReplicaCount 1 goes to 0.
TEST_F(Fixes, KedaMinimumToZero) {
  const fs::path root = copy_fixture("scaling_floor_kubernetes");
  std::vector<std::string> fixed = round_trip(root, 1);
  EXPECT_TRUE(contains(fixed, "  minReplicaCount: 0\n  maxReplicaCount: 10\n"));
  fixed_once(root, "sender.yaml");
}

// The last line of a file without a newline at its end: the new text starts a line of its own.
TEST_F(Fixes, ScalingAfterALastLineWithoutNewline) {
  const fs::path root = copy_fixture("scaling_kubernetes");
  std::string text = read_text(root / "checkout.yaml");
  const size_t service = text.find("---\napiVersion: v1\nkind: Service");
  // The Service first, the Deployment last, with no final newline.
  text = text.substr(service + 4) + "---\n" + text.substr(0, service - 1);
  write_text(root / "checkout.yaml", text);
  std::vector<std::string> fixed = round_trip(root, 1);
  EXPECT_TRUE(contains(fixed, "              memory: 512Mi\n---\napiVersion: autoscaling/v2\n"));
}

// No scaling fix where its text could not name the cluster (an ARN attribute), where the
// service already has a scalable target (a second one would be refused), or for a Terraform
// service with `count` (the new resources would have to repeat its iteration).
TEST_F(Fixes, NoScalingFixWhereItCannotBeWritten) {
  const fs::path root = dir_ / "unscalable";
  write_text(root / "template.yaml",
             "Resources:\n"
             "  Cluster:\n"
             "    Type: AWS::ECS::Cluster\n"
             "  ByArn:\n"
             "    Type: AWS::ECS::Service\n"
             "    Properties:\n"
             "      Cluster: !GetAtt Cluster.Arn\n"
             "      LoadBalancers:\n"
             "        - {ContainerName: web, ContainerPort: 80, TargetGroupArn: tg}\n"
             "  Bounded:\n"
             "    Type: AWS::ECS::Service\n"
             "    Properties:\n"
             "      LoadBalancers:\n"
             "        - {ContainerName: web, ContainerPort: 80, TargetGroupArn: tg}\n"
             "  BoundedTarget:\n"
             "    Type: AWS::ApplicationAutoScaling::ScalableTarget\n"
             "    Properties:\n"
             "      ServiceNamespace: ecs\n"
             "      ScalableDimension: ecs:service:DesiredCount\n"
             "      ResourceId: !Sub service/default/${Bounded.Name}\n"
             "      MinCapacity: 1\n"
             "      MaxCapacity: 3\n");
  write_text(root / "main.tf",
             "resource \"aws_ecs_service\" \"shards\" {\n"
             "  count         = 2\n"
             "  name          = \"shard-${count.index}\"\n"
             "  cluster       = \"main\"\n"
             "  desired_count = 2\n"
             "  load_balancer {\n"
             "    target_group_arn = \"tg\"\n"
             "    container_name   = \"web\"\n"
             "    container_port   = 80\n"
             "  }\n"
             "}\n");
  size_t unscaled = 0;
  for (const Finding& f : findings_in(root)) {
    if (f.rule_id != "RF405") continue;
    ++unscaled;
    EXPECT_TRUE(f.fixes.empty()) << f.message;
  }
  EXPECT_EQ(unscaled, 3u);
}

// RF401 with a scaler: no fix where lowering its minimum would leave nothing to start the
// service again (a policy on CPU), where a schedule sets the minimum, or for an HPA (minReplicas
// 0 is an alpha feature).
TEST_F(Fixes, NoFloorFixWhereNothingWouldScaleOutFromZero) {
  const fs::path root = dir_ / "floors";
  write_text(root / "template.yaml",
             "Resources:\n"
             "  Jobs:\n"
             "    Type: AWS::SQS::Queue\n"
             "  Task:\n"
             "    Type: AWS::ECS::TaskDefinition\n"
             "    Properties:\n"
             "      Cpu: \"512\"\n"
             "      Memory: \"1024\"\n"
             "      RequiresCompatibilities: [FARGATE]\n"
             "      ContainerDefinitions:\n"
             "        - {Name: w, Image: w:1, Environment: [{Name: Q, Value: !Ref Jobs}]}\n"
             "  OnCpu:\n"
             "    Type: AWS::ECS::Service\n"
             "    Properties:\n"
             "      Cluster: main\n"
             "      LaunchType: FARGATE\n"
             "      DesiredCount: 1\n"
             "      TaskDefinition: !Ref Task\n"
             "  OnCpuTarget:\n"
             "    Type: AWS::ApplicationAutoScaling::ScalableTarget\n"
             "    Properties:\n"
             "      ResourceId: !Sub service/main/${OnCpu.Name}\n"
             "      MinCapacity: 1\n"
             "      MaxCapacity: 4\n"
             "  OnCpuPolicy:\n"
             "    Type: AWS::ApplicationAutoScaling::ScalingPolicy\n"
             "    Properties:\n"
             "      PolicyType: TargetTrackingScaling\n"
             "      ScalingTargetId: !Ref OnCpuTarget\n"
             "      TargetTrackingScalingPolicyConfiguration:\n"
             "        TargetValue: 60\n"
             "        PredefinedMetricSpecification:\n"
             "          PredefinedMetricType: ECSServiceAverageCPUUtilization\n"
             "  Nightly:\n"
             "    Type: AWS::ECS::Service\n"
             "    Properties:\n"
             "      Cluster: main\n"
             "      LaunchType: FARGATE\n"
             "      DesiredCount: 1\n"
             "      TaskDefinition: !Ref Task\n"
             "  NightlyTarget:\n"
             "    Type: AWS::ApplicationAutoScaling::ScalableTarget\n"
             "    Properties:\n"
             "      ResourceId: !Sub service/main/${Nightly.Name}\n"
             "      MinCapacity: 1\n"
             "      MaxCapacity: 4\n"
             "      ScheduledActions:\n"
             "        - ScheduledActionName: night\n"
             "          Schedule: cron(0 1 * * ? *)\n"
             "          ScalableTargetAction: {MinCapacity: 4, MaxCapacity: 4}\n");
  fs::copy(fs::path("fixtures/kubernetes/queue_workers/depth_scaled.yaml"), root);
  fs::copy(fs::path("fixtures/kubernetes/fargate_profiles.yaml"), root);
  std::set<std::string> unfixed;
  for (const Finding& f : findings_in(root)) {
    if (f.rule_id != "RF401") continue;
    unfixed.insert(f.subject ? f.subject->name : f.message);
    EXPECT_TRUE(f.fixes.empty()) << f.message;
  }
  EXPECT_EQ(unfixed, (std::set<std::string>{"OnCpu", "Nightly", "queue-a/depth-worker"}));
}

TEST_F(Fixes, WritePathMovesUnderTmpInPython) {
  std::vector<std::string> fixed = round_trip(copy_fixture("python"), 2);
  EXPECT_TRUE(contains(fixed, "open(\"/tmp/export.csv\", \"w\")"));
  EXPECT_TRUE(contains(fixed, "Path('/tmp/summary.json')"));
}

TEST_F(Fixes, WritePathMovesUnderTmpInNode) {
  std::vector<std::string> fixed = round_trip(copy_fixture("write_paths/node"), 2);
  EXPECT_TRUE(contains(fixed, "fs.writeFileSync('/tmp/out.json', '{}');"));
  EXPECT_TRUE(contains(fixed, "await writeFile(\"/tmp/summary.csv\", 'id\\n');"));
}

// C++: two plain literals fixed; one with an escape and one naming no file are reported with
// no fix (two fixes among the four findings).
TEST_F(Fixes, WritePathMovesUnderTmpInCpp) {
  std::vector<std::string> fixed = round_trip(copy_fixture("write_paths/cpp"), 2);
  EXPECT_TRUE(contains(fixed, "std::ofstream report(\"/tmp/report.json\");"));
  EXPECT_TRUE(contains(fixed, "fopen(\"/tmp/run.log\", \"a\");"));
}

// RF205: the statement moves above the function, at module level, keeping its text and its
// comment; a client built from the event has no fix.
TEST_F(Fixes, ClientMovesToModuleLevelInPython) {
  const fs::path root = copy_fixture("clients/python");
  std::vector<std::string> fixed = round_trip(root, 2);
  EXPECT_TRUE(contains(fixed,
                       "TABLE = os.environ.get(\"TABLE\", \"orders\")\n\n\n"
                       "table = boto3.resource(\"dynamodb\").Table(TABLE)  # expect: RF205\n\n\n"
                       "def save(item):\n    table.put_item(Item=item)\n"));
  EXPECT_TRUE(contains(fixed,
                       "s3 = boto3.client(\"s3\")  # expect: RF205\n\n\n"
                       "def handler(event, context):\n    region = event[\"region\"]\n"));
  const std::string once = fixed_once(root, "app.py");
  EXPECT_NE(once.find("    regional = boto3.client(\"sqs\", region_name=region)"),
            std::string::npos);
}

// Two clients of one function: both moves insert above it, at one point; one `rightfit fix`
// applies both, in finding order, and a second run changes nothing.
TEST_F(Fixes, TwoClientsOfOneFunctionMoveInOneRun) {
  const fs::path root = copy_fixture("clients/python_two");
  round_trip(root, 2);
  std::string err;
  fix_all(root, false, &err);
  EXPECT_EQ(err, "");
  EXPECT_EQ(read_text(root / "app.py"),
            "# RF205 fixes in Python: two clients of one function move above it in one "
            "`rightfit fix` run,\n"
            "# in the order the function builds them.\n"
            "import json\n\nimport boto3\n\n\n"
            "archive = boto3.client(\"s3\")  # expect: RF205\n\n\n"
            "events = boto3.client(\"events\")  # expect: RF205\n\n\n"
            "def handler(event, context):\n"
            "    body = json.dumps(event)\n"
            "    archive.put_object(Bucket=\"audit\", Key=context.aws_request_id, Body=body)\n"
            "    events.put_events(Entries=[{\"Source\": \"audit\", \"DetailType\": "
            "\"stored\", \"Detail\": body}])\n"
            "    return {\"stored\": True}\n");
  fixed_once(root, "app.py");
}

TEST_F(Fixes, ClientMovesToModuleLevelInNode) {
  const fs::path root = copy_fixture("clients/node");
  std::vector<std::string> fixed = round_trip(root, 1);
  EXPECT_TRUE(
      contains(fixed,
               "const REGION = process.env.AWS_REGION;\n\n"
               "const s3 = new S3Client({ region: REGION }); // expect: RF205\n\n"
               "export const handler = async (event) => {\n"
               "  const queue = new SQSClient({ region: event.region }); // expect: RF205\n"));
  fixed_once(root, "index.mjs");
}

TEST_F(Fixes, ClientBecomesAStaticLocalInCpp) {
  const fs::path root = copy_fixture("clients/cpp");
  std::vector<std::string> fixed = round_trip(root, 2);
  EXPECT_TRUE(contains(fixed, "  static Aws::DynamoDB::DynamoDBClient table;  // expect: RF205\n"));
  EXPECT_TRUE(contains(
      fixed, "  static auto queue = std::make_shared<Aws::SQS::SQSClient>();  // expect: RF205\n"));
  const std::string once = fixed_once(root, "handler.cpp");
  EXPECT_NE(once.find("\n  Aws::S3::S3Client regional(config);"), std::string::npos);
}

// Through std::make_unique and Aws::MakeShared: the declaration becomes a static too, unless
// the factory's arguments read the function's locals.
TEST_F(Fixes, ClientFromAFactoryBecomesAStaticLocalInCpp) {
  const fs::path root = copy_fixture("clients/cpp_factories");
  std::vector<std::string> fixed = round_trip(root, 2);
  EXPECT_TRUE(contains(fixed,
                       "  static auto queue = Aws::MakeShared<Aws::SQS::SQSClient>(kAllocationTag);"
                       "  // expect: RF205\n"));
  EXPECT_TRUE(contains(fixed,
                       "  static std::unique_ptr<Aws::SNS::SNSClient> topic = "
                       "std::make_unique<Aws::SNS::SNSClient>();  // expect: RF205\n"));
  const std::string once = fixed_once(root, "handler.cpp");
  EXPECT_NE(once.find("\n  auto regional = "
                      "Aws::MakeShared<Aws::Lambda::LambdaClient>(kAllocationTag, config);"),
            std::string::npos);
}

TEST_F(Fixes, FixCommandAppliesAllAndASecondRunChangesNothing) {
  const fs::path root = copy_fixture("terraform");
  fix_all(root, false);
  const std::string once = read_text(root / "main.tf");
  for (const Finding& f : findings_in(root)) EXPECT_TRUE(f.fixes.empty()) << f.message;
  EXPECT_EQ(fix_all(root, false), "");
  EXPECT_EQ(read_text(root / "main.tf"), once);
}

TEST_F(Fixes, DryRunPrintsAUnifiedDiffAndChangesNothing) {
  const fs::path root = copy_fixture("serverless");
  const std::string before = read_text(root / "serverless.yml");
  const std::string diff = fix_all(root, true);
  const std::string file = (root / "serverless.yml").string();
  EXPECT_EQ(diff, "--- a/" + file + "\n+++ b/" + file +
                      "\n@@ -6,4 +6,4 @@\n"
                      " functions:\n"
                      "   report:\n"
                      "     handler: report.handler\n"
                      "-    timeout: 1000 # expect: RF101\n"
                      "+    timeout: 900 # expect: RF101\n");
  EXPECT_EQ(read_text(root / "serverless.yml"), before);
}

TEST_F(Fixes, TheCommandLine) {
  const fs::path root = copy_fixture("serverless");
  const std::string file = (root / "serverless.yml").string();
  const std::string rightfit = std::string(RIGHTFIT_BINARY) + " fix --no-cache ";
  testing_support::SeparateOutputs dry =
      testing_support::run_command_split(rightfit + "--dry-run " + root.string(), dir_);
  EXPECT_EQ(dry.exit_code, 1) << dry.err;  // nothing changed: the error is still there
  EXPECT_NE(dry.out.find("+    timeout: 900 # expect: RF101\n"), std::string::npos) << dry.out;
  testing_support::SeparateOutputs unknown =
      testing_support::run_command_split(rightfit + "--rule RF999 " + root.string(), dir_);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown rule 'RF999'"), std::string::npos) << unknown.err;
  testing_support::SeparateOutputs other =
      testing_support::run_command_split(rightfit + "--rule RF106 " + root.string(), dir_);
  EXPECT_EQ(other.out, "");  // only RF106's fixes: none here
  EXPECT_NE(read_text(file).find("timeout: 1000"), std::string::npos);
  testing_support::SeparateOutputs fixed = testing_support::run_command_split(
      rightfit + "--rule lambda-timeout-out-of-range " + root.string(), dir_);
  EXPECT_NE(fixed.exit_code, 2) << fixed.err;
  EXPECT_NE(fixed.out.find(": RF101: Set Timeout to 900"), std::string::npos) << fixed.out;
  EXPECT_NE(read_text(file).find("    timeout: 900 # expect: RF101\n"), std::string::npos);
  testing_support::SeparateOutputs again =
      testing_support::run_command_split(rightfit + root.string(), dir_);
  EXPECT_EQ(again.out, "");
}

TEST_F(Fixes, AFileWithAParseErrorIsNotTouched) {
  const fs::path root = dir_ / "broken";
  const std::string broken =
      "AWSTemplateFormatVersion: '2010-09-09'\n"
      "Resources:\n"
      "  Fn:\n"
      "    Type: AWS::Lambda::Function\n"
      "    Properties:\n"
      "      Timeout: 1200\n"
      "  Bad: [unclosed\n";
  write_text(root / "template.yaml", broken);
  // The analysis says which files failed to parse (whether RF001 is reported or not).
  const std::set<std::string> unparsed = analysis_of(root).unparsed;
  EXPECT_EQ(unparsed, std::set<std::string>{(root / "template.yaml").string()});
  // A finding with a fix in that file (as an analysis that kept going would report it): the
  // file is left alone and the reason said.
  std::vector<Finding> findings(1);
  findings[0].rule_id = "RF101";
  findings[0].location = SourceRange{(root / "template.yaml").string(), {{6, 7}, {6, 14}}};
  findings[0].fixes.push_back(
      Fix{"Set Timeout to 900",
          {TextEdit{SourceRange{(root / "template.yaml").string(), {{6, 16}, {6, 20}}}, "900"}}});
  std::ostringstream out, err;
  FixOutcome outcome = apply_fixes(findings, unparsed, FixOptions{}, out, err);
  EXPECT_FALSE(outcome.failed);
  EXPECT_EQ(outcome.remaining.size(), 1u);
  EXPECT_NE(err.str().find("not changing " + (root / "template.yaml").string() +
                           ": it has a parse error (RF001)"),
            std::string::npos)
      << err.str();
  EXPECT_EQ(read_text(root / "template.yaml"), broken);
  // And as the analysis finds it: RF001, nothing else to fix.
  for (const Finding& f : findings_in(root)) EXPECT_TRUE(f.fixes.empty()) << f.rule_id;
}

// The analysis reads UTF-16 as UTF-8; the fix would write UTF-8 over it: the file is left alone
// (its byte-order mark tells, without transcoding it).
TEST_F(Fixes, AFileSavedAsUtf16IsNotTouched) {
  const fs::path root = dir_ / "wide";
  std::string wide = "\xFF\xFE";
  for (char c : std::string("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n"
                            "    Type: AWS::Lambda::Function\n    Properties:\n"
                            "      Timeout: 1200\n")) {
    wide += c;
    wide += '\0';
  }
  write_text(root / "template.yaml", wide);
  std::string err;
  EXPECT_EQ(fix_all(root, false, &err), "");
  EXPECT_NE(err.find("saved as UTF-16 or UTF-32"), std::string::npos) << err;
  EXPECT_EQ(read_text(root / "template.yaml"), wide);
}

TEST_F(Fixes, OverlappingEditsApplyTheFirstAndSkipTheRest) {
  const std::string text = "a: 1\nb: 2\n";
  auto edit = [](uint32_t line, uint32_t from, uint32_t to, std::string with) {
    return TextEdit{SourceRange{"f.yaml", {{line, from}, {line, to}}}, std::move(with)};
  };
  AppliedEdits r = apply_edits(
      text, {edit(2, 4, 5, "3"), edit(1, 4, 5, "7"), edit(1, 1, 5, "c: 9"), edit(2, 4, 5, "3")});
  EXPECT_EQ(r.text, "c: 9\nb: 3\n");
  ASSERT_EQ(r.skipped.size(), 1u);  // the later one at line 1; the repeated edit is one change
  EXPECT_EQ(r.skipped[0].new_text, "7");
}

// Insertions at one point are all made, in the order given; the same insertion twice is one
// change; a replacement that overlaps one made is still skipped.
TEST_F(Fixes, InsertionsAtOnePointFollowEachOtherInOrder) {
  const std::string text = "a: 1\nb: 2\n";
  auto edit = [](uint32_t line, uint32_t from, uint32_t to, std::string with) {
    return TextEdit{SourceRange{"f.yaml", {{line, from}, {line, to}}}, std::move(with)};
  };
  AppliedEdits r =
      apply_edits(text, {edit(2, 1, 1, "y: 8\n"), edit(1, 1, 1, "x: 0\n"), edit(2, 1, 1, "z: 9\n"),
                         edit(2, 1, 1, "y: 8\n"), edit(2, 1, 5, "c: 3"), edit(2, 4, 5, "d")});
  EXPECT_EQ(r.text, "x: 0\na: 1\ny: 8\nz: 9\nc: 3\n");
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].new_text, "d");
  EXPECT_EQ(unified_diff("f.yaml", text, r.applied),
            "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,5 @@\n+x: 0\n a: 1\n-b: 2\n+y: 8\n+z: 9\n"
            "+c: 3\n");
}

TEST_F(Fixes, DiffOfEditsFarApartHasTwoHunks) {
  std::string text;
  for (int i = 1; i <= 20; ++i) text += "line" + std::to_string(i) + "\n";
  std::vector<TextEdit> edits{TextEdit{SourceRange{"f", {{2, 1}, {2, 6}}}, "two"},
                              TextEdit{SourceRange{"f", {{18, 1}, {18, 1}}}, "new\n"}};
  AppliedEdits r = apply_edits(text, edits);
  EXPECT_EQ(unified_diff("f", text, r.applied),
            "--- a/f\n+++ b/f\n"
            "@@ -1,5 +1,5 @@\n line1\n-line2\n+two\n line3\n line4\n line5\n"
            "@@ -15,6 +15,7 @@\n line15\n line16\n line17\n+new\n line18\n line19\n line20\n");
}

}  // namespace
}  // namespace rightfit
