// Runs Microsoft's SARIF validator (npm @microsoft/sarif-multitool, pinned in package.json)
// over a log that uses every feature the writer has, and wants no error and no warning.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/baseline.h"
#include "analyzer/output_file.h"
#include "checks/check.h"
#include "driver/engine.h"
#include "integrations/sarif/sarif_writer.h"
#include "tests/finding_builder.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

const fs::path kValidator = fs::path(RIGHTFIT_SOURCE_DIR) / "node_modules/.bin/sarif-multitool";
const fs::path kValidatorBinary =
    fs::path(RIGHTFIT_SOURCE_DIR) / "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";

RuleInfo make_rule(std::string id, std::string name, Severity severity, std::string summary) {
  RuleInfo rule;
  rule.id = std::move(id);
  rule.name = std::move(name);
  rule.default_severity = severity;
  rule.short_description = summary;
  rule.help = "# " + rule.id + ": " + rule.name + "\n\n" + summary +
              " The longer explanation of why this matters goes here.\n\n## How to fix\n\n"
              "Change the value in the template.\n";
  rule.help_file = "checks/" + rule.id + "-" + rule.name + ".md";
  return rule;
}

std::vector<RuleInfo> rules() {
  return {
      make_rule("RF105", "api-timeout-exceeds-integration", Severity::Warning,
                "The function timeout is longer than the API Gateway integration timeout."),
      make_rule("RF201", "memory-oversized", Severity::Info,
                "The function has more memory than its workload needs."),
      make_rule("RF301", "unbounded-concurrency", Severity::Error,
                "The function can scale without a concurrency limit."),
      make_rule("RF405", "unused-rule", Severity::Warning, "A rule without results."),
  };
}

using testing_support::make_finding;

