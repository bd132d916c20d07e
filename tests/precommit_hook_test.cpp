// The pre-commit hook as users run it: Debian's `pre-commit` installs this repository's hook
// (.pre-commit-hooks.yaml, by path and revision) into a scratch git repository, and real
// `git commit`s are blocked or let through.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::run_command;
using testing_support::shell_quote;
using testing_support::write_text;

const char* kBadTemplate =
    "Transform: AWS::Serverless-2016-10-31\n"
    "Resources:\n"
    "  InvoiceApi:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      Timeout: 60\n"
    "      Events:\n"
    "        Render:\n"
    "          Type: Api\n"
    "          Properties: {Path: /invoice, Method: get}\n";

const char* kLegacyTemplate =  // an old problem in a file the commits below do not touch
    "Resources:\n"
    "  Nightly:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Timeout: 700\n";

const char* kImageTemplate =
    "Transform: AWS::Serverless-2016-10-31\n"
    "Resources:\n"
    "  Worker:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      PackageType: Image\n"
    "      Timeout: 20\n"
    "    Metadata:\n"
    "      Dockerfile: Dockerfile\n"
    "      DockerContext: ./worker\n";

class PreCommitHook : public testing_support::ScratchDirectory {
 protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    repo_ = dir_ / "repo";
    fs::create_directories(repo_);
    // Everything pre-commit and git write stays in the scratch directory.
    env_ = "env HOME=" + shell_quote(dir_.string()) +
           " PRE_COMMIT_HOME=" + shell_quote((dir_ / "pre-commit-cache").string()) +
           " GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com"
           " GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com"
           " PATH=" +
           shell_quote(fs::path(RIGHTFIT_BINARY).parent_path().string() + ":" +
                       std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin")) +
           " ";
    ASSERT_EQ(git("init -q -b main").exit_code, 0);
    const testing_support::CommandResult rev =
        run_command("git -C " + shell_quote(RIGHTFIT_SOURCE_DIR) + " rev-parse HEAD");
    ASSERT_EQ(rev.exit_code, 0) << rev.output;
    const std::string revision = rev.output.substr(0, rev.output.find('\n'));
    write_text(repo_ / ".pre-commit-config.yaml",
               "repos:\n"
               "  - repo: " +
                   std::string(RIGHTFIT_SOURCE_DIR) +
                   "\n"
                   "    rev: " +
                   revision +
                   "\n"
                   "    hooks:\n"
                   "      - id: rightfit\n");
    write_text(repo_ / "legacy.yaml", kLegacyTemplate);
    ASSERT_EQ(git("add -A && git commit -q --no-verify -m legacy").exit_code, 0);
    const testing_support::CommandResult install = in_repo("pre-commit install");
    ASSERT_EQ(install.exit_code, 0) << install.output;
  }

  testing_support::CommandResult in_repo(const std::string& command) {
    return run_command("cd " + shell_quote(repo_.string()) + " && " + env_ + command);
  }
  testing_support::CommandResult git(const std::string& args) { return in_repo("git " + args); }
  testing_support::CommandResult commit(const std::string& message) {
    return git("add -A && " + env_ + "git commit -m " + shell_quote(message));
  }

  fs::path repo_;
  std::string env_;
};

TEST_F(PreCommitHook, BadTemplateFailsTheCommitAndTheFixPasses) {
  write_text(repo_ / "template.yaml", kBadTemplate);
  testing_support::CommandResult blocked = commit("add the invoice API");
  EXPECT_NE(blocked.exit_code, 0) << blocked.output;
  EXPECT_NE(blocked.output.find("template.yaml:6:7: warning: Lambda function 'InvoiceApi' has "
                                "Timeout 60 s"),
            std::string::npos)
      << blocked.output;
  EXPECT_NE(blocked.output.find("[RF105]"), std::string::npos) << blocked.output;
  // Only the changed file's findings: the untouched legacy problem is not reported.
  EXPECT_EQ(blocked.output.find("legacy.yaml"), std::string::npos) << blocked.output;
  EXPECT_EQ(git("rev-list --count HEAD").output, "1\n") << "the commit must not be made";

  std::string fixed = kBadTemplate;
  fixed.replace(fixed.find("Timeout: 60"), 11, "Timeout: 20");
  write_text(repo_ / "template.yaml", fixed);
  testing_support::CommandResult passed = commit("add the invoice API");
  EXPECT_EQ(passed.exit_code, 0) << passed.output;
  EXPECT_NE(passed.output.find("rightfit"), std::string::npos) << passed.output;
  EXPECT_NE(passed.output.find("Passed"), std::string::npos) << passed.output;
  EXPECT_EQ(git("rev-list --count HEAD").output, "2\n");

  // Files rightfit does not read do not run it (the hook's `files` pattern).
  testing_support::write_text(repo_ / "NOTES.md", "# notes\n");
  testing_support::CommandResult skipped = commit("notes");
  EXPECT_EQ(skipped.exit_code, 0) << skipped.output;
  EXPECT_NE(skipped.output.find("(no files to check)"), std::string::npos) << skipped.output;
}

// A Dockerfile is only wrong because of the template that links it: committing the
// Dockerfile alone still reads the template, and the finding lands in the Dockerfile.
TEST_F(PreCommitHook, ChangedFileIsCheckedWithinItsProject) {
  write_text(repo_ / "template.yaml", kImageTemplate);
  write_text(repo_ / "worker" / "Dockerfile", "FROM public.ecr.aws/lambda/python:3.12\n");
  testing_support::CommandResult first = commit("worker on the Lambda base image");
  ASSERT_EQ(first.exit_code, 0) << first.output;

  write_text(repo_ / "worker" / "Dockerfile",
             "FROM python:3.12-slim\nRUN pip install requests\nCMD [\"python\", \"main.py\"]\n");
  testing_support::CommandResult blocked = commit("slim base image");
  EXPECT_NE(blocked.exit_code, 0) << blocked.output;
  EXPECT_NE(blocked.output.find("worker/Dockerfile:1:1:"), std::string::npos) << blocked.output;
  EXPECT_NE(blocked.output.find("[RF303]"), std::string::npos) << blocked.output;
  EXPECT_EQ(blocked.output.find("legacy.yaml"), std::string::npos) << blocked.output;
}

// Handler code is what rightfit reads too: an endless loop committed in a linked Python
// handler alone runs the hook and blocks the commit, with the finding in the .py file.
TEST_F(PreCommitHook, LinkedHandlerCodeRunsTheHook) {
  write_text(repo_ / "template.yaml",
             "Transform: AWS::Serverless-2016-10-31\n"
             "Resources:\n"
             "  Poller:\n"
             "    Type: AWS::Serverless::Function\n"
             "    Properties:\n"
             "      Runtime: python3.12\n"
             "      CodeUri: src/\n"
             "      Handler: app.handler\n"
             "      Timeout: 30\n");
  write_text(repo_ / "src" / "app.py", "def handler(event, context):\n    return event\n");
  ASSERT_EQ(commit("poller").exit_code, 0);
  write_text(repo_ / "src" / "app.py",
             "def handler(event, context):\n"
             "    while True:\n"
             "        event = dict(event)\n");
  testing_support::CommandResult blocked = commit("poll forever");
  EXPECT_NE(blocked.exit_code, 0) << blocked.output;
  EXPECT_NE(blocked.output.find("src/app.py:2:"), std::string::npos) << blocked.output;
  EXPECT_NE(blocked.output.find("[RF102]"), std::string::npos) << blocked.output;
}

}  // namespace
}  // namespace rightfit
