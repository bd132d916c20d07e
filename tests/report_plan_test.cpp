// `rightfit report --plan`: for each (recommendation, source format) case of fixtures/plan/,
// the sketch is written with -o, parses with rightfit's own front-ends, is analysed alone and
// beside its source without a finding of the kind that caused the move, carries the sizes of
// the model, and (CloudFormation) passes the pinned cfn-lint.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "driver/engine.h"
#include "integrations/plan/migration_sketch.h"
#include "integrations/plan/sketch_tree.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::KeptTestDirectory;
using testing_support::read_text;
using testing_support::shell_quote;

struct PlanCase {
  const char* dir;  // under fixtures/plan/
  const char* sketch;
  const char* recommendation;
  std::set<std::string> caused_by;  // rules that must not fire on the sketch
  std::vector<std::string> sizes;   // text the sketch must hold (the model's sizes)
};

// What made each move: the rules whose findings the sketch must not have.
const std::set<std::string> kOffLambda = {"RF101", "RF104", "RF403"};
const std::set<std::string> kOffFargate = {"RF401", "RF407", "RF106"};
const std::set<std::string> kSplit = {"RF105", "RF103", "RF104", "RF106"};
const std::set<std::string> kOffCronJob = {"RF406", "RF401", "RF407", "RF106"};

