// AWS CDK apps end to end: each app of fixtures/cdk is copied to a scratch directory and
// synthesized there, offline, with the pinned CDK CLI and library (node_modules), the way a
// user runs `cdk synth`; then rightfit analyses the app directory (sources + cdk.out) and its
// findings must be exactly the ones listed: rule, file (relative to the app) and line.
// Template lines are looked up by the text they must land on, so a CDK upgrade that moves
// them does not hide a wrong location.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "analyzer/baseline.h"
#include "driver/engine.h"
#include "parsers/cdk/cdk_assembly.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::run_command;
using testing_support::shell_quote;

const fs::path kSource = RIGHTFIT_SOURCE_DIR;

// Apps synthesized with CDK_DEBUG=true (stack traces always). aws-cdk-lib records a
// creation stack for every construct by default nowadays (fargate-web relies on that); the
// apps that set `aws:cdk:disable-creation-stack-traces`, as with older CDK versions, keep
// their findings on the synthesized template, naming the construct.
const std::set<std::string> kTraced = {"traced"};

class CdkApps : public ::testing::Test {
 protected:
  // Synthesizing takes seconds per app (node loads aws-cdk-lib), so an app is synthesized
  // the first time a test of this process needs it: ctest runs each test in a process of its
  // own, and one app is all a test needs.
  static void SetUpTestSuite() {
    scratch_ = fs::temp_directory_path() / ("rightfit-cdk-" + std::to_string(::getpid()));
    fs::remove_all(scratch_);
    fs::create_directories(scratch_);
    fs::copy(kSource / "fixtures/cdk", scratch_, fs::copy_options::recursive);
  }

  static void synthesize(const std::string& name) {
    const std::string env = kTraced.count(name) ? "CDK_DEBUG=true " : "";
    // --no-notices and no telemetry: synth must not reach the network.
    run_command("cd " + shell_quote(app(name).string()) + " && " + env +
                "NODE_PATH=" + shell_quote((kSource / "node_modules").string()) +
                " CDK_DISABLE_CLI_TELEMETRY=true " +
                shell_quote((kSource / "node_modules/.bin/cdk").string()) +
                " synth --no-notices -q >synth.log 2>&1; echo $? >synth.rc");
  }

  static void TearDownTestSuite() { fs::remove_all(scratch_); }

  static fs::path app(const std::string& name) { return scratch_ / name; }

  // Skips nothing: an app that does not synthesize fails the test with its log.
  void synthesized(const std::string& name) {
    if (!fs::exists(app(name) / "synth.rc")) synthesize(name);
    const std::string rc = read_text(app(name) / "synth.rc");
    ASSERT_EQ(rc, "0\n") << "cdk synth of " << name << " failed:\n"
                         << read_text(app(name) / "synth.log");
  }

  static Analysis analyse(const std::vector<std::string>& paths, const std::string& root,
                          Config config = {}) {
    return analyze(AnalysisRequest{paths, root, std::move(config), 2, {}, {}, {}});
  }

  // "RULE file:line" of every unsuppressed finding, files relative to the app directory.
  static std::vector<std::string> summary(const Analysis& a, const std::string& name) {
    std::vector<std::string> out;
    const std::string prefix = app(name).string() + "/";
    for (const Finding& f : a.findings) {
      if (f.suppression) continue;
      std::string file = f.location.file;
      if (file.rfind(prefix, 0) == 0) file = file.substr(prefix.size());
      out.push_back(f.rule_id + " " + file + ":" + std::to_string(f.location.line()));
    }
    return out;
  }

  // The 1-based line of the first line of `file` (below the app) holding `text`.
  static uint32_t line_of(const std::string& name, const std::string& file,
                          const std::string& text) {
    std::istringstream in(read_text(app(name) / file));
    std::string line;
    for (uint32_t n = 1; std::getline(in, line); ++n) {
      if (line.find(text) != std::string::npos) return n;
    }
    ADD_FAILURE() << "no line with " << text << " in " << file;
    return 0;
  }

  static std::string at(const std::string& rule, const std::string& file, uint32_t line) {
    return rule + " " + file + ":" + std::to_string(line);
  }

  static const Finding* find(const Analysis& a, const std::string& rule) {
    for (const Finding& f : a.findings) {
      if (f.rule_id == rule) return &f;
    }
    return nullptr;
  }

