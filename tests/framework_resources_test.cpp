// Framework code is not the user's workload (rules.md): AWS CDK's singleton functions and
// custom resource providers, the Provider framework, the Serverless Framework's helpers and
// copies of code no template deploys get no rule and no placement verdict, and the analysis
// says what it left out and why.
#include "analyzer/framework_resources.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "checks/check.h"
#include "driver/engine.h"
#include "integrations/report/placement.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

Function function_named(const std::string& logical_id, const std::string& handler = "") {
  Function f;
  f.id = EntityId{"cdk.out/App.template.json", logical_id};
  f.type = "AWS::Lambda::Function";
  if (!handler.empty()) f.handler.value = handler;
  return f;
}

bool framework(const std::string& construct, const std::string& logical_id = "Fn1234ABCD",
               const std::string& handler = "index.handler") {
  return framework_function_reason(function_named(logical_id, handler), {construct, false})
      .has_value();
}

// The construct paths aws-cdk-lib gives its own functions (aws-cdk-lib 2.x, `cdk synth`).
TEST(FrameworkFunctions, RecognisedByConstructPath) {
  EXPECT_TRUE(framework("App/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/Resource"));
  EXPECT_TRUE(framework("App/AWS679f53fac002430cb0da5b7982bd2287/Resource"));
  EXPECT_TRUE(framework("App/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Resource"));
  EXPECT_TRUE(framework("App/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler"));
  EXPECT_TRUE(framework("App/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler"));
  EXPECT_TRUE(
      framework("App/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C/Resource"));
  EXPECT_TRUE(framework("App/Seeder/framework-onEvent/Resource"));
  EXPECT_TRUE(framework("App/Seeder/framework-isComplete/Resource"));
  EXPECT_TRUE(framework("App/Seeder/framework-onTimeout/Resource"));
  EXPECT_TRUE(framework("App/AdoptEcrRepositorydbc60defc59544bcaa5c28c95d68f62c/Resource"));
  EXPECT_TRUE(framework("App/@aws-cdk--aws-eks.KubectlProvider/Handler/Resource"));
}

// The app's own functions, whatever they are called.
TEST(FrameworkFunctions, TheAppsOwnAreKept) {
  EXPECT_FALSE(framework("App/Worker/Resource"));
  EXPECT_FALSE(framework("App/LogRetentionReport/Resource"));
  EXPECT_FALSE(framework("App/LogRetention/Resource"));
  EXPECT_FALSE(framework("App/Seeder/OnEvent/Resource"));  // the user's onEvent handler
  EXPECT_FALSE(framework("App/AWS/Resource"));
  EXPECT_FALSE(framework("App/Provider/Handler"));
  EXPECT_FALSE(framework("", "Worker1234ABCD", "app.handler"));
  EXPECT_FALSE(framework("", "CustomHandler9D90184F", "index.handler"));
}

// Templates synthesized without `aws:cdk:path`: the logical IDs and handlers.
TEST(FrameworkFunctions, RecognisedByLogicalIdAndHandler) {
  EXPECT_TRUE(framework("", "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD4BFC8A"));
  EXPECT_TRUE(framework("", "AWS679f53fac002430cb0da5b7982bd22872D164C4C"));
  EXPECT_TRUE(framework("", "CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F"));
  EXPECT_TRUE(framework("", "CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C81C01536"));
  EXPECT_TRUE(framework("", "SeederOnEvent1A2B3C4D", "framework.onEvent"));
  EXPECT_TRUE(framework("", "ProviderHandler1A2B3C4D", "__entrypoint__.handler"));
  EXPECT_TRUE(framework("", "CustomDashresourceDashexistingDashs3LambdaFunction"));
}

TEST(FrameworkFunctions, MarkedInTheAssemblyMetadata) {
  EXPECT_TRUE(framework_function_reason(function_named("Housekeeping1A2B3C4D"),
                                        {"App/Housekeeping/Resource", true})
                  .has_value());
}

TEST(FrameworkFunctions, DeploymentCopies) {
  const std::string hash(64, 'a');
  EXPECT_TRUE(in_deployment_copy("app/cdk.out/asset." + hash + "/index.js"));
  EXPECT_TRUE(in_deployment_copy("app/cdk.out/.cdk.staging/asset-input/index.js"));
  EXPECT_TRUE(in_deployment_copy(".cdk.staging/x/index.py"));
  EXPECT_FALSE(in_deployment_copy("app/src/asset.js"));
  EXPECT_FALSE(in_deployment_copy("app/cdk.out/asset.notahash/index.js"));
}

