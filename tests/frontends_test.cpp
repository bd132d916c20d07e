// The front-end seam (parsers/frontends.h): every fixture has at most one owner, every file
// discovery lists exactly one, and every front-end's comment marker is one its own parse reads
// a `rightfit:ignore` from.
#include "parsers/frontends.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/discovery.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The front-ends that claim a file of this name and content: one that claims the name as its
// own, else those sharing the extension whose peek at the content accepts it.
std::vector<std::string> owners(const std::string& path, const std::string& text) {
  std::vector<std::string> own, sharing;
  for (const auto& f : frontends()) {
    if (!f->claims_name(path)) continue;
    if (!f->shares_extensions())
      own.emplace_back(f->name());
    else if (f->claims_content(text))
      sharing.emplace_back(f->name());
  }
  return own.empty() ? sharing : own;
}

bool is_test_convention(const fs::path& path) {
  return path.extension() == ".expect" || path.filename() == "README.md";
}

TEST(Frontends, EachFixtureHasOneOwnerAndEveryListedFileExactlyOne) {
  ASSERT_TRUE(fs::is_directory("fixtures")) << "run from the project root";
  std::ostringstream problems;
  std::size_t owned = 0;
  for (const auto& entry : fs::recursive_directory_iterator("fixtures")) {
    if (!entry.is_regular_file() || is_test_convention(entry.path())) continue;
    const std::string path = entry.path().generic_string();
    const std::vector<std::string> found = owners(path, read_text(entry.path()));
    if (found.size() > 1) {
      problems << path << " is claimed by";
      for (const std::string& name : found) problems << " " << name;
      problems << "\n";
    }
    owned += found.size() == 1 ? 1 : 0;
  }
  for (const DiscoveredFile& f : discover({"fixtures"}, ".", ExcludeMatcher({})).files) {
    if (claimants(f.path).empty()) problems << f.path << " is listed but claimed by none\n";
    if (is_test_convention(f.path)) problems << f.path << " is a test's file, listed\n";
  }
  EXPECT_EQ(problems.str(), "");
  EXPECT_GT(owned, 300u) << "the fixtures lost their files";
}

// What a caller with only text (the fuzz target over the list) parses a file under. Some
// claim a name by what lies beside the file (a CDK assembly's marker files), so the sample
// path is checked where a fixture of that name lies.
TEST(Frontends, EveryFrontendClaimsItsOwnSamplePath) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator("fixtures")) {
    if (entry.is_regular_file()) files.push_back(entry.path().generic_string());
  }
  for (const auto& f : frontends()) {
    const std::string sample = "/" + std::string(f->sample_path());
    std::size_t claimed = 0;
    for (const std::string& file : files) {
      if (!file.ends_with(sample)) continue;
      const std::vector<const Frontend*> by_name = claimants(file);
      claimed += std::count(by_name.begin(), by_name.end(), f.get()) == 1 ? 1 : 0;
    }
    EXPECT_GT(claimed, 0u) << f->name() << " claims no fixture named " << f->sample_path();
  }
}

// Those that cannot parse from text alone are told apart by a property, not by name: the
// project-level one (Terraform) and the one that loads a compiler (C++).
TEST(Frontends, AllButTheProjectLevelAndCompilerLoadingFrontendsParseTextAlone) {
  std::vector<std::string> apart;
  for (const auto& f : frontends()) {
    if (!f->parses_text_alone()) apart.emplace_back(f->name());
    if (f->project_level()) {
      EXPECT_FALSE(f->parses_text_alone()) << f->name();
    }
  }
  EXPECT_EQ(apart, (std::vector<std::string>{"C++", "Terraform"}));
}

TEST(Frontends, NoFrontendClaimsAFixturesExpectationFile) {
  for (const auto& entry : fs::recursive_directory_iterator("fixtures")) {
    if (entry.path().extension() != ".expect") continue;
    EXPECT_FALSE(is_claimed(entry.path().generic_string())) << entry.path();
  }
}

// A small file of each front-end's format whose line 3 carries `<marker> rightfit:ignore
// RF105` alone (so it covers line 4): the path tells the front-end, the text is the format's.
struct Snippet {
  std::string path;
  std::string text;  // "{marker}" stands for the marker
};

const std::map<std::string, Snippet>& snippets() {
  static const std::map<std::string, Snippet> all = {
      {"CloudFormation",
       {"stack/template.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
        "  {marker} rightfit:ignore RF105 sized by hand\n"
        "  Fn:\n    Type: AWS::Lambda::Function\n"
        "    Properties:\n      Runtime: python3.12\n"}},
      {"Kubernetes",
       {"k8s/job.yaml",
        "apiVersion: batch/v1\nkind: Job\n"
        "{marker} rightfit:ignore RF105 sized by hand\n"
        "metadata:\n  name: nightly\n"}},
      {"Dockerfile",
       {"image/Dockerfile",
        "FROM public.ecr.aws/lambda/python:3.12\nCOPY app.py .\n"
        "{marker} rightfit:ignore RF105 sized by hand\n"
        "CMD [\"app.handler\"]\n"}},
      {"Serverless Framework",
       {"svc/serverless.yml",
        "service: orders\nprovider:\n"
        "  {marker} rightfit:ignore RF105 sized by hand\n"
        "  name: aws\nfunctions:\n  hello:\n    handler: app.handler\n"}},
      {"Python",
       {"py/app.py",
        "import json\n\n{marker} rightfit:ignore RF105 sized by hand\n"
        "def handler(event, context):\n    return json.dumps(event)\n"}},
      {"JavaScript/TypeScript",
       {"js/app.js",
        "'use strict';\n\n{marker} rightfit:ignore RF105 sized by hand\n"
        "exports.handler = async (event) => event;\n"}},
      {"C++",
       {"cpp/handler.cpp",
        "#include <string>\n\n{marker} rightfit:ignore RF105 sized by hand\n"
        "int twice(int n) { return 2 * n; }\n"}},
      {"Terraform",
       {"tf/main.tf",
        "locals {\n  x = 1\n}\n"
        "{marker} rightfit:ignore RF105 sized by hand\n"
        "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n"}},
  };
  return all;
}

