// `report --base REF` on a scratch git repository (new, fixed and moved findings, a verdict and
// a cost change; a bad revision; the work tree and index left as they were), the Markdown's
// size limit, and integrations/github/post-comment.mjs against a stub of GitHub's and
// GitLab's comment APIs on 127.0.0.1 (one comment: created once, then updated).
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "integrations/report/placement_diff.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::shell_quote;
using testing_support::write_text;

// A function of the scratch template; `extra` holds more Properties lines.
std::string function(const std::string& name, const std::string& extra, const std::string& events) {
  return "  " + name +
         ":\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n"
         "      Handler: app.handler\n      CodeUri: src/\n" +
         extra + "      Events:\n" + events;
}

std::string template_text(int api_timeout, const std::string& worker_memory,
                          const std::string& report_size) {
  return "Transform: AWS::Serverless-2016-10-31\nResources:\n" +
         function("InvoiceApi", "      Timeout: " + std::to_string(api_timeout) + "\n",
                  "        Render:\n          Type: Api\n          Properties:\n"
                  "            Path: /invoice\n            Method: get\n") +
         "  OrderEvents:\n    Type: AWS::SQS::Queue\n" +
         function("OrderWorker", worker_memory + "      Timeout: 120\n",
                  "        Orders:\n          Type: SQS\n          Properties:\n"
                  "            Queue: !GetAtt OrderEvents.Arn\n") +
         function("MonthlyReport", report_size,
                  "        Monthly:\n          Type: Schedule\n          Properties:\n"
                  "            Schedule: cron(0 3 * * ? *)\n");
}

class ReportBase : public testing_support::ScratchDirectory {
 protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    repo_ = dir_ / "repo";
    fs::create_directories(repo_);
    fs::create_directories(dir_ / "tmp");
  }
  testing_support::SeparateOutputs sh(const std::string& command) {
    return testing_support::run_command_split(
        "cd " + shell_quote(repo_.string()) + " && " + command, dir_);
  }
  void commit_all(const std::string& message) {
    ASSERT_EQ(sh("git add -A && git -c user.name=t -c user.email=t@t commit -qm '" + message + "'")
                  .exit_code,
              0);
  }
  // rightfit with its temporary directories below the scratch directory, to see them go.
  testing_support::SeparateOutputs rightfit(const std::string& args) {
    return sh("TMPDIR=" + shell_quote((dir_ / "tmp").string()) + " " + RIGHTFIT_BINARY + " " +
              args);
  }
  // Two commits: the base, then a change that fixes RF105 (InvoiceApi's Timeout), brings
  // RF104/RF403 and a move to Fargate (MonthlyReport), raises OrderWorker's cost (memory), and
  // moves the unchanged RF106 two lines down.
  void two_commits() {
    ASSERT_EQ(sh("git init -q").exit_code, 0);
    write_text(repo_ / "src/app.py", "def handler(event, context):\n    return {}\n");
    write_text(repo_ / ".rightfit.yaml",
               "usage:\n  InvoiceApi: {requests_per_month: 2000000, avg_duration_ms: 250}\n"
               "  OrderWorker: {requests_per_month: 5000000, avg_duration_ms: 400}\n");
    write_text(repo_ / "template.yaml",
               template_text(60, "", "      MemorySize: 512\n      Timeout: 300\n"));
    commit_all("base");
    write_text(repo_ / "template.yaml",
               "# Orders service.\n# Two lines of notes move everything down.\n" +
                   template_text(20, "      MemorySize: 1024\n",
                                 "      MemorySize: 10240\n      Timeout: 840\n"));
    commit_all("change");
  }
  fs::path repo_;
};

const rapidjson::Value* workload(const rapidjson::Document& doc, const std::string& name) {
  for (const auto& w : doc["workloads"].GetArray())
    if (name == w["name"].GetString()) return &w;
  return nullptr;
}

std::string rules_of(const rapidjson::Value& findings) {
  std::string out;
  for (const auto& f : findings.GetArray()) {
    out += std::string(f["ruleId"].GetString()) + "@" + std::to_string(f["line"].GetUint()) + " ";
  }
  return out;
}

