// `rightfit report`: the placement verdicts over fixtures/demo and fixtures/placement (each
// its own root with declared usage) and the Kubernetes CronJobs, in its four formats; the
// HTML page is loaded in headless Chromium by tests/browser/placement_report_check.mjs
// (playwright-core driving Debian's /usr/bin/chromium) and checked against the JSON.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <set>

#include "checks/check.h"
#include "driver/engine.h"
#include "integrations/report/placement.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

PlacementReport report_of(const std::string& root) {
  Config config;
  if (fs::exists(root + "/.rightfit.yaml")) {
    ConfigResult loaded = load_config(root + "/.rightfit.yaml");
    EXPECT_TRUE(loaded.ok()) << loaded.problem().message;
    config = loaded.value_or(Config{});
  }
  const Analysis analysis = analyze(AnalysisRequest{{root}, root, config, 2, {}});
  EXPECT_TRUE(analysis.errors.empty());
  return build_placement_report(*analysis.graph, config, analysis.findings, all_rules());
}

const PlacedWorkload& workload(const PlacementReport& report, const std::string& name) {
  for (const PlacedWorkload& w : report.workloads) {
    if (w.id.name == name) return w;
  }
  ADD_FAILURE() << "no workload " << name;
  static const PlacedWorkload none;
  return none;
}

// The evidence item of `rule` (or, with an empty rule, whose message contains `text`).
const Evidence* evidence(const PlacedWorkload& w, const std::string& rule,
                         const std::string& text = "") {
  for (const Evidence& e : w.evidence) {
    if (e.rule == rule && e.message.find(text) != std::string::npos) return &e;
  }
  return nullptr;
}

std::string where(const Evidence* e) { return e ? placement_location(e->where) : "(none)"; }

