// ECS tasks that EventBridge starts, beyond a plain schedule (issue 27): the runs and run time a
// usage file gives (rightfit's own `usage:` file and the Infracost mapping), tasks that an event
// pattern starts (priced only from declared runs), one workload per ECS target of a rule, and
// the HTML chart comparing all of a run's tasks on both platforms. Figures by hand, with the
// built-in us-east-1 prices (tests/cost_model_test.cpp): Fargate x86 $0.04048/vCPU-h +
// $0.004445/GB-h, Lambda x86 $0.0000166667/GB-s + $0.20 per million requests.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "analyzer/cost/cost_model.h"
#include "driver/engine.h"
#include "integrations/report/cost_report.h"
#include "tests/host_process.h"
#include "tests/json_report.h"

namespace rightfit {
namespace {

const std::string kCfn = "fixtures/cloudformation/event_tasks";
const std::string kTf = "fixtures/terraform/event_tasks";
constexpr double kCent = 0.005;

std::vector<WorkloadCost> costs_of(const std::string& root) {
  const Analysis run = analyze(AnalysisRequest{{root}, root, Config{}, 2, {}});
  EXPECT_TRUE(run.errors.empty());
  EXPECT_TRUE(run.findings.empty());
  return estimate_costs(*run.graph, Config{});
}

const WorkloadCost* named(const std::vector<WorkloadCost>& costs, const std::string& name) {
  for (const WorkloadCost& c : costs) {
    if (c.id.name == name) return &c;
  }
  return nullptr;
}

using testing_support::parse_json;
using testing_support::workload;

// Three ECS targets on one rule are three workloads, named by the target's Id (by its index
// among the rule's ECS targets when the Id is computed), each on its target's line.
TEST(ScheduledTaskTargets, EachEcsTargetOfARuleIsAWorkloadOfItsOwn) {
  const std::vector<WorkloadCost> costs = costs_of(kCfn);
  ASSERT_EQ(costs.size(), 4u);  // the upload rule's task and the sweep's three
  const std::pair<const char*, unsigned> targets[] = {
      {"ShardSweep/east", 40}, {"ShardSweep/west", 46}, {"ShardSweep/2", 51}};
  for (const auto& [name, line] : targets) {
    const WorkloadCost* c = named(costs, name);
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->header.line(), line) << name;
    EXPECT_EQ(c->kind, WorkloadKind::ScheduledTask) << name;
    EXPECT_EQ(basis_text(*c), "declared by schedule: 122 runs/month") << name;
  }
  // Every 6 hours: 121.67 runs x 3 tasks of 0.5 vCPU/1 GB ($0.024685 an hour), a minute each:
  // 365 x 0.024685 / 60 = $0.150167; Lambda 1024 MB: 365 x (60 x 0.0000166667 + 0.0000002) =
  // $0.365074.
  const WorkloadCost* east = named(costs, "ShardSweep/east");
  EXPECT_EQ(east->fargate.fixed_tasks.value_or(-1), 3);
  EXPECT_NEAR(east->current_monthly.value_or(-1), 0.150167, 1e-5);
  EXPECT_NEAR(east->alternative_monthly.value_or(-1), 0.365074, 1e-5);
  EXPECT_NEAR(named(costs, "ShardSweep/west")->current_monthly.value_or(-1), 0.150167 / 3, 1e-5);
}

// A rule that matches an event pattern has no schedule to count runs by: without declared
// runs its task is listed, not priced, and says what to give.
TEST(ScheduledTaskEvents, WithoutDeclaredRunsAnEventTaskIsListedNotGuessed) {
  const std::vector<WorkloadCost> costs = costs_of(kCfn);
  const WorkloadCost* upload = named(costs, "UploadResize");
  ASSERT_NE(upload, nullptr);
  EXPECT_EQ(upload->header.line(), 21u);
  EXPECT_EQ(upload->unpriced,
            "it runs on events: give runs per month in the usage file (runs_per_month)");
  EXPECT_FALSE(upload->current_monthly);

  const std::vector<WorkloadCost> tf = costs_of(kTf);
  const WorkloadCost* transcode = named(tf, "aws_cloudwatch_event_target.transcode");
  ASSERT_NE(transcode, nullptr);
  EXPECT_EQ(transcode->unpriced, upload->unpriced);
  // The scheduled one beside it: 30.42 runs x 2 tasks of 1 vCPU/2 GB ($0.04937 an hour), a
  // minute each: 60.83 x 0.04937 / 60 = $0.050055.
  const WorkloadCost* thumbnails = named(tf, "aws_cloudwatch_event_target.thumbnails");
  ASSERT_NE(thumbnails, nullptr);
  EXPECT_NEAR(thumbnails->current_monthly.value_or(-1), 0.050055, 1e-5);

  testing_support::SeparateOutputs text = testing_support::run_command_split(
      std::string(RIGHTFIT_BINARY) + " cost " + kCfn, ::testing::TempDir());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("not priced: it runs on events: give runs per month in the usage file"),
            std::string::npos)
      << text.out;
}

