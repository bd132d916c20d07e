// RF001 once per file (rules.md), for every front-end: a file with two or more mistakes gets
// exactly one parse error, where the parser stopped (the first). The fixtures show where it
// lands; these count, which the fixture test (a set of rule/line pairs) cannot.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "analyzer/workload_graph.h"
#include "driver/engine.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

class ParseErrorOnce : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rightfit-rf001-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }

  // "file:line" of every RF001, files relative to the scratch directory.
  std::vector<std::string> parse_errors(Config config = {}) {
    Analysis a =
        analyze(AnalysisRequest{{dir_.string()}, dir_.string(), std::move(config), 2, {}, {}, {}});
    std::vector<std::string> out;
    for (const Finding& f : a.findings) {
      if (f.rule_id != "RF001") continue;
      out.push_back(fs::path(f.location.file).lexically_relative(dir_).generic_string() + ":" +
                    std::to_string(f.location.line()));
    }
    return out;
  }

  static std::vector<std::string> only(const std::string& at) { return {at}; }

  fs::path dir_;
};

TEST_F(ParseErrorOnce, DockerfileStopsAtTheMisspeltFrom) {
  write("Dockerfile",
        "FORM public.ecr.aws/lambda/python:3.12\n"
        "COPY app.py ./\n"
        "RUN pip install boto3\n"
        "ENV A=1\n"
        "CMD [\"app.handler\"]\n");
  EXPECT_EQ(parse_errors(), only("Dockerfile:1"));
}

TEST_F(ParseErrorOnce, DockerfileNamesTheMissingContinuation) {
  write("Dockerfile",
        "FROM public.ecr.aws/lambda/nodejs:20\n"
        "RUN npm ci &&\n"
        "    npm cache clean --force\n"
        "BOGUS\n"
        "SHELL not-json\n");
  Analysis a = analyze(AnalysisRequest{{dir_.string()}, dir_.string(), {}, 2, {}, {}, {}});
  ASSERT_EQ(a.findings.size(), 1u);
  EXPECT_EQ(a.findings[0].location.line(), 3u);
  EXPECT_NE(a.findings[0].message.find("lack a `\\` at the end of its line"), std::string::npos)
      << a.findings[0].message;
}

TEST_F(ParseErrorOnce, CloudFormationYamlAndJson) {
  write("t.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties:\n"
        "      Timeout: 3\n"
        "     MemorySize: 128\n"
        "  Q:\n"
        "    Type: AWS::SQS::Queue\n"
        "      Bad: 1\n");
  write("t.json",
        "{\"Resources\": {\n"
        "  \"Fn\": {\"Type\": \"AWS::Lambda::Function\",},\n"
        "  \"Q\": {\"Type\": \"AWS::SQS::Queue\" \"x\": 1}\n"
        "}}\n");
  EXPECT_EQ(parse_errors(), (std::vector<std::string>{"t.json:2", "t.yaml:7"}));
}

TEST_F(ParseErrorOnce, TerraformHclJsonAndPlan) {
  write("hcl/main.tf",
        "resource \"aws_lambda_function\" \"a\" {\n"
        "  timeout = = 30\n"
        "}\n"
        "resource \"aws_sqs_queue\" \"q\" {\n"
        "  visibility_timeout_seconds = 30 +\n"
        "}\n");
  write("json/main.tf.json",
        "{\"resource\": {\"aws_sqs_queue\": {\"q\": {\"name\": \"q\",}},\n"
        " \"aws_lambda_function\": {\"a\": {\"timeout\" 3}}}}\n");
  write("plan/x.tfplan.json",
        "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [\n"
        "  {\"address\": \"a\",, \"type\": \"aws_sqs_queue\"},\n"
        "  {\"address\": \"b\" \"type\": \"aws_sqs_queue\"}\n"
        "]}}}\n");
  EXPECT_EQ(parse_errors(), (std::vector<std::string>{"hcl/main.tf:2", "json/main.tf.json:1",
                                                      "plan/x.tfplan.json:2"}));
}

