// Issue 24, high class "reading outside the tree, and printing it": a repository names
// paths (`${file(../../x)}`, a symlinked Dockerfile) that resolve outside what the user asked
// to analyse, and values it includes were echoed whole into RF002 messages (hence SARIF,
// `-f github` annotations and PR comments). Nothing outside the roots is read; a message
// quotes only a short excerpt of what the analysed file itself says.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>

#include "driver/engine.h"
#include "tests/loop_handler.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "hunter2-do-not-print";

class HostileReads : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("rightfit-reads-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "repo";
    write(base_ / "outside/secret.yml", std::string("x: ") + kSecret + "\n");
    write(base_ / "outside/Dockerfile", std::string("FROM ") + kSecret + "\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  static void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  Analysis run() const {
    AnalysisRequest request;
    request.paths = {root_.string()};
    request.root = root_.string();
    return analyze(request);
  }
  static std::string everything_said(const Analysis& a) {
    std::string all;
    for (const Finding& f : a.findings) {
      all += f.rule_id + " " + f.message + "\n";
      for (const RelatedLocation& r : f.related) all += "  " + r.message + "\n";
    }
    for (const std::string& e : a.errors) all += e + "\n";
    return all;
  }
  fs::path base_, root_;
};

std::string service(const std::string& timeout) {
  return "service: demo\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n"
         "  a:\n    handler: h.main\n    timeout: " +
         timeout + "\n";
}

TEST_F(HostileReads, ServerlessFileOutsideTheRootIsNotRead) {
  write(root_ / "app/serverless.yml", service("${file(../../outside/secret.yml):x}"));
  const std::string said = everything_said(run());
  EXPECT_EQ(said.find(kSecret), std::string::npos) << said;
  EXPECT_NE(said.find("outside the analysed directories"), std::string::npos) << said;
}

TEST_F(HostileReads, ServerlessFileThroughASymlinkOutOfTheRootIsNotRead) {
  fs::create_directories(root_ / "app");
  fs::create_symlink(base_ / "outside/secret.yml", root_ / "app/config.yml");
  write(root_ / "app/serverless.yml", service("${file(./config.yml):x}"));
  const std::string said = everything_said(run());
  EXPECT_EQ(said.find(kSecret), std::string::npos) << said;
}

TEST_F(HostileReads, AValueAVariableBringsInIsNeverEchoed) {
  // Inside the tree, and read: the value is used, but a message quotes only the variable.
  write(root_ / "app/.env", std::string("DB_PASSWORD=") + kSecret + "\n");
  write(root_ / "app/serverless.yml", service("${file(./.env)}"));
  const Analysis a = run();
  const std::string said = everything_said(a);
  EXPECT_EQ(said.find(kSecret), std::string::npos) << said;
  EXPECT_NE(said.find("'${file(./.env)}' does not give a number"), std::string::npos) << said;
}

TEST_F(HostileReads, WhatTheFileItselfSaysIsQuotedShortAndEscaped) {
  write(root_ / "app/serverless.yml", service("\"" + std::string(200, 'x') + "\\u001b[2J\""));
  const std::string said = everything_said(run());
  EXPECT_NE(said.find("'" + std::string(40, 'x') + "...'"), std::string::npos) << said;
  EXPECT_EQ(said.find(std::string(41, 'x')), std::string::npos) << said;
  write(root_ / "app/serverless.yml", service("\"1536\\u001bMB\""));
  const std::string escaped = everything_said(run());
  EXPECT_EQ(escaped.find('\x1b'), std::string::npos) << escaped;
}

TEST_F(HostileReads, ASymlinkedFileOutsideTheRootIsRefusedAndNamed) {
  fs::create_directories(root_);
  fs::create_symlink(base_ / "outside/Dockerfile", root_ / "Dockerfile");
  fs::create_symlink("/etc/passwd", root_ / "passwd.yaml");
  const Analysis a = run();
  const std::string said = everything_said(a);
  EXPECT_EQ(said.find(kSecret), std::string::npos) << said;
  EXPECT_EQ(said.find("root:"), std::string::npos) << said;
  ASSERT_EQ(a.refused.size(), 2u) << said;
  EXPECT_NE(a.refused[0].find("/Dockerfile: a symbolic link to a file outside"), std::string::npos)
      << a.refused[0];
  EXPECT_NE(a.refused[1].find("/passwd.yaml: a symbolic link to a file outside"), std::string::npos)
      << a.refused[1];
}

