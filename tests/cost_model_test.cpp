// The cost model and its rules (RF401, RF402) against figures computed by hand in the comments,
// with the built-in us-east-1 prices:
//   Lambda x86 $0.0000166667/GB-s, arm64 $0.0000133334/GB-s, $0.20 per million requests;
//   provisioned concurrency x86 $0.0000041667/GB-s + $0.0000097222/GB-s of duration,
//   arm64 $0.0000033334 + $0.0000077778; Fargate x86 $0.04048/vCPU-h + $0.004445/GB-h,
//   arm64 $0.03238 + $0.00356; a month is 730 h = 2,628,000 s; Fargate Spot 70% off.
// Money is compared to the cent (within half a cent), request counts to the request.
#include "analyzer/cost/cost_model.h"

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <string>

#include "driver/engine.h"

namespace rightfit {
namespace {

constexpr double kCent = 0.005;

// One task of 1 vCPU/2 GB, x86: (1 x 0.04048 + 2 x 0.004445) x 730 = 0.04937 x 730 = 36.0401.
constexpr double kOneVcpuTwoGb = 36.0401;

TEST(CostModel, FargateSizesAreTheValidCombinations) {
  EXPECT_TRUE(is_valid_fargate_size(256, 512));
  EXPECT_TRUE(is_valid_fargate_size(256, 2048));
  EXPECT_FALSE(is_valid_fargate_size(256, 1536));  // 0.25 vCPU: 0.5, 1 or 2 GB only
  EXPECT_TRUE(is_valid_fargate_size(512, 4096));
  EXPECT_FALSE(is_valid_fargate_size(1024, 1024));  // 1 vCPU starts at 2 GB
  EXPECT_TRUE(is_valid_fargate_size(4096, 30720));
  EXPECT_TRUE(is_valid_fargate_size(8192, 20480));  // 8 vCPU: 16..60 GB in 4 GB steps
  EXPECT_FALSE(is_valid_fargate_size(8192, 18432));
  EXPECT_TRUE(is_valid_fargate_size(16384, 122880));
  EXPECT_FALSE(is_valid_fargate_size(3072, 8192));
}

TEST(CostModel, LambdaMemoryMapsToTheSmallestFargateSize) {
  const ArchPrices& x86 = builtin_price_table().x86_64;
  auto size_for = [&](double memory_mb) {
    std::optional<FargateSize> s =
        smallest_fargate_size(memory_mb / kLambdaMbPerVcpu, memory_mb / 1024, x86);
    return s ? format_quantity(s->vcpu) + "/" + format_quantity(s->memory_gb) : "none";
  };
  EXPECT_EQ(size_for(128), "0.25/0.5");  // 0.07 vCPU, 0.125 GB
  EXPECT_EQ(size_for(512), "0.5/1");     // 0.29 vCPU: 0.5 vCPU, which starts at 1 GB
  EXPECT_EQ(size_for(1024), "1/2");      // 0.58 vCPU: 1 vCPU, which starts at 2 GB
  EXPECT_EQ(size_for(1769), "1/2");      // exactly 1 vCPU
  EXPECT_EQ(size_for(2048), "2/4");      // 1.16 vCPU: 2 vCPU, which starts at 4 GB
  EXPECT_EQ(size_for(6000), "4/8");      // 3.39 vCPU, 5.86 GB
  EXPECT_EQ(size_for(10240), "8/16");    // 5.79 vCPU, 10 GB
  EXPECT_FALSE(smallest_fargate_size(17, 8, x86).has_value());
  EXPECT_FALSE(smallest_fargate_size(1, 121, x86).has_value());
}

TEST(CostModel, FargateTaskMonthly) {
  const PriceTable prices = builtin_price_table();
  // (0.25 x 0.04048 + 0.5 x 0.004445) x 730 = 0.0123425 x 730 = 9.010025
  EXPECT_NEAR(fargate_task_monthly({0.25, 0.5}, Arch::X86_64, false, prices), 9.010025, kCent);
  EXPECT_NEAR(fargate_task_monthly({1, 2}, Arch::X86_64, false, prices), kOneVcpuTwoGb, kCent);
  // arm64: (1 x 0.03238 + 2 x 0.00356) x 730 = 0.0395 x 730 = 28.835
  EXPECT_NEAR(fargate_task_monthly({1, 2}, Arch::Arm64, false, prices), 28.835, kCent);
  // Spot: 28.835 x 0.3 = 8.6505
  EXPECT_NEAR(fargate_task_monthly({1, 2}, Arch::Arm64, true, prices), 8.6505, kCent);
}

LambdaCost lambda(double memory_mb, Arch arch, double duration_ms, double provisioned) {
  const PriceTable prices = builtin_price_table();
  LambdaCost l;
  l.memory_mb = memory_mb;
  l.arch = arch;
  l.duration_ms = duration_ms;
  l.provisioned = provisioned;
  l.prices = prices.of(arch);
  l.requests_per_million_usd = prices.lambda_requests_per_million;
  l.seconds_per_month = prices.seconds_per_month();
  return l;
}

TEST(CostModel, LambdaOnDemand) {
  // 512 MB, 3M requests of 1 s: 1.5M GB-s x 0.0000166667 = 25.00005; requests 3 x 0.20 = 0.60.
  const LambdaCost l = lambda(512, Arch::X86_64, 1000, 0);
  EXPECT_NEAR(l.monthly_at(3e6), 25.60005, kCent);
  EXPECT_NEAR(l.monthly_at(0), 0, kCent);
  // Inverse: 25.60005 / (0.5 x 0.0000166667 + 0.0000002) = 3,000,000.
  EXPECT_NEAR(l.requests_for(25.60005), 3e6, 1);
  // arm64, 128 MB, 30M x 200 ms: 750,000 GB-s x 0.0000133334 = 10.00005; requests 6.
  EXPECT_NEAR(lambda(128, Arch::Arm64, 200, 0).monthly_at(30e6), 16.00005, kCent);
}

TEST(CostModel, ProvisionedConcurrency) {
  // 1024 MB x86, 2 environments: 2 x 1 GB x 2,628,000 s x 0.0000041667 = 21.9001752 a month.
  const LambdaCost l = lambda(1024, Arch::X86_64, 100, 2);
  EXPECT_NEAR(l.provisioned_monthly(), 21.9001752, kCent);
  // They carry 2 x 2,628,000 / 0.1 = 52,560,000 requests at the provisioned duration price.
  EXPECT_NEAR(l.provisioned_capacity(), 52560000, 1e-3);
  // 10M requests: 21.9001752 + 1M GB-s x 0.0000097222 (9.7222) + 2.00 = 33.6223752.
  EXPECT_NEAR(l.monthly_at(10e6), 33.6223752, kCent);
  // 60M: 21.9001752 + 5,256,000 GB-s x 0.0000097222 (51.0998832)
  //      + 744,000 GB-s x 0.0000166667 (12.4000248) + 12.00 = 97.4000832.
  EXPECT_NEAR(l.monthly_at(60e6), 97.4000832, kCent);
  EXPECT_NEAR(l.requests_for(33.6223752), 10e6, 1);
  EXPECT_NEAR(l.requests_for(97.4000832), 60e6, 1);
  EXPECT_EQ(l.requests_for(5), 0);  // below the provisioned charge
}

TEST(CostModel, Formatting) {
  EXPECT_EQ(format_usd(36.0401), "$36.04");
  EXPECT_EQ(format_usd(0.005), "$0.01");
  EXPECT_EQ(format_usd(1234567.891), "$1,234,567.89");
  EXPECT_EQ(format_usd(0), "$0.00");
  EXPECT_EQ(format_usd(std::numeric_limits<double>::infinity()), "$∞");
  EXPECT_EQ(format_usd(1e300), "$∞");
  EXPECT_EQ(format_requests(950), "950");
  EXPECT_EQ(format_requests(12345), "12.3K");
  EXPECT_EQ(format_requests(10200009), "10.2M");
  EXPECT_EQ(format_requests(1448037), "1.45M");
  EXPECT_EQ(format_requests(30e6), "30M");
  EXPECT_EQ(format_requests(2.5e9), "2.5B");
  EXPECT_EQ(format_quantity(0.25), "0.25");
  EXPECT_EQ(format_quantity(2), "2");
}

// --- the fixtures, analysed as their own roots with their .rightfit.yaml ---

struct FixtureRun {
  Analysis analysis;
  Config config;
  std::map<std::string, const Finding*> findings;  // "RF401 name"
};

FixtureRun analyse_fixture(const std::string& root) {
  ConfigResult config = load_config(root + "/.rightfit.yaml");
  EXPECT_TRUE(config.ok()) << config.problem().message;
  FixtureRun run{analyze(AnalysisRequest{{root}, root, *config, 2, {}}), *config, {}};
  EXPECT_TRUE(run.analysis.errors.empty());
  for (const Finding& f : run.analysis.findings) {
    if (f.subject) run.findings[f.rule_id + " " + f.subject->name] = &f;
  }
  return run;
}

double property(const Finding* f, const std::string& name) {
  if (!f) return -1;
  auto it = f->properties.find(name);
  return it == f->properties.end() ? -1 : it->second;
}

bool has_property(const Finding* f, const std::string& name) {
  return f && f->properties.count(name) > 0;
}

bool says(const Finding* f, const std::string& text) {
  return f && f->message.find(text) != std::string::npos;
}

class CostFixtures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cfn_ = new FixtureRun(analyse_fixture("fixtures/cloudformation/cost"));
    tf_ = new FixtureRun(analyse_fixture("fixtures/terraform/cost"));
  }
  static void TearDownTestSuite() {
    delete cfn_;
    delete tf_;
  }
  static const Finding* cfn(const std::string& key) {
    auto it = cfn_->findings.find(key);
    return it == cfn_->findings.end() ? nullptr : it->second;
  }
  static const Finding* tf(const std::string& key) {
    auto it = tf_->findings.find(key);
    return it == tf_->findings.end() ? nullptr : it->second;
  }
  static FixtureRun* cfn_;
  static FixtureRun* tf_;
};