const std::vector<PlanCase>& cases() {
  static const std::vector<PlanCase> list = {
      {"sam_queue_worker_to_fargate",
       "LedgerRebuild.rightfit-sketch.yaml",
       "move-to-fargate",
       kOffLambda,
       {"Transform: \"AWS::Serverless-2016-10-31\"", "Cpu: \"4096\"", "Memory: \"8192\"",
        "MetricName: \"ApproximateNumberOfMessagesVisible\"", "MinCapacity: 0"}},
      {"cfn_json_long_job_to_fargate",
       "Transcoder.rightfit-sketch.json",
       "move-to-fargate",
       kOffLambda,
       {"\"Cpu\": \"2048\"", "\"Memory\": \"4096\"", "\"CpuArchitecture\": \"ARM64\"",
        "\"AWS::ApplicationAutoScaling::ScalingPolicy\""}},
      {"tf_nightly_to_fargate",
       "warehouse_load.rightfit-sketch.tf",
       "move-to-fargate",
       kOffLambda,
       {"cpu                      = 2048", "memory                   = 4096",
        "schedule_expression = \"cron(0 2 * * ? *)\"", "resource \"aws_cloudwatch_event_target\""}},
      {"serverless_long_worker_to_fargate",
       "reindex.rightfit-sketch.yaml",
       "move-to-fargate",
       kOffLambda,
       {"Cpu: \"1024\"", "Memory: \"2048\"", "Type: \"AWS::ECS::Service\""}},
      {"cfn_idle_worker_to_lambda",
       "Mailer.rightfit-sketch.yaml",
       "move-to-lambda",
       kOffFargate,
       {"MemorySize: 1024", "Timeout: 20", "Type: \"AWS::Lambda::EventSourceMapping\"",
        "BatchSize: 10"}},
      {"tf_idle_worker_to_lambda",
       "invoicer.rightfit-sketch.tf",
       "move-to-lambda",
       kOffFargate,
       {"memory_size   = 3072", "timeout       = 5",
        "resource \"aws_lambda_event_source_mapping\" \"invoicer\""}},
      {"sam_api_split",
       "PortfolioQuote.rightfit-sketch.yaml",
       "split",
       kSplit,
       {"VisibilityTimeout: 120", "Type: \"AWS::SQS::Queue\"", "Timeout <= 29 s", "WorkQueueUrl:"}},
      {"tf_api_split",
       "statement.rightfit-sketch.tf",
       "split",
       kSplit,
       {"visibility_timeout_seconds = 90", "Timeout <= 30 s", "output \"work_queue_url\"",
        "cpu                      = 1024"}},
      {"cdk_queue_worker_to_fargate",
       "Packer5B0F6E2D.rightfit-sketch.json",
       "move-to-fargate",
       kOffLambda,
       {"\"Cpu\": \"8192\"", "\"Memory\": \"16384\"",
        "\"MetricName\": \"ApproximateNumberOfMessagesVisible\"",
        "AWS CDK synthesized 'Packer5B0F6E2D' (construct Archive/Packer/Resource)"}},
      {"k8s_idle_worker_to_lambda",
       "media-thumbnailer.rightfit-sketch.yaml",
       "move-to-lambda",
       kOffFargate,
       {"Type: \"AWS::Lambda::Function\"", "MemorySize: 3072",
        "Type: \"AWS::Lambda::EventSourceMapping\"",
        "queue 'photo-uploads' (named at fixtures/plan/k8s_idle_worker_to_lambda/worker.yaml:"}},
      {"tf_nightly_to_cronjob",
       "ledger_export.rightfit-sketch.yaml",
       "move-to-fargate",
       kOffLambda,
       {"apiVersion: \"batch/v1\"", "kind: \"CronJob\"", "schedule: \"30 1 * * 1-5\"",
        "runs one Job per schedule 30 1 * * 1-5 (from cron(30 1 ? * 2-6 *))",
        "timeZone: \"Etc/UTC\"", "namespace: \"batch\"", "compute: \"fargate\"",
        "activeDeadlineSeconds: 2400", "cpu: \"1\"", "memory: \"1792Mi\"",
        "has `count` (fixtures/plan/tf_nightly_to_cronjob/main.tf:26); this sketch does not "
        "carry it"}},
      {"k8s_rare_cronjob_to_lambda",
       "reports-payment-digest.rightfit-sketch.yaml",
       "move-to-lambda",
       kOffCronJob,
       {"Type: \"AWS::Lambda::Function\"", "MemorySize: 443", "Timeout: 20",
        "Type: \"AWS::Events::Rule\"", "ScheduleExpression: \"cron(0 */6 ? * 2-6 *)\"",
        "Type: \"AWS::Lambda::Permission\""}},
      {"cfn_conditional_worker_to_lambda",
       "Sender.rightfit-sketch.yaml",
       "move-to-lambda",
       kOffFargate,
       {"  Sender2Function:\n    Type: \"AWS::Lambda::Function\"\n    Condition: \"IsProduction\"",
        "  Sender2QueueMapping:\n    Type: \"AWS::Lambda::EventSourceMapping\"\n"
        "    Condition: \"IsProduction\"",
        "  Sender2ImageUri:", "Ref: \"Sender2ImageUri\"",
        "Conditions:\n  IsProduction:", "  IsProductionDeployed:"}},
      {"tf_counted_worker_to_lambda",
       "statements.rightfit-sketch.tf",
       "move-to-lambda",
       kOffFargate,
       {"resource \"aws_lambda_function\" \"statements_2\"",
        "resource \"aws_lambda_event_source_mapping\" \"statements_2\"",
        "variable \"statements_2_image_uri\"", "image_uri     = var.statements_2_image_uri",
        "has `for_each` (fixtures/plan/tf_counted_worker_to_lambda/main.tf:"}},
  };
  return list;
}

struct SketchAnalysis {
  std::vector<Finding> findings;  // in the sketch's file, not suppressed
  std::vector<std::string> errors;
};

SketchAnalysis analyse(const std::vector<std::string>& paths, const std::string& sketch) {
  AnalysisRequest request;
  request.paths = paths;
  request.root = paths.front();
  request.jobs = 1;
  Analysis a = analyze(request);
  SketchAnalysis out{{}, a.errors};
  for (Finding& f : a.findings) {
    if (!f.suppression && f.location.file.ends_with(sketch)) out.findings.push_back(std::move(f));
  }
  return out;
}

void expect_clean(const SketchAnalysis& a, const PlanCase& c, const std::string& where) {
  EXPECT_TRUE(a.errors.empty()) << where << ": " << (a.errors.empty() ? "" : a.errors.front());
  for (const Finding& f : a.findings) {
    EXPECT_NE(f.rule_id, "RF001") << where << ": the sketch does not parse: " << f.message;
    // The queue a Lambda sketch reads is the source's, passed in as a Parameter (variable)
    // without a default: its RF002 says so, on the mapping. Nothing else may be unresolved.
    const bool queue_input = f.message.find("'QueueArn'") != std::string::npos ||
                             f.message.find("'queue_arn'") != std::string::npos;
    EXPECT_TRUE(f.rule_id != "RF002" || queue_input) << where << ": " << f.message;
    EXPECT_EQ(c.caused_by.count(f.rule_id), 0u)
        << where << ": the sketch has " << f.rule_id << " again: " << f.message;
  }
}

