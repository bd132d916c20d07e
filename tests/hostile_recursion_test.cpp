// Hostile input that recursed without bound (issue 24, "crashes"): reference cycles in
// CloudFormation and Terraform, a 20,000-part C++ name, deep JSON where a Document is read,
// Terraform evaluation that grows exponentially, and walks on a stack too small for them.
// Each ends in a finding or a message that says why, never a signal, and the rest of the
// repository is still analysed.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "analyzer/baseline.h"
#include "driver/code_cache.h"
#include "driver/engine.h"
#include "integrations/lsp/server.h"
#include "parsers/cpp/code_glance.h"
#include "parsers/cpp/cpp_parser.h"
#include "parsers/deep_stack.h"
#include "parsers/parallel_for.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

// A function with a Timeout of 700 s: RF104 proves the rest of the tree was analysed.
const char* kGoodTemplate =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Fn:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Timeout: 700\n";

class HostileRecursion : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("rightfit-recursion-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(root_);
    write("good/template.yaml", kGoodTemplate);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  void write(const std::string& rel, const std::string& text) const {
    const fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

  Analysis run(const Config& config = {}) const {
    AnalysisRequest request;
    request.paths = {root_.string()};
    request.root = root_.string();
    request.config = config;
    request.jobs = 1;  // the single-threaded path must hold deep walks too
    return analyze(request);
  }

  // The RF002 findings in files ending in `suffix`, as "line message".
  static std::vector<std::string> rf002_in(const Analysis& a, const std::string& suffix) {
    std::vector<std::string> out;
    for (const Finding& f : a.findings) {
      if (f.rule_id == "RF002" && f.location.file.ends_with(suffix)) {
        out.push_back(std::to_string(f.location.span.begin.line) + " " + f.message);
      }
    }
    return out;
  }

  static bool good_file_analysed(const Analysis& a) {
    for (const Finding& f : a.findings) {
      if (f.rule_id == "RF104" && f.location.file.ends_with("good/template.yaml")) return true;
    }
    return false;
  }

  fs::path root_;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += i + "\n";
  return out;
}

// The single finding `found` holds, on `line`, saying `needle`.
void expect_one(const std::vector<std::string>& found, int line, const std::string& needle) {
  ASSERT_EQ(found.size(), 1u) << joined(found);
  EXPECT_EQ(found[0].substr(0, found[0].find(' ')), std::to_string(line)) << found[0];
  EXPECT_NE(found[0].find(needle), std::string::npos) << found[0];
}

// --- CloudFormation cycles ------------------------------------------------------------

TEST_F(HostileRecursion, ParameterDefaultThatRefersToItselfIsRF002NamingTheCycle) {
  write("cfn/template.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Parameters:\n"
        "  P:\n"
        "    Type: Number\n"
        "    Default: !Ref P\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties:\n"
        "      Timeout: !Ref P\n");
  Analysis a = run();
  expect_one(rf002_in(a, "cfn/template.yaml"), 10, "refers to itself: P -> P");
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileRecursion, MutualParametersAndASelfReferencingMappingInJsonAreRF002) {
  write("cfn/template.json", R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "P": {"Type": "Number", "Default": {"Ref": "Q"}},
    "Q": {"Type": "Number", "Default": {"Fn::Select": [0, [{"Ref": "P"}]]}}
  },
  "Mappings": {"M": {"a": {"b": {"Fn::FindInMap": ["M", "a", "b"]}}}},
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Timeout": {"Ref": "P"},
        "MemorySize": {"Fn::FindInMap": ["M", "a", "b"]}
      }
    }
  }
}
)");
  Analysis a = run();
  const std::string found = joined(rf002_in(a, "cfn/template.json"));
  EXPECT_NE(found.find("P -> Q -> P"), std::string::npos) << found;
  EXPECT_NE(found.find("Mappings M.a.b -> Mappings M.a.b"), std::string::npos) << found;
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileRecursion, ConditionsInACycleAreRF002NamingTheCycle) {
  write("cfn/template.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Conditions:\n"
        "  A: !Condition B\n"
        "  B: !Not [!Condition A]\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties:\n"
        "      Timeout: !If [A, 30, 60]\n");
  expect_one(rf002_in(run(), "cfn/template.yaml"), 9,
             "part of a cycle: Condition A -> Condition B -> Condition A");
}