FixtureRun* CostFixtures::cfn_ = nullptr;
FixtureRun* CostFixtures::tf_ = nullptr;

TEST_F(CostFixtures, IdleWorkerWithoutLoadBalancer) {
  // 2 tasks of 0.5 vCPU/1 GB: 2 x (0.5 x 0.04048 + 1 x 0.004445) x 730 = 2 x 18.02005 = 36.0401.
  // Lambda of 1024 MB at 200 ms: 1 x 0.2 x 0.0000166667 + 0.0000002 = 0.00000353334 a request;
  // break-even 36.0401 / 0.00000353334 = 10,200,009.
  for (const Finding* f : {cfn("RF401 IdleWorker"), tf("RF401 aws_ecs_service.idle_worker")}) {
    ASSERT_NE(f, nullptr);
    EXPECT_NEAR(property(f, "alwaysOnMonthlyUsd"), 36.0401, kCent);
    EXPECT_NEAR(property(f, "breakEvenRequestsPerMonth"), 10200009, 1);
    EXPECT_FALSE(has_property(f, "lambdaMonthlyUsd"));  // no usage declared
    EXPECT_TRUE(says(f, "$36.04/month always-on")) << f->message;
    EXPECT_TRUE(says(f, "Break-even: 10.2M requests/month")) << f->message;
  }
}

