// Output formats (text, JSON, GitHub, SARIF), fingerprints and atomic output files.
#include "integrations/report/reporters.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/output_file.h"
#include "integrations/sarif/sarif_writer.h"
#include "parsers/printable.h"
#include "tests/finding_builder.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

// --- test data (built by hand: the real rule registry lives elsewhere) ---

RuleInfo make_rule(std::string id, std::string name, Severity severity) {
  RuleInfo rule;
  rule.id = std::move(id);
  rule.name = std::move(name);
  rule.default_severity = severity;
  rule.short_description = "Short description of " + rule.name + ".";
  rule.help = "# " + rule.id + ": " + rule.name + "\n\nFull description of " + rule.name +
              ".\n\n## Fix\n\nDo something.\n";
  rule.help_file = "checks/" + rule.id + ".md";
  return rule;
}

ReportContext test_context() {
  ReportContext ctx;
  ctx.rules = {make_rule("RF105", "api-timeout-exceeds-integration", Severity::Warning),
               make_rule("RF201", "memory-oversized", Severity::Info),
               make_rule("RF301", "unbounded-concurrency", Severity::Error)};
  ctx.root = "/tmp/my root";
  return ctx;
}

using testing_support::make_finding;

Finding timeout_finding() {
  Finding f = make_finding("RF105", Severity::Warning, "template.yaml", {{12, 5}, {12, 16}},
                           "Timeout 60 s exceeds the 29 s API integration timeout");
  f.related.push_back({{"template.yaml", {{30, 7}, {30, 25}}}, "API integration defined here"});
  f.subject = EntityId{"template.yaml", "ApiFunction"};
  f.substance = "Timeout";
  f.properties = {{"timeoutSeconds", 60}, {"wastedSecondsPerCall", 31.5}};
  return f;
}

Finding concurrency_finding() {
  return make_finding("RF301", Severity::Error, "infra/main.tf", {{3, 1}, {9, 2}},
                      "Function worker scales without a limit");
}

Finding whole_file_finding() {
  return make_finding("RF201", Severity::Info, "Dockerfile", {}, "Image sets no memory hint");
}

Finding suppressed_finding() {
  Finding f = make_finding("RF201", Severity::Info, "template.yaml", {{50, 3}, {50, 14}},
                           "Memory 4096 MB is oversized");
  f.suppression = FindingSuppression{FindingSuppression::Kind::InSource, "batch jobs"};
  return f;
}

std::vector<Finding> sample_findings() {
  return {timeout_finding(), concurrency_finding(), whole_file_finding(), suppressed_finding()};
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  return doc;
}

std::string str(const rapidjson::Value& v) { return v.GetString(); }

// --- text ---

TEST(ReportersText, PrintsFindingsRelatedLocationsAndSummary) {
  EXPECT_EQ(format_text(sample_findings(), test_context()),
            "template.yaml:12:5: warning: Timeout 60 s exceeds the 29 s API integration timeout "
            "[RF105]\n"
            "  template.yaml:30:7: note: API integration defined here\n"
            "infra/main.tf:3:1: error: Function worker scales without a limit [RF301]\n"
            "Dockerfile: info: Image sets no memory hint [RF201]\n"
            "3 findings (1 error, 1 warning, 1 info)\n");
}

// Names and messages from the analysed repository cannot recolour a terminal or forge a line.
TEST(ReportersText, ControlCharactersAreEscaped) {
  Finding f;
  f.rule_id = "RF104";
  f.severity = Severity::Warning;
  f.location = {"evil\x1b[2J.yaml", {{3, 1}, {3, 2}}};
  f.message = "Function 'Fn\rfake.yaml:1:1: error: injected [RF101]\n' is slow";
  const std::string text = format_text({f}, test_context());
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_NE(text.find("evil\\x1b[2J.yaml:3:1: warning: Function 'Fn\\x0dfake.yaml:1:1: error: "
                      "injected [RF101]\\x0a' is slow [RF104]\n"),
            std::string::npos)
      << text;
  const std::string github = format_github({f}, test_context());
  EXPECT_EQ(github.find('\x1b'), std::string::npos) << github;
  EXPECT_EQ(escape_controls("tab\there\x7f"), "tab\\x09here\\x7f");
}

