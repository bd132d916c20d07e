// The language server's parse cache (AnalysisRequest::parse_cache): an analysis through it
// finds exactly what an uncached one finds, re-parses what changed (an editor buffer, a file on
// disk, a Terraform file of a multi-file module), forgets deleted files, and parses nothing
// else.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "driver/engine.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::write_text;

// Everything a finding says, so two analyses can be compared exactly.
std::vector<std::string> described(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    std::string line = f.rule_id + " " + f.location.file + ":" +
                       std::to_string(f.location.span.begin.line) + ":" +
                       std::to_string(f.location.span.begin.column) + "-" +
                       std::to_string(f.location.span.end.line) + ":" +
                       std::to_string(f.location.span.end.column) + " " + f.message + " [" +
                       fingerprint(f) + "]" + (f.suppression ? " suppressed" : "");
    for (const RelatedLocation& r : f.related) {
      line += " related " + r.where.file + ":" + std::to_string(r.where.span.begin.line) + " " +
              r.message;
    }
    out.push_back(std::move(line));
  }
  return out;
}

const char* const kLongTimeout =
    "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 700\n";
const char* const kShortTimeout =
    "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 30\n";
// Same size as kLongTimeout, no finding.
const char* const kSameSizeTimeout =
    "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 300\n";
const char* const kQueueTemplate =
    "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n";

class ParseCacheTest : public testing_support::ScratchDirectory {
 protected:
  AnalysisRequest request(std::map<std::string, std::string> overlays = {}) {
    AnalysisRequest r{{dir_.string()}, dir_.string(), Config{}, 2, {}, {}, {}, std::move(overlays)};
    r.parse_cache = cache_;
    return r;
  }
  // "file RULE line" of the unsuppressed findings, after checking that an uncached analysis
  // of the same input finds exactly the same.
  std::set<std::string> found(std::map<std::string, std::string> overlays = {}) {
    AnalysisRequest cached = request(std::move(overlays));
    AnalysisRequest uncached = cached;
    uncached.parse_cache = nullptr;
    const std::vector<Finding> findings = analyze(cached).findings;
    EXPECT_EQ(described(findings), described(analyze(uncached).findings));
    std::set<std::string> out;
    for (const Finding& f : findings) {
      if (f.suppression) continue;
      out.insert(fs::path(f.location.file).lexically_relative(dir_).generic_string() + " " +
                 f.rule_id + " " + std::to_string(f.location.span.begin.line));
    }
    return out;
  }
  std::string key(const std::string& relative) const {
    return (dir_ / relative).lexically_normal().string();
  }
  // Rewrites a file with an mtime surely different from the old one (file systems with
  // coarse timestamps would otherwise see the same second).
  void rewrite(const std::string& relative, const std::string& text) {
    const fs::path path = dir_ / relative;
    const fs::file_time_type before = fs::last_write_time(path);
    write_text(path, text);
    fs::last_write_time(path, before + std::chrono::seconds(2));
  }
  ParseCacheCounts file_counts() const { return cache_->files.counts(); }
  ParseCacheCounts terraform_counts() const { return cache_->terraform.counts(); }

  std::shared_ptr<ParsedFileCache> cache_ = std::make_shared<ParsedFileCache>();
};

TEST_F(ParseCacheTest, CachedAnalysisOfTheFixturesEqualsAnUncachedOne) {
  for (const char* tree :
       {"fixtures/cloudformation", "fixtures/docker", "fixtures/terraform", "fixtures/demo"}) {
    ASSERT_TRUE(fs::is_directory(tree)) << "run from the project root";
    AnalysisRequest uncached{{tree}, ".", Config{}, 2, {}, {}, {}, {}};
    const std::vector<std::string> expected = described(analyze(uncached).findings);
    ASSERT_FALSE(expected.empty()) << tree;

    AnalysisRequest cached = uncached;
    cached.parse_cache = std::make_shared<ParsedFileCache>();
    EXPECT_EQ(described(analyze(cached).findings), expected) << tree << ", cold cache";
    const std::size_t parsed =
        cached.parse_cache->files.counts().misses + cached.parse_cache->terraform.counts().misses;
    EXPECT_EQ(described(analyze(cached).findings), expected) << tree << ", warm cache";
    // The warm run parsed only what the cold one could not keep (files with parse errors).
    const std::size_t reparsed = cached.parse_cache->files.counts().misses +
                                 cached.parse_cache->terraform.counts().misses - parsed;
    EXPECT_LT(reparsed, parsed) << tree;
    EXPECT_GT(cached.parse_cache->files.counts().hits + cached.parse_cache->terraform.counts().hits,
              0u)
        << tree;
  }
}