TEST_F(CostFixtures, SpotWorkersArePricedAtTheSpotDiscount) {
  // CloudFormation: 0.25 vCPU/0.5 GB on FARGATE_SPOT, DesiredCount defaulting to 1:
  // 9.010025 x 0.3 = 2.7030075. Lambda of 512 MB at 200 ms: 0.5 x 0.2 x 0.0000166667
  // + 0.0000002 = 0.00000186667 a request; break-even 2.7030075 / 0.00000186667 = 1,448,037.
  const Finding* f = cfn("RF401 SpotWorker");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(property(f, "alwaysOnMonthlyUsd"), 2.7030075, kCent);
  EXPECT_NEAR(property(f, "breakEvenRequestsPerMonth"), 1448037, 1);
  EXPECT_TRUE(says(f, "$2.70/month always-on")) << f->message;
  // Terraform: 1 vCPU/2 GB arm64 on Spot: 28.835 x 0.3 = 8.6505. Lambda arm64 2048 MB at
  // 200 ms: 2 x 0.2 x 0.0000133334 + 0.0000002 = 0.00000553336; 8.6505 / that = 1,563,336.
  const Finding* g = tf("RF401 aws_ecs_service.spot_worker");
  ASSERT_NE(g, nullptr);
  EXPECT_NEAR(property(g, "alwaysOnMonthlyUsd"), 8.6505, kCent);
  EXPECT_NEAR(property(g, "breakEvenRequestsPerMonth"), 1563336, 1);
}

TEST_F(CostFixtures, LoadBalancedServiceWithDeclaredLowUsage) {
  // CloudFormation: 2 x 1 vCPU/2 GB = 2 x 36.0401 = 72.0802. Usage 100,000 x 300 ms on a
  // Lambda of 2048 MB: 100,000 x 0.3 x 2 = 60,000 GB-s x 0.0000166667 = 1.000002, plus
  // 0.1 x 0.20 = 0.02: 1.020002. Break-even 72.0802 / (2 x 0.3 x 0.0000166667 + 0.0000002)
  // = 72.0802 / 0.00001020002 = 7,066,672.
  const Finding* f = cfn("RF401 QuietWeb");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(property(f, "alwaysOnMonthlyUsd"), 72.0802, kCent);
  EXPECT_NEAR(property(f, "lambdaMonthlyUsd"), 1.020002, kCent);
  EXPECT_NEAR(property(f, "breakEvenRequestsPerMonth"), 7066672, 1);
  EXPECT_TRUE(says(f, "would cost $1.02/month")) << f->message;
  ASSERT_EQ(f->related.size(), 2u);
  EXPECT_EQ(f->related[1].where.file, "fixtures/cloudformation/cost/.rightfit.yaml");
  EXPECT_EQ(f->related[1].where.line(), 3u);
  // Terraform, arm64: 2 x 28.835 = 57.67; 60,000 GB-s x 0.0000133334 = 0.800004 + 0.02 =
  // 0.820004; break-even 57.67 / (2 x 0.3 x 0.0000133334 + 0.0000002) = 7,032,893.
  const Finding* g = tf("RF401 aws_ecs_service.quiet_web");
  ASSERT_NE(g, nullptr);
  EXPECT_NEAR(property(g, "alwaysOnMonthlyUsd"), 57.67, kCent);
  EXPECT_NEAR(property(g, "lambdaMonthlyUsd"), 0.820004, kCent);
  EXPECT_NEAR(property(g, "breakEvenRequestsPerMonth"), 7032893, 1);
}