// File names and literals are bytes; every JSON output stays valid UTF-8 (one stray byte made
// a strict consumer, GitHub code scanning's upload among them, reject the whole file).
TEST(ReportersJson, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_TRUE(is_valid_utf8("plain, \xc3\xa9, \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // cut short
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_EQ(to_valid_utf8("a\xff"
                          "b\xc3"),
            "a\xef\xbf\xbd"
            "b\xef\xbf\xbd");
  Finding f = timeout_finding();
  f.location.file = "bad\xff\xfename.yaml";
  f.message = "Function 'F\xc3' is slow";
  for (const std::string& out :
       {format_json({f}, test_context()), format_sarif({f}, test_context()),
        format_gitlab({f}, test_context())}) {
    EXPECT_TRUE(is_valid_utf8(out)) << out;
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(out.c_str());
    EXPECT_FALSE(doc.HasParseError()) << out;
    EXPECT_NE(out.find("\xef\xbf\xbd"), std::string::npos) << out;
  }
}

TEST(ReportersText, CountsPlurals) {
  std::vector<Finding> findings = {timeout_finding(), timeout_finding()};
  findings[1].related.clear();
  EXPECT_EQ(format_text(findings, test_context()),
            "template.yaml:12:5: warning: Timeout 60 s exceeds the 29 s API integration timeout "
            "[RF105]\n"
            "  template.yaml:30:7: note: API integration defined here\n"
            "template.yaml:12:5: warning: Timeout 60 s exceeds the 29 s API integration timeout "
            "[RF105]\n"
            "2 findings (0 errors, 2 warnings, 0 info)\n");
}

TEST(ReportersText, SaysNoFindingsWhenEmptyOrAllSuppressed) {
  EXPECT_EQ(format_text({}, test_context()), "no findings\n");
  EXPECT_EQ(format_text({suppressed_finding()}, test_context()), "no findings\n");
}

TEST(ReportersText, ColoursOnlyWhenAsked) {
  ReportContext ctx = test_context();
  ctx.color = true;
  EXPECT_EQ(format_text({timeout_finding()}, ctx),
            "\x1b[1mtemplate.yaml:12:5:\x1b[0m \x1b[33mwarning:\x1b[0m Timeout 60 s exceeds the "
            "29 s API integration timeout [RF105]\n"
            "  \x1b[1mtemplate.yaml:30:7:\x1b[0m note: API integration defined here\n"
            "1 finding (0 errors, 1 warning, 0 info)\n");
  EXPECT_NE(format_text({concurrency_finding()}, ctx).find("\x1b[31merror:\x1b[0m"),
            std::string::npos);
  EXPECT_NE(format_text({whole_file_finding()}, ctx).find("\x1b[36minfo:\x1b[0m"),
            std::string::npos);
  EXPECT_EQ(format_text({timeout_finding()}, test_context()).find('\x1b'), std::string::npos);
}

// --- GitHub ---

TEST(ReportersGithub, WritesOneCommandPerUnsuppressedFinding) {
  EXPECT_EQ(format_github(sample_findings(), test_context()),
            "::warning file=template.yaml,line=12,col=5,endLine=12,endColumn=15,"
            "title=RF105 api-timeout-exceeds-integration::Timeout 60 s exceeds the 29 s API "
            "integration timeout%0Atemplate.yaml:30:7: note: API integration defined here\n"
            "::error file=infra/main.tf,line=3,col=1,endLine=9,"
            "title=RF301 unbounded-concurrency::Function worker scales without a limit\n"
            "::notice file=Dockerfile,title=RF201 memory-oversized::Image sets no memory hint\n");
}

TEST(ReportersGithub, EscapesDataAndProperties) {
  const Finding f = make_finding("RF999", Severity::Warning, "dir,x/a:b%.yaml", {{1, 2}, {1, 3}},
                                 "Costs 50% more:\r\nnow, here");
  EXPECT_EQ(format_github({f}, test_context()),
            "::warning file=dir%2Cx/a%3Ab%25.yaml,line=1,col=2,endLine=1,endColumn=2,"
            "title=RF999::Costs 50%25 more:%0D%0Anow, here\n");
}

TEST(ReportersGithub, EndingAtALineBreakEndsOnThePreviousLine) {
  const Finding f = make_finding("RF105", Severity::Warning, "t.yaml", {{4, 1}, {6, 1}}, "m");
  EXPECT_EQ(format_github({f}, test_context()),
            "::warning file=t.yaml,line=4,col=1,endLine=5,"
            "title=RF105 api-timeout-exceeds-integration::m\n");
}

// --- JSON ---

TEST(ReportersJson, WritesEveryFindingWithItsFields) {
  const rapidjson::Document doc = parse(format_json(sample_findings(), test_context()));
  ASSERT_TRUE(doc.IsObject());
  EXPECT_FALSE(str(doc["version"]).empty());
  const auto& findings = doc["findings"];
  ASSERT_EQ(findings.Size(), 4u);

  const auto& first = findings[0];
  EXPECT_EQ(str(first["ruleId"]), "RF105");
  EXPECT_EQ(str(first["name"]), "api-timeout-exceeds-integration");
  EXPECT_EQ(str(first["severity"]), "warning");
  EXPECT_EQ(str(first["message"]), "Timeout 60 s exceeds the 29 s API integration timeout");
  EXPECT_EQ(str(first["location"]["file"]), "template.yaml");
  EXPECT_EQ(first["location"]["line"].GetUint(), 12u);
  EXPECT_EQ(first["location"]["column"].GetUint(), 5u);
  EXPECT_EQ(first["location"]["endLine"].GetUint(), 12u);
  EXPECT_EQ(first["location"]["endColumn"].GetUint(), 16u);
  ASSERT_EQ(first["related"].Size(), 1u);
  EXPECT_EQ(str(first["related"][0]["file"]), "template.yaml");
  EXPECT_EQ(first["related"][0]["line"].GetUint(), 30u);
  EXPECT_EQ(first["related"][0]["column"].GetUint(), 7u);
  EXPECT_EQ(str(first["related"][0]["message"]), "API integration defined here");
  EXPECT_EQ(str(first["fingerprint"]), fingerprint(timeout_finding()));
  EXPECT_FALSE(first["suppressed"].GetBool());
  EXPECT_FALSE(first.HasMember("suppression"));
  ASSERT_TRUE(first["properties"]["timeoutSeconds"].IsInt());
  EXPECT_EQ(first["properties"]["timeoutSeconds"].GetInt(), 60);
  EXPECT_DOUBLE_EQ(first["properties"]["wastedSecondsPerCall"].GetDouble(), 31.5);

  const auto& suppressed = findings[3];
  EXPECT_TRUE(suppressed["suppressed"].GetBool());
  EXPECT_EQ(str(suppressed["suppression"]["kind"]), "inSource");
  EXPECT_EQ(str(suppressed["suppression"]["justification"]), "batch jobs");
  EXPECT_EQ(suppressed["properties"].MemberCount(), 0u);
}

TEST(ReportersJson, EscapesStringsAndDropsNonFiniteNumbers) {
  Finding f = make_finding("RF777", Severity::Error, "a\"b\\c.yaml", {{1, 1}, {1, 2}},
                           "line one\nline \"two\"\t\x01");
  f.properties = {{"nan", std::nan("")}, {"inf", std::numeric_limits<double>::infinity()}};
  f.suppression = FindingSuppression{FindingSuppression::Kind::External, "baseline"};
  const rapidjson::Document doc = parse(format_json({f}, test_context()));
  const auto& finding = doc["findings"][0];
  EXPECT_EQ(str(finding["message"]), "line one\nline \"two\"\t\x01");
  EXPECT_EQ(str(finding["location"]["file"]), "a\"b\\c.yaml");
  EXPECT_EQ(str(finding["name"]), "");  // unknown rule
  EXPECT_EQ(finding["properties"].MemberCount(), 0u);
  EXPECT_EQ(str(finding["suppression"]["kind"]), "external");
}

// --- SARIF ---

class SarifWriter : public ::testing::Test {
 protected:
  const rapidjson::Value& run_of(const std::vector<Finding>& findings) {
    doc_ = parse(format_sarif(findings, ctx_));
    return doc_["runs"][0];
  }
  const rapidjson::Value& location_of(const Finding& f) {
    return run_of({f})["results"][0]["locations"][0]["physicalLocation"];
  }

  ReportContext ctx_ = test_context();
  rapidjson::Document doc_;
};

TEST_F(SarifWriter, DescribesTheLogToolAndRules) {
  const rapidjson::Value& run = run_of(sample_findings());
  EXPECT_EQ(str(doc_["$schema"]), "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(str(doc_["version"]), "2.1.0");
  EXPECT_EQ(doc_["runs"].Size(), 1u);
  EXPECT_EQ(str(run["columnKind"]), "unicodeCodePoints");
  EXPECT_EQ(str(run["originalUriBaseIds"]["SRCROOT"]["uri"]), "file:///tmp/my%20root/");

  const auto& driver = run["tool"]["driver"];
  EXPECT_EQ(str(driver["name"]), "rightfit");
  EXPECT_FALSE(str(driver["version"]).empty());
  EXPECT_EQ(str(driver["semanticVersion"]), str(driver["version"]));
  EXPECT_EQ(str(driver["informationUri"]).rfind("https://", 0), 0u);
  ASSERT_EQ(driver["rules"].Size(), ctx_.rules.size());
  const char* levels[] = {"warning", "note", "error"};
  for (size_t i = 0; i < ctx_.rules.size(); ++i) {
    const RuleInfo& info = ctx_.rules[i];
    const auto& rule = driver["rules"][static_cast<rapidjson::SizeType>(i)];
    EXPECT_EQ(str(rule["id"]), info.id);
    EXPECT_EQ(str(rule["name"]), info.name);
    EXPECT_EQ(str(rule["shortDescription"]["text"]), info.short_description);
    EXPECT_EQ(str(rule["fullDescription"]["text"]), "Full description of " + info.name + ".");
    EXPECT_EQ(str(rule["help"]["text"]), info.help);
    EXPECT_EQ(str(rule["help"]["markdown"]), info.help);
    const std::string help_uri = str(rule["helpUri"]);
    EXPECT_EQ(help_uri.substr(help_uri.size() - info.help_file.size()), info.help_file);
    EXPECT_EQ(str(rule["defaultConfiguration"]["level"]), levels[i]);
  }
}

// SARIF 2.1.0 reportingConfiguration.enabled: a rule off by default says so; the others leave
// the default (true) unwritten.
TEST(SarifRules, ARuleOffByDefaultIsNotEnabledInItsDefaultConfiguration) {
  ReportContext ctx = test_context();
  ctx.rules[1].turned_off_by_default();
  rapidjson::Document doc;
  doc.Parse(format_sarif({}, ctx).c_str());
  ASSERT_FALSE(doc.HasParseError());
  const auto& rules = doc["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.Size(), 3u);
  for (rapidjson::SizeType i = 0; i < rules.Size(); ++i) {
    const auto& config = rules[i]["defaultConfiguration"];
    if (i == 1) {
      ASSERT_TRUE(config.HasMember("enabled"));
      EXPECT_FALSE(config["enabled"].GetBool());
    } else {
      EXPECT_FALSE(config.HasMember("enabled")) << i;
    }
  }
}

TEST_F(SarifWriter, ResultsPointAtTheirRules) {
  const rapidjson::Value& run = run_of(sample_findings());
  const auto& results = run["results"];
  ASSERT_EQ(results.Size(), 4u);
  const char* levels[] = {"warning", "error", "note", "note"};
  for (rapidjson::SizeType i = 0; i < results.Size(); ++i) {
    const auto& result = results[i];
    const auto& rule = run["tool"]["driver"]["rules"][result["ruleIndex"].GetUint()];
    EXPECT_EQ(str(rule["id"]), str(result["ruleId"]));
    EXPECT_EQ(str(result["level"]), levels[i]);
    EXPECT_EQ(str(result["partialFingerprints"]["rightfit/v1"]), fingerprint(sample_findings()[i]));
  }
  EXPECT_FALSE(
      run_of({make_finding("RF999", Severity::Info, "a", {}, "m")})["results"][0].HasMember(
          "ruleIndex"));
}

TEST_F(SarifWriter, WritesLocationsRelatedLocationsAndProperties) {
  const rapidjson::Value& result = run_of({timeout_finding()})["results"][0];
  EXPECT_EQ(str(result["message"]["text"]),
            "Timeout 60 s exceeds the 29 s API integration timeout");
  const auto& location = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(str(location["artifactLocation"]["uri"]), "template.yaml");
  EXPECT_EQ(str(location["artifactLocation"]["uriBaseId"]), "SRCROOT");
  EXPECT_EQ(location["region"]["startLine"].GetUint(), 12u);
  EXPECT_EQ(location["region"]["startColumn"].GetUint(), 5u);
  EXPECT_EQ(location["region"]["endLine"].GetUint(), 12u);
  EXPECT_EQ(location["region"]["endColumn"].GetUint(), 16u);

  ASSERT_EQ(result["relatedLocations"].Size(), 1u);
  const auto& related = result["relatedLocations"][0];
  EXPECT_EQ(related["id"].GetUint(), 0u);
  EXPECT_EQ(str(related["message"]["text"]), "API integration defined here");
  EXPECT_EQ(related["physicalLocation"]["region"]["startLine"].GetUint(), 30u);
  EXPECT_EQ(str(related["physicalLocation"]["artifactLocation"]["uriBaseId"]), "SRCROOT");

  ASSERT_TRUE(result["properties"]["timeoutSeconds"].IsInt());
  EXPECT_EQ(result["properties"]["timeoutSeconds"].GetInt(), 60);
  ASSERT_TRUE(result["properties"]["wastedSecondsPerCall"].IsDouble());
  EXPECT_DOUBLE_EQ(result["properties"]["wastedSecondsPerCall"].GetDouble(), 31.5);
  EXPECT_FALSE(result.HasMember("suppressions"));
  EXPECT_FALSE(run_of({concurrency_finding()})["results"][0].HasMember("properties"));
}

TEST_F(SarifWriter, WritesSuppressions) {
  Finding external = concurrency_finding();
  external.suppression = FindingSuppression{FindingSuppression::Kind::External, ""};
  const rapidjson::Value& results = run_of({suppressed_finding(), external})["results"];
  ASSERT_EQ(results[0]["suppressions"].Size(), 1u);
  EXPECT_EQ(str(results[0]["suppressions"][0]["kind"]), "inSource");
  EXPECT_EQ(str(results[0]["suppressions"][0]["justification"]), "batch jobs");
  EXPECT_EQ(str(results[1]["suppressions"][0]["kind"]), "external");
  EXPECT_FALSE(results[1]["suppressions"][0].HasMember("justification"));
}

TEST_F(SarifWriter, MakesUrisRelativeToRootOrAbsolute) {
  struct Case {
    std::string file, uri;
    bool under_root;
  };
  const Case cases[] = {
      {"sub dir/a#b%.yaml", "sub%20dir/a%23b%25.yaml", true},
      {"./x/../y.yaml", "y.yaml", true},
      {"a:b.yaml", "a%3Ab.yaml", true},
      {"/tmp/my root/inside.yaml", "inside.yaml", true},
      {"/etc/elsewhere.yaml", "file:///etc/elsewhere.yaml", false},
      {"../up.yaml", "file:///tmp/up.yaml", false},
      {"caf\xc3\xa9.yaml", "caf%C3%A9.yaml", true},
  };
  for (const Case& c : cases) {
    const auto& artifact = location_of(make_finding("RF105", Severity::Warning, c.file,
                                                    {{1, 1}, {1, 2}}, "m"))["artifactLocation"];
    EXPECT_EQ(str(artifact["uri"]), c.uri) << c.file;
    EXPECT_EQ(artifact.HasMember("uriBaseId"), c.under_root) << c.file;
  }
}

TEST_F(SarifWriter, RootUriIsAbsoluteWithOneTrailingSlash) {
  ctx_.root = "/tmp/my root/";
  EXPECT_EQ(str(run_of({})["originalUriBaseIds"]["SRCROOT"]["uri"]), "file:///tmp/my%20root/");
  ctx_.root = "";  // the current directory
  const std::string uri = str(run_of({})["originalUriBaseIds"]["SRCROOT"]["uri"]);
  EXPECT_EQ(uri.rfind("file:///", 0), 0u) << uri;
  EXPECT_EQ(uri.back(), '/') << uri;
  EXPECT_EQ(uri.find("//", 8), std::string::npos) << uri;
}

// Region members written for a span; -1 = absent.
std::vector<int> region_of(const rapidjson::Value& location) {
  std::vector<int> out;
  const auto& region = location["region"];
  for (const char* key : {"startLine", "startColumn", "endLine", "endColumn"}) {
    out.push_back(region.HasMember(key) ? region[key].GetInt() : -1);
  }
  return out;
}

TEST_F(SarifWriter, WritesOnlyValidRegions) {
  struct Case {
    Span span;
    std::vector<int> region;
  };
  const Case cases[] = {
      {{{12, 5}, {12, 16}}, {12, 5, 12, 16}},  // a span on one line
      {{{40, 0}, {0, 0}}, {40, -1, -1, -1}},   // whole line
      {{{7, 9}, {7, 9}}, {7, 9, -1, -1}},      // empty: rest of the line
      {{{7, 9}, {7, 3}}, {7, 9, -1, -1}},      // end before begin
      {{{7, 9}, {3, 3}}, {7, 9, -1, -1}},      // end line before begin
      {{{4, 1}, {6, 1}}, {4, 1, 6, 1}},        // ends at a line break
      {{{4, 3}, {6, 0}}, {4, 3, 6, -1}},       // end column unknown
      {{{0, 0}, {0, 0}}, {1, -1, -1, -1}},     // whole file: anchored at line 1
  };
  for (const Case& c : cases) {
    const Finding f = make_finding("RF105", Severity::Warning, "t.yaml", c.span, "m");
    EXPECT_EQ(region_of(location_of(f)), c.region)
        << c.span.begin.line << ":" << c.span.begin.column << "-" << c.span.end.line << ":"
        << c.span.end.column;
  }
}

TEST_F(SarifWriter, DropsNonFiniteProperties) {
  Finding f = timeout_finding();
  f.properties = {{"nan", std::nan("")}, {"big", 1e300}, {"negative", -2}};
  const auto& properties = run_of({f})["results"][0]["properties"];
  EXPECT_FALSE(properties.HasMember("nan"));
  EXPECT_DOUBLE_EQ(properties["big"].GetDouble(), 1e300);
  EXPECT_EQ(properties["negative"].GetInt(), -2);
}

// --- fingerprints ---

TEST(ReportersFingerprint, SurvivesLineMovesButNotChangedSubstance) {
  const Finding original = timeout_finding();
  Finding moved = original;
  moved.location.span = {{40, 5}, {40, 16}};
  moved.related[0].where.span = {{58, 7}, {58, 25}};
  EXPECT_EQ(fingerprint(moved), fingerprint(original));

  Finding other_property = original;
  other_property.substance = "MemorySize";
  EXPECT_NE(fingerprint(other_property), fingerprint(original));
  Finding other_function = original;
  other_function.subject->name = "OtherFunction";
  EXPECT_NE(fingerprint(other_function), fingerprint(original));

  // The writers carry the same value.
  const ReportContext ctx = test_context();
  const rapidjson::Document a = parse(format_sarif({original}, ctx));
  const rapidjson::Document b = parse(format_sarif({moved}, ctx));
  EXPECT_EQ(str(a["runs"][0]["results"][0]["partialFingerprints"]["rightfit/v1"]),
            str(b["runs"][0]["results"][0]["partialFingerprints"]["rightfit/v1"]));
}

// --- atomic output files ---

class OutputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "rf_output_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }
  static std::string contents(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
};

TEST_F(OutputFile, ReplacesTheTargetAndLeavesNoTemporaryFile) {
  const fs::path target = dir_ / "report.sarif";
  ASSERT_EQ(write_file_atomically(target.string(), "old contents\n"), "");
  EXPECT_EQ(contents(target), "old contents\n");
  ASSERT_EQ(write_file_atomically(target.string(), "new"), "");
  EXPECT_EQ(contents(target), "new");
  EXPECT_EQ(entries(), std::vector<std::string>{"report.sarif"});
}

TEST_F(OutputFile, KeepsTheModeOfTheFileItReplaces) {
  const fs::path target = dir_ / "report.json";
  ASSERT_EQ(write_file_atomically(target.string(), "a"), "");
  ASSERT_EQ(::chmod(target.c_str(), 0640), 0);
  ASSERT_EQ(write_file_atomically(target.string(), "b"), "");
  struct stat info;
  ASSERT_EQ(::stat(target.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
}

TEST_F(OutputFile, ReportsAMissingDirectoryAndLeavesNothing) {
  const fs::path target = dir_ / "missing" / "report.sarif";
  const std::string error = write_file_atomically(target.string(), "x");
  EXPECT_EQ(error, "cannot write " + target.string() + ": No such file or directory");
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
  EXPECT_TRUE(entries().empty());
}

// rightfit's own files (the cache) are replaced whatever is there: a FIFO planted as a cache
// entry must not block the run.
TEST_F(OutputFile, OwnFilesReplaceAFifoWithoutWaiting) {
  const fs::path fifo = dir_ / "entry.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ASSERT_EQ(write_file_atomically(fifo.string(), "entry"), "");
  EXPECT_TRUE(fs::is_regular_file(fifo));
  EXPECT_EQ(contents(fifo), "entry");
}

TEST_F(OutputFile, WritesADeviceInPlaceInsteadOfReplacingIt) {
  ASSERT_EQ(write_output_file("/dev/null", "discarded"), "");
  struct stat info;
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
  EXPECT_TRUE(entries().empty());
}

TEST_F(OutputFile, WritesAFifoInPlace) {
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = contents(fifo); });
  const std::string error = write_output_file(fifo.string(), "through the pipe");
  reader.join();
  EXPECT_EQ(error, "");
  EXPECT_EQ(received, "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(entries(), std::vector<std::string>{"pipe"});
}

TEST_F(OutputFile, WritesThroughASymlinkAndKeepsIt) {
  ASSERT_EQ(write_output_file((dir_ / "real.json").string(), "old"), "");
  fs::create_symlink("real.json", dir_ / "link.json");
  ASSERT_EQ(write_output_file((dir_ / "link.json").string(), "new"), "");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  EXPECT_EQ(contents(dir_ / "real.json"), "new");
  fs::create_symlink("created.json", dir_ / "dangling.json");
  ASSERT_EQ(write_output_file((dir_ / "dangling.json").string(), "made"), "");
  EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.json"));
  EXPECT_EQ(contents(dir_ / "created.json"), "made");
  std::vector<std::string> names = entries();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"created.json", "dangling.json", "link.json", "real.json"}));
}

TEST_F(OutputFile, RefusesASymlinkLoopAndLeavesItAlone) {
  fs::create_symlink("b", dir_ / "a");
  fs::create_symlink("a", dir_ / "b");
  const std::string error = write_output_file((dir_ / "a").string(), "x");
  EXPECT_EQ(error, "cannot write " + (dir_ / "a").string() + ": Too many levels of symbolic links");
  EXPECT_TRUE(fs::is_symlink(dir_ / "a"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "b"));
}

TEST_F(OutputFile, RefusesADirectory) {
  fs::create_directory(dir_ / "out");
  EXPECT_EQ(write_output_file((dir_ / "out").string(), "x"),
            "cannot write " + (dir_ / "out").string() + ": Is a directory");
  EXPECT_TRUE(fs::is_directory(dir_ / "out"));
}

}  // namespace
}  // namespace rightfit