class ScheduledTaskUsage : public testing_support::KeptTestDirectory {};

// rightfit's own usage file: the upload rule's runs and run time price its task; the east
// shard's declared 30 s is still billed a minute on Fargate but halves its Lambda.
TEST_F(ScheduledTaskUsage, RightfitUsageFileGivesRunsAndRunTime) {
  const std::string usage = kCfn + "/runs.yaml";
  const auto r = rightfit("cost " + kCfn + " -f json --usage " + usage);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const rapidjson::Document report = parse_json(r.out);
  // 5,000 runs x 90 s x $0.024685 an hour = $3.085625; Lambda 1024 MB: 5,000 x (90 x
  // 0.0000166667 + 0.0000002) = $7.501015.
  const rapidjson::Value* upload = workload(report, "UploadResize");
  ASSERT_NE(upload, nullptr) << r.out;
  EXPECT_FALSE(upload->HasMember("unpriced")) << r.out;
  EXPECT_STREQ((*upload)["usage"]["basis"].GetString(), "declared");
  EXPECT_STREQ((*upload)["usage"]["declaredBy"].GetString(), ("usage file " + usage).c_str());
  EXPECT_NEAR((*upload)["monthlyUsd"].GetDouble(), 3.085625, 1e-5);
  EXPECT_NEAR((*upload)["alternativeMonthlyUsd"].GetDouble(), 7.501015, 1e-5);
  // 365 tasks x (30 x 0.0000166667 + 0.0000002) = $0.182573; Fargate still a minute each.
  const rapidjson::Value* east = workload(report, "ShardSweep/east");
  ASSERT_NE(east, nullptr) << r.out;
  EXPECT_NEAR((*east)["monthlyUsd"].GetDouble(), 0.150167, 1e-5);
  EXPECT_NEAR((*east)["alternativeMonthlyUsd"].GetDouble(), 0.182573, 1e-5);

  const auto text = rightfit("cost " + kCfn + " --usage " + usage);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("usage:        declared (usage file " + usage +
                          "): 5K runs/month x 90000 ms (usage file " + usage +
                          ")\n"
                          "  now:          $3.09/month\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(
      text.out.find("declared by schedule: 122 runs/month x 30000 ms (usage file " + usage + ")"),
      std::string::npos)
      << text.out;
}

// The Infracost mapping: the rule's address gives the event task's runs, the task
// definition's the run time of both tasks that run it.
TEST_F(ScheduledTaskUsage, InfracostUsageFileGivesRunsAndRunTime) {
  const std::string usage = kTf + "/infracost-usage.yml";
  const auto r = rightfit("cost " + kTf + " -f json --usage " + usage);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  const rapidjson::Document report = parse_json(r.out);
  // 1,200 runs x 300 s x $0.04937 an hour = $4.937; Lambda 2048 MB: 1,200 x (300 x 2 x
  // 0.0000166667 + 0.0000002) = $12.000264.
  const rapidjson::Value* transcode = workload(report, "aws_cloudwatch_event_target.transcode");
  ASSERT_NE(transcode, nullptr) << r.out;
  EXPECT_STREQ((*transcode)["usage"]["declaredBy"].GetString(), "infracost usage file");
  EXPECT_NEAR((*transcode)["monthlyUsd"].GetDouble(), 4.937, 1e-5);
  EXPECT_NEAR((*transcode)["alternativeMonthlyUsd"].GetDouble(), 12.000264, 1e-5);
  // 60.83 tasks x 300 s x $0.04937 an hour = $0.250279 (a minute each without the file).
  const rapidjson::Value* thumbnails = workload(report, "aws_cloudwatch_event_target.thumbnails");
  ASSERT_NE(thumbnails, nullptr) << r.out;
  EXPECT_STREQ((*thumbnails)["usage"]["basis"].GetString(), "schedule");
  EXPECT_STREQ((*thumbnails)["usage"]["durationDeclaredBy"].GetString(), "infracost usage file");
  EXPECT_NEAR((*thumbnails)["monthlyUsd"].GetDouble(), 0.250279, 1e-5);

  const auto text = rightfit("cost " + kTf + " --usage " + usage);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("declared (infracost usage file): 1.2K runs/month x 300000 ms "
                          "(infracost usage file)"),
            std::string::npos)
      << text.out;
}