TEST_F(HostileRecursion, SamGlobalsWithACycleAreRF002) {
  write("sam/template.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Transform: AWS::Serverless-2016-10-31\n"
        "Parameters:\n"
        "  P: {Type: Number, Default: !Ref Q}\n"
        "  Q: {Type: Number, Default: !Ref P}\n"
        "Globals:\n"
        "  Function:\n"
        "    Timeout: !Ref P\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      Handler: index.handler\n"
        "      Runtime: python3.12\n"
        "      CodeUri: src/\n");
  Analysis a = run();
  const std::string found = joined(rf002_in(a, "sam/template.yaml"));
  EXPECT_NE(found.find("P -> Q -> P"), std::string::npos) << found;
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileRecursion, ServerlessResourcesWithACycleAreRF002) {
  write("sls/serverless.yml",
        "service: loop\n"
        "provider:\n"
        "  name: aws\n"
        "  runtime: nodejs20.x\n"
        "functions:\n"
        "  api:\n"
        "    handler: handler.main\n"
        "resources:\n"
        "  Parameters:\n"
        "    P: {Type: Number, Default: !Ref P}\n"
        "  Resources:\n"
        "    Worker:\n"
        "      Type: AWS::Lambda::Function\n"
        "      Properties:\n"
        "        Timeout: !Ref P\n");
  Analysis a = run();
  const std::string found = joined(rf002_in(a, "sls/serverless.yml"));
  EXPECT_NE(found.find("P -> P"), std::string::npos) << found;
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileRecursion, CdkAssemblyTemplateWithACycleIsRF002) {
  write("app/cdk.out/manifest.json",
        R"({"version": "48.0.0", "artifacts": {"Loop": {"type": "aws:cloudformation:stack",
            "properties": {"templateFile": "Loop.template.json"}}}})");
  write("app/cdk.out/Loop.template.json", R"({
  "Parameters": {"P": {"Type": "Number", "Default": {"Ref": "P"}}},
  "Resources": {
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": {"Ref": "P"}}}
  }
})");
  Analysis a = run();
  const std::string found = joined(rf002_in(a, "Loop.template.json"));
  EXPECT_NE(found.find("P -> P"), std::string::npos) << found;
  EXPECT_TRUE(good_file_analysed(a));
}

// --- Terraform cycles -----------------------------------------------------------------

TEST_F(HostileRecursion, TerraformVariableDefaultsMayNotReferToAnything) {
  write("tf/main.tf",
        "variable \"x\" {\n"
        "  default = var.x\n"
        "}\n"
        "variable \"y\" {\n"
        "  default = var.z\n"
        "}\n"
        "variable \"z\" {\n"
        "  default = var.y\n"
        "}\n"
        "resource \"aws_lambda_function\" \"f\" {\n"
        "  function_name = \"f\"\n"
        "  timeout       = var.x\n"
        "  memory_size   = var.y\n"
        "}\n");
  Analysis a = run();
  const std::vector<std::string> found = rf002_in(a, "tf/main.tf");
  ASSERT_EQ(found.size(), 1u) << joined(found);  // once per resource
  EXPECT_NE(found[0].find("the default of variable 'x' refers to var.x, and Terraform allows no "
                          "references in a default"),
            std::string::npos)
      << found[0];
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileRecursion, MutualTerraformLocalsAreRF002NamingTheCycle) {
  write("tf/main.tf",
        "locals {\n"
        "  a = local.b\n"
        "  b = local.a\n"
        "}\n"
        "resource \"aws_lambda_function\" \"f\" {\n"
        "  function_name = \"f\"\n"
        "  timeout       = local.a\n"
        "}\n");
  expect_one(rf002_in(run(), "tf/main.tf"), 7, "local.a -> local.b -> local.a");
}

// --- Terraform evaluation budget --------------------------------------------------------

// Runs `work`, failing the test when it takes 10 s or more.
template <class Work>
auto within_ten_seconds(Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  auto result = work();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  return result;
}