  static fs::path scratch_;
};

fs::path CdkApps::scratch_;

TEST_F(CdkApps, SqsWorkerQueueRedeliversWhileTheFunctionRuns) {
  synthesized("sqs-worker");
  Analysis a = analyse({app("sqs-worker").string()}, app("sqs-worker").string());
  const std::string tpl = "cdk.out/Orders.template.json";
  EXPECT_EQ(summary(a, "sqs-worker"),
            (std::vector<std::string>{
                at("RF106", tpl, line_of("sqs-worker", tpl, "\"VisibilityTimeout\": 60"))}));
  const Finding* f = find(a, "RF106");
  ASSERT_NE(f, nullptr);
  // No trace recorded: the message names the construct the user wrote.
  EXPECT_NE(f->message.find("(construct Orders/Jobs)"), std::string::npos) << f->message;
  EXPECT_FALSE(f->origin);
  // The bucket's autoDeleteObjects adds aws-cdk-lib's own handler (Timeout 900 s): not the
  // app's workload, so no rule sees it (not even a suppressed RF104); it is listed as left out.
  EXPECT_EQ(find(a, "RF104"), nullptr);
  ASSERT_EQ(a.graph->excluded.size(), 1u);
  EXPECT_EQ(
      a.graph->excluded[0].id.name.rfind("CustomS3AutoDeleteObjectsCustomResourceProvider", 0), 0u);
  EXPECT_NE(a.graph->excluded[0].reason.find("Custom::S3AutoDeleteObjectsCustomResourceProvider"),
            std::string::npos)
      << a.graph->excluded[0].reason;
}

// aws-cdk-lib's own functions beside the app's one: LogRetention, S3 auto-delete and bucket
// notifications, BucketDeployment, AwsCustomResource and the Provider framework (all but
// one at 900 s or more than the app's). Only the app's function is reported and placed.
TEST_F(CdkApps, FrameworkFunctionsAreNotTheAppsWorkloads) {
  synthesized("custom-resources");
  Analysis a = analyse({app("custom-resources").string()}, app("custom-resources").string());
  const std::string tpl = "cdk.out/Media.template.json";
  EXPECT_EQ(summary(a, "custom-resources"),
            (std::vector<std::string>{
                at("RF104", tpl, line_of("custom-resources", tpl, "\"Timeout\": 840"))}));
  for (const Finding& f : a.findings) EXPECT_FALSE(f.suppression) << f.message;
  std::set<std::string> kept;
  for (const Function& f : a.graph->functions) kept.insert(f.id.name);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept.begin()->rfind("Transcode", 0), 0u);
  std::vector<std::string> reasons;
  for (const ExcludedResource& e : a.graph->excluded) reasons.push_back(e.reason);
  auto said = [&](const std::string& what) {
    return std::any_of(reasons.begin(), reasons.end(),
                       [&](const std::string& r) { return r.find(what) != std::string::npos; });
  };
  EXPECT_EQ(reasons.size(), 8u);
  EXPECT_TRUE(said("LogRetention"));
  EXPECT_TRUE(said("S3AutoDeleteObjects"));
  EXPECT_TRUE(said("bucket notifications"));
  EXPECT_TRUE(said("BucketDeployment"));
  EXPECT_TRUE(said("AwsCustomResource"));
  EXPECT_TRUE(said("framework-onEvent"));
  EXPECT_TRUE(said("framework-isComplete"));
  EXPECT_TRUE(said("framework-onTimeout"));
}

TEST_F(CdkApps, RestApiFunctionOutlivesTheIntegrationTimeout) {
  synthesized("rest-api");
  Analysis a = analyse({app("rest-api").string()}, app("rest-api").string());
  const std::string tpl = "cdk.out/Reports.template.json";
  EXPECT_EQ(
      summary(a, "rest-api"),
      (std::vector<std::string>{at("RF105", tpl, line_of("rest-api", tpl, "\"Timeout\": 60"))}));
  const Finding* f = find(a, "RF105");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("(construct Reports/Render)"), std::string::npos) << f->message;
  EXPECT_GE(f->related.size(), 2u) << "both methods of the LambdaRestApi (/ and {proxy+})";
}