std::string with_marker(std::string text, std::string_view marker) {
  const std::size_t at = text.find("{marker}");
  return text.replace(at, 8, marker);
}

// The suppressions a front-end's own parse of `path` (served from memory) reads.
std::vector<Suppression> suppressions_read(const Frontend& frontend, const std::string& path,
                                           const std::string& text) {
  const FileReader read = [&](const std::string& p, const ParseLimits&) -> SourceText {
    if (p == path) return SourceText{text};
    return fail_with(SourceProblem{{1, 1}, "not in this test"});
  };
  const ParseLimits limits;
  std::vector<FileFacts> facts;
  if (frontend.project_level()) {
    facts = frontend.analyze_project({path}, ProjectContext{limits, 1, read});
  } else if (std::optional<FileFacts> f = parse_claimed(path, ParseContext{limits, read})) {
    facts.push_back(std::move(*f));
  }
  std::vector<Suppression> out;
  for (const FileFacts& f : facts)
    out.insert(out.end(), f.suppressions.begin(), f.suppressions.end());
  return out;
}

TEST(Frontends, EveryCommentMarkerRoundTripsThroughTheSuppressionReader) {
  std::size_t checked = 0;
  for (const auto& frontend : frontends()) {
    const std::string name(frontend->name());
    auto it = snippets().find(name);
    if (it == snippets().end()) {
      // Only formats without comments may lack a snippet (a CDK assembly's JSON).
      EXPECT_EQ(comment_marker("cdk.out/manifest.json"), "") << name;
      continue;
    }
    const Snippet& snippet = it->second;
    const std::vector<const Frontend*> by_name = claimants(snippet.path);
    ASSERT_EQ(std::count(by_name.begin(), by_name.end(), frontend.get()), 1) << snippet.path;
    const std::string_view marker = frontend->comment_marker(snippet.path);
    ASSERT_FALSE(marker.empty()) << name;
    EXPECT_EQ(comment_marker(snippet.path), marker) << name;
    const std::string text = with_marker(snippet.text, marker);
    const auto before = text.begin() + static_cast<std::ptrdiff_t>(text.find("rightfit:ignore"));
    const auto line = static_cast<uint32_t>(std::count(text.begin(), before, '\n') + 1);
    const std::vector<Suppression> read = suppressions_read(*frontend, snippet.path, text);
    const bool found = std::any_of(read.begin(), read.end(), [&](const Suppression& s) {
      return s.kind == Suppression::Kind::Comment && s.first_line <= line + 1 &&
             line + 1 <= s.last_line && std::count(s.rules.begin(), s.rules.end(), "RF105") == 1;
    });
    EXPECT_TRUE(found) << name << ": `" << marker << " rightfit:ignore RF105` on line " << line
                       << " of " << snippet.path << " was not read";
    ++checked;
  }
  EXPECT_EQ(checked, snippets().size());
}

TEST(Frontends, CommentMarkersFollowTheFormat) {
  EXPECT_EQ(comment_marker("src/handler.cpp"), "//");
  EXPECT_EQ(comment_marker("src/app.ts"), "//");
  EXPECT_EQ(comment_marker("src/app.py"), "#");
  EXPECT_EQ(comment_marker("template.yaml"), "#");
  EXPECT_EQ(comment_marker("main.tf"), "#");
  EXPECT_EQ(comment_marker("template.json"), "");
  EXPECT_EQ(comment_marker("main.tf.json"), "");
  EXPECT_EQ(comment_marker("build/lambda.df"), "#");  // a Dockerfile the IaC names
}

TEST(Frontends, AHandlerSettingNamesPythonAndNodeCodeNotCpp) {
  EXPECT_TRUE(handler_named_by_setting("python"));
  EXPECT_TRUE(handler_named_by_setting("javascript"));
  EXPECT_TRUE(handler_named_by_setting("typescript"));
  EXPECT_FALSE(handler_named_by_setting("c++"));
}

// A code front-end brings the words findings use for its language (no language switch in
// checks/): each language's idioms come from the front-end that writes it.
TEST(Frontends, CodeIdiomsComeFromTheFrontendThatWritesTheLanguage) {
  EXPECT_EQ(code_idioms("python").time_left, "context.get_remaining_time_in_millis()");
  EXPECT_EQ(code_idioms("javascript").time_left, "context.getRemainingTimeInMillis()");
  EXPECT_EQ(code_idioms("typescript").background, "background work");
  EXPECT_EQ(code_idioms("c++").loop_exits, "break, return, throw or goto");
  EXPECT_EQ(code_idioms("cobol").time_left, "get_time_remaining()") << "C++'s by default";
  for (const auto& f : frontends()) {
    for (const char* language : {"python", "javascript", "typescript", "c++"}) {
      if (f->writes_language(language)) {
        EXPECT_NE(f->idioms(), nullptr) << f->name();
      }
    }
  }
}

}  // namespace
}  // namespace rightfit