TEST_F(ParseCacheTest, AnEditedBufferIsParsedAgainAndNothingElseIs) {
  write_text(dir_ / "a.yaml", kLongTimeout);
  write_text(dir_ / "b.yaml", kQueueTemplate);
  write_text(dir_ / "c.yaml", kLongTimeout);
  const std::set<std::string> on_disk{"a.yaml RF104 5", "c.yaml RF104 5"};
  EXPECT_EQ(found(), on_disk);
  EXPECT_EQ(file_counts().misses, 3u);
  EXPECT_EQ(found(), on_disk);
  EXPECT_EQ(file_counts().hits, 3u);
  EXPECT_EQ(file_counts().misses, 3u);

  // The editor fixes a.yaml in its buffer: only a.yaml is parsed, its finding goes.
  std::map<std::string, std::string> overlays{{key("a.yaml"), kShortTimeout}};
  EXPECT_EQ(found(overlays), (std::set<std::string>{"c.yaml RF104 5"}));
  EXPECT_EQ(file_counts().misses, 4u);
  EXPECT_EQ(file_counts().hits, 5u);
  // Typing on: a new line moves the timeout down; the finding is back on its new line.
  overlays[key("a.yaml")] = std::string("# a comment\n") + kLongTimeout;
  EXPECT_EQ(found(overlays), (std::set<std::string>{"a.yaml RF104 6", "c.yaml RF104 5"}));
  EXPECT_EQ(file_counts().misses, 5u);
  // The same buffer again: nothing is parsed.
  EXPECT_EQ(found(overlays), (std::set<std::string>{"a.yaml RF104 6", "c.yaml RF104 5"}));
  EXPECT_EQ(file_counts().misses, 5u);
  // The buffer closed unsaved: the disk's text counts again (parsed anew: its stamp differs
  // from the buffer's).
  EXPECT_EQ(found(), on_disk);
  EXPECT_EQ(file_counts().misses, 6u);
}

TEST_F(ParseCacheTest, AFileChangedOnDiskIsParsedAgain) {
  write_text(dir_ / "a.yaml", kLongTimeout);
  write_text(dir_ / "Dockerfile", "FROM alpine:3.19\nRUN echo hi\n");
  const std::set<std::string> before = found();
  EXPECT_EQ(before, (std::set<std::string>{"a.yaml RF104 5"}));
  const std::size_t misses = file_counts().misses;

  // The same size: the mtime tells the change.
  rewrite("a.yaml", kSameSizeTimeout);
  EXPECT_EQ(found(), (std::set<std::string>{}));
  EXPECT_EQ(file_counts().misses, misses + 1);  // the Dockerfile came from the cache

  rewrite("a.yaml", kLongTimeout);
  EXPECT_EQ(found(), before);
  EXPECT_EQ(file_counts().misses, misses + 2);
}

TEST_F(ParseCacheTest, ADeletedFileLeavesItsFindingsAndTheCache) {
  write_text(dir_ / "a.yaml", kLongTimeout);
  write_text(dir_ / "sub" / "c.yaml", kLongTimeout);
  EXPECT_EQ(found(), (std::set<std::string>{"a.yaml RF104 5", "sub/c.yaml RF104 5"}));
  EXPECT_EQ(cache_->files.size(), 2u);

  fs::remove(dir_ / "sub" / "c.yaml");
  EXPECT_EQ(found(), (std::set<std::string>{"a.yaml RF104 5"}));
  EXPECT_EQ(cache_->files.size(), 1u);

  // Renamed back into place under another name: found under that name.
  write_text(dir_ / "d.yaml", kLongTimeout);
  EXPECT_EQ(found(), (std::set<std::string>{"a.yaml RF104 5", "d.yaml RF104 5"}));
  EXPECT_EQ(cache_->files.size(), 2u);
}