// A key of another kind of workload is a warning naming the keys that apply; a file of
// rightfit's own shape with anything beside usage: is refused naming the file.
TEST_F(ScheduledTaskUsage, MisplacedKeysAndForeignSectionsAreNamed) {
  testing_support::write_text(dir_ / "wrong-key.yml", R"(version: 0.1
resource_usage:
  aws_cloudwatch_event_rule.uploaded:
    monthly_requests: 10
)");
  const auto warned = rightfit("cost " + kTf + " --usage " + (dir_ / "wrong-key.yml").string());
  ASSERT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_NE(warned.err.find("line 4: monthly_requests is not a key rightfit uses for "
                            "aws_cloudwatch_event_rule.uploaded (monthly_runs, "
                            "run_duration_seconds)"),
            std::string::npos)
      << warned.err;
  testing_support::write_text(dir_ / "runs.yaml", "usage:\n  X: {runs_per_month: 1}\nrules: {}\n");
  const auto refused = rightfit("cost " + kCfn + " --usage " + (dir_ / "runs.yaml").string());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(
      refused.err.find((dir_ / "runs.yaml").string() + ": a rightfit usage file holds one key"),
      std::string::npos)
      << refused.err;
}

// The HTML chart of a task that starts 3 tasks a run: both lines are for all the tasks of a
// month's runs, so at any x their heights stand as the two monthly costs do.
TEST(ScheduledTaskChart, BothLinesCountEveryTaskOfARun) {
  const std::vector<WorkloadCost> costs = costs_of(kCfn);
  const WorkloadCost* east = named(costs, "ShardSweep/east");
  ASSERT_NE(east, nullptr);
  const std::string svg = cost_chart_svg(*east);
  EXPECT_NE(svg.find(">runs per month</text>"), std::string::npos) << svg;
  // The height of each line's last point above the x axis (y = 320 - 48 = 272).
  auto end_height = [&](const char* series) {
    std::smatch m;
    const std::regex last(std::string("data-series=\"") + series +
                          R"re("[^>]*points="[^"]* [0-9.]+,([0-9.]+)")re");
    EXPECT_TRUE(std::regex_search(svg, m, last)) << series;
    return 272 - std::stod(m[1].str());
  };
  const double ratio = end_height("lambda") / end_height("fargate");
  // Lambda $0.365074 against Fargate $0.150167 a month: 2.43 (one task's Lambda line: 0.81).
  EXPECT_NEAR(ratio, *east->alternative_monthly / *east->current_monthly, 0.02) << svg;
  EXPECT_NEAR(east->lambda_at(*east->requests_per_month), *east->alternative_monthly, kCent);
}

// The workload map says what starts each task: the event pattern's rule is no schedule.
TEST_F(ScheduledTaskUsage, TheMapLabelsAnEventPatternApartFromASchedule) {
  const auto r = rightfit("report " + kCfn + " -f json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const rapidjson::Document report = parse_json(r.out);
  std::vector<std::string> events;
  for (const rapidjson::Value& node : report["map"]["nodes"].GetArray()) {
    if (std::string(node["kind"].GetString()) == "event")
      events.emplace_back(node["label"].GetString());
  }
  std::sort(events.begin(), events.end());
  const std::vector<std::string> expected = {"event pattern", "schedule rate(6 hours)",
                                             "schedule rate(6 hours)", "schedule rate(6 hours)"};
  EXPECT_EQ(events, expected) << r.out;
}

}  // namespace
}  // namespace rightfit
