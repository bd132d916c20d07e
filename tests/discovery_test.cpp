#include "analyzer/discovery.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using Paths = std::vector<std::string>;

bool excluded(const Paths& patterns, const std::string& path, bool dir = false) {
  return ExcludeMatcher(patterns).excluded(path, dir);
}

Paths paths_of(const Discovery& d) {
  Paths out;
  for (const DiscoveredFile& f : d.files) out.push_back(f.path);
  return out;
}

// A fresh directory under the system temp dir; the test's cwd is moved into it and restored.
class DiscoveryTree : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // canonical: the cwd is reported physically, so a symlinked temp dir must not differ.
    root_ = fs::canonical(fs::temp_directory_path()) /
            ("rightfit-discovery-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    old_cwd_ = fs::current_path();
    fs::current_path(root_);
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    std::error_code ec;
    fs::permissions(root_ / "locked", fs::perms::owner_all, ec);
    fs::remove_all(root_, ec);
  }
  void write(const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << "{}\n";
  }
  void mkdir(const std::string& rel) { fs::create_directories(root_ / rel); }

  fs::path root_;
  fs::path old_cwd_;
};

// --- ExcludeMatcher -----------------------------------------------------------------

TEST(Discovery, PatternWithoutSlashMatchesBasenameAtAnyDepth) {
  EXPECT_TRUE(excluded({"*.json"}, "a.json"));
  EXPECT_TRUE(excluded({"*.json"}, "deep/er/a.json"));
  EXPECT_FALSE(excluded({"*.json"}, "a.yaml"));
  EXPECT_TRUE(excluded({"secret.yaml"}, "x/secret.yaml"));
  EXPECT_FALSE(excluded({"secret.yaml"}, "x/not-secret.yaml"));
}

// The matcher looks a path up by its name, its first segment and its ending, then tries the
// other patterns (issue 24): the last matching pattern still wins whichever way it was found.
TEST(Discovery, TheLastMatchingPatternWinsWhateverIndexFindsIt) {
  EXPECT_TRUE(excluded({"*.yaml"}, "a/b.yaml"));
  EXPECT_FALSE(excluded({"*.yaml", "!b.yaml"}, "a/b.yaml"));
  EXPECT_TRUE(excluded({"*.yaml", "!b.yaml", "/a/**"}, "a/b.yaml"));
  EXPECT_FALSE(excluded({"*.yaml", "!b.yaml", "/a/**", "!*ml"}, "a/b.yaml"));
  EXPECT_TRUE(excluded({"*.yaml", "!b.yaml", "/a/**", "!*ml", "**/b.*"}, "a/b.yaml"));
  EXPECT_FALSE(excluded({"b.yaml", "!?.yaml"}, "b.yaml"));
  EXPECT_TRUE(excluded({"!?.yaml", "b.yaml"}, "b.yaml"));
  EXPECT_FALSE(excluded({"*.yml"}, "a/b.yaml"));
  EXPECT_FALSE(excluded({"ml"}, "a/b.yaml"));
  EXPECT_TRUE(excluded({"!d", "d/"}, "a/d", true));
  EXPECT_FALSE(excluded({"d/", "!d"}, "a/d", true));
  EXPECT_FALSE(excluded({"d/"}, "a/d", false));
}

TEST(Discovery, StarDoesNotCrossSlashButDoubleStarDoes) {
  EXPECT_TRUE(excluded({"a/*.yaml"}, "a/x.yaml"));
  EXPECT_FALSE(excluded({"a/*.yaml"}, "a/b/x.yaml"));
  EXPECT_TRUE(excluded({"a/**/x.yaml"}, "a/x.yaml"));
  EXPECT_TRUE(excluded({"a/**/x.yaml"}, "a/b/c/x.yaml"));
  EXPECT_TRUE(excluded({"**/*.generated.yaml"}, "t.generated.yaml"));
  EXPECT_TRUE(excluded({"**/*.generated.yaml"}, "p/q/t.generated.yaml"));
  EXPECT_FALSE(excluded({"**/*.generated.yaml"}, "p/q/t.yaml"));
}