class ReportPlanTest : public KeptTestDirectory {
 protected:
  // `report --plan -o` into <test dir>/<case>/sketch; returns that directory.
  fs::path write_sketches(const PlanCase& c) {
    const fs::path out = dir_ / c.dir / "sketch";
    fs::remove_all(out);
    const auto r = rightfit("report --plan " + shell_quote(std::string("fixtures/plan/") + c.dir) +
                            " -o " + shell_quote(out.string()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("no migration sketch"), std::string::npos) << r.err;
    return out;
  }
};

TEST_F(ReportPlanTest, EachCaseIsRecommendedAsTheFixtureSays) {
  for (const PlanCase& c : cases()) {
    const auto r = rightfit("report -f json " + shell_quote(std::string("fixtures/plan/") + c.dir));
    EXPECT_NE(r.out.find(std::string("\"recommendation\": \"") + c.recommendation + "\""),
              std::string::npos)
        << c.dir << ":\n"
        << r.out;
  }
}

TEST_F(ReportPlanTest, SketchParsesAndHasNoFindingOfTheMove) {
  for (const PlanCase& c : cases()) {
    const fs::path out = write_sketches(c);
    const fs::path sketch = out / c.sketch;
    ASSERT_TRUE(fs::exists(sketch)) << c.dir << ": no " << sketch;
    const std::string text = read_text(sketch);
    EXPECT_NE(text.find("rightfit migration sketch for "), std::string::npos) << text;
    EXPECT_NE(text.find("; review before use"), std::string::npos) << text;
    for (const std::string& size : c.sizes)
      EXPECT_NE(text.find(size), std::string::npos) << c.dir << ": no `" << size << "` in\n"
                                                    << text;
    expect_clean(analyse({out.string()}, c.sketch), c, std::string(c.dir) + " (alone)");
  }
}

TEST_F(ReportPlanTest, SketchBesideItsSourceHasNoFindingOfTheMove) {
  for (const PlanCase& c : cases()) {
    const fs::path out = write_sketches(c);
    const fs::path beside = dir_ / c.dir / "beside";
    fs::remove_all(beside);
    fs::copy(fs::path("fixtures/plan") / c.dir, beside, fs::copy_options::recursive);
    fs::copy_file(out / c.sketch, beside / c.sketch);
    expect_clean(analyse({beside.string()}, c.sketch), c, std::string(c.dir) + " (beside)");
  }
}

// The sketch's sizes as the model reads them back: the analysis of the sketch sees the
// function or task the plan sized.
TEST_F(ReportPlanTest, SketchSizesReadBackThroughTheModel) {
  const PlanCase& to_lambda = cases()[4];
  const fs::path out = write_sketches(to_lambda);
  AnalysisRequest request;
  request.paths = {out.string()};
  request.root = out.string();
  request.jobs = 1;
  Analysis a = analyze(request);
  ASSERT_EQ(a.graph->functions.size(), 1u);
  EXPECT_EQ(a.graph->functions[0].memory_mb.value, 1024);
  EXPECT_EQ(a.graph->functions[0].timeout_s.value, 20);

  const PlanCase& to_fargate = cases()[0];
  const fs::path fargate = write_sketches(to_fargate);
  request.paths = {fargate.string()};
  request.root = fargate.string();
  Analysis b = analyze(request);
  ASSERT_EQ(b.graph->task_definitions.size(), 1u);
  EXPECT_EQ(b.graph->task_definitions[0].cpu_units.value, 4096);
  EXPECT_EQ(b.graph->task_definitions[0].memory_mb.value, 8192);
  ASSERT_EQ(b.graph->scaling_targets.size(), 1u);
  EXPECT_TRUE(b.graph->scaling_targets[0].queue_metric.has_value());
}

const PlanCase& plan_case(const std::string& dir) {
  for (const PlanCase& c : cases()) {
    if (c.dir == dir) return c;
  }
  throw std::invalid_argument("no plan case " + dir);
}

Analysis analyse_dir(const fs::path& dir) {
  AnalysisRequest request;
  request.paths = {dir.string()};
  request.root = dir.string();
  request.jobs = 1;
  return analyze(request);
}

// A scheduled function of a Kubernetes repository becomes a CronJob that rightfit reads back
// with the plan's schedule, deadline and size, on Fargate beside the source's profile; and a
// rare CronJob becomes a function that an EventBridge rule runs on the translated schedule.
TEST_F(ReportPlanTest, ScheduledSketchesKeepTheirScheduleAndSize) {
  const PlanCase& to_cron_job = plan_case("tf_nightly_to_cronjob");
  const fs::path beside = dir_ / "cron_job_beside";
  fs::remove_all(beside);
  fs::copy(fs::path("fixtures/plan") / to_cron_job.dir, beside, fs::copy_options::recursive);
  fs::copy_file(write_sketches(to_cron_job) / to_cron_job.sketch, beside / to_cron_job.sketch);
  Analysis a = analyse_dir(beside);
  ASSERT_EQ(a.graph->scheduled_jobs.size(), 1u);
  const ScheduledJob& job = a.graph->scheduled_jobs[0];
  EXPECT_EQ(job.schedule.value, "30 1 * * 1-5");
  EXPECT_EQ(job.max_duration_s.value, 2400);
  EXPECT_EQ(job.launch_type.value, "FARGATE");
  EXPECT_EQ(job.cpu_units.value, 1024);
  EXPECT_EQ(job.memory_mb.value, 2048);

  const PlanCase& to_lambda = plan_case("k8s_rare_cronjob_to_lambda");
  Analysis b = analyse_dir(write_sketches(to_lambda));
  ASSERT_EQ(b.graph->functions.size(), 1u);
  EXPECT_EQ(b.graph->functions[0].memory_mb.value, 443);
  EXPECT_EQ(b.graph->functions[0].timeout_s.value, 20);
  ASSERT_EQ(b.graph->triggers.size(), 1u);
  EXPECT_EQ(b.graph->triggers[0].kind, "Schedule");
  EXPECT_EQ(b.graph->triggers[0].schedule.value, "cron(0 */6 ? * 2-6 *)");
}

// Beside its source, a sketch whose default names the source already declares is analysed as
// one more template: its names are its own, and the source's resources keep theirs.
TEST_F(ReportPlanTest, SketchNamesAvoidTheSourcesNames) {
  for (const char* dir : {"cfn_conditional_worker_to_lambda", "tf_counted_worker_to_lambda"}) {
    const PlanCase& c = plan_case(dir);
    const std::string text = read_text(write_sketches(c) / c.sketch);
    for (const char* taken : {"SenderFunction:", "\n  ImageUri:",
                              "\"aws_lambda_function\" \"statements\"", "variable \"image_uri\""})
      EXPECT_EQ(text.find(taken), std::string::npos) << dir << ": `" << taken << "` in\n" << text;
  }
}

TEST_F(ReportPlanTest, PrintsEverySketchAfterAHeaderLineWithoutOutput) {
  const auto r = rightfit("report --plan fixtures/plan/cfn_idle_worker_to_lambda");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("==> Mailer.rightfit-sketch.yaml <==\n# rightfit migration sketch for "
                        "Mailer, generated from fixtures/plan/cfn_idle_worker_to_lambda/"
                        "template.yaml:",
                        0),
            0u)
      << r.out;
}