TEST_F(ReportBase, JsonNamesNewAndFixedFindingsAndChangedWorkloads) {
  two_commits();
  auto r = rightfit("report --base HEAD~1 -f json .");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  EXPECT_STREQ(doc["base"]["ref"].GetString(), "HEAD~1");
  EXPECT_EQ(std::string(doc["base"]["commit"].GetString()).size(), 40u);
  // RF106 only moved: neither new nor fixed.
  EXPECT_EQ(rules_of(doc["newFindings"]), "RF403@39 RF104@40 ") << r.out;
  EXPECT_EQ(rules_of(doc["fixedFindings"]), "RF105@9 ") << r.out;
  EXPECT_STREQ(doc["newFindings"][0]["file"].GetString(), "template.yaml");
  EXPECT_STREQ(doc["fixedFindings"][0]["file"].GetString(), "template.yaml");
  EXPECT_EQ(doc["summary"]["findings"]["new"].GetUint(), 2u);
  EXPECT_EQ(doc["summary"]["findings"]["fixed"].GetUint(), 1u);

  const rapidjson::Value* report = workload(doc, "MonthlyReport");
  ASSERT_NE(report, nullptr) << r.out;
  EXPECT_STREQ((*report)["change"].GetString(), "changed");
  EXPECT_STREQ((*report)["recommendation"]["before"].GetString(), "stay");
  EXPECT_STREQ((*report)["recommendation"]["after"].GetString(), "move-to-fargate");
  EXPECT_STREQ((*report)["platform"]["after"].GetString(), "Lambda");

  const rapidjson::Value* worker = workload(doc, "OrderWorker");
  ASSERT_NE(worker, nullptr) << r.out;
  const auto& cost = (*worker)["monthlyCost"];
  EXPECT_STREQ((*worker)["recommendation"]["before"].GetString(),
               (*worker)["recommendation"]["after"].GetString());
  EXPECT_GT(cost["after"].GetDouble(), cost["before"].GetDouble());
  EXPECT_NEAR(cost["delta"].GetDouble(), cost["after"].GetDouble() - cost["before"].GetDouble(),
              0.011);
  EXPECT_EQ((*worker)["line"].GetUint(), 20u);  // the working tree's line

  const auto& total = doc["summary"]["monthlyCost"];
  EXPECT_GT(total["delta"].GetDouble(), 0);
  EXPECT_NEAR(total["delta"].GetDouble(), total["after"].GetDouble() - total["before"].GetDouble(),
              0.011);
  // The private copy of the base is gone.
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp"));
}