TEST(Discovery, TrailingDoubleStarMatchesInsideButNotTheDirectory) {
  EXPECT_TRUE(excluded({"build/**"}, "build/x.yaml"));
  EXPECT_TRUE(excluded({"build/**"}, "build/a/b.yaml"));
  EXPECT_FALSE(excluded({"build/**"}, "build", true));
  // So a file inside can be re-included (the directory itself is not excluded).
  EXPECT_FALSE(excluded({"build/**", "!build/keep.yaml"}, "build/keep.yaml"));
}

TEST(Discovery, PatternWithSlashIsAnchoredToTheRoot) {
  EXPECT_TRUE(excluded({"/infra/old.yaml"}, "infra/old.yaml"));
  EXPECT_FALSE(excluded({"/infra/old.yaml"}, "x/infra/old.yaml"));
  EXPECT_TRUE(excluded({"infra/old.yaml"}, "infra/old.yaml"));
  EXPECT_FALSE(excluded({"infra/old.yaml"}, "x/infra/old.yaml"));
  EXPECT_TRUE(excluded({"/top.yaml"}, "top.yaml"));
  EXPECT_FALSE(excluded({"/top.yaml"}, "sub/top.yaml"));
}

TEST(Discovery, TrailingSlashMatchesDirectoriesAndEverythingBelow) {
  EXPECT_TRUE(excluded({"vendor/"}, "vendor", true));
  EXPECT_FALSE(excluded({"vendor/"}, "vendor", false));  // a file named vendor
  EXPECT_TRUE(excluded({"vendor/"}, "vendor/a.yaml"));
  EXPECT_TRUE(excluded({"vendor/"}, "lib/vendor/x/a.yaml"));
  EXPECT_FALSE(excluded({"vendor/"}, "vendors/a.yaml"));
}

TEST(Discovery, NegationReIncludesAndLastMatchWins) {
  const Paths patterns = {"*.json", "!keep.json"};
  EXPECT_TRUE(excluded(patterns, "a.json"));
  EXPECT_FALSE(excluded(patterns, "keep.json"));
  EXPECT_FALSE(excluded(patterns, "sub/keep.json"));
  EXPECT_TRUE(excluded({"!keep.json", "*.json"}, "keep.json"));
}

TEST(Discovery, NegationCannotReIncludeBelowAnExcludedDirectory) {
  EXPECT_TRUE(excluded({"vendor/", "!vendor/keep.yaml"}, "vendor/keep.yaml"));
}

TEST(Discovery, QuestionMarkAndCharacterClasses) {
  EXPECT_TRUE(excluded({"v?.yaml"}, "v1.yaml"));
  EXPECT_FALSE(excluded({"v?.yaml"}, "v10.yaml"));
  EXPECT_FALSE(excluded({"x/a?b"}, "x/a/b"));  // '?' never matches '/'
  EXPECT_FALSE(excluded({"x/a*b"}, "x/a/b"));  // nor does '*'
  EXPECT_TRUE(excluded({"env-[a-c].yaml"}, "env-b.yaml"));
  EXPECT_FALSE(excluded({"env-[a-c].yaml"}, "env-d.yaml"));
  EXPECT_TRUE(excluded({"env-[!a].yaml"}, "env-b.yaml"));
  EXPECT_FALSE(excluded({"env-[!a].yaml"}, "env-a.yaml"));
  EXPECT_TRUE(excluded({"[[]x"}, "[x"));
  EXPECT_TRUE(excluded({"a[b"}, "a[b"));  // an unterminated class is literal
  EXPECT_TRUE(excluded({"\\*.yaml"}, "*.yaml"));
  EXPECT_FALSE(excluded({"\\*.yaml"}, "a.yaml"));
}

TEST(Discovery, BlankCommentAndLeadingDotSlashAreHandled) {
  EXPECT_FALSE(excluded({"", "# *.yaml"}, "a.yaml"));
  EXPECT_TRUE(excluded({"*.yaml"}, "./a.yaml"));
}

TEST(Discovery, PathologicalPatternsStayFast) {
  const std::string name(200, 'a');
  // Exponential in a naive backtracking matcher; polynomial here.
  EXPECT_FALSE(excluded({"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"}, name));
  std::string deep;
  for (int i = 0; i < 60; ++i) deep += "d/";
  deep += "x.yaml";
  EXPECT_FALSE(excluded({"**/**/**/**/**/**/**/**/**/**/**/y.yaml"}, deep));
  EXPECT_TRUE(excluded({"**/**/**/**/**/**/**/**/**/**/**/x.yaml"}, deep));
}