// The test above links a Dockerfile whose first line is an instruction, which no message
// quotes; a linked file whose first line is none (as /etc/passwd's) was quoted by RF001
// ("unknown instruction `root:x:0:0:...`") before discovery refused links out of the roots.
TEST_F(HostileReads, ALinkedFileOutsideTheRootThatIsNoDockerfileIsNeverQuoted) {
  write(base_ / "outside/passwd", std::string("root:x:0:0:") + kSecret + ":/root:/bin/sh\n");
  fs::create_directories(root_);
  fs::create_symlink(base_ / "outside/passwd", root_ / "Dockerfile");
  const std::string said = everything_said(run());
  EXPECT_EQ(said.find(kSecret), std::string::npos) << said;
  EXPECT_EQ(said.find("root:x:0:0"), std::string::npos) << said;
}

TEST_F(HostileReads, ASymlinkInsideTheRootIsStillFollowed) {
  write(root_ / "real/Dockerfile", "FROM public.ecr.aws/lambda/python:3.12\nEXPOSE 80\n");
  fs::create_symlink(root_ / "real/Dockerfile", root_ / "Dockerfile");
  const Analysis a = run();
  EXPECT_TRUE(a.refused.empty());
  EXPECT_NE(everything_said(a).find("RF302"), std::string::npos) << everything_said(a);
}

// ---- every other path the repository names ----

const char* kLambdaOverTheLimit =
    "resource \"aws_lambda_function\" \"f\" {\n"
    "  function_name = \"hunter2-do-not-print\"\n"
    "  role          = \"arn:aws:iam::123456789012:role/x\"\n"
    "  handler       = \"index.handler\"\n"
    "  runtime       = \"nodejs20.x\"\n"
    "  filename      = \"f.zip\"\n"
    "  timeout       = 1200\n"
    "}\n";

// No finding, related location or refusal line may sit in a file outside the root.
void expect_nothing_from_outside(const Analysis& a, const fs::path& outside) {
  for (const Finding& f : a.findings) {
    EXPECT_EQ(f.location.file.find(outside.string()), std::string::npos)
        << f.rule_id << " " << f.location.file << ": " << f.message;
    EXPECT_EQ(f.message.find(kSecret), std::string::npos) << f.message;
  }
}

const Finding* rf002_at(const Analysis& a, const std::string& file_suffix, uint32_t line) {
  for (const Finding& f : a.findings) {
    if (f.rule_id == "RF002" && f.location.file.ends_with(file_suffix) &&
        f.location.line() == line) {
      return &f;
    }
  }
  return nullptr;
}

TEST_F(HostileReads, ATerraformModuleOutsideTheRootIsNotReadAndTheSourceLineSaysSo) {
  write(base_ / "outside/mod/main.tf", kLambdaOverTheLimit);
  write(root_ / "env/main.tf",
        "module \"app\" {\n  source = \"../../outside/mod\"\n}\n"
        "module \"abs\" {\n  source = \"./linked\"\n}\n");
  fs::create_directory_symlink(base_ / "outside/mod", root_ / "env/linked");
  const Analysis a = run();
  expect_nothing_from_outside(a, base_ / "outside");
  const Finding* relative = rf002_at(a, "env/main.tf", 2);
  ASSERT_NE(relative, nullptr) << everything_said(a);
  EXPECT_NE(relative->message.find("'../../outside/mod' refers outside the analysed tree"),
            std::string::npos)
      << relative->message;
  EXPECT_NE(rf002_at(a, "env/main.tf", 5), nullptr) << everything_said(a);  // via a symlink
  ASSERT_EQ(a.refused.size(), 2u) << everything_said(a);
  EXPECT_NE(a.refused[0].find("env/main.tf:2: source '../../outside/mod' refers outside"),
            std::string::npos)
      << a.refused[0];
  EXPECT_NE(a.refused[0].find("(analysed: " + fs::canonical(root_).string() + ")"),
            std::string::npos)
      << a.refused[0];
}

