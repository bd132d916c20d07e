// One finding per shared line (rules.md, "Primary location"): functions that take their
// Timeout from one Serverless `provider.timeout` or `custom:` line get one RF105 there, naming
// each function and listing each as a related location, not one finding per function.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "driver/engine.h"

namespace rightfit {
namespace {

std::vector<Finding> rf105_in(const std::string& root) {
  Analysis run = analyze(AnalysisRequest{{root}, root, Config{}, 2, {}});
  EXPECT_TRUE(run.errors.empty());
  std::vector<Finding> out;
  for (Finding& f : run.findings) {
    if (f.rule_id == "RF105") out.push_back(std::move(f));
  }
  return out;
}

const Finding* at_line(const std::vector<Finding>& findings, uint32_t line) {
  auto it = std::find_if(findings.begin(), findings.end(),
                         [&](const Finding& f) { return f.location.line() == line; });
  return it == findings.end() ? nullptr : &*it;
}

// Whether `f` lists function `name` (its header line) as a related location.
bool relates_function(const Finding& f, const std::string& name, uint32_t header_line) {
  return std::any_of(f.related.begin(), f.related.end(), [&](const RelatedLocation& r) {
    return r.where.line() == header_line &&
           r.message == "function '" + name + "' uses this Timeout";
  });
}

TEST(ServerlessSharedLines, ServerlessProviderTimeoutIsOneFindingNamingEachFunction) {
  const std::vector<Finding> findings = rf105_in("fixtures/serverless/shared-provider-timeout");
  ASSERT_EQ(findings.size(), 2u);  // provider.timeout and custom.slowTimeout, once each
  const Finding* provider = at_line(findings, 13);
  ASSERT_NE(provider, nullptr);
  ASSERT_TRUE(provider->subject);
  EXPECT_EQ(provider->subject->name, "invoices");
  ASSERT_EQ(provider->instances.size(), 2u);
  EXPECT_EQ(provider->instances[0].name, "payments");
  EXPECT_EQ(provider->instances[1].name, "refunds");
  EXPECT_NE(provider->message.find("(the same holds for 'payments', 'refunds', which share this "
                                   "line)"),
            std::string::npos)
      << provider->message;
  EXPECT_TRUE(relates_function(*provider, "invoices", 16));
  EXPECT_TRUE(relates_function(*provider, "payments", 20));
  EXPECT_TRUE(relates_function(*provider, "refunds", 26));
  EXPECT_FALSE(relates_function(*provider, "nightly", 42));  // no API waits for it
  // Each function's API is a related location too: three integrations.
  EXPECT_EQ(std::count_if(provider->related.begin(), provider->related.end(),
                          [](const RelatedLocation& r) {
                            return r.message.rfind("invoked synchronously", 0) == 0;
                          }),
            3);

  const Finding* custom = at_line(findings, 8);
  ASSERT_NE(custom, nullptr);
  EXPECT_NE(custom->message.find("(the same holds for 'exports', which shares this line)"),
            std::string::npos)
      << custom->message;
  EXPECT_TRUE(relates_function(*custom, "statements", 31));
  EXPECT_TRUE(relates_function(*custom, "exports", 36));
}

TEST(ServerlessSharedLines, SharedProviderTimeoutWithinTheApisIsNotReported) {
  EXPECT_TRUE(rf105_in("fixtures/serverless/shared-provider-timeout-within").empty());
}

}  // namespace
}  // namespace rightfit
