// Baselines: fingerprints that survive unrelated edits and change with the finding's
// substance, `rightfit baseline` and `check --baseline` end to end.
#include "analyzer/baseline.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <set>
#include <string>

#include "driver/engine.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::run_command;
using testing_support::shell_quote;
using testing_support::write_text;

// A queue consumed by a function that runs longer than its visibility timeout (RF106) and a
// function near the 15-minute cap (RF104).
const char* kQueue =
    "  Jobs:\n"
    "    Type: AWS::SQS::Queue\n";
const char* kWorker =
    "  Worker:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      Timeout: 60\n"
    "      Events:\n"
    "        Jobs:\n"
    "          Type: SQS\n"
    "          Properties:\n"
    "            Queue: !GetAtt Jobs.Arn\n";
const char* kReport =
    "  Report:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Timeout: 700\n";
const char* kHeader = "Transform: AWS::Serverless-2016-10-31\nResources:\n";

class Baselines : public testing_support::ScratchDirectory {
 protected:
  std::multiset<std::string> fingerprints_of(const std::string& template_text) {
    write_text(dir_ / "template.yaml", template_text);
    Analysis analysis =
        analyze(AnalysisRequest{{dir_.string()}, dir_.string(), Config{}, 1, {}, {}});
    std::multiset<std::string> out;
    for (const Finding& f : analysis.findings) out.insert(f.rule_id + " " + fingerprint(f));
    return out;
  }

  testing_support::CommandResult rightfit(const std::string& args) {
    return run_command("cd " + shell_quote(dir_.string()) + " && " + shell_quote(RIGHTFIT_BINARY) +
                       " " + args);
  }
};

TEST_F(Baselines, FingerprintsSurviveInsertedLinesAndReorderedResources) {
  const std::string original = std::string(kHeader) + kQueue + kWorker + kReport;
  std::multiset<std::string> before = fingerprints_of(original);
  ASSERT_EQ(before.size(), 2u);  // RF106 on Jobs, RF104 on Report

  const std::string moved = "# The batch stack.\n# Owned by the data team.\n\n" +
                            std::string(kHeader) + kReport + "\n\n" + kWorker + kQueue;
  EXPECT_EQ(fingerprints_of(moved), before);
}

TEST_F(Baselines, FingerprintChangesWithTheSubstance) {
  std::multiset<std::string> before = fingerprints_of(std::string(kHeader) + kQueue + kWorker);
  ASSERT_EQ(before.size(), 1u);
  // The same queue, now too short for a different consumer: a different problem.
  std::string other_consumer = kWorker;
  other_consumer.replace(other_consumer.find("Worker:"), 7, "Resizer:");
  std::multiset<std::string> after =
      fingerprints_of(std::string(kHeader) + kQueue + other_consumer);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after, before);
  EXPECT_EQ(after.begin()->substr(0, 5), "RF106");
}

TEST_F(Baselines, CheckReportsOnlyNewFindings) {
  write_text(dir_ / "template.yaml", std::string(kHeader) + kQueue + kWorker);
  testing_support::CommandResult written = rightfit("baseline . --output rightfit-baseline.json");
  ASSERT_EQ(written.exit_code, 0) << written.output;
  rapidjson::Document baseline;
  baseline.Parse(read_text(dir_ / "rightfit-baseline.json").c_str());
  ASSERT_TRUE(baseline.IsObject());
  ASSERT_EQ(baseline["findings"].Size(), 1u);
  EXPECT_STREQ(baseline["findings"][0]["rule"].GetString(), "RF106");

  testing_support::CommandResult clean = rightfit("check . --baseline rightfit-baseline.json");
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_EQ(clean.output.find("RF106"), std::string::npos) << clean.output;
  EXPECT_NE(clean.output.find("no findings (1 more in the baseline)"), std::string::npos)
      << clean.output;

  // Lines inserted above and a new problem: only the new one is reported.
  write_text(dir_ / "template.yaml",
             "# comment\n" + std::string(kHeader) + kReport + kQueue + kWorker);
  testing_support::CommandResult fresh = rightfit("check . --baseline rightfit-baseline.json");
  EXPECT_EQ(fresh.exit_code, 1) << fresh.output;
  EXPECT_NE(fresh.output.find("[RF104]"), std::string::npos) << fresh.output;
  EXPECT_EQ(fresh.output.find("[RF106]"), std::string::npos) << fresh.output;

  // SARIF keeps the baselined result, suppressed with kind external.
  testing_support::CommandResult sarif =
      rightfit("check . --format sarif --baseline rightfit-baseline.json");
  EXPECT_EQ(sarif.exit_code, 1);
  rapidjson::Document log;
  log.Parse(sarif.output.c_str());
  ASSERT_TRUE(log.IsObject()) << sarif.output;
  int external = 0, unsuppressed = 0;
  for (const auto& result : log["runs"][0]["results"].GetArray()) {
    if (!result.HasMember("suppressions")) {
      ++unsuppressed;
      continue;
    }
    EXPECT_STREQ(result["ruleId"].GetString(), "RF106");
    EXPECT_STREQ(result["suppressions"][0]["kind"].GetString(), "external");
    ++external;
  }
  EXPECT_EQ(external, 1);
  EXPECT_EQ(unsuppressed, 1);
}

TEST_F(Baselines, ABaselineHoldsEachFingerprintAsOftenAsItWasSeen) {
  Finding f;
  f.rule_id = "RF002";
  f.location.file = "t.yaml";
  f.substance = "Timeout;";
  std::vector<Finding> findings{f, f};
  BaselineResult one = parse_baseline("b.json", format_baseline({f}));
  ASSERT_TRUE(one.ok()) << one.problem().message;
  apply_baseline(findings, *one);
  EXPECT_TRUE(findings[0].suppression.has_value());
  EXPECT_EQ(findings[0].suppression->kind, FindingSuppression::Kind::External);
  EXPECT_FALSE(findings[1].suppression.has_value()) << "a second occurrence is new";
}

// A baseline redirected into a file as UTF-16 (PowerShell 5) is read like its UTF-8 text.
TEST_F(Baselines, AUtf16BaselineIsReadLikeItsUtf8) {
  Finding f;
  f.rule_id = "RF002";
  f.location.file = "t.yaml";
  f.substance = "Timeout;";
  std::string wide = "\xFF\xFE";
  for (char c : format_baseline({f})) wide += std::string{c, '\0'};
  write_text(dir_ / "wide.json", wide);
  BaselineResult loaded = load_baseline((dir_ / "wide.json").string());
  ASSERT_TRUE(loaded.ok()) << loaded.problem().message;
  std::vector<Finding> findings{f};
  apply_baseline(findings, *loaded);
  EXPECT_TRUE(findings[0].suppression.has_value());
}

TEST_F(Baselines, BadBaselineFileIsAnErrorNamingIt) {
  write_text(dir_ / "template.yaml", std::string(kHeader) + kReport);
  write_text(dir_ / "broken.json", "{\"version\": 1, \"findings\": [{}]}");
  testing_support::CommandResult broken = rightfit("check . --baseline broken.json");
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.output.find("broken.json: every entry of \"findings\" needs a string"),
            std::string::npos)
      << broken.output;
  testing_support::CommandResult missing = rightfit("check . --baseline missing.json");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("missing.json: cannot be read"), std::string::npos)
      << missing.output;
  EXPECT_EQ(rightfit("baseline .").exit_code, 2) << "--output is required";
}

}  // namespace
}  // namespace rightfit