const DetectedPattern* pattern(const PlacementReport& report, const std::string& name) {
  for (const DetectedPattern& p : report.patterns) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::set<std::string> members(const DetectedPattern& p, const std::string& role) {
  std::set<std::string> out;
  for (const PatternMember& m : p.members) {
    if (m.role == role) out.insert(m.name);
  }
  return out;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// --- verdicts ---

TEST(PlacementReport, DemoRecommendationsAndTheirEvidence) {
  const PlacementReport report = report_of("fixtures/demo");
  ASSERT_EQ(report.workloads.size(), 5u);

  // Its only problem is a Timeout above what the API waits; nothing read shows long work (its
  // code is not in the demo): lower the Timeout and stay (issue 21).
  const PlacedWorkload& api = workload(report, "InvoiceApi");
  EXPECT_EQ(api.recommendation, Recommendation::Stay);
  EXPECT_NE(api.reason.find("lower the Timeout"), std::string::npos) << api.reason;
  EXPECT_EQ(api.platform, "Lambda");
  const Evidence* rf105 = evidence(api, "RF105");
  ASSERT_NE(rf105, nullptr);
  EXPECT_EQ(rf105->axis, PlacementAxis::Duration);
  EXPECT_EQ(rf105->lean, Lean::Fargate);
  EXPECT_EQ(where(rf105), "fixtures/demo/template.yaml:33");
  EXPECT_EQ(where(evidence(api, "RF404")), "fixtures/demo/template.yaml:29");

  const PlacedWorkload& report_job = workload(report, "MonthlyReport");
  EXPECT_EQ(report_job.recommendation, Recommendation::MoveToFargate);
  EXPECT_EQ(report_job.confidence, Confidence::High);
  EXPECT_EQ(where(evidence(report_job, "RF104")), "fixtures/demo/template.yaml:65");
  EXPECT_EQ(report_job.axis(PlacementAxis::Duration).lean, Lean::Fargate);

  // A heavy image alone (RF301) is soft: slow cold starts, not a limit the work hits.
  const PlacedWorkload& thumbnailer = workload(report, "Thumbnailer");
  EXPECT_EQ(thumbnailer.recommendation, Recommendation::Stay);
  const Evidence* rf301 = evidence(thumbnailer, "RF301");
  ASSERT_NE(rf301, nullptr);
  EXPECT_EQ(rf301->axis, PlacementAxis::Startup);
  EXPECT_EQ(where(rf301), "fixtures/demo/thumbnailer/Dockerfile:3");
  EXPECT_EQ(where(evidence(thumbnailer, "", "FROM public.ecr.aws/lambda/python:3.12")),
            "fixtures/demo/thumbnailer/Dockerfile:2");

  const PlacedWorkload& worker = workload(report, "OrderWorker");
  EXPECT_EQ(worker.recommendation, Recommendation::Stay);
  const Evidence* rf106 = evidence(worker, "RF106");  // about its queue
  ASSERT_NE(rf106, nullptr);
  EXPECT_EQ(rf106->axis, PlacementAxis::Duration);
  EXPECT_EQ(where(rf106), "fixtures/demo/template.yaml:44");
  EXPECT_EQ(where(evidence(worker, "", "Timeout 120 s")), "fixtures/demo/template.yaml:51");

  const PlacedWorkload& web = workload(report, "WebService");
  EXPECT_EQ(web.platform, "Fargate");
  EXPECT_EQ(web.recommendation, Recommendation::MoveToLambda);
  EXPECT_EQ(web.confidence, Confidence::High);
  EXPECT_EQ(where(evidence(web, "RF401")), "fixtures/demo/template.yaml:100");
  EXPECT_EQ(where(evidence(web, "RF405")), "fixtures/demo/template.yaml:96");
  EXPECT_EQ(web.axis(PlacementAxis::TrafficCost).lean, Lean::Lambda);
}

TEST(PlacementReport, EveryWorkloadHasEvidenceOnEveryAxisWithALocation) {
  for (const std::string root :
       {"fixtures/demo", "fixtures/placement", "fixtures/placement/cases/stay_api_timeout",
        "fixtures/placement/cases/move_to_lambda_idle_queue",
        "fixtures/placement/cases/platforms"}) {
    for (const PlacedWorkload& w : report_of(root).workloads) {
      std::set<PlacementAxis> axes;
      for (const Evidence& e : w.evidence) {
        axes.insert(e.axis);
        EXPECT_TRUE(e.where.known()) << w.id.name << ": " << e.message;
        EXPECT_FALSE(e.where.file.empty()) << w.id.name << ": " << e.message;
      }
      EXPECT_EQ(axes.size(), kPlacementAxes) << root << " " << w.id.name;
    }
  }
}

TEST(PlacementReport, PlacementFixture) {
  const PlacementReport report = report_of("fixtures/placement");
  ASSERT_EQ(report.workloads.size(), 6u);

  const PlacedWorkload& orders = workload(report, "OrdersApi");
  EXPECT_EQ(orders.recommendation, Recommendation::Stay);
  EXPECT_EQ(orders.confidence, Confidence::High);
  // Its Python handler was read: no state between invocations.
  const Evidence* stateless = evidence(orders, "", "keeps no state");
  ASSERT_NE(stateless, nullptr);
  EXPECT_EQ(stateless->axis, PlacementAxis::State);
  EXPECT_EQ(where(stateless), "fixtures/placement/api/app.py:4");

  const PlacedWorkload& sessions = workload(report, "SessionApi");
  EXPECT_EQ(sessions.recommendation, Recommendation::Stay);  // fixed in place
  EXPECT_EQ(sessions.confidence, Confidence::Low);
  const Evidence* rf201 = evidence(sessions, "RF201");
  ASSERT_NE(rf201, nullptr);
  EXPECT_EQ(rf201->axis, PlacementAxis::State);
  EXPECT_EQ(where(rf201), "fixtures/placement/sessions/app.py:5");
  EXPECT_EQ(sessions.axis(PlacementAxis::State).lean, Lean::Fargate);

  const PlacedWorkload& export_job = workload(report, "ExportJob");
  // Only its Timeout says the work is long: one soft item, so it stays (lower the Timeout,
  // or show the duration with usage or code).
  EXPECT_EQ(export_job.recommendation, Recommendation::Stay);
  EXPECT_EQ(export_job.confidence, Confidence::Medium);  // its schedule argues for Lambda
  EXPECT_EQ(where(evidence(export_job, "RF104")), "fixtures/placement/template.yaml:86");

  const PlacedWorkload& web = workload(report, "WebService");
  EXPECT_EQ(web.recommendation, Recommendation::Stay);
  EXPECT_EQ(web.confidence, Confidence::Medium);
  EXPECT_EQ(web.axis(PlacementAxis::TrafficCost).lean, Lean::Fargate);
  EXPECT_EQ(where(evidence(web, "", "Fargate is cheaper")), "fixtures/placement/.rightfit.yaml:3");

  const PlacedWorkload& idle = workload(report, "ReportWorker");
  EXPECT_EQ(idle.recommendation, Recommendation::MoveToLambda);
  EXPECT_EQ(where(evidence(idle, "RF401")), "fixtures/placement/template.yaml:159");
}

TEST(PlacementReport, CronJobOnFargateThatFitsLambda) {
  const PlacementReport report = report_of("fixtures/kubernetes");
  const PlacedWorkload& job = workload(report, "batch-reports/usage-report");
  EXPECT_EQ(job.kind, "cronjob");
  EXPECT_EQ(job.platform, "Fargate");
  EXPECT_EQ(job.recommendation, Recommendation::MoveToLambda);
  EXPECT_EQ(where(evidence(job, "RF406")), "fixtures/kubernetes/cron/reports.yaml:14");
  const PlacedWorkload& hourly = workload(report, "batch-reports/warehouse-export");
  EXPECT_EQ(hourly.recommendation, Recommendation::Stay);
  EXPECT_EQ(hourly.axis(PlacementAxis::Duration).lean, Lean::Fargate);
}

TEST(PlacementReport, ScheduledEcsTasksArePlacedByTheirRuns) {
  const PlacementReport report = report_of("fixtures/cloudformation/scheduled_tasks");
  const PlacedWorkload& hourly = workload(report, "HourlyReport");
  EXPECT_EQ(hourly.kind, "scheduled-task");
  EXPECT_EQ(hourly.platform, "Fargate");
  EXPECT_EQ(hourly.axis(PlacementAxis::Duration).lean, Lean::Neutral);  // the run time assumed
  std::set<PlacementAxis> axes;
  for (const Evidence& e : hourly.evidence) axes.insert(e.axis);
  EXPECT_EQ(axes.size(), kPlacementAxes);
  const std::string text = format_placement_text(report);
  EXPECT_NE(text.find("HourlyReport (scheduled-task"), std::string::npos) << text;
  EXPECT_NE(text.find("usage declared by schedule: 730 runs/month x 60000 ms (assumed): now "
                      "$0.60/month"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("always-on"), std::string::npos) << text;
}

// fixtures/placement/cases: one small application per verdict class.
struct ExpectedVerdict {
  const char* workload;
  const char* platform;
  Recommendation recommendation;
  Confidence confidence;
};

void expect_verdicts(const std::string& root, const std::vector<ExpectedVerdict>& expected) {
  const PlacementReport report = report_of(root);
  ASSERT_EQ(report.workloads.size(), expected.size()) << root;
  for (const ExpectedVerdict& e : expected) {
    const PlacedWorkload& w = workload(report, e.workload);
    EXPECT_EQ(w.platform, e.platform) << e.workload;
    EXPECT_EQ(recommendation_name(w.recommendation),
              std::string(recommendation_name(e.recommendation)))
        << e.workload << ": " << w.reason;
    EXPECT_EQ(confidence_name(w.confidence), std::string(confidence_name(e.confidence)))
        << e.workload << ": " << w.reason;
  }
}

const std::string kCases = "fixtures/placement/cases/";

TEST(PlacementCases, SmallApiTimeoutOverrunStays) {
  expect_verdicts(kCases + "stay_api_timeout",
                  {{"PriceLookup", "Lambda", Recommendation::Stay, Confidence::Medium}});
  const PlacementReport report = report_of(kCases + "stay_api_timeout");
  const PlacedWorkload& w = workload(report, "PriceLookup");
  EXPECT_NE(w.reason.find("lower the Timeout"), std::string::npos) << w.reason;
  EXPECT_EQ(where(evidence(w, "RF105")), kCases + "stay_api_timeout/template.yaml:15");
}

TEST(PlacementCases, OneSoftFindingStays) {
  expect_verdicts(kCases + "stay_single_soft",
                  {{"SettlementPoller", "Lambda", Recommendation::Stay, Confidence::High},
                   {"AuditTrail", "Lambda", Recommendation::Stay, Confidence::Medium},
                   {"RateCard", "Lambda", Recommendation::Stay, Confidence::Low}});
}

TEST(PlacementCases, SeveralIndependentSoftFindingsMove) {
  expect_verdicts(kCases + "move_several_soft",
                  {{"InventorySync", "Lambda", Recommendation::MoveToFargate, Confidence::Medium}});
}

TEST(PlacementCases, HardLimitsMove) {
  expect_verdicts(kCases + "move_hard_limit",
                  {{"SearchRebuild", "Lambda", Recommendation::MoveToFargate, Confidence::High},
                   {"PreviewServer", "Lambda", Recommendation::MoveToFargate, Confidence::High},
                   {"IndexCheck", "Lambda", Recommendation::Stay, Confidence::High}});
  const PlacementReport report = report_of(kCases + "move_hard_limit");
  const PlacedWorkload& rebuild = workload(report, "SearchRebuild");
  const Evidence* rf101 = evidence(rebuild, "RF101");
  ASSERT_NE(rf101, nullptr);
  EXPECT_EQ(rf101->strength, Strength::Hard);
}

TEST(PlacementCases, IdleFargateOnAQueueMovesToLambda) {
  expect_verdicts(
      kCases + "move_to_lambda_idle_queue",
      {{"aws_ecs_service.thumbnailer", "Fargate", Recommendation::MoveToLambda, Confidence::Medium},
       {"aws_ecs_service.storefront", "Fargate", Recommendation::Stay, Confidence::Low}});
}

TEST(PlacementCases, LongWorkBehindAnApiSplits) {
  expect_verdicts(kCases + "split_mixed",
                  {{"ExportApi", "Lambda", Recommendation::Split, Confidence::Medium},
                   {"ExportStatus", "Lambda", Recommendation::Stay, Confidence::Medium}});
}

// EKS pods a Fargate profile selects are on Fargate, the others on the cluster's EC2 nodes;
// ECS services on an EC2 capacity provider (named, referenced in CloudFormation or declared
// in Terraform) are on EC2, and the reason says so.
TEST(PlacementCases, EveryWorkloadOnItsPlatform) {
  expect_verdicts(kCases + "platforms",
                  {{"LedgerService", "ECS on EC2", Recommendation::Stay, Confidence::Low},
                   {"AuditService", "ECS on EC2", Recommendation::Stay, Confidence::Low},
                   {"aws_ecs_service.indexer", "ECS on EC2", Recommendation::Stay, Confidence::Low},
                   {"MailerService", "Fargate Spot", Recommendation::Stay, Confidence::Low},
                   {"checkout/cart", "Fargate", Recommendation::Stay, Confidence::Low},
                   {"catalog/search", "EKS on EC2", Recommendation::Stay, Confidence::Low}});
  const PlacementReport report = report_of(kCases + "platforms");
  EXPECT_NE(workload(report, "catalog/search").reason.find("EC2 nodes"), std::string::npos);
  EXPECT_NE(workload(report, "LedgerService").reason.find("not on Fargate"), std::string::npos);
  EXPECT_EQ(workload(report, "checkout/cart").reason.find("EC2"), std::string::npos);
}

// --- the evidence table (docs/cost-and-placement.md "Placement report") ---

// One item of a case: a finding of `rule` (at its default severity; `timeout_s` is the
// function's Timeout), or, with no rule, what the graph states directly.
struct Item {
  std::string rule;
  std::optional<double> timeout_s;
  PlacementAxis axis = PlacementAxis::Duration;
  Lean lean = Lean::Neutral;
  Strength strength = Strength::None;
  int weight = kSettingWeight;
  bool suppressed = false;
};

Item finding(const std::string& rule, std::optional<double> timeout_s = std::nullopt) {
  return Item{rule, timeout_s};
}
Item suppressed(const std::string& rule) {
  Item i = finding(rule);
  i.suppressed = true;
  return i;
}
Item stated(PlacementAxis axis, Lean lean, Strength strength = Strength::None,
            int weight = kSettingWeight) {
  return Item{"", std::nullopt, axis, lean, strength, weight};
}

// What every short Lambda states: a Timeout well within the cap, a Zip package, an event
// that invokes it.
const Item kShortTimeout = stated(PlacementAxis::Duration, Lean::Lambda);
const Item kZip = stated(PlacementAxis::Startup, Lean::Lambda);
const Item kInvoked = stated(PlacementAxis::TrafficCost, Lean::Lambda);
// API Gateway events are no trigger item; behind an API, the handler code read instead.
const Item kStateless = stated(PlacementAxis::State, Lean::Lambda);
const Item kDeclaredLongerThanApi =
    stated(PlacementAxis::Duration, Lean::Fargate, Strength::Soft, kFindingWeight);
const Item kDeclaredCostFavoursLambda =
    stated(PlacementAxis::TrafficCost, Lean::Lambda, Strength::Strong, kFindingWeight);
const Item kTaskLargerThanLambda =
    stated(PlacementAxis::Customization, Lean::Fargate, Strength::Hard);
const Item kDeadlineWithinLambda = stated(PlacementAxis::Duration, Lean::Lambda);

Severity default_severity(const std::string& rule) {
  for (const RuleInfo& r : all_rules()) {
    if (r.id == rule) return r.default_severity;
  }
  ADD_FAILURE() << "no rule " << rule;
  return Severity::Warning;
}

Evidence evidence_of(const Item& item, size_t line) {
  const uint32_t at = static_cast<uint32_t>(line);
  const SourceRange where{"case.yaml", Span{Position{at, 1}, Position{at, 2}}};
  if (item.rule.empty()) {
    return Evidence{item.axis, item.lean,     item.lean == Lean::Neutral ? 0 : item.weight,
                    "stated",  where,         "",
                    false,     item.strength, false,
                    false};
  }
  Finding f;
  f.rule_id = item.rule;
  f.severity = default_severity(item.rule);
  f.message = item.rule;
  f.location = where;
  if (item.suppressed) f.suppression = FindingSuppression{};
  return finding_evidence(f, all_rules(), item.timeout_s);
}

struct VerdictCase {
  const char* name;
  const char* platform;  // "Lambda", "Fargate", "EKS on EC2", ...
  bool behind_api;
  std::vector<Item> items;
  Recommendation recommendation;
  Confidence confidence;
};

std::ostream& operator<<(std::ostream& os, const VerdictCase& c) { return os << c.name; }

class EvidenceTable : public testing::TestWithParam<VerdictCase> {};

TEST_P(EvidenceTable, RecommendationAndConfidence) {
  const VerdictCase& c = GetParam();
  PlacedWorkload w;
  w.id = EntityId{"case.yaml", c.name};
  w.platform = c.platform;
  w.on_lambda = std::string(c.platform) == "Lambda";
  for (size_t i = 0; i < c.items.size(); ++i) w.evidence.push_back(evidence_of(c.items[i], i + 1));
  decide_placement(w, c.behind_api);
  EXPECT_EQ(recommendation_name(w.recommendation),
            std::string(recommendation_name(c.recommendation)))
      << w.reason;
  EXPECT_EQ(confidence_name(w.confidence), std::string(confidence_name(c.confidence))) << w.reason;
  EXPECT_FALSE(w.reason.empty());
}

using R = Recommendation;
using C = Confidence;
constexpr bool kApi = true;
constexpr bool kNoApi = false;

INSTANTIATE_TEST_SUITE_P(
    Placement, EvidenceTable,
    testing::Values(
        // Nothing against the platform it is on.
        VerdictCase{
            "ShortFunction", "Lambda", kNoApi, {kShortTimeout, kZip, kInvoked}, R::Stay, C::High},
        // A Timeout a few seconds above the API's wait, short work: lower it, stay.
        VerdictCase{"ApiTimeoutOnly",
                    "Lambda",
                    kApi,
                    {finding("RF105"), kShortTimeout, kZip, kStateless},
                    R::Stay,
                    C::Medium},
        VerdictCase{"ApiTimeoutWithDbFinding",
                    "Lambda",
                    kApi,
                    {finding("RF105"), finding("RF404"), kShortTimeout, kZip, kStateless},
                    R::Stay,
                    C::Medium},
        // Long work on the request path: split.
        VerdictCase{"ApiTimeoutAndPollingLoop",
                    "Lambda",
                    kApi,
                    {finding("RF105"), finding("RF103"), kShortTimeout, kZip, kStateless},
                    R::Split,
                    C::Medium},
        VerdictCase{"ApiTimeoutAndDeclaredLongDuration",
                    "Lambda",
                    kApi,
                    {finding("RF105"), kDeclaredLongerThanApi, kZip, kStateless},
                    R::Split,
                    C::Medium},
        VerdictCase{"ApiNearTheCap",
                    "Lambda",
                    kApi,
                    {finding("RF105"), finding("RF104"), kZip, kStateless},
                    R::Split,
                    C::Medium},
        VerdictCase{"ApiUnboundedLoop",
                    "Lambda",
                    kApi,
                    {finding("RF102"), kShortTimeout, kZip, kStateless},
                    R::Split,
                    C::Medium},
        // A polling loop under a Timeout the API allows is bounded by it: stay.
        VerdictCase{"ApiPollingWithinTheWait",
                    "Lambda",
                    kApi,
                    {finding("RF103"), kShortTimeout, kZip, kStateless},
                    R::Stay,
                    C::Medium},
        // One soft finding is a change in place.
        VerdictCase{"OnePollingLoop",
                    "Lambda",
                    kNoApi,
                    {finding("RF103"), kShortTimeout, kZip, kInvoked},
                    R::Stay,
                    C::Medium},
        VerdictCase{"OneBackgroundThread",
                    "Lambda",
                    kNoApi,
                    {finding("RF203"), kShortTimeout, kZip, kInvoked},
                    R::Stay,
                    C::Medium},
        VerdictCase{"OneMutableGlobal",
                    "Lambda",
                    kNoApi,
                    {finding("RF201"), kShortTimeout, kZip, kInvoked},
                    R::Stay,
                    C::Medium},
        VerdictCase{"OneWriteOutsideTmp",
                    "Lambda",
                    kNoApi,
                    {finding("RF202"), kShortTimeout, kZip, kInvoked},
                    R::Stay,
                    C::Medium},
        VerdictCase{"ClientPerInvocation",
                    "Lambda",
                    kNoApi,
                    {finding("RF205"), kShortTimeout, kZip, kInvoked},
                    R::Stay,
                    C::High},
        VerdictCase{"HeavyImageAlone",
                    "Lambda",
                    kNoApi,
                    {finding("RF301"), kShortTimeout, kInvoked},
                    R::Stay,
                    C::Low},
        // The same rule twice is one kind of problem, not independent evidence.
        VerdictCase{"TwoMutableGlobals",
                    "Lambda",
                    kNoApi,
                    {finding("RF201"), finding("RF201"), kShortTimeout, kZip, kInvoked},
                    R::Stay,
                    C::Low},
        // Only the duration and state axes add up.
        VerdictCase{"HeavyImageAndPollingLoop",
                    "Lambda",
                    kNoApi,
                    {finding("RF301"), finding("RF103"), kShortTimeout, kInvoked},
                    R::Stay,
                    C::Low},
        // Several independent soft findings: strong, at most medium.
        VerdictCase{"PollingLoopAndBackgroundThread",
                    "Lambda",
                    kNoApi,
                    {finding("RF103"), finding("RF203"), kShortTimeout, kZip, kInvoked},
                    R::MoveToFargate,
                    C::Medium},
        VerdictCase{"MutableGlobalAndBackgroundThread",
                    "Lambda",
                    kNoApi,
                    {finding("RF201"), finding("RF203"), kShortTimeout, kZip, kInvoked},
                    R::MoveToFargate,
                    C::Medium},
        // A Timeout near the cap is only what the team budgeted: alone, it moves nothing.
        VerdictCase{
            "NearTheCap", "Lambda", kNoApi, {finding("RF104"), kZip, kInvoked}, R::Stay, C::Low},
        // Strong evidence alone moves.
        VerdictCase{"NearTheCapHeavyCompute",
                    "Lambda",
                    kNoApi,
                    {finding("RF104"), finding("RF403"), kZip, kInvoked},
                    R::MoveToFargate,
                    C::High},
        VerdictCase{"SteadyLoadCheaperOnFargate",
                    "Lambda",
                    kNoApi,
                    {finding("RF402"), kShortTimeout, kInvoked},
                    R::MoveToFargate,
                    C::Medium},
        // Hard limits leave no choice.
        VerdictCase{"TimeoutAboveTheCap",
                    "Lambda",
                    kNoApi,
                    {finding("RF101", 1800), kZip, kInvoked},
                    R::MoveToFargate,
                    C::High},
        VerdictCase{"UnboundedLoop",
                    "Lambda",
                    kNoApi,
                    {finding("RF102"), kShortTimeout, kZip, kInvoked},
                    R::MoveToFargate,
                    C::High},
        VerdictCase{"ListensOnASocket",
                    "Lambda",
                    kNoApi,
                    {finding("RF204"), kShortTimeout, kZip, kInvoked},
                    R::MoveToFargate,
                    C::High},
        VerdictCase{"ImageRunsAServer",
                    "Lambda",
                    kNoApi,
                    {finding("RF302"), kShortTimeout, kInvoked},
                    R::MoveToFargate,
                    C::High},
        VerdictCase{"HardLimitWithUnresolvedValue",
                    "Lambda",
                    kNoApi,
                    {finding("RF204"), finding("RF002"), kShortTimeout, kZip},
                    R::MoveToFargate,
                    C::Medium},
        // A Timeout below 1 s and a suppressed finding are no case at all.
        VerdictCase{"TimeoutZero",
                    "Lambda",
                    kNoApi,
                    {finding("RF101", 0), kShortTimeout, kZip, kInvoked},
                    R::Stay,
                    C::High},
        VerdictCase{"SuppressedUnboundedLoop",
                    "Lambda",
                    kNoApi,
                    {suppressed("RF102"), kShortTimeout, kZip, kInvoked},
                    R::Stay,
                    C::High},
        // Containers: RF401 and a declared cost comparison are strong; RF405 is soft; a limit
        // of Lambda forbids the move.
        VerdictCase{
            "IdleAlwaysOn", "Fargate", kNoApi, {finding("RF401")}, R::MoveToLambda, C::Medium},
        VerdictCase{"IdleAlwaysOnWithoutScaling",
                    "Fargate",
                    kNoApi,
                    {finding("RF401"), finding("RF405")},
                    R::MoveToLambda,
                    C::High},
        VerdictCase{"DeclaredCostFavoursLambda",
                    "Fargate",
                    kNoApi,
                    {kDeclaredCostFavoursLambda},
                    R::MoveToLambda,
                    C::Medium},
        VerdictCase{"NoAutoscalingAlone", "Fargate", kNoApi, {finding("RF405")}, R::Stay, C::Low},
        VerdictCase{"IdleButLargerThanALambda",
                    "Fargate",
                    kNoApi,
                    {finding("RF401"), kTaskLargerThanLambda},
                    R::Stay,
                    C::Low},
        VerdictCase{"CronJobFitsLambda",
                    "Fargate",
                    kNoApi,
                    {finding("RF406"), kDeadlineWithinLambda},
                    R::MoveToLambda,
                    C::Medium},
        VerdictCase{"IdleOnEc2Nodes",
                    "EKS on EC2",
                    kNoApi,
                    {finding("RF401")},
                    R::MoveToLambda,
                    C::Medium}),
    [](const testing::TestParamInfo<VerdictCase>& info) { return std::string(info.param.name); });

// --- patterns ---

TEST(PlacementReport, PatternsWithTheirDeviations) {
  const PlacementReport demo = report_of("fixtures/demo");
  const DetectedPattern* api = pattern(demo, "api-gateway-lambda-db");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(members(*api, "function"), std::set<std::string>{"InvoiceApi"});
  EXPECT_EQ(members(*api, "database"), std::set<std::string>{"OrdersDatabase"});
  ASSERT_FALSE(api->deviations.empty());
  EXPECT_EQ(api->deviations[0].rule, "RF404");  // no RDS Proxy
  EXPECT_EQ(placement_location(api->deviations[0].where), "fixtures/demo/template.yaml:29");
  EXPECT_FALSE(api->not_modelled.empty());

  const DetectedPattern* queue = pattern(demo, "ecs-front-sqs-workers");
  ASSERT_NE(queue, nullptr);
  EXPECT_EQ(members(*queue, "front"), std::set<std::string>{"WebService"});
  EXPECT_EQ(members(*queue, "worker"), std::set<std::string>{"OrderWorker"});
  ASSERT_FALSE(queue->deviations.empty());
  EXPECT_EQ(queue->deviations[0].rule, "RF106");  // the worker's queue visibility is too short
  EXPECT_EQ(placement_location(queue->deviations[0].where), "fixtures/demo/template.yaml:44");

  const PlacementReport shop = report_of("fixtures/placement");
  const DetectedPattern* proxied = pattern(shop, "api-gateway-lambda-db");
  ASSERT_NE(proxied, nullptr);
  EXPECT_EQ(members(*proxied, "function"), std::set<std::string>{"OrdersApi"});
  EXPECT_EQ(members(*proxied, "proxy"), std::set<std::string>{"OrdersProxyTargets"});
  EXPECT_TRUE(proxied->deviations.empty());
  const DetectedPattern* workers = pattern(shop, "ecs-front-sqs-workers");
  ASSERT_NE(workers, nullptr);
  EXPECT_EQ(members(*workers, "worker"), (std::set<std::string>{"OrderWorker", "ReportWorker"}));
  EXPECT_EQ(members(*workers, "queue"), (std::set<std::string>{"Orders", "Reports"}));
  ASSERT_EQ(workers->deviations.size(), 1u);
  EXPECT_EQ(workers->deviations[0].rule, "RF401");
  EXPECT_NE(pattern(shop, "ecs-alb-rds"), nullptr);
}

TEST(PlacementReport, MapHasEveryWorkloadAndTheLinks) {
  const PlacementReport report = report_of("fixtures/demo");
  std::map<std::string, size_t> by_key;
  for (size_t i = 0; i < report.nodes.size(); ++i) by_key[report.nodes[i].key] = i;
  for (const PlacedWorkload& w : report.workloads)
    EXPECT_EQ(by_key.count(workload_key(w.id)), 1u) << w.id.name;
  auto linked = [&](const std::string& from, const std::string& to) {
    for (const MapEdge& e : report.edges) {
      if (report.nodes[e.from].label == from && report.nodes[e.to].label == to) return true;
    }
    return false;
  };
  EXPECT_TRUE(linked("API Gateway (Api)", "InvoiceApi"));
  EXPECT_TRUE(linked("InvoiceApi", "OrdersDatabase"));
  EXPECT_TRUE(linked("OrderEvents", "OrderWorker"));
  EXPECT_TRUE(linked("load balancer", "WebService"));
  EXPECT_TRUE(linked("Schedule", "MonthlyReport"));
  const std::string svg = placement_map_svg(report);
  EXPECT_EQ(count(svg, "data-workload=\""), report.workloads.size());
  EXPECT_EQ(count(svg, "class=\"map-node\""), report.nodes.size());
  EXPECT_EQ(count(svg, "class=\"map-edge\""), report.edges.size());
  EXPECT_NE(svg.find("data-recommendation=\"move-to-lambda\""), std::string::npos);
}

// A rule added without a place in the verdicts would silently count for nothing.
// Findings about rightfit's own input (a file it cannot parse, a suppression directive that
// names no rule or suppresses nothing) say nothing about where a workload belongs.
TEST(PlacementReport, EveryRuleButThoseAboutTheInputBearsOnPlacement) {
  const std::set<std::string> about_the_input = {"RF001", "RF003", "RF004"};
  for (const RuleInfo& rule : all_rules())
    EXPECT_EQ(rule.bearing.has_value(), about_the_input.count(rule.id) == 0) << rule.id;
}

// A name wraps at 30 columns and is elided after three lines, whole in the node's title.
TEST(PlacementReport, MapLabelsAreCutOnCharacterBoundaries) {
  PlacementReport report;
  std::string name;
  for (int i = 0; i < 100; ++i) name += "\u00f1";  // 2 bytes, one column each
  report.nodes.push_back(MapNode{"queue|s#q", "queue", name, std::nullopt, 2, "s"});
  const std::string svg = placement_map_svg(report);
  EXPECT_EQ(count(svg, ">" + name.substr(0, 60) + "<"), 2u) << svg;  // two lines of 30
  EXPECT_NE(svg.find(">" + name.substr(0, 58) + "\u2026<"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>" + name + " (queue)"), std::string::npos);
}

// --- formats ---

TEST(PlacementReport, JsonShape) {
  const std::string json = format_placement_json(report_of("fixtures/demo"));
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError());
  ASSERT_TRUE(doc.IsObject());
  ASSERT_TRUE(doc["workloads"].IsArray());
  ASSERT_TRUE(doc["patterns"].IsArray());
  ASSERT_TRUE(doc["cost"]["workloads"].IsArray());  // the cost report, embedded
  ASSERT_EQ(doc["workloads"].Size(), 5u);
  const std::set<std::string> recommendations{"stay", "move-to-fargate", "move-to-lambda", "split"};
  const std::set<std::string> confidences{"high", "medium", "low"};
  bool saw_rf301 = false;
  for (const auto& w : doc["workloads"].GetArray()) {
    for (const char* key : {"id", "name", "platform", "recommendation", "confidence", "file"})
      ASSERT_TRUE(w[key].IsString()) << key;
    EXPECT_TRUE(recommendations.count(w["recommendation"].GetString()));
    EXPECT_TRUE(confidences.count(w["confidence"].GetString()));
    ASSERT_TRUE(w["axes"].IsObject());
    for (const char* axis : {"duration", "state", "startup", "traffic_cost", "customization"})
      ASSERT_TRUE(w["axes"][axis]["verdict"].IsString()) << axis;
    ASSERT_TRUE(w["evidence"].IsArray());
    for (const auto& e : w["evidence"].GetArray()) {
      ASSERT_TRUE(e["axis"].IsString());
      ASSERT_TRUE(e["message"].IsString());
      ASSERT_TRUE(e["file"].IsString());
      ASSERT_TRUE(e["line"].IsUint());
      if (e.HasMember("rule") && std::string(e["rule"].GetString()) == "RF301") {
        saw_rf301 = true;
        EXPECT_EQ(std::string(w["name"].GetString()), "Thumbnailer");
        EXPECT_EQ(std::string(e["file"].GetString()), "fixtures/demo/thumbnailer/Dockerfile");
        EXPECT_EQ(e["line"].GetUint(), 3u);
        EXPECT_EQ(std::string(e["axis"].GetString()), "startup");
        EXPECT_EQ(std::string(e["strength"].GetString()), "soft");  // a heavy image alone
      }
    }
  }
  EXPECT_TRUE(saw_rf301);
  const auto& first = doc["patterns"][0];
  EXPECT_EQ(std::string(first["name"].GetString()), "api-gateway-lambda-db");
  ASSERT_TRUE(first["members"].IsArray());
  EXPECT_EQ(std::string(first["deviations"][0]["rule"].GetString()), "RF404");
  EXPECT_EQ(doc["map"]["nodes"].Size(), report_of("fixtures/demo").nodes.size());
}

TEST(PlacementReport, Text) {
  const std::string text = format_placement_text(report_of("fixtures/demo"));
  EXPECT_EQ(text.rfind("rightfit placement report: 5 workloads (3 stay, 1 move-to-fargate, 1 "
                       "move-to-lambda)\n",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("fixtures/demo/template.yaml:29: InvoiceApi (function on Lambda)\n"
                      "  recommendation: stay (low confidence): "),
            std::string::npos);
  EXPECT_NE(text.find("    [fargate] RF105 fixtures/demo/template.yaml:33: "), std::string::npos);
  EXPECT_NE(text.find("\napi-gateway-lambda-db (fixtures/demo/template.yaml)\n  members: api "
                      "API Gateway (Api), function InvoiceApi, database OrdersDatabase\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Known monthly cost now: $36.04"), std::string::npos);
}

TEST(PlacementReport, Markdown) {
  const std::string md = format_placement_markdown(report_of("fixtures/demo"));
  EXPECT_EQ(md.rfind("### rightfit placement report\n", 0), 0u);
  EXPECT_NE(md.find("| Workload | Platform | Recommendation | Confidence | Why |\n"),
            std::string::npos);
  EXPECT_NE(md.find("| **InvoiceApi**<br>fixtures/demo/template.yaml:29 | Lambda | **stay** | "
                    "low | "),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| **WebService**<br>fixtures/demo/template.yaml:96 | Fargate | "
                    "**move-to-lambda** | high | "),
            std::string::npos);
  EXPECT_EQ(count(md, "<details>"), 5u);
  EXPECT_NE(md.find("- startup (fargate) **RF301** `fixtures/demo/thumbnailer/Dockerfile:3`: "),
            std::string::npos);
  EXPECT_NE(md.find("#### Patterns\n\n- **api-gateway-lambda-db**"), std::string::npos);
}

TEST(PlacementReport, MarkdownFitsTheCommentLimitAndHasASummaryMode) {
  const PlacementReport report = report_of("fixtures/demo");
  MarkdownOptions summary;
  summary.summary = true;
  const std::string brief = format_placement_markdown(report, summary);
  EXPECT_EQ(count(brief, "<details>"), 0u);
  EXPECT_EQ(brief.find("#### Patterns"), std::string::npos);
  EXPECT_NE(brief.find("| **InvoiceApi**<br>fixtures/demo/template.yaml:29 |"), std::string::npos);
  EXPECT_NE(brief.find("_Summary: `rightfit report` shows the evidence and the patterns._"),
            std::string::npos);
  // Too small for the evidence: the table stays whole, the rest is counted.
  const std::string full = format_placement_markdown(report);
  MarkdownOptions tight;
  const std::size_t footer = full.size() - full.rfind("\n<sub>");
  tight.max_chars = full.find("<details>") + footer + 1024 + 200;  // 1024: kept for the notes
  const std::string cut = format_placement_markdown(report, tight);
  EXPECT_LE(cut.size(), tight.max_chars);
  EXPECT_NE(cut.find("| **WebService**<br>"), std::string::npos) << cut;
  EXPECT_NE(cut.find("workloads' evidence left out to keep this comment under"), std::string::npos)
      << cut;
  EXPECT_NE(cut.find(" patterns left out"), std::string::npos) << cut;
  EXPECT_NE(cut.find("<sub>Known monthly cost now: "), std::string::npos);
}

TEST(PlacementReport, HtmlIsOneSelfContainedPageWithMapAndCostCharts) {
  const PlacementReport report = report_of("fixtures/demo");
  const std::string html = format_placement_html(report);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("https:"), std::string::npos);
  EXPECT_EQ(count(html, "http:"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_EQ(count(html, "<svg class=\"workload-map\""), 1u);
  EXPECT_EQ(count(html, "data-workload=\""), 2 * report.workloads.size());  // map + cost charts
  EXPECT_EQ(count(html, "<svg class=\"cost-chart\""), report.cost.entries.size());
  EXPECT_NE(html.find("data-pattern=\"ecs-front-sqs-workers\""), std::string::npos);
}

TEST(PlacementReport, NoWorkloads) {
  const PlacementReport report = build_placement_report(WorkloadGraph{}, Config{}, {}, all_rules());
  EXPECT_TRUE(report.workloads.empty());
  EXPECT_NE(format_placement_markdown(report).find("No workload found."), std::string::npos);
  rapidjson::Document doc;
  EXPECT_FALSE(doc.Parse(format_placement_json(report).c_str()).HasParseError());
  EXPECT_NE(format_placement_html(report).find("<svg class=\"workload-map\""), std::string::npos);
}

// --- the command line and the browser ---

using CommandRun = testing_support::SeparateOutputs;
using testing_support::read_text;

class ReportCommand : public testing_support::KeptTestDirectory {};

TEST_F(ReportCommand, EveryFormat) {
  for (const char* format : {"text", "markdown", "json", "html"}) {
    CommandRun r = rightfit(std::string("report -f ") + format + " fixtures/demo");
    EXPECT_EQ(r.exit_code, 0) << format << ": " << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("move-to-fargate"), std::string::npos) << format;
  }
  CommandRun bad = rightfit("report -f pdf fixtures/demo");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("pdf"), std::string::npos);
}

TEST_F(ReportCommand, WritesTheOutputFileAndSaysHowConfidenceIsDerived) {
  const fs::path out = dir_ / "report.md";
  std::error_code ec;
  fs::remove(out, ec);
  CommandRun r = rightfit("report -f markdown -o " + out.string() + " fixtures/placement");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(read_text(out).find("**ReportWorker**"), std::string::npos);
  CommandRun help = rightfit("report --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Confidence:"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("Strength (what an item can do alone)"), std::string::npos);
  EXPECT_NE(help.out.find("Platform:"), std::string::npos);
  EXPECT_NE(help.out.find("--terraform-plan"), std::string::npos);
}

// The help's strength lines come from the rules' own placement metadata: every rule that
// bears on placement is listed on the line of its strength.
TEST_F(ReportCommand, HelpListsEveryPlacementRuleUnderItsStrength) {
  CommandRun help = rightfit("report --help");
  ASSERT_EQ(help.exit_code, 0);
  auto line_of = [&](const std::string& label) {
    const size_t at = help.out.find("  " + label + " (");
    if (at == std::string::npos) return std::string();
    return help.out.substr(at, help.out.find('\n', at) - at);
  };
  const std::map<Strength, std::string> labels{{Strength::Hard, "hard"},
                                               {Strength::Strong, "strong"},
                                               {Strength::Soft, "soft"},
                                               {Strength::None, "none"}};
  for (const RuleInfo& rule : all_rules()) {
    if (!rule.bearing) continue;
    const std::string line = line_of(labels.at(rule.bearing->strength));
    EXPECT_NE(line.find(rule.id), std::string::npos) << rule.id << " in: " << line;
  }
  EXPECT_NE(line_of("none").find("RF101 below 1 s"), std::string::npos) << help.out;
}

TEST_F(ReportCommand, ConfigAndPathErrorsExit2) {
  const fs::path config = dir_ / "bad.yaml";
  std::ofstream(config) << "prices:\n  region: mars-1\n";
  CommandRun r = rightfit("report -c " + config.string() + " fixtures/demo");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no prices for region 'mars-1'"), std::string::npos) << r.err;
  CommandRun missing = rightfit("report " + (dir_ / "nowhere").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nowhere"), std::string::npos);
}

TEST_F(ReportCommand, HtmlReportRendersInChromium) {
  const fs::path html = dir_ / "placement_report.html";
  const fs::path json = dir_ / "placement_report.json";
  std::error_code ec;
  for (const fs::path& p : {html, json, dir_ / "placement_report.png", dir_ / "workload_map.png"})
    fs::remove(p, ec);
  for (const auto& [format, file] : {std::pair{"html", html}, std::pair{"json", json}}) {
    CommandRun written = rightfit(std::string("report -f ") + format + " -o " + file.string() +
                                  " fixtures/placement");
    ASSERT_EQ(written.exit_code, 0) << written.err;
  }
  ASSERT_EQ(std::system("command -v node >/dev/null"), 0) << "node is needed (scripts/setup.sh)";
  const fs::path script =
      fs::path(RIGHTFIT_SOURCE_DIR) / "tests/browser/placement_report_check.mjs";
  CommandRun browser = run("node " + script.string() + " " + html.string() + " " + json.string() +
                           " " + dir_.string());
  EXPECT_EQ(browser.exit_code, 0) << browser.err << browser.out;
  EXPECT_EQ(browser.err, "");
  EXPECT_NE(browser.out.find("ok: 6 workload(s) on the map"), std::string::npos) << browser.out;
  for (const char* shot : {"placement_report.png", "workload_map.png"}) {
    const fs::path png = dir_ / shot;
    ASSERT_TRUE(fs::exists(png)) << png;
    EXPECT_GT(fs::file_size(png), 5000u) << png;
    EXPECT_EQ(read_text(png).substr(1, 3), "PNG");
  }
}

// The checker itself must fail on what it is there to catch.
TEST_F(ReportCommand, BrowserCheckFailsOnABrokenPage) {
  const fs::path html = dir_ / "broken.html";
  const fs::path json = dir_ / "broken.json";
  std::ofstream(html) << "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head>"
                         "<body><script>console.error('boom')</script><svg class=\"workload-map\" "
                         "width=\"400\" height=\"300\"><g class=\"map-node\" data-workload=\"t#A\" "
                         "data-recommendation=\"stay\"><rect width=\"100\" height=\"40\"/></g>"
                         "</svg></body></html>";
  std::ofstream(json) << R"({"workloads":[{"id":"t#A","recommendation":"split"},
    {"id":"t#B","recommendation":"stay"}],"map":{"nodes":[{},{}],"edges":[]},
    "cost":{"workloads":[{}]}})";
  const fs::path script =
      fs::path(RIGHTFIT_SOURCE_DIR) / "tests/browser/placement_report_check.mjs";
  CommandRun browser = run("node " + script.string() + " " + html.string() + " " + json.string() +
                           " " + dir_.string());
  EXPECT_EQ(browser.exit_code, 1);
  EXPECT_NE(browser.err.find("console error: boom"), std::string::npos) << browser.err;
  EXPECT_NE(browser.err.find("map: 1 nodes drawn, the JSON has 2"), std::string::npos);
  EXPECT_NE(browser.err.find("t#A: map says stay, the JSON split"), std::string::npos);
  EXPECT_NE(browser.err.find("t#B: expected one map node, found 0"), std::string::npos);
  EXPECT_NE(browser.err.find("cost section: 0 charts, 1 priced workloads"), std::string::npos);
}

}  // namespace
}  // namespace rightfit