// --- is_candidate_file ----------------------------------------------------------------

TEST(Discovery, CandidatesByExtension) {
  EXPECT_TRUE(is_candidate_file("a.yaml"));
  EXPECT_TRUE(is_candidate_file("dir/a.yml"));
  EXPECT_TRUE(is_candidate_file("a.json"));
  EXPECT_TRUE(is_candidate_file("stack.template"));
  EXPECT_TRUE(is_candidate_file("A.YAML"));
  EXPECT_TRUE(is_candidate_file("b.Json"));
  EXPECT_FALSE(is_candidate_file("a.txt"));
  EXPECT_FALSE(is_candidate_file("yaml"));
  EXPECT_FALSE(is_candidate_file("a.yaml.bak"));
  EXPECT_FALSE(is_candidate_file("dir.yaml/file"));
}

// --- discover -------------------------------------------------------------------------

TEST_F(DiscoveryTree, WalksCandidatesSortedAndRelativeToCwd) {
  write("template.yaml");
  write("b/one.json");
  write("b/c/two.YML");
  write("a/stack.template");
  write("readme.md");
  write(".git/config.json");
  write("node_modules/pkg/package.json");
  write(".rightfit-cache/x.json");
  Discovery d = discover({"."}, ".", ExcludeMatcher({}));
  EXPECT_EQ(paths_of(d), (Paths{"a/stack.template", "b/c/two.YML", "b/one.json", "template.yaml"}));
  EXPECT_TRUE(d.problems.empty());
}

// Build outputs repeat what the user wrote: SAM's build copy of the template, the
// CloudFormation `serverless package` generates, modules `terraform init` downloaded.
TEST_F(DiscoveryTree, SkipsBuildOutputCopies) {
  write("template.yaml");
  write(".aws-sam/build/template.yaml");
  write("svc/serverless.yml");
  write("svc/.serverless/cloudformation-template-update-stack.json");
  write("infra/main.tf");
  write("infra/.terraform/modules/vpc/main.tf");
  Discovery d = discover({"."}, ".", ExcludeMatcher({}));
  EXPECT_EQ(paths_of(d), (Paths{"infra/main.tf", "svc/serverless.yml", "template.yaml"}));
}

TEST_F(DiscoveryTree, AppliesExcludesRelativeToRoot) {
  write("vendor/lib.yaml");
  write("src/vendor/lib.yaml");
  write("src/app.yaml");
  write("src/app.generated.yaml");
  write("gen/out.json");
  write("gen/keep.json");
  write("infra/old.yaml");
  write("nested/infra/old.yaml");
  const ExcludeMatcher excludes(
      {"vendor/", "**/*.generated.yaml", "gen/*", "!gen/keep.json", "/infra/old.yaml"});
  Discovery d = discover({"."}, root_.string(), excludes);
  EXPECT_EQ(paths_of(d), (Paths{"gen/keep.json", "nested/infra/old.yaml", "src/app.yaml"}));
  // The same excludes, walking only a subdirectory: still relative to the root.
  d = discover({"nested"}, ".", excludes);
  EXPECT_EQ(paths_of(d), (Paths{"nested/infra/old.yaml"}));
  d = discover({"infra"}, ".", excludes);
  EXPECT_TRUE(paths_of(d).empty());
}

TEST_F(DiscoveryTree, ExplicitFilesAreIncludedEvenWhenExcluded) {
  write("vendor/lib.yaml");
  write("notes.txt");
  const ExcludeMatcher excludes({"vendor/"});
  Discovery d = discover({"./vendor/lib.yaml", "notes.txt", "vendor/lib.yaml"}, ".", excludes);
  EXPECT_EQ(paths_of(d), (Paths{"vendor/lib.yaml"}));  // unique; notes.txt is no candidate
  EXPECT_TRUE(d.problems.empty());
  d = discover({"vendor"}, ".", excludes);  // a named directory is still filtered
  EXPECT_TRUE(paths_of(d).empty());
}