TEST_F(ParseCacheTest, ATerraformEditInAMultiFileModuleIsReflected) {
  write_text(dir_ / "main.tf", "module \"fn\" {\n  source = \"./modules/fn\"\n  t = 30\n}\n");
  write_text(dir_ / "modules" / "fn" / "variables.tf", "variable \"t\" {}\n");
  write_text(dir_ / "modules" / "fn" / "main.tf",
             "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n"
             "  timeout = var.t\n}\n");
  write_text(dir_ / "modules" / "fn" / "outputs.tf",
             "output \"name\" {\n  value = aws_lambda_function.f.function_name\n}\n");
  EXPECT_EQ(found(), (std::set<std::string>{}));
  EXPECT_EQ(terraform_counts().misses, 4u);
  EXPECT_EQ(found(), (std::set<std::string>{}));
  EXPECT_EQ(terraform_counts().misses, 4u);
  EXPECT_EQ(terraform_counts().hits, 4u);

  // The caller's buffer makes the timeout too long: the finding lands on the caller's line.
  std::map<std::string, std::string> overlays{
      {key("main.tf"), "module \"fn\" {\n  source = \"./modules/fn\"\n  t = 800\n}\n"}};
  EXPECT_EQ(found(overlays), (std::set<std::string>{"main.tf RF104 3"}));
  EXPECT_EQ(terraform_counts().misses, 5u);
  EXPECT_EQ(terraform_counts().hits, 7u);

  // A default given to the variable on disk, the call no longer passing it: the finding is
  // on the module's timeout, which takes the default.
  rewrite("main.tf", "module \"fn\" {\n  source = \"./modules/fn\"\n}\n");
  rewrite("modules/fn/variables.tf", "variable \"t\" {\n  default = 900\n}\n");
  EXPECT_EQ(found(), (std::set<std::string>{"modules/fn/main.tf RF104 3"}));
  EXPECT_EQ(terraform_counts().misses, 7u);

  // A module file deleted: the rest of the module comes from the cache, which forgets it.
  fs::remove(dir_ / "modules" / "fn" / "outputs.tf");
  EXPECT_EQ(found(), (std::set<std::string>{"modules/fn/main.tf RF104 3"}));
  EXPECT_EQ(cache_->terraform.size(), 3u);
  EXPECT_EQ(terraform_counts().misses, 7u);
}

// Root module evaluations are kept too: an edit of a template evaluates no Terraform, an edit
// of a module evaluates again the roots that call it, and no other.
TEST_F(ParseCacheTest, OnlyRootsHoldingOrCallingAnEditedTerraformFileAreEvaluatedAgain) {
  const std::string function =
      "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  timeout = var.t\n}\n"
      "variable \"t\" {}\n";
  write_text(dir_ / "modules" / "fn" / "main.tf", function);
  write_text(dir_ / "a" / "main.tf",
             "module \"fn\" {\n  source = \"../modules/fn\"\n  t = 30\n}\n");
  write_text(dir_ / "b" / "main.tf",
             "resource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n"
             "  timeout = 60\n}\n");
  write_text(dir_ / "template.yaml", kShortTimeout);
  auto evaluations = [&] { return cache_->terraform_roots.counts(); };
  EXPECT_EQ(found(), (std::set<std::string>{}));
  EXPECT_EQ(evaluations().misses, 2u);  // roots a and b; modules/fn is called by a

  EXPECT_EQ(found({{key("template.yaml"), kLongTimeout}}),
            (std::set<std::string>{"template.yaml RF104 5"}));
  EXPECT_EQ(evaluations().misses, 2u);
  EXPECT_EQ(evaluations().hits, 2u);

  // The called module, edited in a buffer: root a is evaluated again, b is not.
  std::string longer = function;
  longer.replace(longer.find("var.t"), 5, "800");
  EXPECT_EQ(found({{key("modules/fn/main.tf"), longer}}),
            (std::set<std::string>{"modules/fn/main.tf RF104 3"}));
  EXPECT_EQ(evaluations().misses, 3u);
  EXPECT_EQ(evaluations().hits, 3u);

  // Root b changed on disk: b alone (the module's buffer is unchanged, so a is kept).
  rewrite("b/main.tf",
          "resource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n"
          "  timeout = 700\n}\n");
  EXPECT_EQ(found({{key("modules/fn/main.tf"), longer}}),
            (std::set<std::string>{"modules/fn/main.tf RF104 3", "b/main.tf RF104 3"}));
  EXPECT_EQ(evaluations().misses, 4u);
  EXPECT_EQ(evaluations().hits, 4u);
  EXPECT_EQ(cache_->terraform_roots.size(), 2u);
}