TEST_F(CostFixtures, NegativesAreNotReported) {
  for (const char* name : {"ScaledToZero", "BusyWeb", "Ec2Worker", "BusyWorker"}) {
    EXPECT_EQ(cfn(std::string("RF401 ") + name), nullptr) << name;
  }
  for (const char* name : {"scaled_to_zero", "busy_web", "ec2_worker", "stopped"}) {
    EXPECT_EQ(tf(std::string("RF401 aws_ecs_service.") + name), nullptr) << name;
  }
  EXPECT_EQ(cfn("RF402 QuietApi"), nullptr);
  EXPECT_EQ(cfn("RF402 Undeclared"), nullptr);
  EXPECT_EQ(tf("RF402 aws_lambda_function.quiet_api"), nullptr);
  EXPECT_EQ(tf("RF402 aws_lambda_function.undeclared"), nullptr);
}

TEST_F(CostFixtures, SteadyDeclaredLoadIsCheaperOnFargate) {
  // 1024 MB x86, 30M requests x 250 ms: 7.5M GB-s x 0.0000166667 = 125.00025, plus 30 x 0.20
  // = 6: 131.00025. Fargate: 1024 / 1769 = 0.58 vCPU -> 1 vCPU (2 GB); average concurrency
  // 30M x 0.25 s / 2,628,000 s = 2.85 -> 3 tasks x 36.0401 = 108.1203. Break-even: one task
  // carries 2,628,000 / 0.25 = 10,512,000 requests, worth 45.90 on Lambda > 36.0401, so it
  // lies within the first task: 36.0401 / (0.25 x 0.0000166667 + 0.0000002) = 8,253,442.
  for (const Finding* f : {cfn("RF402 SteadyApi"), tf("RF402 aws_lambda_function.steady_api")}) {
    ASSERT_NE(f, nullptr);
    EXPECT_NEAR(property(f, "lambdaMonthlyUsd"), 131.00025, kCent);
    EXPECT_NEAR(property(f, "alwaysOnMonthlyUsd"), 108.1203, kCent);
    EXPECT_NEAR(property(f, "breakEvenRequestsPerMonth"), 8253442, 1);
    EXPECT_TRUE(says(f, "costs $131.00/month")) << f->message;
    EXPECT_TRUE(says(f, "3 x 1 vCPU/2 GB always-on Fargate tasks")) << f->message;
    EXPECT_TRUE(says(f, "$108.12/month")) << f->message;
  }
}

TEST_F(CostFixtures, AlwaysOnProvisionedConcurrencyIsPricedBusy) {
  // CloudFormation: 1024 MB arm64, 3 provisioned environments, no usage.
  //   provisioned: 3 x 1 GB x 2,628,000 s x 0.0000033334 = 26.2805256
  //   busy: 3 x 2,628,000 / 0.2 = 39,420,000 requests x 0.2 s x 1 GB = 7,884,000 GB-s
  //         x 0.0000077778 = 61.3201752; requests 39.42 x 0.20 = 7.884
  //   Lambda 95.4847008; Fargate 3 x 1 vCPU/2 GB arm64 = 3 x 28.835 = 86.505.
  //   Break-even within the first task: (28.835 - 26.2805256) / (0.2 x 0.0000077778
  //   + 0.0000002) = 2.5544744 / 0.00000175556 = 1,455,077.
  const Finding* f = cfn("RF402 WarmApi");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(property(f, "lambdaMonthlyUsd"), 95.4847008, kCent);
  EXPECT_NEAR(property(f, "alwaysOnMonthlyUsd"), 86.505, kCent);
  EXPECT_NEAR(property(f, "breakEvenRequestsPerMonth"), 1455077, 1);
  EXPECT_TRUE(says(f, "$95.48/month")) << f->message;
  EXPECT_TRUE(says(f, "$86.51/month")) << f->message;
  // Terraform: 2048 MB x86, 2 provisioned (aws_lambda_provisioned_concurrency_config).
  //   provisioned: 2 x 2 GB x 2,628,000 x 0.0000041667 = 43.8003504
  //   busy: 26,280,000 requests x 0.2 s x 2 GB = 10,512,000 GB-s x 0.0000097222 =
  //         102.1997664; requests 5.256. Lambda 151.2561168.
  //   Fargate: 2048 / 1769 = 1.16 vCPU -> 2 vCPU/4 GB: (2 x 0.04048 + 4 x 0.004445) x 730
  //   = 72.0802 a task, 2 tasks 144.1604. Break-even (72.0802 - 43.8003504) /
  //   (0.2 x 2 x 0.0000097222 + 0.0000002) = 28.2798496 / 0.00000408888 = 6,916,283.
  const Finding* g = tf("RF402 aws_lambda_function.warm");
  ASSERT_NE(g, nullptr);
  EXPECT_NEAR(property(g, "lambdaMonthlyUsd"), 151.2561168, kCent);
  EXPECT_NEAR(property(g, "alwaysOnMonthlyUsd"), 144.1604, kCent);
  EXPECT_NEAR(property(g, "breakEvenRequestsPerMonth"), 6916283, 1);
}