TEST_F(CdkApps, DockerImageFunctionFindingsLandOnTheSourceDockerfile) {
  synthesized("image-function");
  Analysis a = analyse({app("image-function").string()}, app("image-function").string());
  EXPECT_EQ(summary(a, "image-function"),
            (std::vector<std::string>{at("RF303", "image/Dockerfile", 1),
                                      at("RF302", "image/Dockerfile", 7)}));
  // The asset copy in cdk.out is the same file: linked through it, reported once, on the
  // source; and the function is linked, so no RF002 for an unknown image.
  const Finding* f = find(a, "RF303");
  ASSERT_NE(f, nullptr);
  bool names_function = false;
  for (const RelatedLocation& r : f->related) {
    names_function = names_function || r.message.find("Resize") != std::string::npos;
  }
  EXPECT_TRUE(names_function) << f->message;
}

TEST_F(CdkApps, DockerfileUnderANameOnlyTheAssetGivesIsRead) {
  synthesized("image-named-file");
  Analysis a = analyse({app("image-named-file").string()}, app("image-named-file").string());
  EXPECT_EQ(summary(a, "image-named-file"),
            (std::vector<std::string>{at("RF303", "image/build/lambda.df", 1),
                                      at("RF302", "image/build/lambda.df", 5)}));
}

TEST_F(CdkApps, OnlyTheAssemblyAnalysedReportsOnTheAssetCopy) {
  synthesized("image-function");
  const std::string out = (app("image-function") / "cdk.out").string();
  Analysis a = analyse({out}, out);
  std::vector<std::string> s = summary(a, "image-function");
  ASSERT_EQ(s.size(), 2u) << ::testing::PrintToString(s);
  EXPECT_NE(s[0].find("cdk.out/asset."), std::string::npos) << s[0];
  EXPECT_NE(s[0].find("/Dockerfile:1"), std::string::npos) << s[0];
}

TEST_F(CdkApps, LoadBalancedFargateServiceWithFixedCount) {
  synthesized("fargate-web");
  Analysis a = analyse({app("fargate-web").string()}, app("fargate-web").string());
  const std::string tpl = "cdk.out/Storefront.template.json";
  // Behind a load balancer: no RF401 (no usage declared), RF405 for the fixed task count, on
  // the line that creates the service (creation stacks are recorded by default).
  EXPECT_EQ(summary(a, "fargate-web"), (std::vector<std::string>{at("RF405", "app.js", 11)}));
  const Finding* f = find(a, "RF405");
  ASSERT_NE(f, nullptr);
  ASSERT_FALSE(f->related.empty());
  EXPECT_EQ(f->related.front().where.file, app("fargate-web").string() + "/" + tpl);
  EXPECT_EQ(f->related.front().where.line(),
            line_of("fargate-web", tpl, "\"WebServiceD04B5F3E\": {"));
  EXPECT_NE(f->message.find("(construct Storefront/Web/Service/Service)"), std::string::npos)
      << f->message;
  // No fix: `cdk synth` rewrites the template; the scaling belongs in the app.
  EXPECT_TRUE(f->fixes.empty());
  // The task definition's image asset links the service to web/Dockerfile (the source).
  bool image = false;
  for (const RelatedLocation& r : f->related) {
    image = image || r.where.file == app("fargate-web").string() + "/web/Dockerfile";
  }
  EXPECT_TRUE(image);
}

TEST_F(CdkApps, StackTracesPutFindingsOnTheAppSource) {
  synthesized("traced");
  Analysis a = analyse({app("traced").string()}, app("traced").string());
  EXPECT_EQ(summary(a, "traced"), (std::vector<std::string>{at("RF106", "lib/billing.js", 14),
                                                            at("RF104", "lib/billing.js", 17)}));
  const std::string tpl = app("traced").string() + "/cdk.out/Billing.template.json";
  const Finding* queue = find(a, "RF106");
  ASSERT_NE(queue, nullptr);
  ASSERT_FALSE(queue->related.empty());
  EXPECT_EQ(queue->related.front().where.file, tpl);
  EXPECT_EQ(queue->related.front().where.line(),
            line_of("traced", "cdk.out/Billing.template.json", "\"VisibilityTimeout\": 300"));
  EXPECT_EQ(queue->related.front().message, "the synthesized template");
  const Finding* timeout = find(a, "RF104");
  ASSERT_NE(timeout, nullptr);
  EXPECT_EQ(timeout->location.column(), 18u) << "`new lambda.Function(` in lib/billing.js";
  // The construct path is the one the app wrote: the stack, the app's construct, its child.
  EXPECT_NE(timeout->message.find("(construct Billing/Monthly/Batch)"), std::string::npos)
      << timeout->message;
}