TEST_F(DiscoveryTree, MissingPathIsAProblem) {
  write("a.yaml");
  Discovery d = discover({"a.yaml", "missing/dir"}, ".", ExcludeMatcher({}));
  EXPECT_EQ(paths_of(d), (Paths{"a.yaml"}));
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_EQ(d.problems[0].path, "missing/dir");
  EXPECT_EQ(d.problems[0].message, "no such file or directory");
}

TEST_F(DiscoveryTree, PathsOutsideTheCwdAreAbsolute) {
  write("sub/a.yaml");
  write("other/b.yaml");
  fs::current_path(root_ / "sub");
  Discovery d = discover({".."}, "..", ExcludeMatcher({}));
  EXPECT_EQ(paths_of(d), (Paths{(root_ / "other/b.yaml").generic_string(), "a.yaml"}));
  d = discover({"../sub/./a.yaml", root_.string() + "/sub/a.yaml"}, "..", ExcludeMatcher({}));
  EXPECT_EQ(paths_of(d), (Paths{"a.yaml"}));
}

TEST_F(DiscoveryTree, SymlinksToFilesAreFollowedToDirectoriesNot) {
  write("real/a.yaml");
  write("real/data.txt");
  fs::create_symlink(root_ / "real/a.yaml", root_ / "link.yaml");
  fs::create_symlink(root_ / "real/data.txt", root_ / "text.json");  // the link name counts
  fs::create_symlink(root_ / "real", root_ / "linkdir");
  fs::create_symlink(root_, root_ / "real/loop");  // back to a parent: must not hang
  Discovery d = discover({"."}, ".", ExcludeMatcher({}));
  EXPECT_EQ(paths_of(d), (Paths{"link.yaml", "real/a.yaml", "text.json"}));
  EXPECT_TRUE(d.problems.empty());
}

TEST_F(DiscoveryTree, BrokenAndLoopingFileLinksAreProblems) {
  write("ok.yaml");
  fs::create_symlink(root_ / "gone.yaml", root_ / "dangling.yaml");
  fs::create_symlink(root_ / "gone.txt", root_ / "dangling.txt");  // not input: not reported
  fs::create_symlink(root_ / "loop-b.yaml", root_ / "loop-a.yaml");
  fs::create_symlink(root_ / "loop-a.yaml", root_ / "loop-b.yaml");
  Discovery d = discover({"."}, ".", ExcludeMatcher({}));
  EXPECT_EQ(paths_of(d), (Paths{"ok.yaml"}));
  ASSERT_EQ(d.problems.size(), 3u);
  EXPECT_EQ(d.problems[0].path, "dangling.yaml");
  EXPECT_EQ(d.problems[0].message, "broken symbolic link");
  EXPECT_EQ(d.problems[1].path, "loop-a.yaml");
  EXPECT_EQ(d.problems[1].message, "too many levels of symbolic links");
  EXPECT_EQ(d.problems[2].path, "loop-b.yaml");
  // Named explicitly, a link loop is a problem too (not "no such file").
  d = discover({"loop-a.yaml"}, ".", ExcludeMatcher({}));
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_EQ(d.problems[0].message, "too many levels of symbolic links");
}

// The walk as the unprivileged user (root reads chmod-000 directories anyway).
std::string problems_as_unprivileged(const fs::path& dir) {
  return testing_support::run_as_nobody([&dir] {
    const Discovery d = discover({dir.string()}, dir.string(), ExcludeMatcher({}));
    std::string text;
    for (const DiscoveredFile& f : d.files) text += "file " + f.path + "\n";
    for (const DiscoveryProblem& p : d.problems) text += p.path + ": " + p.message + "\n";
    return text;
  });
}

TEST_F(DiscoveryTree, UnreadableDirectoryIsReportedAndTheRestWalked) {
  write("locked/hidden.yaml");
  write("open/visible.yaml");
  fs::permissions(root_ / "locked", fs::perms::none);
  const std::string text = problems_as_unprivileged(root_);
  // CI and developers run as root, which can always switch to "nobody": not being able to is
  // a broken environment, not a reason to skip.
  ASSERT_NE(text, testing_support::kCannotDropPrivileges)
      << "the test needs to switch to an unprivileged user";
  // The cwd is root_ but the child resolves paths the same way: relative to it.
  EXPECT_EQ(text, "file open/visible.yaml\nlocked: permission denied\n");
}

}  // namespace
}  // namespace rightfit
