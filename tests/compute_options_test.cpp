// Today's compute options in the rules (issue 25): RF106 adds the event source's batching
// window, RF105 takes each integration's own timeout (HTTP APIs 30 s, raised REST quotas),
// RF101 judges Lambda Managed Instances against their own ceiling, and RF201 reports a data
// race where one execution environment serves several requests at once. The fixtures mark
// where findings land; these tests pin what they say and how severe they are.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "driver/engine.h"

namespace rightfit {
namespace {

const std::string kFixtures = std::string(RIGHTFIT_SOURCE_DIR) + "/fixtures/";

std::vector<Finding> findings_of(const std::string& fixture, const std::string& rule) {
  const std::string path = kFixtures + fixture;
  Analysis analysis = analyze(AnalysisRequest{{path}, kFixtures, Config{}, 1, {}, {}});
  std::vector<Finding> out;
  for (const Finding& f : analysis.findings) {
    if (f.rule_id == rule) out.push_back(f);
  }
  return out;
}

// The finding of `rule` on `line` of `file` (a path ending), else a failure.
const Finding* on_line(const std::vector<Finding>& findings, const std::string& file,
                       uint32_t line) {
  for (const Finding& f : findings) {
    const std::string& at = f.location.file;
    if (at.size() >= file.size() && at.compare(at.size() - file.size(), file.size(), file) == 0 &&
        f.location.line() == line) {
      return &f;
    }
  }
  ADD_FAILURE() << "no finding at " << file << ":" << line;
  return nullptr;
}

bool has_related(const Finding& f, uint32_t line, const std::string& text) {
  for (const RelatedLocation& r : f.related) {
    if (r.where.line() == line && r.message.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(ComputeOptions, Rf106AddsTheBatchingWindowInEveryFormat) {
  std::vector<Finding> cfn = findings_of("cloudformation/sqs_batching_window.yaml", "RF106");
  ASSERT_EQ(cfn.size(), 2u);
  const Finding* orders = on_line(cfn, "sqs_batching_window.yaml", 10);
  ASSERT_TRUE(orders);
  EXPECT_EQ(orders->severity, Severity::Warning);
  EXPECT_NE(orders->message.find("Set it to at least 200 s (AWS recommends 6 x the Timeout plus "
                                 "the event source's MaximumBatchingWindowInSeconds of 20 s)"),
            std::string::npos)
      << orders->message;
  EXPECT_TRUE(has_related(*orders, 36, "MaximumBatchingWindowInSeconds 20 s"));
  const Finding* refunds = on_line(cfn, "sqs_batching_window.yaml", 18);
  ASSERT_TRUE(refunds);
  EXPECT_NE(refunds->message.find("at least 190 s"), std::string::npos) << refunds->message;

  std::vector<Finding> tf = findings_of("terraform/sqs_batching_window", "RF106");
  ASSERT_EQ(tf.size(), 1u);
  EXPECT_NE(tf[0].message.find("at least 195 s"), std::string::npos) << tf[0].message;
  EXPECT_TRUE(has_related(tf[0], 24, "MaximumBatchingWindowInSeconds 15 s"));

  std::vector<Finding> sls = findings_of("serverless/sqs-batching-window", "RF106");
  ASSERT_EQ(sls.size(), 1u);
  EXPECT_NE(sls[0].message.find("at least 180 s"), std::string::npos) << sls[0].message;
}

TEST(ComputeOptions, Rf106WithoutAWindowSaysWhatItSaidBefore) {
  std::vector<Finding> f = findings_of("cloudformation/sqs_visibility.yaml", "RF106");
  ASSERT_FALSE(f.empty());
  for (const Finding& x : f) {
    EXPECT_NE(x.message.find("(AWS recommends 6 x the Timeout)"), std::string::npos) << x.message;
    EXPECT_EQ(x.related.size(), 2u);
  }
}

TEST(ComputeOptions, Rf105TakesEachIntegrationsOwnLimit) {
  std::vector<Finding> cfn = findings_of("cloudformation/api_integration_timeouts.yaml", "RF105");
  ASSERT_EQ(cfn.size(), 4u);
  const Finding* http = on_line(cfn, "api_integration_timeouts.yaml", 23);
  ASSERT_TRUE(http);
  EXPECT_NE(http->message.find("504 after 30 s"), std::string::npos) << http->message;
  const Finding* rest = on_line(cfn, "api_integration_timeouts.yaml", 47);
  ASSERT_TRUE(rest);
  EXPECT_NE(rest->message.find("504 after 60 s"), std::string::npos) << rest->message;
  const Finding* v2 = on_line(cfn, "api_integration_timeouts.yaml", 85);
  ASSERT_TRUE(v2);
  EXPECT_NE(v2->message.find("504 after 30 s"), std::string::npos) << v2->message;
  // A WebSocket API's integration waits 29 s, like a REST API's.
  const Finding* chat = on_line(cfn, "api_integration_timeouts.yaml", 104);
  ASSERT_TRUE(chat);
  EXPECT_NE(chat->message.find("504 after 29 s"), std::string::npos) << chat->message;

  std::vector<Finding> tf = findings_of("terraform/api_integration_timeouts", "RF105");
  ASSERT_EQ(tf.size(), 3u);
  const Finding* translate = on_line(tf, "main.tf", 20);
  ASSERT_TRUE(translate);
  EXPECT_NE(translate->message.find("504 after 45 s"), std::string::npos) << translate->message;
  const Finding* render = on_line(tf, "main.tf", 47);
  ASSERT_TRUE(render);
  EXPECT_NE(render->message.find("504 after 30 s"), std::string::npos) << render->message;
  const Finding* chat_message = on_line(tf, "main.tf", 67);
  ASSERT_TRUE(chat_message);
  EXPECT_NE(chat_message->message.find("504 after 29 s"), std::string::npos)
      << chat_message->message;
}

TEST(ComputeOptions, Rf101JudgesManagedInstancesByTheirOwnCeiling) {
  std::vector<Finding> cfn = findings_of("cloudformation/managed_instances.yaml", "RF101");
  ASSERT_EQ(cfn.size(), 2u);
  const Finding* endless = on_line(cfn, "managed_instances.yaml", 31);
  ASSERT_TRUE(endless);
  EXPECT_NE(
      endless->message.find("Lambda Managed Instances accepts 1 to 5400 seconds (90 minutes)"),
      std::string::npos)
      << endless->message;
  EXPECT_TRUE(has_related(*endless, 33, "Lambda Managed Instances"));
  const Finding* classic = on_line(cfn, "managed_instances.yaml", 42);
  ASSERT_TRUE(classic);
  EXPECT_NE(classic->message.find("Lambda accepts 1 to 900 seconds (15 minutes)"),
            std::string::npos)
      << classic->message;

  std::vector<Finding> tf = findings_of("terraform/managed_instances", "RF101");
  ASSERT_EQ(tf.size(), 2u);
  EXPECT_TRUE(on_line(tf, "main.tf", 23));
  EXPECT_TRUE(on_line(tf, "main.tf", 36));
}

TEST(ComputeOptions, Rf201IsADataRaceWhereRequestsShareAProcess) {
  std::vector<Finding> node = findings_of("node/managed-instances", "RF201");
  ASSERT_EQ(node.size(), 2u);
  const Finding* shared = on_line(node, "shared/app.js", 6);
  ASSERT_TRUE(shared);
  EXPECT_EQ(shared->severity, Severity::Error);
  EXPECT_NE(shared->message.find("data race: this function serves 8 requests at once in one "
                                 "process"),
            std::string::npos)
      << shared->message;
  EXPECT_TRUE(has_related(*shared, 26, "serves 8 requests at once per execution environment"));

  const Finding* classic = on_line(node, "classic/app.js", 5);
  ASSERT_TRUE(classic);
  EXPECT_EQ(classic->severity, Severity::Warning);
  EXPECT_EQ(classic->message.find("data race"), std::string::npos) << classic->message;
  EXPECT_NE(classic->message.find("each concurrent execution environment has its own copy"),
            std::string::npos);
}

TEST(ComputeOptions, Rf201OnPythonStaysPerProcessState) {
  // Python on Managed Instances runs each concurrent request in its own process.
  std::vector<Finding> py = findings_of("python/managed-instances", "RF201");
  ASSERT_EQ(py.size(), 1u);
  EXPECT_EQ(py[0].severity, Severity::Warning);
  EXPECT_EQ(py[0].message.find("data race"), std::string::npos) << py[0].message;
}

}  // namespace
}  // namespace rightfit