TEST_F(HostileReads, AnAbsoluteOrHomeTerraformSourceIsRefusedLikeADotDotOne) {
  write(base_ / "outside/mod/main.tf", kLambdaOverTheLimit);
  const std::string absolute = (base_ / "outside/mod").string();
  write(root_ / "env/main.tf", "module \"abs\" {\n  source = \"" + absolute +
                                   "\"\n}\nmodule \"home\" {\n  source = \"~/mod\"\n}\n");
  const Analysis a = run();
  expect_nothing_from_outside(a, base_ / "outside");
  EXPECT_EQ(a.graph->functions.size(), 0u) << everything_said(a);
  const Finding* abs = rf002_at(a, "env/main.tf", 2);
  ASSERT_NE(abs, nullptr) << everything_said(a);
  EXPECT_NE(abs->message.find("refers outside the analysed tree"), std::string::npos)
      << abs->message;
  const Finding* home = rf002_at(a, "env/main.tf", 5);
  ASSERT_NE(home, nullptr) << everything_said(a);
  EXPECT_NE(home->message.find("'~/mod' refers outside the analysed tree"), std::string::npos)
      << home->message;
  ASSERT_EQ(a.refused.size(), 2u) << everything_said(a);
  EXPECT_NE(a.refused[0].find("env/main.tf:2: source '"), std::string::npos) << a.refused[0];
  EXPECT_NE(a.refused[1].find("env/main.tf:5: source '~/mod' refers outside"), std::string::npos)
      << a.refused[1];
}

TEST_F(HostileReads, ATerraformModuleInsideTheRootIsStillRead) {
  write(root_ / "modules/app/main.tf", kLambdaOverTheLimit);
  write(root_ / "env/main.tf", "module \"app\" {\n  source = \"../modules/app\"\n}\n");
  const Analysis a = run();
  EXPECT_TRUE(a.refused.empty());
  ASSERT_EQ(a.graph->functions.size(), 1u) << everything_said(a);
}

TEST_F(HostileReads, ACdkOutputOutsideTheRootIsNotRead) {
  write(base_ / "outside/cdk.out/manifest.json", "{\"version\": \"36.0.0\"}\n");
  write(base_ / "outside/cdk.out/cdk.out", "{\"version\": \"36.0.0\"}\n");
  write(base_ / "outside/cdk.out/App.template.json",
        std::string("{\"Resources\": {\"Fn\": {\"Type\": \"AWS::Lambda::Function\", ") +
            "\"Properties\": {\"FunctionName\": \"" + kSecret + "\", \"Timeout\": 1200}}}}\n");
  write(root_ / "app/cdk.json",
        "{\n  \"app\": \"node app.js\",\n  \"output\": \"../../outside/cdk.out\"\n}\n");
  const Analysis a = run();
  expect_nothing_from_outside(a, base_ / "outside");
  EXPECT_NE(rf002_at(a, "app/cdk.json", 3), nullptr) << everything_said(a);
  ASSERT_EQ(a.refused.size(), 1u) << everything_said(a);
  EXPECT_NE(a.refused[0].find("app/cdk.json:3: output '../../outside/cdk.out' refers outside"),
            std::string::npos)
      << a.refused[0];
}

std::size_t count_rule(const Analysis& a, const std::string& rule) {
  return static_cast<std::size_t>(std::count_if(
      a.findings.begin(), a.findings.end(), [&](const Finding& f) { return f.rule_id == rule; }));
}

// A database found in the tree that links out of it would let a file outside decide how the
// tree's handlers parse (its flags, its -include): it is not read, so its -DKEPT, which alone
// makes the handler's endless loop (RF102), changes nothing.
TEST_F(HostileReads, AFoundCompileDatabaseLinkedFromOutsideIsNotRead) {
  const fs::path handler = root_ / "handler.cpp";
  write(handler, testing_support::handler_looping_if_kept(""));
  const std::string database =
      "[{\"directory\": \"" + root_.string() + "\", \"file\": \"" + handler.string() +
      "\", \"arguments\": [\"clang++\", \"-DKEPT\", \"" + handler.string() + "\"]}]\n";
  write(base_ / "outside/compile_commands.json", database);
  fs::create_symlink(base_ / "outside/compile_commands.json", root_ / "compile_commands.json");
  const Analysis linked = run();
  EXPECT_EQ(count_rule(linked, "RF102"), 0u) << everything_said(linked);
  std::string refused;
  for (const std::string& r : linked.refused) refused += r + "\n";
  ASSERT_EQ(linked.refused.size(), 1u) << refused;
  EXPECT_NE(linked.refused[0].find("compile_commands.json: a symbolic link to a file outside"),
            std::string::npos)
      << linked.refused[0];

  // The control: the same database as a file of the tree is read, and its -D makes the loop.
  fs::remove(root_ / "compile_commands.json");
  write(root_ / "compile_commands.json", database);
  const Analysis inside = run();
  EXPECT_EQ(count_rule(inside, "RF102"), 1u) << everything_said(inside);
  EXPECT_TRUE(inside.refused.empty());
}

}  // namespace
}  // namespace rightfit