const char* kAssembly = "fixtures/cdk-assembly/framework";

Analysis analyse_assembly() {
  return analyze(AnalysisRequest{{kAssembly}, kAssembly, Config{}, 2, {}, {}, {}});
}

// The hand-written assembly: the app's functions and handler keep their findings, the
// framework's are listed as left out, each with its reason.
TEST(FrameworkFunctions, LeftOutOfTheGraphAndListed) {
  const Analysis a = analyse_assembly();
  std::set<std::string> kept;
  for (const Function& f : a.graph->functions) kept.insert(f.id.name);
  EXPECT_EQ(kept, (std::set<std::string>{"Transcode22B69570", "LogRetentionReport5D8B1F0A",
                                         "Nightly0C4F2B11"}));
  std::set<std::string> excluded;
  for (const ExcludedResource& e : a.graph->excluded) {
    excluded.insert(e.id.name);
    EXPECT_FALSE(e.reason.empty());
    EXPECT_EQ(e.type, "AWS::Lambda::Function");
    EXPECT_GT(e.where.line(), 0u);
  }
  EXPECT_EQ(a.graph->excluded.size(), 11u);
  EXPECT_EQ(excluded.size(), 10u);  // LogRetention once in each stack
  EXPECT_TRUE(excluded.count("SeederframeworkonEvent9859286A"));
  EXPECT_TRUE(excluded.count("HousekeepingB1A2C3D4"));
  EXPECT_TRUE(excluded.count("CustomDashresourceDashexistingDashs3LambdaFunction"));
  std::vector<std::string> rules;
  for (const Finding& f : a.findings) rules.push_back(f.rule_id + " " + f.location.file);
  std::sort(rules.begin(), rules.end());
  const std::string dir = std::string(kAssembly) + "/cdk.out/";
  EXPECT_EQ(rules, (std::vector<std::string>{
                       "RF104 " + dir + "Legacy.template.json",
                       "RF104 " + dir + "Media.template.json",
                       "RF104 " + dir + "Media.template.json",
                       "RF205 " + dir + "asset." + std::string(64, '1') + "/transcode.js",
                   }));
}

TEST(FrameworkFunctions, NoPlacementVerdict) {
  const Analysis a = analyse_assembly();
  const PlacementReport report =
      build_placement_report(*a.graph, Config{}, a.findings, all_rules());
  std::set<std::string> placed;
  for (const PlacedWorkload& w : report.workloads) placed.insert(w.id.name);
  EXPECT_EQ(placed, (std::set<std::string>{"Transcode22B69570", "LogRetentionReport5D8B1F0A",
                                           "Nightly0C4F2B11"}));
}

TEST(FrameworkFunctions, VerboseAndJsonSayWhatWasLeftOut) {
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("rightfit-excluded-" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch);
  const std::string cmd = "cd " + testing_support::shell_quote(RIGHTFIT_SOURCE_DIR) + " && " +
                          testing_support::shell_quote(RIGHTFIT_BINARY) +
                          " check --fail-on never --no-cache ";
  testing_support::SeparateOutputs json =
      testing_support::run_command_split(cmd + "--format json " + kAssembly, scratch);
  rapidjson::Document d;
  d.Parse(json.out.c_str());
  ASSERT_FALSE(d.HasParseError()) << json.out;
  ASSERT_TRUE(d.HasMember("excluded"));
  ASSERT_EQ(d["excluded"].Size(), 11u);
  const rapidjson::Value& first = d["excluded"][0];
  EXPECT_TRUE(first["resource"].IsString());
  EXPECT_TRUE(first["reason"].IsString());
  EXPECT_TRUE(first["location"]["line"].IsUint());
  EXPECT_EQ(json.err, "");

  testing_support::SeparateOutputs verbose =
      testing_support::run_command_split(cmd + "--verbose " + kAssembly, scratch);
  std::filesystem::remove_all(scratch);
  EXPECT_NE(verbose.err.find("left out " + std::string(kAssembly) + "/cdk.out/Media.template.json"),
            std::string::npos)
      << verbose.err;
  EXPECT_NE(verbose.err.find("LogRetention function"), std::string::npos) << verbose.err;
}

}  // namespace
}  // namespace rightfit