TEST_F(ReportPlanTest, NothingToMoveWritesNothingAndSaysSo) {
  const auto r = rightfit("report --plan fixtures/placement/cases/stay_api_timeout -o " +
                          shell_quote((dir_ / "none").string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no workload to move or split"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(dir_ / "none"));
}

TEST_F(ReportPlanTest, UnwritableDirectoryIsAnError) {
  testing_support::write_text(dir_ / "file", "x");
  const auto r = rightfit("report --plan fixtures/plan/cfn_idle_worker_to_lambda -o " +
                          shell_quote((dir_ / "file" / "sub").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot create"), std::string::npos) << r.err;
}

// The pinned cfn-lint (package.json devDependencies, npm 1.9.7) on every CloudFormation sketch.
// Its resource specification predates container images for Lambda (PackageType, Code.ImageUri,
// with Handler and Runtime then optional), ECS RuntimePlatform, and Application Auto Scaling's
// service-linked role, which makes ScalableTarget's RoleARN optional
// (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html,
// 2026-12-07): those messages, and only those, are its spec's gaps, not the sketch's.
bool stale_spec_message(const std::string& message) {
  static const std::vector<std::string> gaps = {
      "PackageType is not a valid property of AWS::Lambda::Function",
      "ImageUri is not a valid property of AWS::Lambda::Function.Code",
      "Required property Handler missing for type AWS::Lambda::Function",
      "Required property Runtime missing for type AWS::Lambda::Function",
      "RuntimePlatform is not a valid property of AWS::ECS::TaskDefinition",
      "Required property RoleARN missing for type AWS::ApplicationAutoScaling::ScalableTarget",
      "PackageType is not a valid property of AWS::Serverless::Function",
      "ImageUri is not a valid property of AWS::Serverless::Function",
  };
  for (const std::string& gap : gaps) {
    if (message.find(gap) != std::string::npos) return true;
  }
  return false;
}

// cfn-lint's "Message: ..." lines, colours removed.
std::vector<std::string> lint_messages(const std::string& output) {
  std::vector<std::string> out;
  std::string plain;
  for (size_t i = 0; i < output.size(); ++i) {
    if (output[i] == '\x1b') {
      while (i < output.size() && output[i] != 'm') ++i;
      continue;
    }
    plain += output[i];
  }
  std::istringstream lines(plain);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Message: ", 0) == 0) out.push_back(line.substr(9));
  }
  return out;
}

TEST_F(ReportPlanTest, CloudFormationSketchesPassCfnLint) {
  const fs::path cfn_lint = fs::path(RIGHTFIT_SOURCE_DIR) / "node_modules/.bin/cfn-lint";
  ASSERT_TRUE(fs::exists(cfn_lint)) << "npm ci (scripts/setup.sh --test) installs cfn-lint";
  for (const PlanCase& c : cases()) {
    const std::string name = c.sketch;
    if (name.ends_with(".tf")) continue;
    const fs::path sketch = write_sketches(c) / c.sketch;
    if (read_text(sketch).find("kind: \"CronJob\"") != std::string::npos) continue;
    // An ARN parameter gets an ARN, as a deployment would pass it.
    const auto r =
        run(shell_quote(cfn_lint.string()) + " validate " + shell_quote(sketch.string()) +
            " --parameters QueueArn=arn:aws:sqs:us-east-1:123456789012:jobs");
    EXPECT_NE(r.out.find("0 warn"), std::string::npos) << c.dir << ":\n" << r.out << r.err;
    for (const std::string& message : lint_messages(r.out))
      EXPECT_TRUE(stale_spec_message(message)) << c.dir << ": cfn-lint: " << message;
  }
}

TEST(SketchTree, YamlAndJsonOfOneTree) {
  SketchNode root = SketchNode::map();
  root.add("Name", "a \"quoted\" name").add("Size", 0.5);
  root.add("Items",
           SketchNode::list({SketchNode::map().add("A", 1.0).add("B", "x"), SketchNode::str("y")}));
  root.add("Ref", cfn_ref("Queue")).add("Empty", SketchNode::list({}));
  EXPECT_EQ(render_yaml(root),
            "Name: \"a \\\"quoted\\\" name\"\nSize: 0.5\nItems:\n  - A: 1\n    B: \"x\"\n"
            "  - \"y\"\nRef:\n  Ref: \"Queue\"\nEmpty: []\n");
  EXPECT_EQ(render_json(root),
            "{\n  \"Name\": \"a \\\"quoted\\\" name\",\n  \"Size\": 0.5,\n  \"Items\": [\n    {\n"
            "      \"A\": 1,\n      \"B\": \"x\"\n    },\n    \"y\"\n  ],\n  \"Ref\": {\n"
            "    \"Ref\": \"Queue\"\n  },\n  \"Empty\": []\n}\n");
}

}  // namespace
}  // namespace rightfit