TEST_F(HostileRecursion, DoublingLocalsStopAtTheEvaluationBudget) {
  // local.a40 would hold 2^40 strings.
  std::string text = "locals {\n  a0 = [\"x\"]\n";
  for (int i = 1; i <= 40; ++i) {
    const std::string previous = "local.a" + std::to_string(i - 1);
    text += "  a" + std::to_string(i) + " = [" + previous + ", " + previous + "]\n";
  }
  text +=
      "}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n"
      "  timeout       = length(local.a40)\n}\n";
  write("tf/main.tf", text);
  Analysis a = within_ten_seconds([&] { return run(); });
  expect_one(rf002_in(a, "tf/main.tf"), 46,
             "evaluation budget exceeded: more than 1000000 values produced");
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileRecursion, DoublingStringsStopAtTheByteBudget) {
  std::string text = "locals {\n  s0 = \"" + std::string(1000, 'x') + "\"\n";
  for (int i = 1; i <= 40; ++i) {
    const std::string previous = "${local.s" + std::to_string(i - 1) + "}";
    text += "  s" + std::to_string(i) + " = \"" + previous + previous + "\"\n";
  }
  text +=
      "}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n"
      "  timeout       = length(local.s40)\n}\n";
  write("tf/main.tf", text);
  Analysis a = within_ten_seconds([&] { return run(); });
  const std::string found = joined(rf002_in(a, "tf/main.tf"));
  EXPECT_NE(found.find("bytes of strings produced"), std::string::npos) << found;
}

TEST_F(HostileRecursion, ThreeNestedForsOverFiveThousandElementsStopAtTheBudget) {
  std::string list = "[";
  for (int i = 0; i < 5000; ++i) list += (i ? "," : "") + std::to_string(i);
  write("tf/main.tf", "locals {\n  xs = " + list +
                          "]\n  ys = [for a in local.xs : [for b in local.xs : [for c in "
                          "local.xs : c]]]\n}\n"
                          "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n"
                          "  timeout       = length(local.ys)\n}\n");
  Analysis a = within_ten_seconds([&] { return run(); });
  expect_one(rf002_in(a, "tf/main.tf"), 7, "evaluation budget exceeded");
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileRecursion, ModulesEightDeepWithFanOutThroughOutputsStopAtTheBudget) {
  // Each module calls the next twice and repeats both outputs three times: 6^8 leaves.
  for (int depth = 1; depth <= 8; ++depth) {
    const std::string next = "../m" + std::to_string(depth + 1);
    const std::string body =
        depth == 8 ? "output \"o\" {\n  value = \"leaf\"\n}\n"
                   : "module \"a\" {\n  source = \"" + next +
                         "\"\n}\nmodule \"b\" {\n  source = \"" + next +
                         "\"\n}\noutput \"o\" {\n  value = [module.a.o, module.a.o, module.a.o, "
                         "module.b.o, module.b.o, module.b.o]\n}\n";
    write("tf/m" + std::to_string(depth) + "/main.tf", body);
  }
  write("tf/root/main.tf",
        "module \"a\" {\n  source = \"../m1\"\n}\n"
        "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n"
        "  timeout       = length(flatten(module.a.o))\n}\n");
  Config config;
  config.limits.max_eval_values = 100'000;
  Analysis a = within_ten_seconds([&] { return run(config); });
  expect_one(rf002_in(a, "tf/root/main.tf"), 6, "evaluation budget exceeded");
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileRecursion, TheEvaluationBudgetIsConfigurable) {
  write("tf/main.tf",
        "locals {\n  xs = [1, 2, 3, 4, 5, 6, 7, 8]\n}\n"
        "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n"
        "  timeout       = length(local.xs) * 100\n}\n");
  EXPECT_TRUE(rf002_in(run(), "tf/main.tf").empty());  // the default takes it
  Config config;
  config.limits.max_eval_steps = 3;
  expect_one(rf002_in(run(config), "tf/main.tf"), 6,
             "more than 3 expressions evaluated in this module and the modules it calls "
             "(limits.max_eval_steps)");
}

// --- C++ -----------------------------------------------------------------------------------