TEST_F(ParseCacheTest, OtherLimitsMeanAnotherParse) {
  write_text(dir_ / "a.yaml", kLongTimeout);
  write_text(dir_ / "main.tf", "resource \"aws_lambda_function\" \"f\" {\n  timeout = 700\n}\n");
  EXPECT_EQ(found(), (std::set<std::string>{"a.yaml RF104 5", "main.tf RF104 2"}));

  // A .rightfit.yaml that lowers max_file_bytes below both files: each is refused (RF001),
  // not served from the cache parsed under the old limits.
  AnalysisRequest small = request();
  small.config.limits.max_file_bytes = 16;
  std::set<std::string> rules;
  for (const Finding& f : analyze(small).findings) {
    rules.insert(fs::path(f.location.file).filename().string() + " " + f.rule_id);
  }
  EXPECT_EQ(rules, (std::set<std::string>{"a.yaml RF001", "main.tf RF001"}));
  EXPECT_EQ(found(), (std::set<std::string>{"a.yaml RF104 5", "main.tf RF104 2"}));
}

TEST(ParseCache, StampsTellFilesApartAndKeepOnlyBoundsTheCache) {
  ParseCache<int> cache;
  const InputStamp buffer{std::string("text")};
  int parses = 0;
  auto parse = [&] { return ++parses; };
  auto always = [](int) { return true; };
  EXPECT_EQ(cache.get_or_parse("a", buffer, "k", parse, always), 1);
  EXPECT_EQ(cache.get_or_parse("a", buffer, "k", parse, always), 1);
  EXPECT_EQ(cache.get_or_parse("a", InputStamp{std::string("text!")}, "k", parse, always), 2);
  EXPECT_EQ(cache.get_or_parse("a", InputStamp{std::string("text!")}, "other", parse, always), 3);
  EXPECT_EQ(cache.get_or_parse("b", std::nullopt, "k", parse, always), 4);  // no stamp: no cache
  EXPECT_EQ(cache.get_or_parse("b", std::nullopt, "k", parse, always), 5);
  EXPECT_EQ(cache.get_or_parse("c", buffer, "k", parse, [](int) { return false; }), 6);
  EXPECT_EQ(cache.get_or_parse("c", buffer, "k", parse, always), 7);
  EXPECT_EQ(cache.size(), 2u);  // a and c
  cache.keep_only({"c"});
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.counts().hits, 1u);
  EXPECT_EQ(cache.counts().misses, 7u);
}

// A C++ file's facts depend on the headers it includes: an edit to one reaches the findings
// although the .cpp file itself did not change (the in-memory cache leaves C++ to CodeCache).
TEST_F(ParseCacheTest, AnEditedHeaderOfACppHandlerIsSeen) {
  write_text(dir_ / "handler.cpp",
             "#include <aws/lambda-runtime/runtime.h>\n"
             "#include \"work.h\"\n"
             "using namespace aws::lambda_runtime;\n"
             "static invocation_response handler(const invocation_request&) {\n"
             "  work();\n"
             "  return invocation_response::success(\"ok\", \"text/plain\");\n"
             "}\n"
             "int main() { run_handler(handler); }\n");
  write_text(dir_ / "work.h", "inline void work() {}\n");
  EXPECT_EQ(found(), (std::set<std::string>{}));
  rewrite("work.h", "inline void work() {\n  while (true) {\n  }\n}\n");
  EXPECT_EQ(found(), (std::set<std::string>{"work.h RF102 2"}));
}

}  // namespace
}  // namespace rightfit