// A module called by two root modules (environments) is read for each: its parse error is
// still one finding.
TEST_F(ParseErrorOnce, TerraformModuleOfTwoRootModules) {
  write("modules/worker/main.tf",
        "resource \"aws_lambda_function\" \"w\" {\n"
        "  timeout = = 30\n"
        "}\n");
  for (const std::string env : {"dev", "production"}) {
    write(env + "/main.tf", "module \"worker\" {\n  source = \"../modules/worker\"\n}\n");
  }
  EXPECT_EQ(parse_errors(), only("modules/worker/main.tf:2"));
}

TEST_F(ParseErrorOnce, ServerlessService) {
  write("serverless.yml",
        "service: s\n"
        "provider:\n"
        "  name: aws\n"
        "functions:\n"
        "  a:\n"
        "    handler: a.handler\n"
        "    events: [ http: GET /\n"
        "  b:\n"
        "    handler: b.handler\n"
        "    events: [ http: GET /b\n"
        "  c:\n"
        "    handler: c.handler\n");
  EXPECT_EQ(parse_errors(), only("serverless.yml:8"));
}

TEST_F(ParseErrorOnce, CdkAssemblyMetadata) {
  write("cdk.out/cdk.out", "{\"version\":\"48.0.0\"}\n");
  write("cdk.out/manifest.json", "{\"version\": \"48.0.0\", \"artifacts\": {}}\n");
  write("cdk.out/App.metadata.json",
        "{\n"
        "  \"/App/Fn/Resource\": [{\"type\": \"aws:cdk:logicalId\",, \"data\": \"Fn\"}],\n"
        "  \"/App/Q/Resource\": [{\"type\" \"aws:cdk:logicalId\"}]\n"
        "}\n");
  EXPECT_EQ(parse_errors(), only("cdk.out/App.metadata.json:2"));
}

TEST_F(ParseErrorOnce, KubernetesDocumentsOfOneFile) {
  write("k8s/workers.yaml",
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: a\n"
        "---\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "spec:\n"
        "  replicas: 1\n"
        " template: {}\n"
        "---\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "spec:\n"
        "  replicas: 1\n"
        " template: {}\n");
  EXPECT_EQ(parse_errors(), only("k8s/workers.yaml:10"));
}

// Handler code: tree-sitter recovers from syntax errors; what stops it is a limit. Two places
// nested beyond it are one error, at the first.
TEST_F(ParseErrorOnce, PythonAndJavaScriptNestedBeyondTheLimit) {
  const std::string deep(80, '(');
  const std::string shut(80, ')');
  write("py/app.py", "x = 1\ny = " + deep + "1" + shut + "\nz = " + deep + "2" + shut + "\n");
  write("js/app.js", "const a = 1;\nconst b = " + deep + "1" + shut + ";\nconst c = " + deep + "2" +
                         shut + ";\n");
  Config config;
  config.limits.max_nesting_depth = 40;
  EXPECT_EQ(parse_errors(config), (std::vector<std::string>{"js/app.js:2", "py/app.py:2"}));
}

// The guarantee holds where facts are joined, whatever a front-end reports (Clang's, or a
// file read for two callers): one error per file, the first in it.
TEST(ParseErrorPerFile, LinkKeepsTheFirstErrorOfEachFile) {
  auto error_at = [](const std::string& file, uint32_t line, const std::string& message) {
    return ParseError{SourceRange{file, Span{{line, 1}, {line, 1}}}, message};
  };
  FileFacts a;
  a.file = "main.cpp";
  a.parse_errors = {error_at("main.cpp", 9, "later"), error_at("main.cpp", 4, "first")};
  FileFacts b;
  b.file = "modules/x";
  b.parse_errors = {error_at("modules/x/main.tf", 2, "module, first caller")};
  FileFacts c;
  c.file = "modules/x";
  c.parse_errors = {error_at("modules/x/main.tf", 2, "module, second caller"),
                    error_at("other.tf", 1, "another file")};
  WorkloadGraph g = WorkloadGraph::link({a, b, c});
  ASSERT_EQ(g.parse_errors.size(), 3u);
  EXPECT_EQ(g.parse_errors[0].where.file, "main.cpp");
  EXPECT_EQ(g.parse_errors[0].message, "first");
  EXPECT_EQ(g.parse_errors[1].where.file, "modules/x/main.tf");
  EXPECT_EQ(g.parse_errors[2].where.file, "other.tf");
}

}  // namespace
}  // namespace rightfit
