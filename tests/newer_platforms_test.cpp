// Lambda Managed Instances and Step Functions as homes of a function: the cost model's sizing
// of Managed Instances, RF402 weighing them beside Fargate, and the placement report's
// `move-to-lambda-managed-instances` and `use-step-functions` with the cost on each side, over
// fixtures/placement/cases/newer_platforms (figures worked by hand in the comments, built-in
// us-east-1 prices: m7g.large $0.0816/h, a 15% fee, $0.20 per million requests; a month of
// 730 h = 2,628,000 s; Step Functions Standard $0.025 per 1,000 transitions).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "analyzer/cost/cost_model.h"
#include "checks/check.h"
#include "driver/engine.h"
#include "integrations/report/placement.h"

namespace rightfit {
namespace {

constexpr double kCent = 0.005;
const std::string kRoot = "fixtures/placement/cases/newer_platforms";
const std::string kTemplate = kRoot + "/template.yaml";
// One m7g.large for a month with the management fee: 0.0816 x 730 x 1.15 = 68.5032.
constexpr double kInstanceMonth = 68.5032;

struct CaseRun {
  Config config;
  Analysis analysis;
};

CaseRun run_case() {
  ConfigResult loaded = load_config(kRoot + "/.rightfit.yaml");
  EXPECT_TRUE(loaded.ok()) << loaded.problem().message;
  Config config = loaded.value_or(Config{});
  Analysis analysis = analyze(AnalysisRequest{{kRoot}, kRoot, config, 2, {}});
  EXPECT_TRUE(analysis.errors.empty());
  return {std::move(config), std::move(analysis)};
}

WorkloadCost cost_of(const CaseRun& run, const std::string& name) {
  std::optional<WorkloadCost> cost =
      estimate_cost(*run.analysis.graph, run.config, EntityId{kTemplate, name});
  EXPECT_TRUE(cost.has_value()) << name;
  return cost.value_or(WorkloadCost{});
}

const Finding* finding(const CaseRun& run, const std::string& rule, const std::string& subject) {
  for (const Finding& f : run.analysis.findings) {
    if (f.rule_id == rule && f.subject && f.subject->name == subject) return &f;
  }
  return nullptr;
}

const PlacedWorkload* placed(const PlacementReport& report, const std::string& name) {
  for (const PlacedWorkload& w : report.workloads) {
    if (w.id.name == name) return &w;
  }
  return nullptr;
}

TEST(ManagedInstances, SizedAsEnvironmentsPackedOnInstancesNeverFewerThanThree) {
  const PriceTable prices = builtin_price_table();
  // 2,048 MB at 1 vCPU per 2 GiB: two environments fit an m7g.large (2 vCPU, 8 GiB).
  // 400M x 500 ms = 76.1 in flight: 77 environments, 39 instances, 39 x 68.5032 + 80.
  std::optional<ManagedInstancesCost> busy =
      managed_instances_cost(2048, Arch::Arm64, 500, 400e6, 1, prices);
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->instance_type, "m7g.large");
  EXPECT_EQ(busy->environments, 77);
  EXPECT_EQ(busy->environments_per_instance, 2);
  EXPECT_EQ(busy->instances, 39);
  EXPECT_FALSE(busy->arch_changes);
  EXPECT_NEAR(busy->monthly, 39 * kInstanceMonth + 80, kCent);
  // Ten requests at once per environment: 8 environments, 4 instances.
  std::optional<ManagedInstancesCost> shared =
      managed_instances_cost(2048, Arch::Arm64, 500, 400e6, 10, prices);
  ASSERT_TRUE(shared);
  EXPECT_EQ(shared->environments, 8);
  EXPECT_EQ(shared->instances, 4);
  // A light load still pays the three instances Lambda keeps; 128 MB is sized at 2 GB; an
  // x86_64 function is priced on the arm64 instances and says it would move.
  std::optional<ManagedInstancesCost> light =
      managed_instances_cost(128, Arch::X86_64, 100, 1e6, 1, prices);
  ASSERT_TRUE(light);
  EXPECT_EQ(light->instances, 3);
  EXPECT_EQ(light->environment_memory_mb, 2048);
  EXPECT_TRUE(light->arch_changes);
  EXPECT_NEAR(light->monthly, 3 * kInstanceMonth + 0.20, kCent);
  EXPECT_EQ(describe_managed_instances(*light),
            "3 x m7g.large (1 environment of 2 GB, up to 1 per instance, 1 request at a time "
            "each, moving the function to arm64)");
  // 16 GB environments fit no m7g.large (8 GiB): nothing to price.
  EXPECT_FALSE(managed_instances_cost(16384, Arch::Arm64, 500, 1e6, 1, prices));
}

TEST(ManagedInstances, InstanceTypesComeFromThePriceTableAndItsOverrides) {
  const std::string yaml =
      "prices:\n  regions:\n    us-east-1:\n      ec2_instances:\n"
      "        m7i.large: {arch: x86_64, vcpu: 2, memory_gb: 8, hourly: 0.1}\n";
  ConfigResult config = parse_config(yaml, ".rightfit.yaml");
  ASSERT_TRUE(config.ok()) << config.problem().message;
  std::optional<ManagedInstancesCost> x86 =
      managed_instances_cost(2048, Arch::X86_64, 100, 1e6, 1, config->prices);
  ASSERT_TRUE(x86);
  EXPECT_EQ(x86->instance_type, "m7i.large");  // the function's own architecture first
  EXPECT_NEAR(x86->monthly, 3 * 0.1 * 730 * 1.15 + 0.20, kCent);
  ConfigResult partial = parse_config(
      "prices:\n  regions:\n    us-east-1:\n      ec2_instances:\n        m7i.large: {vcpu: 2}\n",
      ".rightfit.yaml");
  ASSERT_FALSE(partial.ok());
  EXPECT_NE(partial.problem().message.find("needs arch, vcpu, memory_gb and hourly"),
            std::string::npos)
      << partial.problem().message;
}

TEST(ManagedInstances, CostOnEachSideOfTheFixture) {
  const CaseRun run = run_case();
  // Ingest (arm64, 2 GB, 400M x 500 ms): Lambda 400M x 2 GB x 0.5 s x 0.0000133334 + 80 =
  // 5,413.36; Fargate 77 x 2 vCPU/4 GB arm64 (0.079 x 730 = 57.67) = 4,440.59; Managed
  // Instances 2,751.62.
  const WorkloadCost ingest = cost_of(run, "Ingest");
  ASSERT_TRUE(ingest.managed && ingest.requests_per_month);
  EXPECT_NEAR(ingest.lambda_at(*ingest.requests_per_month), 5413.36, kCent);
  EXPECT_NEAR(ingest.fargate_at(*ingest.requests_per_month), 77 * 57.67, kCent);
  EXPECT_NEAR(ingest.managed->monthly, 39 * kInstanceMonth + 80, kCent);
  // Tagger is on a capacity provider: priced by its instances, not by GB-seconds.
  const WorkloadCost tagger = cost_of(run, "Tagger");
  EXPECT_EQ(tagger.platform, Platform::LambdaManagedInstances);
  ASSERT_TRUE(tagger.current_monthly);
  EXPECT_NEAR(*tagger.current_monthly, 39 * kInstanceMonth + 80, kCent);
  EXPECT_FALSE(tagger.break_even);
  EXPECT_EQ(cost_summary(tagger).rfind("Lambda Managed Instances: 39 x m7g.large", 0), 0u)
      << cost_summary(tagger);
}

TEST(ManagedInstances, Rf402NamesEachCheaperAlternative) {
  const CaseRun run = run_case();
  const Finding* ingest = finding(run, "RF402", "Ingest");
  ASSERT_NE(ingest, nullptr);
  EXPECT_NE(ingest->message.find("and Lambda Managed Instances (39 x m7g.large (77 environments "
                                 "of 2 GB, up to 2 per instance, 1 request at a time each)) cost "
                                 "$2,751.62/month"),
            std::string::npos)
      << ingest->message;
  EXPECT_NEAR(ingest->properties.at("managedInstancesMonthlyUsd"), 2751.62, kCent);
  // SteadyLookup: Fargate ($108.12) below Lambda ($131.00); Managed Instances (three
  // instances, $211.51) above it: not named.
  const Finding* steady = finding(run, "RF402", "SteadyLookup");
  ASSERT_NE(steady, nullptr);
  EXPECT_EQ(steady->message.find("Managed Instances ("), std::string::npos) << steady->message;
  EXPECT_EQ(steady->properties.count("managedInstancesMonthlyUsd"), 0u);
  EXPECT_EQ(finding(run, "RF402", "Tagger"), nullptr);  // already there
}

TEST(NewerPlatforms, PlacementRecommendsThemWithTheCostOnEachSide) {
  const CaseRun run = run_case();
  const PlacementReport report =
      build_placement_report(*run.analysis.graph, run.config, run.analysis.findings, all_rules());
  const PlacedWorkload* ingest = placed(report, "Ingest");
  ASSERT_NE(ingest, nullptr);
  EXPECT_EQ(ingest->recommendation, Recommendation::MoveToLambdaManagedInstances);
  ASSERT_EQ(ingest->costs.size(), 3u);
  EXPECT_EQ(ingest->costs[0], (std::pair<std::string, std::string>{"Lambda", "$5,413.36/month"}));
  EXPECT_EQ(ingest->costs[1],
            (std::pair<std::string, std::string>{"Lambda Managed Instances", "$2,751.62/month"}));
  EXPECT_EQ(ingest->costs[2], (std::pair<std::string, std::string>{"Fargate", "$4,440.59/month"}));
  // Fargate is the cheapest home of SteadyLookup's load; Tagger stays where it is.
  EXPECT_EQ(placed(report, "SteadyLookup")->recommendation, Recommendation::MoveToFargate);
  EXPECT_EQ(placed(report, "Tagger")->platform, "Lambda Managed Instances");
  EXPECT_EQ(placed(report, "Tagger")->recommendation, Recommendation::Stay);

  // ExportWaiter polls under a 840 s Timeout (512 MB, no duration declared): a run costs
  // 0.5 GB x 840 s x 0.0000166667 + 0.0000002 = $0.0070002 on Lambda, the price of 280
  // transitions: a workflow polling fewer than 93 times (3 transitions each) costs less.
  const PlacedWorkload* waiter = placed(report, "ExportWaiter");
  ASSERT_NE(waiter, nullptr);
  EXPECT_EQ(waiter->recommendation, Recommendation::UseStepFunctions);
  EXPECT_NE(waiter->reason.find("the price of 280 Step Functions Standard state transitions"),
            std::string::npos)
      << waiter->reason;
  EXPECT_NE(waiter->reason.find("polls fewer than 93 times per run"), std::string::npos);
  ASSERT_EQ(waiter->costs.size(), 2u);
  EXPECT_EQ(waiter->costs[0].second.rfind("$0.007 per run", 0), 0u) << waiter->costs[0].second;
  EXPECT_EQ(waiter->costs[1],
            (std::pair<std::string, std::string>{"Step Functions Standard",
                                                 "$0.000075 per poll (3 transitions)"}));
  // StatusCheck polls under a one-minute Timeout: a change in the code, not a workflow.
  EXPECT_EQ(placed(report, "StatusCheck")->recommendation, Recommendation::Stay);

  // Both sides' cost in the JSON and the Markdown report.
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(format_placement_json(report).c_str()).HasParseError());
  bool seen = false;
  for (const auto& w : doc["workloads"].GetArray()) {
    if (std::string(w["name"].GetString()) != "Ingest") continue;
    seen = true;
    EXPECT_STREQ(w["recommendation"].GetString(), "move-to-lambda-managed-instances");
    EXPECT_STREQ(w["costs"]["Lambda"].GetString(), "$5,413.36/month");
    EXPECT_STREQ(w["costs"]["Lambda Managed Instances"].GetString(), "$2,751.62/month");
    EXPECT_STREQ(w["costs"]["Fargate"].GetString(), "$4,440.59/month");
  }
  EXPECT_TRUE(seen);
  const std::string md = format_placement_markdown(report);
  EXPECT_NE(md.find("**move-to-lambda-managed-instances**"), std::string::npos);
  EXPECT_NE(md.find("**use-step-functions**"), std::string::npos);
  EXPECT_NE(md.find("- cost on Lambda Managed Instances: $2,751.62/month"), std::string::npos);
  EXPECT_NE(md.find("- cost on Step Functions Standard: $0.000075 per poll (3 transitions)"),
            std::string::npos);
}

}  // namespace
}  // namespace rightfit