TEST_F(CdkApps, FingerprintsDoNotDependOnTraces) {
  synthesized("traced");
  Analysis traced = analyse({app("traced").string()}, app("traced").string());
  // The same app without its recorded traces: the template and its findings are the same.
  const fs::path copy = app("traced-copy");
  fs::remove_all(copy);
  fs::copy(app("traced"), copy, fs::copy_options::recursive);
  for (const auto& e : fs::directory_iterator(copy / "cdk.out")) {
    if (e.path().string().ends_with(".metadata.json")) fs::remove(e.path());
  }
  // Fingerprints name the template's path: compare with the copy's template renamed.
  Analysis plain = analyse({copy.string()}, copy.string());
  ASSERT_EQ(plain.findings.size(), traced.findings.size());
  for (const Finding& moved : traced.findings) {
    const Finding* same = find(plain, moved.rule_id);
    ASSERT_NE(same, nullptr) << moved.rule_id;
    EXPECT_TRUE(moved.origin);
    EXPECT_FALSE(same->origin);
    EXPECT_EQ(moved.message, same->message);
    Finding renamed = *same;
    renamed.location.file.replace(0, copy.string().size(), app("traced").string());
    EXPECT_EQ(fingerprint(moved), fingerprint(renamed)) << moved.message;
  }
  fs::remove_all(copy);
}

TEST_F(CdkApps, CppHandlerAssetIsLinkedToItsFunction) {
  synthesized("cpp-loop");
  Analysis a = analyse({app("cpp-loop").string()}, app("cpp-loop").string());
  EXPECT_EQ(summary(a, "cpp-loop"), (std::vector<std::string>{at("RF102", "src/main.cpp", 16)}));
  const Finding* f = find(a, "RF102");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("'Drainer"), std::string::npos) << f->message;
  bool timeout = false;
  for (const RelatedLocation& r : f->related) {
    timeout = timeout || r.where.file.ends_with("cdk.out/Ingest.template.json");
  }
  EXPECT_TRUE(timeout) << "the function's Timeout in the template is a related location";
}

// The findings name the function (construct path) and its Timeout, which is a related location
// in the synthesized template.
void expect_linked(const Finding* f, const std::string& function, const std::string& timeout,
                   const std::string& tpl) {
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("'" + function), std::string::npos) << f->message;
  EXPECT_NE(f->message.find(timeout), std::string::npos) << f->message;
  bool related = false;
  for (const RelatedLocation& r : f->related) related = related || r.where.file.ends_with(tpl);
  EXPECT_TRUE(related) << "the function's Timeout in " << tpl << " is a related location";
}

TEST_F(CdkApps, PythonHandlerAssetIsLinkedToItsFunction) {
  synthesized("python-worker");
  Analysis a = analyse({app("python-worker").string()}, app("python-worker").string());
  // `worker.process` is found only through the template's Handler and the code asset: the
  // source (not the copy in cdk.out) carries the findings.
  const std::string code = "src/worker.py";
  EXPECT_EQ(summary(a, "python-worker"),
            (std::vector<std::string>{
                at("RF205", code, line_of("python-worker", code, "boto3.client(\"s3\")")),
                at("RF102", code, line_of("python-worker", code, "while True:"))}));
  expect_linked(find(a, "RF102"), "Resize", "120 s", "cdk.out/Thumbnails.template.json");
  const Finding* client = find(a, "RF205");
  ASSERT_NE(client, nullptr);
  EXPECT_NE(client->message.find("boto3"), std::string::npos) << client->message;
}

TEST_F(CdkApps, NodeHandlerAssetIsLinkedToItsFunction) {
  synthesized("node-uploader");
  Analysis a = analyse({app("node-uploader").string()}, app("node-uploader").string());
  const std::string code = "lambda/upload.js";
  EXPECT_EQ(summary(a, "node-uploader"),
            (std::vector<std::string>{
                at("RF201", code, line_of("node-uploader", code, "seen.set(")),
                at("RF202", code, line_of("node-uploader", code, "fs.writeFileSync("))}));
  expect_linked(find(a, "RF201"), "Store", "30 s", "cdk.out/Uploads.template.json");
}