TEST(HostileRecursionCpp, TwentyThousandPartNameIsNoStandIn) {
  std::string name = "Aws";
  for (int i = 0; i < 20'000; ++i) name += "::A";
  const std::string text = "void f() { " + name + " x; Aws::S3::S3Client client; }\n";
  const std::string declared = cpp::stand_in_declarations(text);
  EXPECT_NE(declared.find("namespace S3 {\nstruct S3Client"), std::string::npos) << declared;
  EXPECT_EQ(declared.find("namespace A {"), std::string::npos);
}

TEST(HostileRecursionCpp, StandInsFollowWordBoundaries) {
  const std::string declared =
      cpp::stand_in_declarations("MyAws::X a; Aws::Lambda::Model::InvokeRequest r; Aws:: b;");
  EXPECT_NE(declared.find("namespace Lambda {\nnamespace Model {\nstruct InvokeRequest"),
            std::string::npos)
      << declared;
  EXPECT_EQ(declared.find("struct X"), std::string::npos) << declared;
}

// 20,000 nested `if`s in a handler a Lambda reaches (it names run_handler), in the three
// shapes that nest: unbraced `if (x) if (x) ...`, braced `if (x) { if (x) { ...`, and an
// `else if` chain (each if the else of the one before). Clang does not overflow its stack on
// them, but its name lookup walks every enclosing scope (9 s of CPU for the unbraced ones)
// and the braced ones cut its parse off at -fbracket-depth, which said nothing: the run
// found no finding. Now the depth is bounded before Clang (limits.max_nesting_depth) and a
// cut-off parse is an RF001; either way a message names the file.
std::string handler_with(const std::string& body) {
  return "#include <aws/lambda-runtime/runtime.h>\n"
         "using namespace aws::lambda_runtime;\n"
         "static invocation_response handle(invocation_request const& r) {\n"
         "  int x = static_cast<int>(r.payload.size());\n  " +
         body +
         "\n  for (;;) {\n  }\n}\n"
         "int main() { run_handler(handle); }\n";
}

std::string repeated(const std::string& text) {
  std::string out;
  for (int i = 0; i < 20'000; ++i) out += text;
  return out;
}

class HostileRecursionClang : public testing_support::ScratchDirectory {};

TEST_F(HostileRecursionClang, TwentyThousandNestedIfsInAHandlerEndWithAnAnswer) {
  const std::string deeper = "nested deeper than limits.max_nesting_depth (1000)";
  const std::vector<std::tuple<std::string, std::string, std::string>> handlers = {
      {"unbraced.cpp", handler_with(repeated("if (x) ") + "x = 1;"), deeper},
      {"braced.cpp", handler_with(repeated("if (x) { ") + "x = 1;" + repeated("} ")),
       "brackets nested deeper than its -fbracket-depth (256)"},
      {"chain.cpp", handler_with("if (x == 0) x = 0;" + repeated(" else if (x) x = 0;")), deeper}};
  for (const auto& [name, text, said] : handlers) {
    const fs::path repo = dir_ / name.substr(0, name.find('.'));
    testing_support::write_text(repo / name, text);
    const testing_support::BoundedRun run =
        testing_support::run_bounded({RIGHTFIT_BINARY, "check", "--no-cache", repo.string()}, dir_);
    testing_support::expect_well_behaved(run);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << name << ": " << run.err;
    EXPECT_NE(run.out.find(name + ":"), std::string::npos) << name << "\n" << run.out;
    EXPECT_NE(run.out.find(said), std::string::npos) << name << "\n" << run.out << run.err;
    EXPECT_NE(run.out.find("[RF001]"), std::string::npos) << name << "\n" << run.out;
  }
}

TEST(HostileRecursionCpp, ControlNestingCountsUnbracedBodiesAndElseChains) {
  EXPECT_EQ(cpp::control_nesting("void f() { if (a) if (b) if (c) x(); }", 100), 3u);
  EXPECT_EQ(cpp::control_nesting("if (a) x; else if (b) y; else if (c) z; else w;", 100), 3u);
  EXPECT_EQ(cpp::control_nesting(repeated("if (x) ") + "x = 1;", 1000), 1001u);  // stops there
  const std::string ordinary =
      "// if if if\n/* if if */ const char* s = \"if if\"; char c = '\\''; int n = 1'000;\n"
      "#if X\n#else\n#endif\n"
      "void f() {\n  if (a) f(); if (b) g();\n"
      "  for (int i = 0; i < n; ++i) { if (x) { while (y) {} } }\n"
      "  do { } while (z);\n"
      "  std::for_each(v.begin(), v.end(), [](int x) { if (x) f(); if (x) g(); if (x) h(); });\n"
      "  if (a) { } else if (b) { } else { }\n}\n";
  EXPECT_EQ(cpp::control_nesting(ordinary, 100), 2u);
}

// --- deep JSON read into a Document ----------------------------------------------------

TEST(HostileRecursionJson, DeepBaselineIsAClearError) {
  const std::string text = std::string(200'000, '[') + std::string(200'000, ']');
  BaselineResult loaded = parse_baseline("deep.json", text);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.problem().message.find("deep.json"), std::string::npos);
  EXPECT_NE(loaded.problem().message.find("nested deeper than 64 levels"), std::string::npos)
      << loaded.problem().message;
}

TEST(HostileRecursionJson, DeepCacheEntryIsIgnored) {
  const std::string text =
      R"({"format": 1, "file": )" + std::string(200'000, '[') + std::string(200'000, ']') + "}";
  EXPECT_EQ(code_facts_from_json(text), std::nullopt);
}

TEST(HostileRecursionJson, DeepLspMessageIsAParseErrorAndTheServerAnswersAfter) {
  std::vector<std::string> sent;
  lsp::ServerOptions options;
  options.analyze = [](const std::string&, const std::map<std::string, std::string>&) {
    return lsp::WorkspaceAnalysis{};
  };
  lsp::Server server(options, [&](const std::string& body) { sent.push_back(body); });
  server.handle(lsp::FramedMessage{std::string(200'000, '['), {}});
  server.handle(lsp::FramedMessage{R"({"jsonrpc":"2.0","id":7,"method":"shutdown"})", {}});
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[0].find("message nested deeper than 256 levels"), std::string::npos) << sent[0];
  EXPECT_NE(sent[1].find(R"("id":7)"), std::string::npos) << sent[1];
}

// --- stacks and threads --------------------------------------------------------------------

// About 4 KB of stack per level, kept from being optimised away.
std::size_t descend(std::size_t levels) {
  std::array<volatile char, 4096> frame{};
  frame[levels % frame.size()] = 1;
  return levels == 0 ? 0 : frame[levels % frame.size()] + descend(levels - 1);
}

int refuse_threads(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*) { return EAGAIN; }

TEST(HostileRecursionStack, ParallelForWorkersHoldWhatTheMainStackCannot) {
  // 20,000 levels x 4 KB = 80 MB, on one worker and on two.
  for (unsigned jobs : {1u, 2u}) {
    std::vector<std::size_t> depth(2);
    parallel_for(depth.size(), jobs, [&](std::size_t i) { depth[i] = descend(20'000); });
    EXPECT_EQ(depth, (std::vector<std::size_t>{20'000, 20'000})) << jobs << " jobs";
  }
}

TEST(HostileRecursionStack, OnDeepStackRunsOnTheCallerWhenNoThreadStarts) {
  const std::thread::id caller = std::this_thread::get_id();
  EXPECT_EQ(on_deep_stack([] { return std::this_thread::get_id(); }, &refuse_threads), caller);
  EXPECT_NE(on_deep_stack([] { return std::this_thread::get_id(); }), caller);
}

TEST(HostileRecursionStack, ParallelForDoesAllTheWorkOnTheCallerWhenNoThreadStarts) {
  const std::thread::id caller = std::this_thread::get_id();
  std::set<std::thread::id> threads;
  std::vector<int> runs(100);
  parallel_for(
      runs.size(), 8,
      [&](std::size_t i) {
        ++runs[i];
        threads.insert(std::this_thread::get_id());
      },
      &refuse_threads);
  EXPECT_EQ(runs, std::vector<int>(100, 1));
  EXPECT_EQ(threads, std::set<std::thread::id>{caller});
}

}  // namespace
}  // namespace rightfit