TEST_F(CostFixtures, SmallLambdaNeverBreaksEven) {
  // 128 MB at 200 ms: one always-busy environment costs 13,140,000 x (0.125 x 0.2 x
  // 0.0000166667 + 0.0000002) = 13.14 x 0.6166675 = 8.10301095 a month, less than the
  // smallest task (9.010025): Lambda is
  // cheaper at any load.
  std::optional<WorkloadCost> cost =
      estimate_cost(*tf_->analysis.graph, tf_->config,
                    EntityId{"fixtures/terraform/cost", "aws_lambda_function.undeclared"});
  ASSERT_TRUE(cost.has_value());
  EXPECT_FALSE(cost->break_even.has_value());
  EXPECT_NEAR(cost->fargate.task_monthly, 9.010025, kCent);
  EXPECT_NEAR(cost->lambda_at(13140000), 8.10301095, kCent);
}

TEST_F(CostFixtures, OneLineSummaries) {
  const std::string scope = "fixtures/cloudformation/cost/template.yaml";
  EXPECT_EQ(cost_summary(*cfn_->analysis.graph, cfn_->config, EntityId{scope, "QuietWeb"}),
            "Fargate always-on: 2 x 1 vCPU/2 GB = $72.08/month; Lambda (2048 MB x86_64, 300 ms) "
            "at the same usage (100K requests/month): $1.02; break-even 7.07M requests/month");
  EXPECT_EQ(cost_summary(*cfn_->analysis.graph, cfn_->config, EntityId{scope, "IdleWorker"}),
            "Fargate always-on: 2 x 0.5 vCPU/1 GB = $36.04/month; Lambda (1024 MB x86_64, 200 ms "
            "(assumed)): $3.53 per million requests; break-even 10.2M requests/month");
  EXPECT_EQ(cost_summary(*cfn_->analysis.graph, cfn_->config, EntityId{scope, "SteadyApi"}),
            "Lambda (1024 MB x86_64) at 30M requests/month x 250 ms: $131.00/month; Fargate (3 x "
            "1 vCPU/2 GB always-on) at the same usage: $108.12; break-even 8.25M requests/month");
  EXPECT_EQ(cost_summary(*cfn_->analysis.graph, cfn_->config, EntityId{scope, "Undeclared"}),
            "Lambda (2048 MB x86_64): $6.87 per million requests at 200 ms (assumed); Fargate "
            "always-on from 1 x 2 vCPU/4 GB = $72.08/month; break-even 10.5M requests/month");
  EXPECT_EQ(cost_summary(*cfn_->analysis.graph, cfn_->config, EntityId{scope, "Ec2Worker"}),
            "ECS on EC2: not priced (its EC2 capacity is billed by instance, not by task)");
  EXPECT_FALSE(cost_summary(*cfn_->analysis.graph, cfn_->config, EntityId{scope, "HalfTask"}));
}

TEST_F(CostFixtures, FindingsLandOnDesiredCountOrTheHeader) {
  const Finding* written = cfn("RF401 IdleWorker");
  ASSERT_NE(written, nullptr);
  EXPECT_EQ(written->location.line(), 47u);  // DesiredCount: 2
  const Finding* defaulted = cfn("RF401 SpotWorker");
  ASSERT_NE(defaulted, nullptr);
  EXPECT_EQ(defaulted->location.line(), 51u);  // the logical ID: DesiredCount defaults to 1
}

TEST(CostPrices, RegionOverridesChangeTheFigures) {
  ConfigResult r = parse_config(
      "prices:\n"
      "  region: eu-west-1\n"
      "  fargate_spot_discount: 0.5\n"
      "  regions:\n"
      "    eu-west-1:\n"
      "      as_of: '2026-10-01'\n"
      "      x86_64: {fargate_vcpu_hour: 0.05, fargate_gb_hour: 0.005}\n",
      ".rightfit.yaml");
  ASSERT_TRUE(r.ok()) << r.problem().message;
  const PriceTable& p = r->prices;
  EXPECT_EQ(p.region, "eu-west-1");
  EXPECT_EQ(p.as_of, "2026-10-01");
  // (1 x 0.05 + 2 x 0.005) x 730 = 43.80; Spot at 50% off: 21.90.
  EXPECT_NEAR(fargate_task_monthly({1, 2}, Arch::X86_64, false, p), 43.80, kCent);
  EXPECT_NEAR(fargate_task_monthly({1, 2}, Arch::X86_64, true, p), 21.90, kCent);
  // Figures not given keep the built-in ones.
  EXPECT_EQ(p.x86_64.lambda_gb_second, 0.0000166667);
  EXPECT_EQ(p.arm64.fargate_vcpu_hour, 0.03238);
}

TEST(CostPrices, RequestsOneFargateTaskServesAtOnceSetTheTaskCount) {
  // SteadyApi (1024 MB, 30M requests x 250 ms): average concurrency 2.85. One request per task
  // at a time (the default) takes 3 tasks of 1 vCPU/2 GB; 4 at once take 1 (36.0401).
  const std::string root = "fixtures/cloudformation/cost";
  const std::string usage =
      "usage:\n  SteadyApi: {requests_per_month: 30000000, avg_duration_ms: 250}\n";
  for (const auto& [per_task, tasks] : std::map<std::string, double>{{"", 3}, {"4", 1}}) {
    const std::string prices =
        per_task.empty() ? "" : "prices:\n  fargate_requests_per_task: " + per_task + "\n";
    ConfigResult config = parse_config(usage + prices, root + "/.rightfit.yaml");
    ASSERT_TRUE(config.ok()) << config.problem().message;
    Analysis run = analyze(AnalysisRequest{{root}, root, *config, 2, {}});
    std::optional<WorkloadCost> cost =
        estimate_cost(*run.graph, *config, EntityId{root + "/template.yaml", "SteadyApi"});
    ASSERT_TRUE(cost && cost->requests_per_month) << per_task;
    EXPECT_EQ(cost->fargate.tasks_at(*cost->requests_per_month), tasks) << per_task;
    EXPECT_NEAR(*cost->alternative_monthly, tasks * kOneVcpuTwoGb, kCent) << per_task;
  }
}