std::vector<Finding> findings() {
  std::vector<Finding> out;
  Finding timeout = make_finding("RF105", Severity::Warning, "template.yaml", {{12, 5}, {12, 16}},
                                 "Timeout of 60 s exceeds the API integration timeout of 29 s.");
  timeout.related.push_back({{"template.yaml", {{30, 7}, {30, 25}}}, "The API is defined here."});
  timeout.related.push_back({{"api/openapi.yaml", {{4, 1}, {6, 1}}}, "The route is here."});
  timeout.properties = {{"timeoutSeconds", 60}, {"wastedSecondsPerCall", 31.5}};
  timeout.substance = "Timeout";
  // A fix that replaces a value, and one that inserts (an empty region) in another file.
  timeout.fixes.push_back(
      Fix{"Set Timeout to 29", {TextEdit{{"template.yaml", {{12, 14}, {12, 16}}}, "29"}}});
  timeout.fixes.push_back(
      Fix{"Raise the integration timeout",
          {TextEdit{{"api/openapi.yaml", {{5, 1}, {5, 1}}}, "      timeoutInMillis: 60000\n"}}});
  out.push_back(timeout);

  out.push_back(make_finding("RF301", Severity::Error, "infra/main tf/main.tf", {{3, 1}, {9, 2}},
                             "Function 'worker' has no reserved concurrency."));
  // Whole-line and whole-file locations.
  out.push_back(make_finding("RF201", Severity::Info, "template.yaml", {{40, 0}, {0, 0}},
                             "Memory of 3008 MB is more than needed."));
  out.push_back(
      make_finding("RF201", Severity::Info, "Dockerfile", {}, "The image has no memory hint."));

  Finding suppressed = make_finding("RF201", Severity::Info, "template.yaml", {{50, 3}, {50, 14}},
                                    "Memory of 4096 MB is more than needed.");
  suppressed.suppression = FindingSuppression{FindingSuppression::Kind::InSource, "Batch jobs."};
  out.push_back(suppressed);
  Finding baselined = make_finding("RF105", Severity::Warning, "other/template.yaml",
                                   {{7, 3}, {7, 10}}, "Timeout of 40 s exceeds 29 s.");
  baselined.suppression = FindingSuppression{FindingSuppression::Kind::External, ""};
  out.push_back(baselined);
  return out;
}

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> chunk;
  size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0) {
    result.output.append(chunk.data(), n);
  }
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The npm wrapper (bin.js) hands its arguments to a second shell, so each argument is quoted
// for both: single quotes for popen's shell, double quotes inside them for the wrapper's.
std::string shell_arg(const std::string& text) { return "'\"" + text + "\"'"; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Problem {
  std::string level;
  std::string rule;
  std::string message;
};

// The validator writes its verdict as a SARIF log; a result without a level is a warning
// (SARIF 3.27.10). Messages come as a message id plus arguments; the arguments are enough.
std::vector<Problem> problems_in(const rapidjson::Document& verdict) {
  std::vector<Problem> out;
  for (const auto& run : verdict["runs"].GetArray()) {
    if (!run.HasMember("results")) continue;
    for (const auto& result : run["results"].GetArray()) {
      Problem p;
      p.level = result.HasMember("level") ? result["level"].GetString() : "warning";
      p.rule = result.HasMember("ruleId") ? result["ruleId"].GetString() : "?";
      const auto& message = result["message"];
      if (message.HasMember("text")) p.message = message["text"].GetString();
      if (message.HasMember("arguments")) {
        for (const auto& argument : message["arguments"].GetArray()) {
          p.message += std::string(" | ") + argument.GetString();
        }
      }
      out.push_back(p);
    }
  }
  return out;
}

// Errors and warnings, one a line; notes are advice (see below).
std::string errors_and_warnings(const std::vector<Problem>& problems) {
  std::string out;
  for (const Problem& p : problems) {
    if (p.level == "error" || p.level == "warning") {
      out += p.level + " " + p.rule + ": " + p.message + "\n";
    }
  }
  return out;
}

class SarifValidation : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "rf_sarif_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    ASSERT_EQ(dir_.string().find_first_of("'\"$`\\"), std::string::npos)
        << "temporary directory " << dir_ << " cannot be quoted for the validator's shell";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs the validator with the SARIF rules and GitHub's ingestion rules (Gh), notes
  // included, and returns what it found; nothing (after a failure) when it could not run.
  std::optional<std::vector<Problem>> validate(const std::string& sarif) {
    if (!fs::exists(kValidator)) {
      ADD_FAILURE() << "SARIF validator missing at " << kValidator << "; run `npm ci` in "
                    << RIGHTFIT_SOURCE_DIR << " (scripts/setup.sh does it)";
      return std::nullopt;
    }
    if (::access(kValidatorBinary.c_str(), X_OK) != 0) {
      ADD_FAILURE() << kValidatorBinary << " is missing or not executable; run `chmod +x` on "
                    << "it (scripts/setup.sh does it)";
      return std::nullopt;
    }
    const fs::path log_path = dir_ / "rightfit.sarif";
    const fs::path verdict_path = dir_ / "validation.sarif";
    EXPECT_EQ(write_file_atomically(log_path.string(), sarif), "");

    const CommandResult validation = run(
        "'" + kValidator.string() + "' validate " + shell_arg(log_path.string()) + " --output " +
        shell_arg(verdict_path.string()) + " --log ForceOverwrite" + " --rule-kind " +
        shell_arg("Sarif;Gh") + " --level " + shell_arg("Error;Warning;Note"));
    if (validation.exit_code != 0 || !fs::exists(verdict_path)) {
      ADD_FAILURE() << "the validator failed (exit " << validation.exit_code << "):\n"
                    << validation.output;
      return std::nullopt;
    }
    rapidjson::Document verdict;
    verdict.Parse(read_file(verdict_path).c_str());
    if (verdict.HasParseError() || !verdict.HasMember("runs")) {
      ADD_FAILURE() << "unreadable verdict " << verdict_path;
      return std::nullopt;
    }
    return problems_in(verdict);
  }

  fs::path dir_;
};

// Where `json` breaks the SARIF schema the validator ships with, or "" when it does not.
std::string schema_violation(const std::string& json) {
  const fs::path schema_path = kValidatorBinary.parent_path() / "sarif-2.1.0.json";
  rapidjson::Document schema_json;
  schema_json.Parse(read_file(schema_path).c_str());
  if (schema_json.HasParseError()) return "cannot read " + schema_path.string();
  const rapidjson::SchemaDocument schema(schema_json);

  rapidjson::Document log;
  log.Parse(json.c_str());
  if (log.HasParseError()) return "not JSON";
  rapidjson::SchemaValidator validator(schema);
  if (log.Accept(validator)) return "";
  rapidjson::StringBuffer schema_at, document_at;
  validator.GetInvalidSchemaPointer().StringifyUriFragment(schema_at);
  validator.GetInvalidDocumentPointer().StringifyUriFragment(document_at);
  return std::string("invalid at ") + document_at.GetString() + ": schema " +
         schema_at.GetString() + " keyword " + validator.GetInvalidSchemaKeyword();
}

// The schema is checked here as well because the validator silently reports nothing at all
// for a log it cannot deserialize (e.g. "level": "info"): its silence alone proves nothing.
TEST_F(SarifValidation, LogMatchesTheSarifSchema) {
  ReportContext ctx;
  ctx.rules = rules();
  ctx.root = (dir_ / "checkout root").string();
  EXPECT_EQ(schema_violation(format_sarif(findings(), ctx)), "");
}