TEST_F(CdkApps, ExcludedAssemblyIsStillReadThroughCdkJson) {
  synthesized("sqs-worker");
  Config config;
  config.exclude = {"cdk.out/"};
  Analysis excluded = analyse({app("sqs-worker").string()}, app("sqs-worker").string(), config);
  Analysis plain = analyse({app("sqs-worker").string()}, app("sqs-worker").string());
  EXPECT_EQ(summary(excluded, "sqs-worker"), summary(plain, "sqs-worker"));
  EXPECT_EQ(excluded.files_analyzed, plain.files_analyzed);
}

TEST_F(CdkApps, CdkJsonOutputNamesTheAssemblyEvenWhenExcluded) {
  synthesized("sqs-worker");
  // The same app with `"output": "build/cdk"` and build/ excluded in .rightfit.yaml.
  const fs::path copy = app("sqs-worker-output");
  fs::remove_all(copy);
  fs::create_directories(copy / "build");
  fs::copy(app("sqs-worker") / "handler", copy / "handler", fs::copy_options::recursive);
  fs::copy(app("sqs-worker") / "cdk.out", copy / "build/cdk", fs::copy_options::recursive);
  testing_support::write_text(copy / "cdk.json",
                              R"({"app": "node app.js", "output": "build/cdk"})");
  testing_support::write_text(copy / ".rightfit.yaml", "exclude: [\"build/\"]\n");
  testing_support::CommandResult r =
      run_command("cd " + shell_quote(copy.string()) + " && " + shell_quote(RIGHTFIT_BINARY) +
                  " check --format json .");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(R"("file": "build/cdk/Orders.template.json")"), std::string::npos)
      << r.output;
  fs::remove_all(copy);
}

TEST_F(CdkApps, AppAndAssemblyNamedTogetherReportEachFindingOnce) {
  synthesized("sqs-worker");
  const std::string root = app("sqs-worker").string();
  Analysis both = analyse({root, root + "/cdk.out"}, root);
  Analysis plain = analyse({root}, root);
  EXPECT_EQ(summary(both, "sqs-worker"), summary(plain, "sqs-worker"));
}

TEST_F(CdkApps, AssemblyBookkeepingIsNeitherAnalysedNorAnError) {
  synthesized("fargate-web");
  const fs::path out = app("fargate-web") / "cdk.out";
  // A tree.json beyond the size limit, as large apps have, must not become an RF001.
  testing_support::write_text(out / "tree.json", std::string(5u << 20, ' ') + "{}");
  Analysis a = analyse({out.string()}, out.string());
  for (const Finding& f : a.findings) EXPECT_NE(f.rule_id, "RF001") << f.message;
  EXPECT_TRUE(a.errors.empty());
}

TEST_F(CdkApps, SarifFromTheCliPointsAtTheAppSource) {
  synthesized("traced");
  const fs::path dir = app("traced");
  testing_support::CommandResult r =
      run_command("cd " + shell_quote(dir.string()) + " && " + shell_quote(RIGHTFIT_BINARY) +
                  " check --format sarif .");
  ASSERT_EQ(r.exit_code, 1) << r.output;
  rapidjson::Document sarif;
  sarif.Parse(r.output.c_str());
  ASSERT_FALSE(sarif.HasParseError()) << r.output;
  const auto& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.Size(), 2u);
  for (const auto& result : results.GetArray()) {
    const auto& primary = result["locations"][0]["physicalLocation"];
    EXPECT_STREQ(primary["artifactLocation"]["uri"].GetString(), "lib/billing.js");
    const auto& related = result["relatedLocations"][0];
    EXPECT_STREQ(related["physicalLocation"]["artifactLocation"]["uri"].GetString(),
                 "cdk.out/Billing.template.json");
    EXPECT_STREQ(related["message"]["text"].GetString(), "the synthesized template");
  }
}