TEST_F(ReportBase, MarkdownIsOneCommentWithTheSummaryFirst) {
  two_commits();
  auto r = rightfit("report --base HEAD~1 -f markdown");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& md = r.out;
  EXPECT_EQ(md.rfind("<!-- rightfit-report -->\n### rightfit: placement changes\n", 0), 0u) << md;
  EXPECT_LT(md.find("| Known monthly cost |"), md.find("| Workload |")) << md;
  EXPECT_NE(md.find("| Findings | 2 | 3 | 2 new, 1 fixed |"), std::string::npos) << md;
  EXPECT_NE(
      md.find("| **MonthlyReport**<br>template.yaml:33 | Lambda | stay → **move-to-fargate** |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("<details><summary>2 new findings</summary>"), std::string::npos);
  EXPECT_NE(md.find("- **RF104** (warning) `template.yaml:40`: "), std::string::npos) << md;
  EXPECT_NE(md.find("<details><summary>1 fixed finding</summary>"), std::string::npos);
  EXPECT_NE(md.find("- **RF105** (warning) `template.yaml:9`: "), std::string::npos) << md;
  EXPECT_EQ(md.find("RF106"), std::string::npos) << md;
}

TEST_F(ReportBase, LeavesTheWorkTreeAndIndexAsTheyWere) {
  two_commits();
  // Staged, unstaged and untracked changes, and a hook that must not run.
  write_text(repo_ / "notes.txt", "staged\n");
  ASSERT_EQ(sh("git add notes.txt").exit_code, 0);
  write_text(repo_ / "notes.txt", "staged, then edited\n");
  write_text(repo_ / "scratch.txt", "untracked\n");
  write_text(repo_ / ".git/hooks/post-checkout", "#!/bin/sh\ntouch " + (dir_ / "pwned").string());
  fs::permissions(repo_ / ".git/hooks/post-checkout", fs::perms::owner_all);
  const std::string status = sh("git status --porcelain=v1 --untracked-files=all").out;
  const std::string index = read_text(repo_ / ".git/index");
  const std::string head = sh("git rev-parse HEAD").out;

  auto r = rightfit("report --base HEAD~1 -f text .");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Findings: 2 new, 1 fixed"), std::string::npos) << r.out;
  EXPECT_EQ(sh("git status --porcelain=v1 --untracked-files=all").out, status);
  EXPECT_EQ(read_text(repo_ / ".git/index"), index);
  EXPECT_EQ(sh("git rev-parse HEAD").out, head);
  EXPECT_EQ(sh("git stash list").out, "");
  EXPECT_FALSE(fs::exists(dir_ / "pwned"));
}

TEST_F(ReportBase, ABadRevisionIsAUsageError) {
  two_commits();
  auto r = rightfit("report --base no-such-branch .");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--base: unknown revision 'no-such-branch'"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  // An option-looking revision is a revision, not an option of git.
  auto option = rightfit("report --base=--output=x .");
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_FALSE(fs::exists(repo_ / "x"));
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp"));
  // Outside any git work tree.
  fs::create_directories(dir_ / "plain");
  auto plain = rightfit("report --base HEAD " + shell_quote((dir_ / "plain").string()));
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(plain.err.find("is not in a git work tree"), std::string::npos) << plain.err;
}

TEST_F(ReportBase, ASubdirectoryIsComparedWithTheSameSubdirectory) {
  ASSERT_EQ(sh("git init -q").exit_code, 0);
  write_text(repo_ / "infra/template.yaml",
             template_text(60, "", "      MemorySize: 512\n      Timeout: 300\n"));
  commit_all("base");
  write_text(repo_ / "infra/template.yaml",
             template_text(20, "", "      MemorySize: 512\n      Timeout: 300\n"));
  auto r = rightfit("report --base HEAD -f json infra");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  EXPECT_EQ(rules_of(doc["newFindings"]), "");
  EXPECT_EQ(rules_of(doc["fixedFindings"]), "RF105@9 ");
  EXPECT_STREQ(doc["fixedFindings"][0]["file"].GetString(), "infra/template.yaml");
}

// Several paths, spelled in different ways: each is compared with its own copy at the base,
// and the base's configuration applies to the base (its .rightfit.yaml turned RF403 off).
TEST_F(ReportBase, SeveralPathsAreComparedWithTheSamePathsAtTheBase) {
  ASSERT_EQ(sh("git init -q").exit_code, 0);
  const std::string light = "      MemorySize: 512\n      Timeout: 300\n";
  const std::string heavy = "      MemorySize: 10240\n      Timeout: 840\n";
  // infra/ and elsewhere/ fix RF105 (Timeout 60 -> 20); services/ keeps its heavy function.
  const std::vector<std::pair<std::string, std::string>> base = {
      {"infra", template_text(60, "", light)},
      {"services", template_text(20, "", heavy)},
      {"elsewhere", template_text(60, "", light)}};
  for (const auto& [dir, text] : base) write_text(repo_ / dir / "template.yaml", text);
  write_text(repo_ / ".rightfit.yaml", "rules:\n  RF403: off\n");
  commit_all("base");
  write_text(repo_ / ".rightfit.yaml", "rules: {}\n");
  for (const char* dir : {"infra", "elsewhere"})
    write_text(repo_ / dir / "template.yaml", template_text(20, "", light));

  auto r = rightfit("report --base HEAD -f json infra/ ./services");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  // RF106 (both files) and RF104 (services) are in both trees: neither new nor fixed; the
  // file not named (elsewhere/) is in neither.
  EXPECT_EQ(rules_of(doc["newFindings"]), "RF403@36 ") << r.out;
  EXPECT_STREQ(doc["newFindings"][0]["file"].GetString(), "services/template.yaml");
  EXPECT_EQ(rules_of(doc["fixedFindings"]), "RF105@9 ") << r.out;
  EXPECT_STREQ(doc["fixedFindings"][0]["file"].GetString(), "infra/template.yaml");
  EXPECT_EQ(doc["summary"]["findings"]["before"].GetUint(), 4u) << r.out;
  EXPECT_EQ(doc["summary"]["findings"]["after"].GetUint(), 4u) << r.out;

  // From a subdirectory: "." and a sibling named through "..", whose files discovery names
  // by their absolute path.
  auto sub = sh("cd infra && TMPDIR=" + shell_quote((dir_ / "tmp").string()) + " " +
                RIGHTFIT_BINARY + " report --base HEAD -f json . ../services");
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  rapidjson::Document from_sub;
  ASSERT_FALSE(from_sub.Parse(sub.out.c_str()).HasParseError()) << sub.out;
  EXPECT_EQ(rules_of(from_sub["newFindings"]), "RF403@36 ") << sub.out;
  EXPECT_EQ(rules_of(from_sub["fixedFindings"]), "RF105@9 ") << sub.out;
  EXPECT_STREQ(from_sub["fixedFindings"][0]["file"].GetString(), "template.yaml");
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp"));
}

TEST(PlacementDiffMarkdown, StaysUnderTheCommentLimit) {
  PlacementDiff diff;
  diff.base_ref = "main";
  diff.base_commit = std::string(40, 'a');
  for (int i = 0; i < 2000; ++i) {
    Finding f;
    f.rule_id = "RF105";
    f.message = "a long message about finding number " + std::to_string(i) + std::string(80, 'x');
    f.location.file = "template.yaml";
    f.location.span.begin = {static_cast<uint32_t>(i + 1), 1};
    diff.new_findings.push_back(f);
  }
  MarkdownOptions options;
  const std::string md = format_diff_markdown(diff, options);
  EXPECT_LE(md.size(), kGitHubCommentLimit);
  EXPECT_NE(md.find(" rows left out to keep this comment under 65536 characters"),
            std::string::npos);
  EXPECT_NE(md.find("</details>"), std::string::npos);
  EXPECT_NE(md.find("<sub>Compared with `main`"), std::string::npos);
}

// --- posting the comment ---

class PostComment : public ReportBase {
 protected:
  void SetUp() override {
    ReportBase::SetUp();
    const fs::path port_file = dir_ / "port";
    auto started = testing_support::run_command(
        "python3 " RIGHTFIT_SOURCE_DIR "/tests/support/comment_api_stub.py --record " +
        (dir_ / "calls.json").string() + " --port-file " + port_file.string() +
        " --lifetime 120 >" + (dir_ / "stub.log").string() + " 2>&1 </dev/null & echo $!");
    ASSERT_EQ(started.exit_code, 0);
    stub_pid_ = started.output.substr(0, started.output.find('\n'));
    for (int i = 0; i < 300 && !fs::exists(port_file); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(fs::exists(port_file)) << "the stub did not start";
    base_ = "http://127.0.0.1:" + read_text(port_file);
  }
  void TearDown() override {
    if (!stub_pid_.empty()) testing_support::run_command("kill " + stub_pid_);  // ours, by id
    ReportBase::TearDown();
  }
  testing_support::SeparateOutputs post(const std::string& token, const std::string& args,
                                        const std::string& body) {
    write_text(dir_ / "body.md", body);
    return testing_support::run_command_split(
        "env GITHUB_API_URL=" + base_ + " CI_API_V4_URL=" + base_ +
            "/api/v4 GITHUB_TOKEN=" + token + " GITLAB_TOKEN=" + token +
            " node " RIGHTFIT_SOURCE_DIR "/integrations/github/post-comment.mjs " + args +
            " --body-file " + (dir_ / "body.md").string(),
        dir_);
  }
  // "METHOD path?query" per recorded call.
  std::vector<std::string> calls() {
    rapidjson::Document doc;
    doc.Parse(read_text(dir_ / "calls.json").c_str());
    std::vector<std::string> out;
    if (!doc.IsArray()) return out;
    for (const auto& c : doc.GetArray()) {
      std::string query = c["query"].GetString();
      out.push_back(std::string(c["method"].GetString()) + " " + c["path"].GetString() +
                    (query.empty() ? "" : "?" + query));
    }
    return out;
  }
  std::string last_body() {
    rapidjson::Document doc;
    doc.Parse(read_text(dir_ / "calls.json").c_str());
    return doc.GetArray()[doc.Size() - 1]["body"]["body"].GetString();
  }
  std::string stub_pid_;
  std::string base_;
};

TEST_F(PostComment, GitHubCreatesOneCommentThenUpdatesIt) {
  const std::string args = "--github --repository octo/app --number 7";
  auto first = post("test-token", args, "first push\n");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto second = post("test-token", args, "<!-- rightfit-report -->\nsecond push\n");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string list = "GET /repos/octo/app/issues/7/comments?per_page=100";
  // Three unrelated comments, two a page: the list is followed to page 2 each time.
  EXPECT_EQ(calls(), (std::vector<std::string>{
                         list, list + "&page=2", "POST /repos/octo/app/issues/7/comments", list,
                         list + "&page=2", "PATCH /repos/octo/app/issues/comments/1004"}));
  EXPECT_EQ(last_body(), "<!-- rightfit-report -->\nsecond push\n");
  EXPECT_NE(first.out.find("created comment 1004"), std::string::npos) << first.out;
  EXPECT_NE(second.out.find("updated comment 1004"), std::string::npos) << second.out;
}

TEST_F(PostComment, GitLabCreatesOneNoteThenUpdatesIt) {
  const std::string args = "--gitlab --project group/app --number 3";
  ASSERT_EQ(post("test-token", args, "first push\n").exit_code, 0);
  ASSERT_EQ(post("test-token", args, "second push\n").exit_code, 0);
  const std::string notes = "/api/v4/projects/group%2Fapp/merge_requests/3/notes";
  const std::string list = "GET " + notes + "?per_page=100&sort=asc&order_by=created_at";
  EXPECT_EQ(calls(), (std::vector<std::string>{list, list + "&page=2", "POST " + notes, list,
                                               list + "&page=2", "PUT " + notes + "/1004"}));
  EXPECT_EQ(last_body(), "<!-- rightfit-report -->\nsecond push\n");
}

TEST_F(PostComment, ARefusedTokenFailsWithoutPrintingIt) {
  auto r = post("not-the-token-123", "--github --repository octo/app --number 7", "body\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("answered 401"), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find("not-the-token-123"), std::string::npos);
  EXPECT_EQ(calls().size(), 1u);  // no create after a failed list
}

// The action's `comment` step, run as the runner runs it (bash -eo pipefail, inputs in `env`)
// in the scratch repository: the report of the pull request, posted once, then updated.
TEST_F(PostComment, TheActionStepPostsTheReportThenUpdatesIt) {
  two_commits();
  const YAML::Node action = YAML::LoadFile(RIGHTFIT_SOURCE_DIR "/integrations/github/action.yml");
  std::string script;
  for (const YAML::Node& step : action["runs"]["steps"])
    if (step["id"] && step["id"].as<std::string>() == "comment")
      script = step["run"].as<std::string>();
  ASSERT_FALSE(script.empty());
  write_text(dir_ / "step.sh", script);
  const std::string step =
      "env PATH=" +
      shell_quote(fs::path(RIGHTFIT_BINARY).parent_path().string() + ":/usr/bin:/bin") +
      " RF_PATHS=. RF_BASE=HEAD~1 RF_PR_NUMBER=5 RF_SCRIPT=" RIGHTFIT_SOURCE_DIR
      "/integrations/github/post-comment.mjs GITHUB_TOKEN=test-token GITHUB_API_URL=" +
      base_ +
      " GITHUB_REPOSITORY=octo/app GITHUB_SERVER_URL=https://github.com GITHUB_SHA=0123abc"
      " RUNNER_TEMP=" +
      shell_quote(dir_.string()) + " bash --noprofile --norc -eo pipefail " +
      shell_quote((dir_ / "step.sh").string());
  auto first = sh(step);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  auto second = sh(step);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  const std::vector<std::string> made = calls();
  ASSERT_EQ(made.size(), 6u);
  EXPECT_EQ(made[2], "POST /repos/octo/app/issues/5/comments");
  EXPECT_EQ(made[5], "PATCH /repos/octo/app/issues/comments/1004");
  const std::string body = last_body();
  EXPECT_EQ(body.rfind("<!-- rightfit-report -->\n### rightfit: placement changes\n", 0), 0u);
  EXPECT_NE(
      body.find("[template.yaml:33](https://github.com/octo/app/blob/0123abc/template.yaml#L33)"),
      std::string::npos)
      << body;
}

}  // namespace
}  // namespace rightfit