TEST_F(SarifValidation, SchemaCheckRejectsAnUnknownLevel) {
  ReportContext ctx;
  ctx.rules = rules();
  std::string sarif = format_sarif(findings(), ctx);
  const size_t at = sarif.find("\"level\": \"note\"");
  ASSERT_NE(at, std::string::npos);
  sarif.replace(at, 15, "\"level\": \"info\"");
  const std::string violation = schema_violation(sarif);
  EXPECT_EQ(violation.rfind("invalid at ", 0), 0u) << violation;
}

// Not applicable notes, left as notes on purpose:
//  SARIF2002 message ids: our messages are computed per finding, not templated.
//  SARIF2003 versionControlProvenance: the analyzer does not look at version control.
//  SARIF2006 reachable URIs: needs the network; the help pages are published with releases.
//  SARIF2010/2011 snippets, context regions: the writer does not hold file contents.
//  SARIF2012 Pascal-case rule names: rightfit's names are kebab-case everywhere (CLI,
//  comments, docs); SARIF only recommends Pascal case.
TEST_F(SarifValidation, MicrosoftValidatorFindsNoErrorsOrWarnings) {
  ReportContext ctx;
  ctx.rules = rules();
  ctx.root = (dir_ / "checkout root").string();
  const std::string sarif = format_sarif(findings(), ctx);
  const std::optional<std::vector<Problem>> problems = validate(sarif);
  ASSERT_TRUE(problems.has_value());

  EXPECT_EQ(errors_and_warnings(*problems), "") << "log:\n" << sarif;
  // Notes (SARIF2002 fires on every result message) show the rules really ran over the log.
  EXPECT_FALSE(problems->empty()) << "the validator reported nothing at all; it does that "
                                     "for logs it cannot read, so the log is suspect:\n"
                                  << sarif;
}

// Guards the test above against passing because the verdict is misread.
TEST_F(SarifValidation, MicrosoftValidatorReportsABrokenLog) {
  ReportContext ctx;
  ctx.rules = rules();
  ctx.root = dir_.string();
  std::string sarif = format_sarif(findings(), ctx);
  const std::string start_line = "\"startLine\": 12";
  const size_t at = sarif.find(start_line);
  ASSERT_NE(at, std::string::npos);
  sarif.replace(at, start_line.size(), "\"startLine\": 0");
  const std::optional<std::vector<Problem>> problems = validate(sarif);
  ASSERT_TRUE(problems.has_value());
  const std::string listing = errors_and_warnings(*problems);
  EXPECT_NE(listing.find("error "), std::string::npos) << listing;
}

// The real pipeline's output over every fixture (all rules, related locations, suppressed
// findings) passes the schema and the validator too.
TEST_F(SarifValidation, AnalysisOfTheFixturesValidates) {
  Analysis analysis = analyze(AnalysisRequest{{"fixtures"}, ".", Config{}, 2, {}, {}, {}});
  ASSERT_GT(analysis.findings.size(), 20u);
  ReportContext ctx;
  ctx.rules = all_rules();
  ctx.root = fs::current_path().string();
  const std::string sarif = format_sarif(analysis.findings, ctx);
  EXPECT_NE(sarif.find("\"fixes\""), std::string::npos);  // fixtures/fixes
  EXPECT_NE(sarif.find("\"deletedRegion\""), std::string::npos);
  EXPECT_EQ(schema_violation(sarif), "");
  const std::optional<std::vector<Problem>> problems = validate(sarif);
  ASSERT_TRUE(problems.has_value());
  EXPECT_EQ(errors_and_warnings(*problems), "");
}

// A run against a baseline: the baselined results are suppressed with kind external, and
// the log still passes the schema and the validator.
TEST_F(SarifValidation, BaselinedAnalysisValidates) {
  Analysis analysis = analyze(AnalysisRequest{{"fixtures/demo"}, "fixtures/demo", Config{}, 2, {}});
  ASSERT_GE(analysis.findings.size(), 4u);
  std::vector<Finding> accepted(analysis.findings.begin(), analysis.findings.begin() + 2);
  BaselineResult baseline = parse_baseline("baseline.json", format_baseline(accepted));
  ASSERT_TRUE(baseline.ok()) << baseline.problem().message;
  apply_baseline(analysis.findings, *baseline);
  ReportContext ctx;
  ctx.rules = all_rules();
  ctx.root = fs::current_path().string();
  const std::string sarif = format_sarif(analysis.findings, ctx);
  EXPECT_NE(sarif.find("\"kind\": \"external\""), std::string::npos) << sarif;
  EXPECT_EQ(schema_violation(sarif), "");
  const std::optional<std::vector<Problem>> problems = validate(sarif);
  ASSERT_TRUE(problems.has_value());
  EXPECT_EQ(errors_and_warnings(*problems), "");
}

}  // namespace
}  // namespace rightfit