TEST_F(CdkApps, NamingTheTemplateReportsWhatMovedToTheAppSource) {
  synthesized("traced");
  // What a pre-commit hook does: one named file, its project analysed, its findings shown.
  testing_support::CommandResult r =
      run_command("cd " + shell_quote(app("traced").string()) + " && " +
                  shell_quote(RIGHTFIT_BINARY) + " check cdk.out/Billing.template.json");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("lib/billing.js:14:21: error:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("lib/billing.js:17:18: warning:"), std::string::npos) << r.output;
}

TEST(CdkAssemblyMetadata, AWebAppManifestIsNoAssembly) {
  const fs::path dir = fs::temp_directory_path() / ("rightfit-pwa-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  testing_support::write_text(dir / "public/manifest.json", "{\"name\": \"shop\",");
  testing_support::write_text(dir / "public/tree.json.bak", "");
  Analysis a = analyze(AnalysisRequest{{dir.string()}, dir.string(), Config{}, 1, {}, {}, {}});
  EXPECT_TRUE(a.findings.empty()) << a.findings.front().message;
  fs::remove_all(dir);
}

TEST(CdkTraceFrames, ParsesNodeFramesAndSkipsLibraryOnes) {
  auto frame = cdk::parse_trace_frame("new Stack (/app/lib/stack.js:12:5)");
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->file, "/app/lib/stack.js");
  EXPECT_EQ(frame->line(), 12u);
  EXPECT_EQ(frame->column(), 5u);
  frame = cdk::parse_trace_frame("file:///app/bin/app.mjs:3:1");
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->file, "/app/bin/app.mjs");
  frame = cdk::parse_trace_frame("Object.<anonymous> (C:\\app\\app.js:9:12)");
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->file, "C:\\app\\app.js");
  EXPECT_FALSE(cdk::parse_trace_frame("...new Queue2 in aws-cdk-lib..."));
  EXPECT_FALSE(cdk::parse_trace_frame("...node internals..."));
  EXPECT_FALSE(cdk::parse_trace_frame("node:internal/modules/cjs/loader:1554:14"));
  EXPECT_FALSE(cdk::parse_trace_frame(
      "new Function (/app/node_modules/aws-cdk-lib/aws-lambda/lib/function.js:1:2)"));
}

TEST(CdkAssemblyMetadata, OlderManifestsCarryTracesOnEveryEntry) {
  // CDK before additionalMetadataFile: metadata inline in manifest.json, `trace` per entry.
  const std::string manifest = R"json({"version": "36.0.0", "artifacts": {"Shop": {
    "type": "aws:cloudformation:stack",
    "metadata": {"/Shop/Poller/Service/Service": [{"type": "aws:cdk:logicalId",
      "data": "PollerService1234", "trace": ["new FargateService (/x/node_modules/a.js:1:1)",
      "new Poller (/app/lib/poller.js:20:7)"]}]}}}})json";
  std::optional<FileFacts> facts = cdk::parse_assembly_metadata("cdk.out/manifest.json", manifest);
  ASSERT_TRUE(facts);
  ASSERT_EQ(facts->construct_traces.size(), 1u);
  const ConstructTrace& t = facts->construct_traces[0];
  EXPECT_EQ(t.assembly, "cdk.out");
  EXPECT_EQ(t.construct, "Shop/Poller/Service/Service");
  EXPECT_EQ(t.logical_id, "PollerService1234");
  ASSERT_EQ(t.frames.size(), 1u);
  EXPECT_EQ(t.frames[0].file, "/app/lib/poller.js");
  EXPECT_EQ(t.frames[0].line(), 20u);
}

TEST(CdkAssemblyMetadata, BrokenMetadataIsAParseErrorNotACrash) {
  std::optional<FileFacts> facts =
      cdk::parse_assembly_metadata("cdk.out/Shop.metadata.json", "{\"/Shop\": [");
  ASSERT_TRUE(facts);
  ASSERT_EQ(facts->parse_errors.size(), 1u);
  EXPECT_NE(facts->parse_errors[0].message.find("CDK assembly metadata"), std::string::npos);
  EXPECT_FALSE(cdk::parse_assembly_metadata("cdk.out/manifest.json", "[1, 2]"));
}

TEST(CdkAssemblyMetadata, CdkJsonNamesTheOutputDirectory) {
  EXPECT_EQ(cdk::assembly_directory(R"({"app": "node app.js", "output": "build/cdk"})"),
            "build/cdk");
  EXPECT_EQ(cdk::assembly_directory(R"({"app": "node app.js"})"), "cdk.out");
  EXPECT_EQ(cdk::assembly_directory("not json"), "cdk.out");
}

}  // namespace
}  // namespace rightfit