// Functions only schedules invoke: their load is the schedules' runs (parsers/aws_schedule.h,
// a 730-hour month = 30.41667 days), the Fargate alternative a task per run billed at least a
// minute, never an always-on task.
class ScheduledFunctions : public ::testing::Test {
 protected:
  static WorkloadCost cost_of(const std::string& root, const std::string& name) {
    Analysis run = analyze(AnalysisRequest{{root}, root, Config{}, 2, {}});
    EXPECT_TRUE(run.errors.empty());
    for (const Function& f : run.graph->functions) {
      if (f.id.name == name) return estimate_function_cost(*run.graph, f, Config{});
    }
    ADD_FAILURE() << name << " is not a function of " << root;
    return {};
  }
  static constexpr double kMonthDays = 730.0 / 24;
};

TEST_F(ScheduledFunctions, CloudFormationAndSamSchedulesGiveTheRuns) {
  const std::string root = "fixtures/cloudformation/scheduled";
  // 512 MB x86, 730 runs x 200 ms: 730 x 0.2 x 0.5 GB-s x 0.0000166667 = 0.00121667, plus
  // 730 x $0.20 / 1e6 = 0.000146: $0.00136. Fargate: 0.5 vCPU/1 GB, (0.5 x 0.04048 + 0.004445)
  // = $0.024685 an hour, a minute per run: 730 x 0.024685 / 60 = $0.30033.
  const WorkloadCost hourly = cost_of(root, "Hourly");
  EXPECT_EQ(hourly.basis, UsageBasis::Schedule);
  ASSERT_TRUE(hourly.requests_per_month);
  EXPECT_NEAR(*hourly.requests_per_month, 730, 1e-6);
  EXPECT_NEAR(*hourly.current_monthly, 0.00136267, 1e-6);
  EXPECT_NEAR(*hourly.alternative_monthly, 0.30033, 1e-4);
  EXPECT_FALSE(hourly.break_even);
  EXPECT_EQ(basis_text(hourly), "declared by schedule: 730 runs/month");
  ASSERT_EQ(hourly.schedules.size(), 1u);
  EXPECT_EQ(hourly.schedules[0].line(), 19u);  // Schedule: rate(1 hour)
  EXPECT_EQ(cost_summary(hourly),
            "Lambda (512 MB x86_64) declared by schedule: 730 runs/month x 200 ms (assumed): "
            "$0.00/month; Fargate (a 0.5 vCPU/1 GB task per run, each billed at least a minute) "
            "at the same runs: $0.30/month");
  // Weekdays at 09:00 (1,045 of 2024-2027's 1,461 days); the disabled schedule adds nothing.
  EXPECT_NEAR(cost_of(root, "Weekdays").requests_per_month.value_or(-1), 1045.0 / 1461 * kMonthDays,
              1e-9);
  EXPECT_NEAR(cost_of(root, "Sweeper").requests_per_month.value_or(-1), 4380, 1e-6);
  EXPECT_NEAR(cost_of(root, "Poller").requests_per_month.value_or(-1), 2920, 1e-6);
  // An event-pattern rule is no schedule, and a function an API calls has an unknown load.
  for (const char* name : {"OnUpload", "ApiAndSchedule"}) {
    const WorkloadCost c = cost_of(root, name);
    EXPECT_EQ(c.basis, UsageBasis::Assumed) << name;
    EXPECT_FALSE(c.requests_per_month) << name;
    EXPECT_FALSE(c.fargate.run_seconds) << name;
  }
}

TEST_F(ScheduledFunctions, TerraformRulesAndSchedulerGiveTheRuns) {
  const std::string root = "fixtures/terraform/scheduled";
  EXPECT_NEAR(cost_of(root, "aws_lambda_function.report").requests_per_month.value_or(-1),
              kMonthDays, 1e-9);
  EXPECT_NEAR(cost_of(root, "aws_lambda_function.sync").requests_per_month.value_or(-1), 8760,
              1e-6);
  const WorkloadCost paused = cost_of(root, "aws_lambda_function.paused");
  EXPECT_EQ(paused.basis, UsageBasis::Schedule);
  EXPECT_EQ(paused.requests_per_month.value_or(-1), 0);
  EXPECT_EQ(paused.current_monthly.value_or(-1), 0);
}

