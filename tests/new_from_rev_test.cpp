// `check --new-from-rev REV` on a scratch git repository: only findings on lines changed since
// REV (or whose related lines changed), new files whole, and git run without anything the
// repository's configuration could make it execute.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "integrations/git/changed_lines.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::run_command_split;
using testing_support::write_text;

std::string function(const std::string& name, int timeout) {
  return "  " + name + ":\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: " +
         std::to_string(timeout) + "\n";
}

// The repository is `repo_`; the commands' outputs stay beside it, outside the work tree.
class NewFromRev : public testing_support::ScratchDirectory {
 protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    repo_ = dir_ / "repo";
    fs::create_directories(repo_);
  }
  testing_support::SeparateOutputs sh(const std::string& command) {
    return run_command_split("cd " + repo_.string() + " && " + command, dir_);
  }
  void commit_all(const std::string& message) {
    ASSERT_EQ(sh("git add -A && git -c user.name=t -c user.email=t@t commit -qm '" + message + "'")
                  .exit_code,
              0);
  }
  testing_support::SeparateOutputs rightfit(const std::string& args) {
    return sh(std::string(RIGHTFIT_BINARY) + " check --fail-on never " + args);
  }
  fs::path repo_;
};

TEST_F(NewFromRev, OnlyChangedLinesAndNewFilesAreReported) {
  ASSERT_EQ(sh("git init -q").exit_code, 0);
  write_text(repo_ / "app/t.yaml", "Resources:\n" + function("Old", 700) + function("Kept", 30));
  commit_all("one");
  // Old stays as it was; Kept gets a long Timeout; a new file arrives whole.
  write_text(repo_ / "app/t.yaml", "Resources:\n" + function("Old", 700) + function("Kept", 800));
  write_text(repo_ / "app/new.yaml", "Resources:\n" + function("Fresh", 1000));
  // A repository may name commands in its configuration; none of them may run.
  ASSERT_EQ(sh("git config core.fsmonitor 'touch " + (repo_ / "pwned").string() +
               "' && git config diff.external 'touch " + (repo_ / "pwned2").string() + "'")
                .exit_code,
            0);

  auto all = rightfit("app");
  EXPECT_NE(all.out.find("'Old'"), std::string::npos) << all.out;

  auto changed = rightfit("--new-from-rev HEAD app");
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(changed.out.find("'Old'"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("t.yaml:9:7: warning: Lambda function 'Kept'"), std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find("new.yaml:5:7: error: Lambda function 'Fresh'"), std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find("(1 more not on a line changed since HEAD)"), std::string::npos)
      << changed.out;
  EXPECT_FALSE(fs::exists(repo_ / "pwned"));
  EXPECT_FALSE(fs::exists(repo_ / "pwned2"));

  // A file named alone (a pre-commit hook's way) asks the same work tree.
  auto one_file = rightfit("--new-from-rev HEAD app/t.yaml");
  EXPECT_EQ(one_file.out.find("'Old'"), std::string::npos) << one_file.out;
  EXPECT_NE(one_file.out.find("'Kept'"), std::string::npos) << one_file.out;

  // Committed, nothing is new since HEAD; everything is new since the first commit's parent
  // would be an unknown revision.
  commit_all("two");
  auto clean = rightfit("--new-from-rev HEAD app");
  EXPECT_NE(clean.out.find("no findings (3 more not on a line changed since HEAD)"),
            std::string::npos)
      << clean.out;
  auto since_first = rightfit("--new-from-rev HEAD~1 app");
  EXPECT_NE(since_first.out.find("'Kept'"), std::string::npos) << since_first.out;
  EXPECT_EQ(since_first.out.find("'Old'"), std::string::npos) << since_first.out;
}

// RF106 lands on the queue, whose lines did not change; the change was the consumer's
// Timeout, a related location of the finding: the finding is new.
TEST_F(NewFromRev, AFindingWhoseRelatedLineChangedIsNew) {
  ASSERT_EQ(sh("git init -q").exit_code, 0);
  auto worker = [](int timeout) {
    return "Transform: AWS::Serverless-2016-10-31\nResources:\n  Jobs:\n"
           "    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 100\n"
           "  Worker:\n    Type: AWS::Serverless::Function\n    Properties:\n"
           "      CodeUri: src/\n      Timeout: " +
           std::to_string(timeout) +
           "\n      Events:\n        Jobs:\n          Type: SQS\n          Properties:\n"
           "            Queue: !GetAtt Jobs.Arn\n";
  };
  write_text(repo_ / "t.yaml", worker(10));
  commit_all("one");
  write_text(repo_ / "t.yaml", worker(60));
  auto changed = rightfit("--new-from-rev HEAD .");
  EXPECT_NE(changed.out.find("t.yaml:6:7: warning:"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("[RF106]"), std::string::npos) << changed.out;
}

TEST_F(NewFromRev, UnknownRevisionAndNoRepositoryAreUsageErrors) {
  write_text(repo_ / "t.yaml", "Resources:\n" + function("Fn", 700));
  auto no_repo = rightfit("--new-from-rev HEAD .");
  EXPECT_EQ(no_repo.exit_code, 2);
  EXPECT_NE(no_repo.err.find("is not in a git work tree"), std::string::npos) << no_repo.err;
  ASSERT_EQ(sh("git init -q").exit_code, 0);
  commit_all("one");
  for (const char* rev : {"nope", "--output=x", "HEAD~5"}) {
    auto bad = rightfit(std::string("--new-from-rev=") + rev + " .");
    EXPECT_EQ(bad.exit_code, 2) << rev;
    EXPECT_NE(bad.err.find(std::string("unknown revision '") + rev + "'"), std::string::npos)
        << bad.err;
  }
  EXPECT_FALSE(fs::exists(repo_ / "x"));
}

TEST(ChangedLines, HunksRenamesDeletionsAndQuotedNames) {
  const std::string diff =
      "diff --git x.yaml x.yaml\n"
      "--- x.yaml\n+++ x.yaml\n"
      "@@ -3 +3 @@\n-a\n+b\n"
      "@@ -10,0 +11,2 @@\n+c\n+d\n"
      "@@ -20,3 +22,0 @@\n-e\n-f\n-g\n"
      "diff --git gone.yaml gone.yaml\ndeleted file mode 100644\n--- gone.yaml\n+++ /dev/null\n"
      "@@ -1 +0,0 @@\n-x\n"
      "diff --git added.yaml added.yaml\nnew file mode 100644\n--- /dev/null\n+++ added.yaml\n"
      "@@ -0,0 +1 @@\n+y\n"
      "diff --git \"q\\tname.yaml\" \"q\\tname.yaml\"\n--- \"q\\tname.yaml\"\n"
      "+++ \"q\\tname.yaml\"\n@@ -1 +1 @@\n-z\n+w\n";
  const ChangedLines changed = parse_unified_diff("/repo", diff);
  auto at = [&](const std::string& file, uint32_t line) {
    return changed.covers(SourceRange{"/repo/" + file, Span{{line, 1}, {line, 1}}});
  };
  EXPECT_TRUE(at("x.yaml", 3));
  EXPECT_FALSE(at("x.yaml", 4));
  EXPECT_TRUE(at("x.yaml", 11));
  EXPECT_TRUE(at("x.yaml", 12));
  EXPECT_FALSE(at("x.yaml", 13));
  EXPECT_TRUE(at("x.yaml", 22));  // around a deletion
  EXPECT_TRUE(at("x.yaml", 23));
  EXPECT_FALSE(at("gone.yaml", 1));
  EXPECT_TRUE(at("added.yaml", 40));  // a new file is new everywhere
  EXPECT_TRUE(at("q\tname.yaml", 1));
}

}  // namespace
}  // namespace rightfit