TEST_F(ScheduledFunctions, ServerlessScheduleEventsGiveTheRuns) {
  const std::string root = "fixtures/serverless/scheduled";
  EXPECT_NEAR(cost_of(root, "tick").requests_per_month.value_or(-1), 8760, 1e-6);
  EXPECT_NEAR(cost_of(root, "twice").requests_per_month.value_or(-1), 730 + kMonthDays, 1e-9);
  EXPECT_EQ(cost_of(root, "paused").requests_per_month.value_or(-1), 0);
  EXPECT_FALSE(cost_of(root, "drain").requests_per_month);
}

TEST_F(ScheduledFunctions, DeclaredUsageWinsOverTheSchedule) {
  const std::string root = "fixtures/serverless/scheduled";
  ConfigResult config =
      parse_config("usage:\n  tick: {requests_per_month: 100}\n", root + "/.rightfit.yaml");
  ASSERT_TRUE(config.ok()) << config.problem().message;
  Analysis run = analyze(AnalysisRequest{{root}, root, *config, 2, {}});
  std::optional<WorkloadCost> cost =
      estimate_cost(*run.graph, *config, EntityId{root + "/serverless.yml", "tick"});
  ASSERT_TRUE(cost);
  EXPECT_EQ(cost->basis, UsageBasis::Declared);
  EXPECT_EQ(cost->requests_per_month.value_or(-1), 100);
  EXPECT_FALSE(cost->fargate.run_seconds);
}

// ECS tasks that schedules start: priced by the schedule's runs x the tasks a run starts, each
// task billed by the second with a minute's minimum, a run assumed to take that minute unless
// declared; the Lambda alternative an invocation per task of the task's memory (at least its
// vCPU at 1769 MB per vCPU). A 730-hour month.
class ScheduledTasks : public ::testing::Test {
 protected:
  static std::vector<WorkloadCost> costs_of(const std::string& root, const Config& config = {}) {
    Analysis run = analyze(AnalysisRequest{{root}, root, config, 2, {}});
    EXPECT_TRUE(run.errors.empty());
    EXPECT_TRUE(run.findings.empty());  // no rule takes them for always-on services
    return estimate_costs(*run.graph, config);
  }
  static WorkloadCost named(const std::vector<WorkloadCost>& costs, const std::string& name) {
    for (const WorkloadCost& c : costs) {
      if (c.id.name == name) return c;
    }
    ADD_FAILURE() << name << " is not priced";
    return {};
  }
  static constexpr double kMonthDays = 730.0 / 24;
};

TEST_F(ScheduledTasks, CloudFormationRuleAndSchedulerArePricedByRuns) {
  const std::vector<WorkloadCost> costs = costs_of("fixtures/cloudformation/scheduled_tasks");
  ASSERT_EQ(costs.size(), 4u);  // the four schedules; task definitions are not workloads
  // 730 runs x 2 tasks of 0.5 vCPU/1 GB: (0.5 x 0.04048 + 0.004445) = $0.024685 an hour, a
  // minute each: 1,460 x 0.024685 / 60 = $0.600668. Lambda 1024 MB (0.5 vCPU is 885 MB):
  // 1,460 x (1 GB x 60 s x 0.0000166667 + 0.0000002) = $1.460295.
  const WorkloadCost hourly = named(costs, "HourlyReport");
  EXPECT_EQ(hourly.kind, WorkloadKind::ScheduledTask);
  EXPECT_EQ(hourly.platform, Platform::Fargate);
  EXPECT_EQ(hourly.basis, UsageBasis::Schedule);
  EXPECT_EQ(basis_text(hourly), "declared by schedule: 730 runs/month");
  EXPECT_TRUE(hourly.duration_assumed);
  EXPECT_EQ(hourly.duration_ms, 60000);
  EXPECT_EQ(hourly.fargate.fixed_tasks.value_or(-1), 2);
  EXPECT_NEAR(hourly.current_monthly.value_or(-1), 0.600668, 1e-5);
  EXPECT_EQ(hourly.lambda.memory_mb, 1024);
  EXPECT_NEAR(hourly.alternative_monthly.value_or(-1), 1.460295, 1e-5);
  EXPECT_FALSE(hourly.break_even);
  ASSERT_EQ(hourly.schedules.size(), 1u);
  EXPECT_EQ(hourly.schedules[0].line(), 24u);  // ScheduleExpression: rate(1 hour)
  EXPECT_EQ(cost_summary(hourly),
            "Fargate (2 x 0.5 vCPU/1 GB per run, each task billed at least a minute) declared by "
            "schedule: 730 runs/month x 60000 ms (assumed): $0.60/month; Lambda (1024 MB x86_64) "
            "at the same runs: $1.46/month");
  // Daily at 02:00: 30.42 runs of 1 vCPU/2 GB arm64, (0.03238 + 2 x 0.00356) = $0.0395 an
  // hour: 30.41667 x 0.0395 / 60 = $0.020024; Lambda 2048 MB arm64: 30.41667 x (2 x 60 x
  // 0.0000133334 + 0.0000002) = $0.048673.
  const WorkloadCost nightly = named(costs, "NightlyExport");
  EXPECT_EQ(nightly.type, "AWS::Scheduler::Schedule");
  EXPECT_NEAR(nightly.requests_per_month.value_or(-1), kMonthDays, 1e-9);
  EXPECT_EQ(nightly.fargate.arch, Arch::Arm64);
  EXPECT_NEAR(nightly.current_monthly.value_or(-1), 0.020024, 1e-5);
  EXPECT_NEAR(nightly.alternative_monthly.value_or(-1), 0.048673, 1e-5);
  // A disabled rule runs nothing; EC2 capacity is not priced per task.
  const WorkloadCost paused = named(costs, "PausedCleanup");
  EXPECT_EQ(paused.requests_per_month.value_or(-1), 0);
  EXPECT_EQ(paused.current_monthly.value_or(-1), 0);
  EXPECT_EQ(basis_text(paused), "declared by schedule: 0 runs/month");
  const WorkloadCost legacy = named(costs, "LegacyBatch");
  EXPECT_EQ(legacy.platform, Platform::EcsOnEc2);
  EXPECT_EQ(legacy.unpriced, "its EC2 capacity is billed by instance, not by task");
}

TEST_F(ScheduledTasks, TerraformTargetAndSchedulerArePricedByRuns) {
  const std::vector<WorkloadCost> costs = costs_of("fixtures/terraform/scheduled_tasks");
  ASSERT_EQ(costs.size(), 4u);
  // 2,920 runs of 0.25 vCPU/0.5 GB: 0.0123425 an hour, a minute each: $0.600668.
  const WorkloadCost digest = named(costs, "aws_cloudwatch_event_target.digest");
  EXPECT_EQ(digest.basis, UsageBasis::Schedule);
  EXPECT_NEAR(digest.requests_per_month.value_or(-1), 2920, 1e-6);
  EXPECT_NEAR(digest.current_monthly.value_or(-1), 0.600668, 1e-5);
  EXPECT_EQ(digest.lambda.memory_mb, 512);
  // Mondays at 03:00: 209 of 2024-2027's 1,461 days.
  const WorkloadCost rollup = named(costs, "aws_scheduler_schedule.rollup");
  EXPECT_NEAR(rollup.requests_per_month.value_or(-1), 209.0 / 1461 * kMonthDays, 1e-9);
  EXPECT_EQ(rollup.fargate.fixed_tasks.value_or(-1), 1);  // no task_count: one
  for (const char* off : {"aws_cloudwatch_event_target.purge", "aws_scheduler_schedule.retired"}) {
    const WorkloadCost c = named(costs, off);
    EXPECT_EQ(c.requests_per_month.value_or(-1), 0) << off;
    EXPECT_EQ(c.current_monthly.value_or(-1), 0) << off;
  }
}

TEST_F(ScheduledTasks, ServerlessResourcesArePricedByRuns) {
  const std::vector<WorkloadCost> costs = costs_of("fixtures/serverless/scheduled_tasks");
  // 1,460 runs of 0.25 vCPU/0.5 GB, a minute each: 1,460 x 0.0123425 / 60 = $0.300334.
  const WorkloadCost digest = named(costs, "DigestRule");
  EXPECT_EQ(digest.kind, WorkloadKind::ScheduledTask);
  EXPECT_NEAR(digest.requests_per_month.value_or(-1), 1460, 1e-6);
  EXPECT_NEAR(digest.current_monthly.value_or(-1), 0.300334, 1e-5);
}

// A declared run time (the schedule's name, or its task definition's) replaces the assumed
// minute; a run past 15 minutes has no Lambda alternative.
TEST_F(ScheduledTasks, DeclaredRunTime) {
  const std::string root = "fixtures/cloudformation/scheduled_tasks";
  ConfigResult config = parse_config(
      "usage:\n  NightlyExport: {avg_duration_ms: 1200000}\n  ReportTask: {avg_duration_ms: "
      "90500}\n",
      root + "/.rightfit.yaml");
  ASSERT_TRUE(config.ok()) << config.problem().message;
  const std::vector<WorkloadCost> costs = costs_of(root, *config);
  // 30.41667 runs x 1,200 s x $0.0395 an hour = $0.400486.
  const WorkloadCost nightly = named(costs, "NightlyExport");
  EXPECT_FALSE(nightly.duration_assumed);
  EXPECT_EQ(nightly.basis, UsageBasis::Schedule);
  ASSERT_TRUE(nightly.usage_declared);
  EXPECT_EQ(nightly.usage_declared->line(), 2u);
  EXPECT_NEAR(nightly.current_monthly.value_or(-1), 0.400486, 1e-5);
  EXPECT_FALSE(nightly.alternative_monthly);
  EXPECT_EQ(nightly.alternative_unfit, "a run of 20 min outlasts Lambda's 15 minutes");
  // 90.5 s billed as 91 s: 1,460 x 91 x 0.024685 / 3600 = $0.911014; Lambda 1,460 x (90.5 x
  // 0.0000166667 + 0.0000002) = $2.202463.
  const WorkloadCost hourly = named(costs, "HourlyReport");
  EXPECT_EQ(hourly.duration_ms, 90500);
  EXPECT_NEAR(hourly.current_monthly.value_or(-1), 0.911014, 1e-5);
  EXPECT_NEAR(hourly.alternative_monthly.value_or(-1), 2.202463, 1e-5);
}

}  // namespace
}  // namespace rightfit
