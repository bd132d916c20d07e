// Terraform configurations -> workload facts: small module trees written to a temporary
// directory, analysed with tf::analyze_terraform, and their facts compared exactly.
#include "parsers/terraform/terraform_parser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace rightfit::tf {
namespace {

namespace fs = std::filesystem;

class TerraformParser : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() / ("rightfit_tf_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(counter++) + "_" + info->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }

  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Writes `text` to `rel` below the temporary root; returns the path as analysed.
  std::string write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    std::string path = p.generic_string();
    if (std::find(files_.begin(), files_.end(), path) == files_.end()) files_.push_back(path);
    return path;
  }

  std::string path(const std::string& rel) const {
    return rel.empty() ? root_.generic_string() : (root_ / rel).generic_string();
  }

  // Analyses every file written so far (as discovery would hand them over).
  void run(const std::vector<std::string>& var_files = {}) {
    std::vector<std::string> files = files_;
    std::sort(files.begin(), files.end());
    results_ = analyze_terraform(TerraformRequest{files, var_files});
  }

  // The facts of the root module in `dir` (relative to the temporary root).
  const FileFacts& module(const std::string& dir = "") {
    for (const FileFacts& f : results_) {
      if (f.file == path(dir)) return f;
    }
    ADD_FAILURE() << "no facts for module " << path(dir);
    static const FileFacts kNone;
    return kNone;
  }

  // The facts of one file (its parse errors and suppressions).
  const FileFacts* file(const std::string& rel) const {
    for (const FileFacts& f : results_) {
      if (f.file == path(rel)) return &f;
    }
    return nullptr;
  }

  // "file:line:col" relative to the temporary root, "none" when absent.
  std::string at(const std::optional<SourceRange>& r) const {
    if (!r) return "none";
    std::string file = r->file;
    std::string prefix = root_.generic_string() + "/";
    if (file.rfind(prefix, 0) == 0) file = file.substr(prefix.size());
    return file + ":" + std::to_string(r->line()) + ":" + std::to_string(r->column());
  }
  std::string at(const SourceRange& r) const { return at(std::optional<SourceRange>(r)); }

  // Every fact of every module of the run.
  template <class Fact>
  std::vector<const Fact*> all(std::vector<Fact> Facts::*member) const {
    std::vector<const Fact*> out;
    for (const FileFacts& f : results_) {
      for (const Fact& fact : f.*member) out.push_back(&fact);
    }
    return out;
  }

  std::vector<std::string> function_names() const {
    std::vector<std::string> out;
    for (const Function* f : all(&FileFacts::functions)) out.push_back(f->id.name);
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path root_;
  std::vector<std::string> files_;
  std::vector<FileFacts> results_;
};

template <class Fact>
const Fact* find(const std::vector<Fact>& facts, const std::string& name) {
  for (const Fact& f : facts) {
    if (f.id.name == name) return &f;
  }
  return nullptr;
}

using Names = std::vector<std::string>;

// --- plain resources ---

TEST_F(TerraformParser, FunctionTimeoutsAndWhereTheyAreWritten) {
  write("main.tf",
        "variable \"long\" {\n"                                // 1
        "  default = 700\n"                                    // 2
        "}\n"                                                  // 3
        "locals {\n"                                           // 4
        "  timeouts = { slow = 1000 }\n"                       // 5
        "}\n"                                                  // 6
        "resource \"aws_lambda_function\" \"literal\" {\n"     // 7
        "  function_name = \"literal\"\n"                      // 8
        "    timeout     = 1000\n"                             // 9
        "  memory_size   = 10240\n"                            // 10
        "  architectures = [\"arm64\"]\n"                      // 11
        "}\n"                                                  // 12
        "resource \"aws_lambda_function\" \"absent\" {\n"      // 13
        "  function_name = \"absent\"\n"                       // 14
        "}\n"                                                  // 15
        "resource \"aws_lambda_function\" \"from_var\" {\n"    // 16
        "  timeout = var.long\n"                               // 17
        "}\n"                                                  // 18
        "resource \"aws_lambda_function\" \"from_local\" {\n"  // 19
        "  timeout = local.timeouts.slow\n"                    // 20
        "}\n"                                                  // 21
        "resource \"aws_lambda_function\" \"computed\" {\n"    // 22
        "  timeout = 15 * 60\n"                                // 23
        "  reserved_concurrent_executions = -1\n"              // 24
        "}\n");                                                // 25
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.functions.size(), 5u);

  const Function* literal = find(m.functions, "aws_lambda_function.literal");
  ASSERT_NE(literal, nullptr);
  EXPECT_EQ(literal->id.scope, path(""));
  EXPECT_EQ(literal->type, "aws_lambda_function");
  EXPECT_EQ(at(literal->header), "main.tf:7:1");
  EXPECT_EQ(literal->last_line, 12u);
  EXPECT_EQ(literal->timeout_s.value, 1000);
  EXPECT_EQ(at(literal->timeout_s.written), "main.tf:9:5");
  EXPECT_EQ(literal->memory_mb.value, 10240);
  EXPECT_EQ(at(literal->memory_mb.written), "main.tf:10:3");
  EXPECT_EQ(literal->architecture.value, "arm64");

  const Function* absent = find(m.functions, "aws_lambda_function.absent");
  ASSERT_NE(absent, nullptr);
  EXPECT_FALSE(absent->timeout_s.value.has_value());
  EXPECT_FALSE(absent->timeout_s.is_written());
  EXPECT_FALSE(absent->timeout_s.is_unresolved());
  EXPECT_EQ(at(absent->header), "main.tf:13:1");

  // A variable's default and a local: the finding lands on the attribute that uses them.
  const Function* from_var = find(m.functions, "aws_lambda_function.from_var");
  ASSERT_NE(from_var, nullptr);
  EXPECT_EQ(from_var->timeout_s.value, 700);
  EXPECT_EQ(at(from_var->timeout_s.written), "main.tf:17:3");
  const Function* from_local = find(m.functions, "aws_lambda_function.from_local");
  ASSERT_NE(from_local, nullptr);
  EXPECT_EQ(from_local->timeout_s.value, 1000);
  EXPECT_EQ(at(from_local->timeout_s.written), "main.tf:20:3");

  const Function* computed = find(m.functions, "aws_lambda_function.computed");
  ASSERT_NE(computed, nullptr);
  EXPECT_EQ(computed->timeout_s.value, 900);
  EXPECT_EQ(at(computed->timeout_s.written), "main.tf:23:3");
  EXPECT_FALSE(computed->reserved_concurrency.value.has_value()) << "-1 means unset";
}

TEST_F(TerraformParser, VariableWithoutDefaultIsUnresolved) {
  write("main.tf",
        "variable \"timeout\" {\n"
        "  type = number\n"
        "}\n"
        "resource \"aws_lambda_function\" \"f\" {\n"
        "  timeout = var.timeout\n"
        "}\n");
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.functions.size(), 1u);
  const Property<double>& t = m.functions[0].timeout_s;
  EXPECT_FALSE(t.value.has_value());
  EXPECT_EQ(at(t.written), "main.tf:5:3");
  EXPECT_EQ(t.unresolved, "variable 'timeout' has no default and no value is set");
}

TEST_F(TerraformParser, TfvarsPrecedence) {
  write("main.tf",
        "variable \"a\" { default = 1 }\n"
        "variable \"b\" { default = 1 }\n"
        "variable \"c\" { default = 1 }\n"
        "variable \"d\" { default = 1 }\n"
        "variable \"e\" { default = 1 }\n"
        "variable \"f\" { default = 1 }\n"
        "resource \"aws_lambda_function\" \"a\" { timeout = var.a }\n"
        "resource \"aws_lambda_function\" \"b\" { timeout = var.b }\n"
        "resource \"aws_lambda_function\" \"c\" { timeout = var.c }\n"
        "resource \"aws_lambda_function\" \"d\" { timeout = var.d }\n"
        "resource \"aws_lambda_function\" \"e\" { timeout = var.e }\n"
        "resource \"aws_lambda_function\" \"f\" { timeout = var.f }\n");
  // terraform.tfvars first, then *.auto.tfvars in name order, then --var-file: later wins.
  write("z.auto.tfvars", "c = 4\nd = 4\n");
  write("terraform.tfvars", "a = 2\nb = 2\nc = 2\nd = 2\n");
  write("a.auto.tfvars", "b = 3\nc = 3\nd = 3\n");
  // Not named terraform.tfvars / *.auto.tfvars and not passed: not applied.
  write("prod.tfvars", "f = 9\n");
  std::string extra = write("vars/extra.tfvars", "d = 5\n");
  files_.erase(std::remove(files_.begin(), files_.end(), extra), files_.end());
  // The order the files are handed over does not matter.
  std::reverse(files_.begin(), files_.end());
  results_ = analyze_terraform(TerraformRequest{files_, {extra}});

  const FileFacts& m = module();
  auto timeout = [&](const std::string& name) {
    const Function* f = find(m.functions, "aws_lambda_function." + name);
    return f ? f->timeout_s.value.value_or(-1) : -2;
  };
  EXPECT_EQ(timeout("a"), 2);
  EXPECT_EQ(timeout("b"), 3);
  EXPECT_EQ(timeout("c"), 4);
  EXPECT_EQ(timeout("d"), 5);
  EXPECT_EQ(timeout("e"), 1);
  EXPECT_EQ(timeout("f"), 1);
  // A value from a tfvars file lands on the attribute that uses it.
  const Function* d = find(m.functions, "aws_lambda_function.d");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(at(d->timeout_s.written), "main.tf:10:38");
}

TEST_F(TerraformParser, TfvarsApplyOnlyToTheirOwnDirectory) {
  write("a/main.tf",
        "variable \"t\" { default = 10 }\n"
        "resource \"aws_lambda_function\" \"f\" { timeout = var.t }\n");
  write("a/terraform.tfvars", "t = 20\n");
  write("b/main.tf",
        "variable \"t\" { default = 10 }\n"
        "resource \"aws_lambda_function\" \"f\" { timeout = var.t }\n");
  run();
  ASSERT_EQ(module("a").functions.size(), 1u);
  ASSERT_EQ(module("b").functions.size(), 1u);
  EXPECT_EQ(module("a").functions[0].timeout_s.value, 20);
  EXPECT_EQ(module("b").functions[0].timeout_s.value, 10);
}

// A root module nested in another's directory reads its own tfvars, and the outer one's do
// not reach it (nor its the outer one).
TEST_F(TerraformParser, TfvarsOfNestedRootModulesStayInTheirDirectory) {
  const std::string config =
      "variable \"t\" { default = 10 }\n"
      "resource \"aws_lambda_function\" \"f\" { timeout = var.t }\n";
  write("env/main.tf", config);
  write("env/terraform.tfvars", "t = 20\n");
  write("env/prod/main.tf", config);
  write("env/prod/b.auto.tfvars", "t = 30\n");
  write("env/prod/a.auto.tfvars", "t = 40\n");
  write("env/prod/eu/main.tf", config);
  run();
  ASSERT_EQ(module("env").functions.size(), 1u);
  ASSERT_EQ(module("env/prod").functions.size(), 1u);
  ASSERT_EQ(module("env/prod/eu").functions.size(), 1u);
  EXPECT_EQ(module("env").functions[0].timeout_s.value, 20);
  EXPECT_EQ(module("env/prod").functions[0].timeout_s.value, 30);  // b after a: b wins
  EXPECT_EQ(module("env/prod/eu").functions[0].timeout_s.value, 10);
}

TEST(AutoLoadedTfvars, ByDirectoryInTerraformsOrder) {
  const std::vector<std::string> files = {
      "x/y/z.auto.tfvars",    "x/y/terraform.tfvars.json", "x/main.tf",
      "x/y/terraform.tfvars", "x/y/a.auto.tfvars.json",    "x/y/a.auto.tfvars",
      "x/prod.tfvars",  // not loaded by Terraform unless passed with --var-file
      "x/terraform.tfvars",   "terraform.tfvars",          "x/y/main.tf"};
  const std::map<std::string, std::vector<std::string>> expected = {
      {".", {"terraform.tfvars"}},
      {"x", {"x/terraform.tfvars"}},
      {"x/y",
       {"x/y/terraform.tfvars", "x/y/terraform.tfvars.json", "x/y/a.auto.tfvars",
        "x/y/a.auto.tfvars.json", "x/y/z.auto.tfvars"}},
  };
  EXPECT_EQ(auto_loaded_tfvars(files), expected);
  EXPECT_TRUE(auto_loaded_tfvars({"main.tf", "x/vars.tfvars"}).empty());
}

// A tfvars file with a syntax error is reported (RF001) and none of its values is used:
// error recovery does not tell which of them Terraform would read.
TEST_F(TerraformParser, BrokenTfvarsFileIsNotApplied) {
  write("main.tf",
        "variable \"a\" { default = 1 }\n"
        "variable \"b\" { default = 1 }\n"
        "resource \"aws_lambda_function\" \"a\" { timeout = var.a }\n"
        "resource \"aws_lambda_function\" \"b\" { timeout = var.b }\n");
  write("terraform.tfvars", "a = 5\nb = = 7\n");
  run();
  const FileFacts* vars = file("terraform.tfvars");
  ASSERT_NE(vars, nullptr);
  EXPECT_EQ(vars->parse_errors.size(), 1u);
  const FileFacts& m = module();
  ASSERT_EQ(m.functions.size(), 2u);
  EXPECT_EQ(m.functions[0].timeout_s.value, 1);
  EXPECT_EQ(m.functions[1].timeout_s.value, 1);
}

TEST_F(TerraformParser, LocalsReferringToEachOtherAreUnresolved) {
  write("locals.tf",
        "locals {\n"
        "  a = local.b\n"
        "  b = local.a + 1\n"
        "  c = local.c\n"
        "}\n");
  write("main.tf",
        "resource \"aws_lambda_function\" \"f\" {\n"
        "  timeout     = local.a\n"
        "  memory_size = local.c\n"
        "}\n");
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_TRUE(m.functions[0].timeout_s.is_unresolved());
  EXPECT_EQ(at(m.functions[0].timeout_s.written), "main.tf:2:3");
  EXPECT_TRUE(m.functions[0].memory_mb.is_unresolved());
}

// --- count and for_each ---

TEST_F(TerraformParser, CountZeroAndEmptyForEachSkipTheResource) {
  write("main.tf",
        "resource \"aws_lambda_function\" \"count_zero\" {\n"
        "  count   = 0\n"
        "  timeout = 5000\n"
        "}\n"
        "resource \"aws_lambda_function\" \"empty_map\" {\n"
        "  for_each = {}\n"
        "}\n"
        "resource \"aws_lambda_function\" \"empty_list\" {\n"
        "  for_each = toset([])\n"
        "}\n"
        "variable \"enabled\" { default = false }\n"
        "resource \"aws_sqs_queue\" \"disabled\" {\n"
        "  count = var.enabled ? 1 : 0\n"
        "}\n"
        "resource \"aws_lambda_function\" \"counted\" {\n"
        "  count         = 2\n"
        "  function_name = \"w-${count.index}\"\n"
        "  timeout       = 10 + count.index\n"
        "}\n"
        "variable \"n\" {}\n"
        "resource \"aws_lambda_function\" \"unknown_count\" {\n"
        "  count   = var.n\n"
        "  timeout = 30\n"
        "}\n");
  run();
  const FileFacts& m = module();
  EXPECT_EQ(function_names(),
            (Names{"aws_lambda_function.counted", "aws_lambda_function.unknown_count"}));
  EXPECT_TRUE(m.queues.empty());
  const Function* counted = find(m.functions, "aws_lambda_function.counted");
  ASSERT_NE(counted, nullptr);
  EXPECT_EQ(counted->timeout_s.value, 10) << "the first instance: count.index = 0";
  const Function* unknown = find(m.functions, "aws_lambda_function.unknown_count");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->timeout_s.value, 30);
}

TEST_F(TerraformParser, ForEachBindsTheFirstInstance) {
  write("main.tf",
        "resource \"aws_lambda_function\" \"per_stage\" {\n"              // 1
        "  for_each      = { green = 30, blue = 650 }\n"                  // 2
        "  function_name = \"fn-${each.key}\"\n"                          // 3
        "  timeout       = each.value\n"                                  // 4
        "  memory_size   = each.key == \"blue\" ? 2048 : 128\n"           // 5
        "}\n"                                                             // 6
        "resource \"aws_sqs_queue\" \"per_name\" {\n"                     // 7
        "  for_each                   = toset([\"jobs\"])\n"              // 8
        "  visibility_timeout_seconds = each.key == \"jobs\" ? 60 : 1\n"  // 9
        "}\n"                                                             // 10
        "variable \"stages\" {}\n"                                        // 11
        "resource \"aws_lambda_function\" \"unknown\" {\n"                // 12
        "  for_each = var.stages\n"                                       // 13
        "  timeout  = each.value\n"                                       // 14
        "}\n");                                                           // 15
  run();
  const FileFacts& m = module();
  const Function* f = find(m.functions, "aws_lambda_function.per_stage");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->timeout_s.value, 650) << "keys in order: blue comes first";
  EXPECT_EQ(at(f->timeout_s.written), "main.tf:4:3");
  EXPECT_EQ(f->memory_mb.value, 2048);
  ASSERT_EQ(m.queues.size(), 1u);
  EXPECT_EQ(m.queues[0].visibility_timeout_s.value, 60);
  const Function* u = find(m.functions, "aws_lambda_function.unknown");
  ASSERT_NE(u, nullptr);
  EXPECT_FALSE(u->timeout_s.value.has_value());
  EXPECT_TRUE(u->timeout_s.is_unresolved());
  EXPECT_EQ(at(u->timeout_s.written), "main.tf:14:3");
}

// --- local modules ---

constexpr const char* kWorkerModule =
    "variable \"name\" {\n"                                      // 1
    "  type = string\n"                                          // 2
    "}\n"                                                        // 3
    "variable \"timeout\" {\n"                                   // 4
    "  default = 120\n"                                          // 5
    "}\n"                                                        // 6
    "variable \"config\" {\n"                                    // 7
    "  default = { visibility = 900 }\n"                         // 8
    "}\n"                                                        // 9
    "resource \"aws_sqs_queue\" \"jobs\" {\n"                    // 10
    "  name                       = \"${var.name}-jobs\"\n"      // 11
    "  visibility_timeout_seconds = var.config.visibility\n"     // 12
    "}\n"                                                        // 13
    "resource \"aws_lambda_function\" \"this\" {\n"              // 14
    "  function_name = var.name\n"                               // 15
    "  timeout       = var.timeout\n"                            // 16
    "}\n"                                                        // 17
    "resource \"aws_lambda_event_source_mapping\" \"jobs\" {\n"  // 18
    "  event_source_arn = aws_sqs_queue.jobs.arn\n"              // 19
    "  function_name    = aws_lambda_function.this.arn\n"        // 20
    "}\n"                                                        // 21
    "output \"function_arn\" {\n"                                // 22
    "  value = aws_lambda_function.this.arn\n"                   // 23
    "}\n";                                                       // 24

TEST_F(TerraformParser, LocalModuleInputsLandWhereTheCallerWroteThem) {
  write("modules/worker/main.tf", kWorkerModule);
  write("main.tf",
        "module \"x\" {\n"                    // 1
        "  source  = \"./modules/worker\"\n"  // 2
        "  name    = \"x\"\n"                 // 3
        "  timeout = 1000\n"                  // 4
        "  config = {\n"                      // 5
        "    visibility = 60\n"               // 6
        "  }\n"                               // 7
        "}\n"                                 // 8
        "module \"y\" {\n"                    // 9
        "  source = \"./modules/worker/\"\n"  // 10
        "  name   = \"y\"\n"                  // 11
        "}\n");                               // 12
  run();
  // The called directory is not a root of its own: each resource is there once per call.
  EXPECT_EQ(function_names(),
            (Names{"module.x.aws_lambda_function.this", "module.y.aws_lambda_function.this"}));
  EXPECT_EQ(file("modules/worker") == nullptr ? 0u : file("modules/worker")->functions.size(), 0u);

  const FileFacts& m = module();
  const Function* x = find(m.functions, "module.x.aws_lambda_function.this");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->id.scope, path(""));
  EXPECT_EQ(at(x->header), "modules/worker/main.tf:14:1");
  EXPECT_EQ(x->timeout_s.value, 1000);
  EXPECT_EQ(at(x->timeout_s.written), "main.tf:4:3");
  const Queue* xq = find(m.queues, "module.x.aws_sqs_queue.jobs");
  ASSERT_NE(xq, nullptr);
  EXPECT_EQ(xq->visibility_timeout_s.value, 60);
  EXPECT_EQ(at(xq->visibility_timeout_s.written), "main.tf:6:5");

  // Defaults of the module land in the module.
  const Function* y = find(m.functions, "module.y.aws_lambda_function.this");
  ASSERT_NE(y, nullptr);
  EXPECT_EQ(y->timeout_s.value, 120);
  EXPECT_EQ(at(y->timeout_s.written), "modules/worker/main.tf:16:3");
  const Queue* yq = find(m.queues, "module.y.aws_sqs_queue.jobs");
  ASSERT_NE(yq, nullptr);
  EXPECT_EQ(yq->visibility_timeout_s.value, 900);
  EXPECT_EQ(at(yq->visibility_timeout_s.written), "modules/worker/main.tf:12:3");

  ASSERT_EQ(m.triggers.size(), 2u);
  const Trigger& t = m.triggers[0];
  EXPECT_EQ(t.kind, "SQS");
  EXPECT_EQ(t.function, "module.x.aws_lambda_function.this");
  EXPECT_EQ(t.source, "module.x.aws_sqs_queue.jobs");
  EXPECT_EQ(at(t.where), "modules/worker/main.tf:18:1");
}

TEST_F(TerraformParser, ModuleOutputsAndNestedModules) {
  write("modules/inner/main.tf",
        "variable \"visibility\" {}\n"
        "resource \"aws_sqs_queue\" \"q\" {\n"
        "  visibility_timeout_seconds = var.visibility\n"
        "}\n"
        "output \"arn\" { value = aws_sqs_queue.q.arn }\n");
  write("modules/outer/main.tf",
        "variable \"visibility\" {}\n"
        "module \"inner\" {\n"
        "  source     = \"../inner\"\n"
        "  visibility = var.visibility\n"
        "}\n"
        "output \"queue_arn\" { value = module.inner.arn }\n");
  write("main.tf",
        "module \"outer\" {\n"                                        // 1
        "  source     = \"./modules/outer\"\n"                        // 2
        "  visibility = 45\n"                                         // 3
        "}\n"                                                         // 4
        "resource \"aws_lambda_function\" \"f\" { timeout = 10 }\n"   // 5
        "resource \"aws_lambda_event_source_mapping\" \"m\" {\n"      // 6
        "  event_source_arn = module.outer.queue_arn\n"               // 7
        "  function_name    = aws_lambda_function.f.function_name\n"  // 8
        "}\n");
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.queues.size(), 1u);
  EXPECT_EQ(m.queues[0].id.name, "module.outer.module.inner.aws_sqs_queue.q");
  EXPECT_EQ(m.queues[0].visibility_timeout_s.value, 45);
  EXPECT_EQ(at(m.queues[0].visibility_timeout_s.written), "main.tf:3:3");
  ASSERT_EQ(m.triggers.size(), 1u);
  EXPECT_EQ(m.triggers[0].kind, "SQS");
  EXPECT_EQ(m.triggers[0].function, "aws_lambda_function.f");
  EXPECT_EQ(m.triggers[0].source, "module.outer.module.inner.aws_sqs_queue.q");
  EXPECT_EQ(at(m.triggers[0].where), "main.tf:6:1");
  // Neither module directory is a root of its own.
  EXPECT_EQ(all(&FileFacts::queues).size(), 1u);
}

TEST_F(TerraformParser, ModuleWithForEachBindsTheFirstInstance) {
  write("mod/main.tf",
        "variable \"timeout\" {}\n"
        "resource \"aws_lambda_function\" \"this\" { timeout = var.timeout }\n");
  write("main.tf",
        "module \"m\" {\n"                    // 1
        "  for_each = { a = 700, b = 10 }\n"  // 2
        "  source   = \"./mod\"\n"            // 3
        "  timeout  = each.value\n"           // 4
        "}\n"                                 // 5
        "module \"off\" {\n"                  // 6
        "  count   = 0\n"                     // 7
        "  source  = \"./mod\"\n"             // 8
        "  timeout = 5000\n"                  // 9
        "}\n");
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_EQ(m.functions[0].id.name, "module.m.aws_lambda_function.this");
  EXPECT_EQ(m.functions[0].timeout_s.value, 700);
  EXPECT_EQ(at(m.functions[0].timeout_s.written), "main.tf:4:3");
}

TEST_F(TerraformParser, ModuleCallingItselfDoesNotHang) {
  write("main.tf",
        "module \"again\" {\n"
        "  source = \"./\"\n"
        "}\n"
        "module \"and_again\" {\n"
        "  source = \"./\"\n"
        "}\n"
        "resource \"aws_lambda_function\" \"f\" { timeout = 10 }\n");
  run();
  EXPECT_EQ(function_names(), (Names{"aws_lambda_function.f"}));
}

TEST_F(TerraformParser, ModulesCallingEachOtherDoNotHang) {
  write("a/main.tf",
        "module \"b\" {\n"
        "  source = \"../b\"\n"
        "}\n"
        "module \"b_too\" {\n"
        "  source = \"../b\"\n"
        "}\n"
        "resource \"aws_lambda_function\" \"fa\" { timeout = 10 }\n");
  write("b/main.tf",
        "module \"a\" {\n"
        "  source = \"../a\"\n"
        "}\n"
        "module \"a_too\" {\n"
        "  source = \"../a\"\n"
        "}\n"
        "resource \"aws_lambda_function\" \"fb\" { timeout = 10 }\n");
  run();
  // A cycle is broken where it closes; its resources are still analysed, once per call.
  EXPECT_EQ(function_names(), (Names{"aws_lambda_function.fa", "module.b.aws_lambda_function.fb",
                                     "module.b_too.aws_lambda_function.fb"}));
}

// --- registry modules ---

TEST_F(TerraformParser, RegistryLambdaAndSqsModules) {
  write("main.tf",
        "module \"f\" {\n"                                                         // 1
        "  source        = \"terraform-aws-modules/lambda/aws\"\n"                 // 2
        "  function_name = \"f\"\n"                                                // 3
        "  reserved_concurrent_executions = -1\n"                                  // 4
        "  event_source_mapping = {\n"                                             // 5
        "    sqs = {\n"                                                            // 6
        "      event_source_arn = module.q.queue_arn\n"                            // 7
        "    }\n"                                                                  // 8
        "  }\n"                                                                    // 9
        "}\n"                                                                      // 10
        "module \"q\" {\n"                                                         // 11
        "  source                     = \"terraform-aws-modules/sqs/aws\"\n"       // 12
        "  visibility_timeout_seconds = 120\n"                                     // 13
        "}\n"                                                                      // 14
        "module \"big\" {\n"                                                       // 15
        "  source = \"registry.terraform.io/terraform-aws-modules/lambda/aws\"\n"  // 16
        "  version                           = \"~> 7.0\"\n"                       // 17
        "  timeout                           = 900\n"                              // 18
        "  memory_size                       = 2048\n"                             // 19
        "  provisioned_concurrent_executions = 2\n"                                // 20
        "  reserved_concurrent_executions    = 10\n"                               // 21
        "  package_type                      = \"Image\"\n"                        // 22
        "  source_path                       = \"src/big\"\n"                      // 23
        "}\n"                                                                      // 24
        "module \"off\" {\n"                                                       // 25
        "  source = \"terraform-aws-modules/lambda/aws\"\n"                        // 26
        "  create = false\n"                                                       // 27
        "}\n"                                                                      // 28
        "module \"q_default\" {\n"                                                 // 29
        "  source = \"terraform-aws-modules/sqs/aws\"\n"                           // 30
        "}\n");                                                                    // 31
  run();
  const FileFacts& m = module();
  EXPECT_EQ(function_names(), (Names{"module.big", "module.f"}));

  const Function* f = find(m.functions, "module.f");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->type, "module:terraform-aws-modules/lambda/aws");
  EXPECT_EQ(at(f->header), "main.tf:1:1");
  EXPECT_EQ(f->timeout_s.value, 3) << "the module's default";
  EXPECT_FALSE(f->timeout_s.is_written());
  EXPECT_EQ(f->memory_mb.value, 128);
  EXPECT_FALSE(f->memory_mb.is_written());
  EXPECT_EQ(f->package_type.value, "Zip");
  EXPECT_FALSE(f->reserved_concurrency.value.has_value()) << "-1 means unset";
  EXPECT_FALSE(f->provisioned_concurrency.value.has_value());

  ASSERT_EQ(m.triggers.size(), 1u);
  EXPECT_EQ(m.triggers[0].kind, "SQS");
  EXPECT_EQ(m.triggers[0].function, "module.f");
  EXPECT_EQ(m.triggers[0].source, "module.q");
  EXPECT_EQ(at(m.triggers[0].where), "main.tf:7:7");

  const Function* big = find(m.functions, "module.big");
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->timeout_s.value, 900);
  EXPECT_EQ(at(big->timeout_s.written), "main.tf:18:3");
  EXPECT_EQ(big->memory_mb.value, 2048);
  EXPECT_EQ(big->provisioned_concurrency.value, 2);
  EXPECT_EQ(at(big->provisioned_concurrency.written), "main.tf:20:3");
  EXPECT_EQ(big->reserved_concurrency.value, 10);
  EXPECT_EQ(big->package_type.value, "Image");
  EXPECT_EQ(big->code_uri.value, "src/big");
  EXPECT_EQ(at(big->code_uri.written), "main.tf:23:3");

  ASSERT_EQ(m.queues.size(), 2u);
  const Queue* q = find(m.queues, "module.q");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->type, "module:terraform-aws-modules/sqs/aws");
  EXPECT_EQ(q->visibility_timeout_s.value, 120);
  EXPECT_EQ(at(q->visibility_timeout_s.written), "main.tf:13:3");
  const Queue* qd = find(m.queues, "module.q_default");
  ASSERT_NE(qd, nullptr);
  EXPECT_FALSE(qd->visibility_timeout_s.is_written());
  EXPECT_EQ(at(qd->header), "main.tf:29:1");
}

TEST_F(TerraformParser, RegistryEcsServiceModule) {
  write("main.tf",
        "module \"svc\" {\n"                                                           // 1
        "  source = \"terraform-aws-modules/ecs/aws//modules/service\"\n"              // 2
        "  name   = \"svc\"\n"                                                         // 3
        "}\n"                                                                          // 4
        "module \"fixed\" {\n"                                                         // 5
        "  source             = \"terraform-aws-modules/ecs/aws//modules/service\"\n"  // 6
        "  desired_count      = 3\n"                                                   // 7
        "  cpu                = 512\n"                                                 // 8
        "  memory             = 1024\n"                                                // 9
        "  enable_autoscaling = false\n"                                               // 10
        "  load_balancer = {\n"                                                        // 11
        "    service = {\n"                                                            // 12
        "      container_port = 80\n"                                                  // 13
        "    }\n"                                                                      // 14
        "  }\n"                                                                        // 15
        "}\n"                                                                          // 16
        "module \"spot\" {\n"                                                          // 17
        "  source = \"terraform-aws-modules/ecs/aws//modules/service\"\n"              // 18
        "  autoscaling_policies = {}\n"                                                // 19
        "  autoscaling_min_capacity = 0\n"                                             // 20
        "  capacity_provider_strategy = {\n"                                           // 21
        "    spot = { capacity_provider = \"FARGATE_SPOT\" }\n"                        // 22
        "  }\n"                                                                        // 23
        "}\n");                                                                        // 24
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.services.size(), 3u);

  const Service* svc = find(m.services, "module.svc");
  ASSERT_NE(svc, nullptr);
  EXPECT_EQ(svc->desired_count.value, 1) << "the module's default";
  EXPECT_FALSE(svc->desired_count.is_written());
  EXPECT_EQ(svc->launch_type.value, "FARGATE");
  EXPECT_FALSE(svc->load_balancers.has_value());
  EXPECT_EQ(svc->task_definition, "module.svc.task_definition");
  const TaskDefinition* td = find(m.task_definitions, "module.svc.task_definition");
  ASSERT_NE(td, nullptr);
  EXPECT_EQ(td->cpu_units.value, 1024);
  EXPECT_EQ(td->memory_mb.value, 2048);
  const ScalingTarget* st = find(m.scaling_targets, "module.svc.autoscaling");
  ASSERT_NE(st, nullptr) << "enable_autoscaling defaults to true";
  EXPECT_EQ(st->service, "module.svc");
  EXPECT_TRUE(st->has_policy);
  EXPECT_EQ(st->min_capacity.value, 1);

  const Service* fixed = find(m.services, "module.fixed");
  ASSERT_NE(fixed, nullptr);
  EXPECT_EQ(fixed->desired_count.value, 3);
  EXPECT_EQ(at(fixed->desired_count.written), "main.tf:7:3");
  EXPECT_EQ(at(fixed->load_balancers), "main.tf:11:3");
  EXPECT_EQ(find(m.scaling_targets, "module.fixed.autoscaling"), nullptr);
  const TaskDefinition* fixed_td = find(m.task_definitions, "module.fixed.task_definition");
  ASSERT_NE(fixed_td, nullptr);
  EXPECT_EQ(fixed_td->cpu_units.value, 512);
  EXPECT_EQ(at(fixed_td->cpu_units.written), "main.tf:8:3");

  const Service* spot = find(m.services, "module.spot");
  ASSERT_NE(spot, nullptr);
  EXPECT_EQ(spot->capacity_providers, (Names{"FARGATE_SPOT"}));
  EXPECT_FALSE(spot->launch_type.value.has_value());
  const ScalingTarget* spot_st = find(m.scaling_targets, "module.spot.autoscaling");
  ASSERT_NE(spot_st, nullptr);
  EXPECT_FALSE(spot_st->has_policy) << "autoscaling_policies = {}";
  EXPECT_EQ(spot_st->min_capacity.value, 0);
  EXPECT_EQ(at(spot_st->min_capacity.written), "main.tf:20:3");
}

// Older callers (module v5) give load_balancer as a list; a capacity provider strategy whose
// provider comes from another module replaces the default FARGATE launch type.
TEST_F(TerraformParser, RegistryEcsServiceListLoadBalancerAndUnknownProvider) {
  write("main.tf",
        "variable \"provider_name\" {}\n"                                         // 1
        "module \"web\" {\n"                                                      // 2
        "  source        = \"terraform-aws-modules/ecs/aws//modules/service\"\n"  // 3
        "  load_balancer = [{ container_port = 80 }]\n"                           // 4
        "  capacity_provider_strategy = {\n"                                      // 5
        "    gpu = { capacity_provider = var.provider_name }\n"                   // 6
        "  }\n"                                                                   // 7
        "}\n");                                                                   // 8
  run();
  const FileFacts& m = module();
  const Service* web = find(m.services, "module.web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(at(web->load_balancers), "main.tf:4:3");
  EXPECT_TRUE(web->capacity_providers.empty());
  EXPECT_FALSE(web->launch_type.value.has_value());
}

TEST_F(TerraformParser, TaskSizesInTheApiForms) {
  write("main.tf",
        "resource \"aws_ecs_task_definition\" \"words\" {\n"    // 1
        "  cpu    = \"0.5 vCPU\"\n"                             // 2
        "  memory = \"1 GB\"\n"                                 // 3
        "}\n"                                                   // 4
        "resource \"aws_ecs_task_definition\" \"numbers\" {\n"  // 5
        "  cpu    = 256\n"                                      // 6
        "  memory = \"512\"\n"                                  // 7
        "}\n"                                                   // 8
        "resource \"aws_ecs_task_definition\" \"odd\" {\n"      // 9
        "  cpu    = \"a lot\"\n"                                // 10
        "}\n");                                                 // 11
  run();
  const FileFacts& m = module();
  const TaskDefinition* words = find(m.task_definitions, "aws_ecs_task_definition.words");
  ASSERT_NE(words, nullptr);
  EXPECT_EQ(words->cpu_units.value, 512);
  EXPECT_EQ(words->memory_mb.value, 1024);
  EXPECT_EQ(at(words->cpu_units.written), "main.tf:2:3");
  const TaskDefinition* numbers = find(m.task_definitions, "aws_ecs_task_definition.numbers");
  ASSERT_NE(numbers, nullptr);
  EXPECT_EQ(numbers->cpu_units.value, 256);
  EXPECT_EQ(numbers->memory_mb.value, 512);
  const TaskDefinition* odd = find(m.task_definitions, "aws_ecs_task_definition.odd");
  ASSERT_NE(odd, nullptr);
  EXPECT_FALSE(odd->cpu_units.value.has_value());
  EXPECT_EQ(odd->cpu_units.unresolved, "'a lot' is not a size rightfit understands");
}

TEST_F(TerraformParser, RegistryEcsClusterServicesMap) {
  write("main.tf",
        "module \"cluster\" {\n"                                // 1
        "  source       = \"terraform-aws-modules/ecs/aws\"\n"  // 2
        "  cluster_name = \"main\"\n"                           // 3
        "  services = {\n"                                      // 4
        "    api = {\n"                                         // 5
        "      cpu                = 1024\n"                     // 6
        "      memory             = 4096\n"                     // 7
        "      enable_autoscaling = false\n"                    // 8
        "      load_balancer = {\n"                             // 9
        "        service = { container_port = 8080 }\n"         // 10
        "      }\n"                                             // 11
        "    }\n"                                               // 12
        "    worker = {\n"                                      // 13
        "      desired_count = 2\n"                             // 14
        "    }\n"                                               // 15
        "  }\n"                                                 // 16
        "}\n");                                                 // 17
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.services.size(), 2u);
  const Service* api = find(m.services, "module.cluster.services[\"api\"]");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(at(api->header), "main.tf:5:5");
  EXPECT_EQ(at(api->load_balancers), "main.tf:9:7");
  EXPECT_EQ(api->desired_count.value, 1);
  EXPECT_FALSE(api->desired_count.is_written());
  const TaskDefinition* td =
      find(m.task_definitions, "module.cluster.services[\"api\"].task_definition");
  ASSERT_NE(td, nullptr);
  EXPECT_EQ(td->memory_mb.value, 4096);
  EXPECT_EQ(at(td->memory_mb.written), "main.tf:7:7");
  EXPECT_EQ(find(m.scaling_targets, "module.cluster.services[\"api\"].autoscaling"), nullptr);

  const Service* worker = find(m.services, "module.cluster.services[\"worker\"]");
  ASSERT_NE(worker, nullptr);
  EXPECT_EQ(at(worker->header), "main.tf:13:5");
  EXPECT_EQ(worker->desired_count.value, 2);
  EXPECT_EQ(at(worker->desired_count.written), "main.tf:14:7");
  EXPECT_NE(find(m.scaling_targets, "module.cluster.services[\"worker\"].autoscaling"), nullptr);
}

TEST_F(TerraformParser, RegistryHttpApiRoutesAndIntegrations) {
  write("main.tf",
        "module \"h\" {\n"                                               // 1
        "  source  = \"terraform-aws-modules/lambda/aws\"\n"             // 2
        "  timeout = 45\n"                                               // 3
        "}\n"                                                            // 4
        "resource \"aws_lambda_function\" \"plain\" { timeout = 10 }\n"  // 5
        "module \"api\" {\n"                                             // 6
        "  source = \"terraform-aws-modules/apigateway-v2/aws\"\n"       // 7
        "  routes = {\n"                                                 // 8
        "    \"GET /items\" = {\n"                                       // 9
        "      integration = {\n"                                        // 10
        "        uri                  = module.h.lambda_function_arn\n"  // 11
        "        timeout_milliseconds = 20000\n"                         // 12
        "      }\n"                                                      // 13
        "    }\n"                                                        // 14
        "    \"POST /items\" = {\n"                                      // 15
        "      integration = {\n"                                        // 16
        "        uri = aws_lambda_function.plain.invoke_arn\n"           // 17
        "      }\n"                                                      // 18
        "    }\n"                                                        // 19
        "    \"GET /static\" = {\n"                                      // 20
        "      integration = { uri = \"https://example.com\" }\n"        // 21
        "    }\n"                                                        // 22
        "  }\n"                                                          // 23
        "}\n"                                                            // 24
        "module \"old_api\" {\n"                                         // 25
        "  source = \"terraform-aws-modules/apigateway-v2/aws\"\n"       // 26
        "  integrations = {\n"                                           // 27
        "    \"ANY /\" = {\n"                                            // 28
        "      lambda_arn             = module.h.lambda_function_arn\n"  // 29
        "      timeout_milliseconds   = 12000\n"                         // 30
        "    }\n"                                                        // 31
        "  }\n"                                                          // 32
        "}\n");                                                          // 33
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.api_integrations.size(), 3u);
  const ApiIntegration* get = nullptr;
  const ApiIntegration* post = nullptr;
  const ApiIntegration* any = nullptr;
  for (const ApiIntegration& a : m.api_integrations) {
    if (a.kind == "HTTP API route \"GET /items\"") get = &a;
    if (a.kind == "HTTP API route \"POST /items\"") post = &a;
    if (a.kind == "HTTP API route \"ANY /\"") any = &a;
  }
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->function, "module.h");
  EXPECT_EQ(at(get->where), "main.tf:9:5");
  EXPECT_EQ(get->timeout_ms.value, 20000);
  EXPECT_EQ(at(get->timeout_ms.written), "main.tf:12:9");
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->function, "aws_lambda_function.plain");
  EXPECT_FALSE(post->timeout_ms.is_written());
  ASSERT_NE(any, nullptr);
  EXPECT_EQ(any->function, "module.h");
  EXPECT_EQ(at(any->where), "main.tf:28:5");
  EXPECT_EQ(any->timeout_ms.value, 12000);
  EXPECT_EQ(at(any->timeout_ms.written), "main.tf:30:7");
}

// --- ECS resources ---

TEST_F(TerraformParser, EcsServiceDesiredCountDefaultsToZero) {
  write("main.tf",
        "resource \"aws_ecs_task_definition\" \"td\" {\n"       // 1
        "  cpu                      = \"1024\"\n"               // 2
        "  memory                   = 2048\n"                   // 3
        "  requires_compatibilities = [\"FARGATE\"]\n"          // 4
        "  runtime_platform {\n"                                // 5
        "    cpu_architecture = \"ARM64\"\n"                    // 6
        "  }\n"                                                 // 7
        "}\n"                                                   // 8
        "resource \"aws_ecs_service\" \"default\" {\n"          // 9
        "  name            = \"default\"\n"                     // 10
        "  task_definition = aws_ecs_task_definition.td.arn\n"  // 11
        "}\n"                                                   // 12
        "resource \"aws_ecs_service\" \"two\" {\n"              // 13
        "  launch_type   = \"FARGATE\"\n"                       // 14
        "  desired_count = 2\n"                                 // 15
        "  capacity_provider_strategy {\n"                      // 16
        "    capacity_provider = \"FARGATE_SPOT\"\n"            // 17
        "  }\n"                                                 // 18
        "}\n");                                                 // 19
  run();
  const FileFacts& m = module();
  const Service* d = find(m.services, "aws_ecs_service.default");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->desired_count.value, 0);
  EXPECT_FALSE(d->desired_count.is_written());
  EXPECT_EQ(d->task_definition, "aws_ecs_task_definition.td");
  EXPECT_EQ(d->name_pattern, "default");
  EXPECT_FALSE(d->launch_type.value.has_value());
  const Service* two = find(m.services, "aws_ecs_service.two");
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->desired_count.value, 2);
  EXPECT_EQ(at(two->desired_count.written), "main.tf:15:3");
  EXPECT_EQ(two->launch_type.value, "FARGATE");
  EXPECT_EQ(two->capacity_providers, (Names{"FARGATE_SPOT"}));
  ASSERT_EQ(m.task_definitions.size(), 1u);
  const TaskDefinition& td = m.task_definitions[0];
  EXPECT_EQ(td.cpu_units.value, 1024);
  EXPECT_EQ(at(td.cpu_units.written), "main.tf:2:3");
  EXPECT_EQ(td.memory_mb.value, 2048);
  EXPECT_EQ(td.cpu_architecture.value, "ARM64");
  EXPECT_EQ(td.compatibilities, (Names{"FARGATE"}));
}

TEST_F(TerraformParser, DynamicLoadBalancerBlocks) {
  write("main.tf",
        "variable \"ports\" { default = [8080] }\n"      // 1
        "variable \"unknown_ports\" {}\n"                // 2
        "resource \"aws_ecs_service\" \"static\" {\n"    // 3
        "  name = \"static\"\n"                          // 4
        "  load_balancer {\n"                            // 5
        "    container_port = 80\n"                      // 6
        "  }\n"                                          // 7
        "}\n"                                            // 8
        "resource \"aws_ecs_service\" \"known\" {\n"     // 9
        "  dynamic \"load_balancer\" {\n"                // 10
        "    for_each = var.ports\n"                     // 11
        "    content {\n"                                // 12
        "      container_port = load_balancer.value\n"   // 13
        "    }\n"                                        // 14
        "  }\n"                                          // 15
        "}\n"                                            // 16
        "resource \"aws_ecs_service\" \"unknown\" {\n"   // 17
        "  dynamic \"load_balancer\" {\n"                // 18
        "    for_each = var.unknown_ports\n"             // 19
        "    content {}\n"                               // 20
        "  }\n"                                          // 21
        "}\n"                                            // 22
        "resource \"aws_ecs_service\" \"empty\" {\n"     // 23
        "  dynamic \"load_balancer\" {\n"                // 24
        "    for_each = []\n"                            // 25
        "    content {}\n"                               // 26
        "  }\n"                                          // 27
        "}\n"                                            // 28
        "resource \"aws_ecs_service\" \"iterator\" {\n"  // 29
        "  dynamic \"capacity_provider_strategy\" {\n"   // 30
        "    for_each = { FARGATE_SPOT = 1 }\n"          // 31
        "    iterator = cp\n"                            // 32
        "    content {\n"                                // 33
        "      capacity_provider = cp.key\n"             // 34
        "    }\n"                                        // 35
        "  }\n"                                          // 36
        "}\n");                                          // 37
  run();
  const FileFacts& m = module();
  auto lb = [&](const std::string& name) {
    const Service* s = find(m.services, "aws_ecs_service." + name);
    return s ? at(s->load_balancers) : "no service";
  };
  EXPECT_EQ(lb("static"), "main.tf:5:3");
  EXPECT_EQ(lb("known"), "main.tf:10:3");
  EXPECT_EQ(lb("unknown"), "none") << "rightfit never guesses that a block exists";
  EXPECT_EQ(lb("empty"), "none");
  const Service* it = find(m.services, "aws_ecs_service.iterator");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->capacity_providers, (Names{"FARGATE_SPOT"}));
}

TEST_F(TerraformParser, AppAutoscalingTargetsLinkByReferenceAndByName) {
  write("main.tf",
        "variable \"cluster\" {}\n"                                                 // 1
        "resource \"aws_ecs_service\" \"by_ref\" {\n"                               // 2
        "  name = \"by-ref\"\n"                                                     // 3
        "}\n"                                                                       // 4
        "resource \"aws_ecs_service\" \"by_name\" {\n"                              // 5
        "  name = \"by-${var.cluster}-name\"\n"                                     // 6
        "}\n"                                                                       // 7
        "resource \"aws_appautoscaling_target\" \"by_ref\" {\n"                     // 8
        "  min_capacity       = 0\n"                                                // 9
        "  max_capacity       = 4\n"                                                // 10
        "  resource_id        = \"service/main/${aws_ecs_service.by_ref.name}\"\n"  // 11
        "  scalable_dimension = \"ecs:service:DesiredCount\"\n"                     // 12
        "}\n"                                                                       // 13
        "resource \"aws_appautoscaling_target\" \"by_name\" {\n"                    // 14
        "  max_capacity = 2\n"                                                      // 15
        "  resource_id  = \"service/${var.cluster}/scaled-by-name\"\n"              // 16
        "}\n"                                                                       // 17
        "resource \"aws_appautoscaling_policy\" \"by_ref\" {\n"                     // 18
        "  resource_id = aws_appautoscaling_target.by_ref.resource_id\n"            // 19
        "}\n");                                                                     // 20
  run();
  const FileFacts& m = module();
  const Service* by_name_service = find(m.services, "aws_ecs_service.by_name");
  ASSERT_NE(by_name_service, nullptr);
  EXPECT_EQ(by_name_service->name_pattern, "by-*-name");

  const ScalingTarget* by_ref = find(m.scaling_targets, "aws_appautoscaling_target.by_ref");
  ASSERT_NE(by_ref, nullptr);
  EXPECT_EQ(by_ref->service, "aws_ecs_service.by_ref");
  EXPECT_EQ(by_ref->min_capacity.value, 0);
  EXPECT_EQ(at(by_ref->min_capacity.written), "main.tf:9:3");
  EXPECT_EQ(by_ref->max_capacity.value, 4);
  EXPECT_TRUE(by_ref->has_policy);

  const ScalingTarget* by_name = find(m.scaling_targets, "aws_appautoscaling_target.by_name");
  ASSERT_NE(by_name, nullptr);
  EXPECT_FALSE(by_name->service.has_value());
  EXPECT_EQ(by_name->service_name_pattern, "scaled-by-name");
  EXPECT_FALSE(by_name->min_capacity.is_written());
  EXPECT_FALSE(by_name->has_policy);
}

// The order of blocks (and files) does not matter to Terraform: a policy or a provisioned
// concurrency config written before what it refers to still applies.
TEST_F(TerraformParser, DependentResourcesBeforeTheirTargets) {
  write("a_policies.tf",
        "resource \"aws_appautoscaling_policy\" \"cpu\" {\n"
        "  resource_id = aws_appautoscaling_target.t.resource_id\n"
        "}\n"
        "resource \"aws_lambda_provisioned_concurrency_config\" \"pc\" {\n"  // 4
        "  function_name                     = aws_lambda_function.f.function_name\n"
        "  provisioned_concurrent_executions = 5\n"  // 6
        "}\n");
  write("b_resources.tf",
        "resource \"aws_ecs_service\" \"s\" {\n"
        "  name = \"s\"\n"
        "}\n"
        "resource \"aws_appautoscaling_target\" \"t\" {\n"
        "  resource_id = \"service/main/${aws_ecs_service.s.name}\"\n"
        "}\n"
        "resource \"aws_lambda_function\" \"f\" { timeout = 10 }\n");
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.scaling_targets.size(), 1u);
  EXPECT_TRUE(m.scaling_targets[0].has_policy);
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_EQ(m.functions[0].provisioned_concurrency.value, 5);
  EXPECT_EQ(at(m.functions[0].provisioned_concurrency.written), "a_policies.tf:6:3");
}

// --- other resources ---

TEST_F(TerraformParser, IntegrationsMappingsDatabasesAndCode) {
  write("main.tf",
        "resource \"aws_lambda_function\" \"f\" {\n"                       // 1
        "  filename = data.archive_file.code.output_path\n"                // 2
        "  environment {\n"                                                // 3
        "    variables = {\n"                                              // 4
        "      DB = aws_db_instance.db.address\n"                          // 5
        "    }\n"                                                          // 6
        "  }\n"                                                            // 7
        "}\n"                                                              // 8
        "data \"archive_file\" \"code\" {\n"                               // 9
        "  type       = \"zip\"\n"                                         // 10
        "  source_dir = \"src/handler\"\n"                                 // 11
        "}\n"                                                              // 12
        "resource \"aws_db_instance\" \"db\" {}\n"                         // 13
        "resource \"aws_rds_cluster\" \"c\" {}\n"                          // 14
        "resource \"aws_db_proxy_target\" \"t\" {\n"                       // 15
        "  db_cluster_identifier = aws_rds_cluster.c.id\n"                 // 16
        "}\n"                                                              // 17
        "resource \"aws_api_gateway_integration\" \"rest\" {\n"            // 18
        "  uri                  = aws_lambda_function.f.invoke_arn\n"      // 19
        "  timeout_milliseconds = 29000\n"                                 // 20
        "}\n"                                                              // 21
        "resource \"aws_apigatewayv2_integration\" \"http\" {\n"           // 22
        "  integration_uri = aws_lambda_function.f.arn\n"                  // 23
        "}\n"                                                              // 24
        "variable \"fn\" {}\n"                                             // 25
        "resource \"aws_lambda_event_source_mapping\" \"unknown\" {\n"     // 26
        "  event_source_arn = \"arn:aws:sqs:us-east-1:123456789012:q\"\n"  // 27
        "  function_name    = var.fn\n"                                    // 28
        "}\n"                                                              // 29
        "resource \"aws_lambda_event_source_mapping\" \"literal\" {\n"     // 30
        "  event_source_arn = \"arn:aws:sqs:us-east-1:123456789012:q\"\n"  // 31
        "  function_name    = aws_lambda_function.f.arn\n"                 // 32
        "}\n");                                                            // 33
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.functions.size(), 1u);
  const Function& f = m.functions[0];
  EXPECT_EQ(f.code_uri.value, "src/handler");
  EXPECT_EQ(at(f.code_uri.written), "main.tf:11:3");
  ASSERT_EQ(f.references.size(), 2u);
  EXPECT_EQ(f.references[0].target, "data.archive_file.code");
  EXPECT_EQ(f.references[1].target, "aws_db_instance.db");
  EXPECT_EQ(at(f.references[1].where), "main.tf:4:5");

  ASSERT_EQ(m.databases.size(), 2u);
  EXPECT_FALSE(m.databases[0].is_cluster);
  EXPECT_TRUE(m.databases[1].is_cluster);
  ASSERT_EQ(m.database_proxies.size(), 1u);
  EXPECT_EQ(m.database_proxies[0].targets, (Names{"aws_rds_cluster.c"}));

  ASSERT_EQ(m.api_integrations.size(), 2u);
  EXPECT_EQ(m.api_integrations[0].kind, "aws_api_gateway_integration");
  EXPECT_EQ(m.api_integrations[0].function, "aws_lambda_function.f");
  EXPECT_EQ(at(m.api_integrations[0].where), "main.tf:18:1");
  EXPECT_EQ(m.api_integrations[0].timeout_ms.value, 29000);
  EXPECT_EQ(m.api_integrations[1].kind, "aws_apigatewayv2_integration");
  EXPECT_FALSE(m.api_integrations[1].timeout_ms.is_written());

  ASSERT_EQ(m.triggers.size(), 1u);
  EXPECT_EQ(m.triggers[0].kind, "SQS") << "from the ARN literal";
  EXPECT_FALSE(m.triggers[0].source.has_value());
  ASSERT_EQ(m.unresolved.size(), 1u);
  EXPECT_EQ(m.unresolved[0].resource.name, "aws_lambda_event_source_mapping.unknown");
  EXPECT_EQ(m.unresolved[0].property, "function_name");
  EXPECT_EQ(at(m.unresolved[0].where), "main.tf:28:3");
  EXPECT_EQ(at(m.unresolved[0].header), "main.tf:26:1");
}

// --- Terraform JSON ---

TEST_F(TerraformParser, TerraformJsonSyntax) {
  write("main.tf.json",
        "{\n"                                                                              // 1
        "  \"variable\": {\n"                                                              // 2
        "    \"stages\": {\"default\": {\"blue\": 650}}\n"                                 // 3
        "  },\n"                                                                           // 4
        "  \"resource\": {\n"                                                              // 5
        "    \"aws_sqs_queue\": {\n"                                                       // 6
        "      \"q\": {\"visibility_timeout_seconds\": 60}\n"                              // 7
        "    },\n"                                                                         // 8
        "    \"aws_lambda_function\": {\n"                                                 // 9
        "      \"f\": {\n"                                                                 // 10
        "        \"timeout\": 30,\n"                                                       // 11
        "        \"environment\": {\"variables\": {\"Q\": \"${aws_sqs_queue.q.url}\"}}\n"  // 12
        "      },\n"                                                                       // 13
        "      \"staged\": {\n"                                                            // 14
        "        \"for_each\": \"${var.stages}\",\n"                                       // 15
        "        \"timeout\": \"${each.value}\"\n"                                         // 16
        "      }\n"                                                                        // 17
        "    },\n"                                                                         // 18
        "    \"aws_lambda_event_source_mapping\": {\n"                                     // 19
        "      \"m\": {\n"                                                                 // 20
        "        \"event_source_arn\": \"${aws_sqs_queue.q.arn}\",\n"                      // 21
        "        \"function_name\": \"${aws_lambda_function.f.arn}\"\n"                    // 22
        "      }\n"                                                                        // 23
        "    },\n"                                                                         // 24
        "    \"aws_ecs_service\": {\n"                                                     // 25
        "      \"s\": {\n"                                                                 // 26
        "        \"desired_count\": 2,\n"                                                  // 27
        "        \"load_balancer\": [{\"container_port\": 80}]\n"                          // 28
        "      }\n"                                                                        // 29
        "    }\n"                                                                          // 30
        "  }\n"                                                                            // 31
        "}\n");                                                                            // 32
  run();
  const FileFacts& m = module();
  const Function* f = find(m.functions, "aws_lambda_function.f");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(at(f->header), "main.tf.json:10:7");
  EXPECT_EQ(f->timeout_s.value, 30);
  EXPECT_EQ(at(f->timeout_s.written), "main.tf.json:11:9");
  ASSERT_EQ(f->references.size(), 1u);
  EXPECT_EQ(f->references[0].target, "aws_sqs_queue.q");

  const Function* staged = find(m.functions, "aws_lambda_function.staged");
  ASSERT_NE(staged, nullptr);
  EXPECT_EQ(staged->timeout_s.value, 650) << "\"${var.stages}\" is the map itself";

  ASSERT_EQ(m.triggers.size(), 1u);
  EXPECT_EQ(m.triggers[0].kind, "SQS");
  EXPECT_EQ(m.triggers[0].function, "aws_lambda_function.f");
  EXPECT_EQ(m.triggers[0].source, "aws_sqs_queue.q");

  ASSERT_EQ(m.services.size(), 1u);
  EXPECT_EQ(m.services[0].desired_count.value, 2);
  EXPECT_EQ(at(m.services[0].load_balancers), "main.tf.json:28:9");
  ASSERT_EQ(m.queues.size(), 1u);
  EXPECT_EQ(at(m.queues[0].visibility_timeout_s.written), "main.tf.json:7:13");
}

TEST_F(TerraformParser, TerraformJsonDynamicBlocksCountAndModules) {
  write("mod/main.tf",
        "variable \"timeout\" {}\n"
        "resource \"aws_lambda_function\" \"this\" { timeout = var.timeout }\n");
  write("main.tf.json",
        "{\n"                                                                          // 1
        "  \"variable\": {\"ports\": {\"default\": [80]}},\n"                          // 2
        "  \"module\": {\n"                                                            // 3
        "    \"m\": {\"source\": \"./mod\", \"timeout\": 700}\n"                       // 4
        "  },\n"                                                                       // 5
        "  \"resource\": {\n"                                                          // 6
        "    \"aws_ecs_service\": {\n"                                                 // 7
        "      \"dyn\": {\n"                                                           // 8
        "        \"dynamic\": {\n"                                                     // 9
        "          \"load_balancer\": {\n"                                             // 10
        "            \"for_each\": \"${var.ports}\",\n"                                // 11
        "            \"content\": {\"container_port\": \"${load_balancer.value}\"}\n"  // 12
        "          }\n"                                                                // 13
        "        }\n"                                                                  // 14
        "      },\n"                                                                   // 15
        "      \"off\": {\"count\": 0}\n"                                              // 16
        "    }\n"                                                                      // 17
        "  }\n"                                                                        // 18
        "}\n");                                                                        // 19
  run();
  const FileFacts& m = module();
  ASSERT_EQ(m.services.size(), 1u);
  EXPECT_EQ(m.services[0].id.name, "aws_ecs_service.dyn");
  EXPECT_EQ(at(m.services[0].load_balancers), "main.tf.json:10:11");
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_EQ(m.functions[0].id.name, "module.m.aws_lambda_function.this");
  EXPECT_EQ(m.functions[0].timeout_s.value, 700);
  EXPECT_EQ(at(m.functions[0].timeout_s.written), "main.tf.json:4:30");
}

// --- errors ---

TEST_F(TerraformParser, SyntaxErrorIsReportedAndTheFileIsNotAnalysed) {
  write("good.tf", "resource \"aws_lambda_function\" \"good\" { timeout = 10 }\n");
  write("bad.tf",
        "resource \"aws_lambda_function\" \"bad_before\" {\n"
        "  timeout = 1000\n"
        "}\n"
        "resource \"aws_lambda_function\" \"broken\" {\n"
        "  timeout = = 30\n"
        "}\n");
  write("bad.tf.json", "{\"resource\": {\"aws_lambda_function\": {\"j\": {\"timeout\": 5}}}\n");
  run();
  EXPECT_EQ(function_names(), (Names{"aws_lambda_function.good"}));
  const FileFacts* bad = file("bad.tf");
  ASSERT_NE(bad, nullptr);
  ASSERT_EQ(bad->parse_errors.size(), 1u);
  EXPECT_EQ(bad->parse_errors[0].where.line(), 5u);
  EXPECT_EQ(bad->parse_errors[0].message.rfind("invalid HCL: ", 0), 0u)
      << bad->parse_errors[0].message;
  const FileFacts* bad_json = file("bad.tf.json");
  ASSERT_NE(bad_json, nullptr);
  ASSERT_EQ(bad_json->parse_errors.size(), 1u);
  EXPECT_EQ(bad_json->parse_errors[0].message.rfind("invalid JSON: ", 0), 0u);
  const FileFacts* good = file("good.tf");
  ASSERT_NE(good, nullptr);
  EXPECT_TRUE(good->parse_errors.empty());
}

// The broken caller is not analysed, so the module it calls is analysed on its own.
TEST_F(TerraformParser, ModuleCalledOnlyFromABrokenFileIsStillAnalysed) {
  write("mod/main.tf", "resource \"aws_lambda_function\" \"this\" { timeout = 10 }\n");
  write("main.tf",
        "module \"m\" {\n"
        "  source = \"./mod\"\n"
        "}\n"
        "resource \"aws_lambda_function\" \"broken\" {\n"
        "  timeout = = 30\n"
        "}\n");
  run();
  EXPECT_EQ(function_names(), (Names{"aws_lambda_function.this"}));
  EXPECT_EQ(module("mod").functions.size(), 1u);
  ASSERT_NE(file("main.tf"), nullptr);
  EXPECT_EQ(file("main.tf")->parse_errors.size(), 1u);
}

TEST_F(TerraformParser, UnreadableFileIsAParseError) {
  std::string missing = path("missing.tf");
  results_ = analyze_terraform(TerraformRequest{{missing}, {}});
  bool reported = false;
  for (const FileFacts& f : results_) {
    for (const ParseError& e : f.parse_errors) reported = reported || e.where.file == missing;
  }
  EXPECT_TRUE(reported);
}

// --- suppressions ---

TEST_F(TerraformParser, IgnoreCommentsInHcl) {
  write("main.tf",
        "resource \"aws_lambda_function\" \"same_line\" {\n"                            // 1
        "  timeout = 700 # rightfit:ignore RF104 nightly export\n"                      // 2
        "}\n"                                                                           // 3
        "resource \"aws_lambda_function\" \"line_above\" {\n"                           // 4
        "  // rightfit:ignore RF104 moving to Step Functions\n"                         // 5
        "  timeout = 700\n"                                                             // 6
        "}\n"                                                                           // 7
        "resource \"aws_lambda_function\" \"block_comment\" {\n"                        // 8
        "  timeout = 700 /* rightfit:ignore RF104 reviewed */\n"                        // 9
        "}\n"                                                                           // 10
        "# rightfit:ignore RF101 RF403 the whole block\n"                               // 11
        "resource \"aws_lambda_function\" \"whole_block\" {\n"                          // 12
        "  memory_size = 10240\n"                                                       // 13
        "  timeout     = 1000\n"                                                        // 14
        "}\n"                                                                           // 15
        "resource \"aws_ecs_service\" \"header\" { # rightfit:ignore RF405 internal\n"  // 16
        "  desired_count = 1\n"                                                         // 17
        "}\n"                                                                           // 18
        "resource \"aws_lambda_function\" \"a\" {\n"                                    // 19
        "} # rightfit:ignore RF104 trailing\n"                                          // 20
        "resource \"aws_lambda_function\" \"b\" {\n"                                    // 21
        "  timeout = 700\n"                                                             // 22
        "}\n"                                                                           // 23
        "locals {\n"                                                                    // 24
        "  s = \"# rightfit:ignore RF101 inside a string\"\n"                           // 25
        "}\n");                                                                         // 26
  run();
  const FileFacts* f = file("main.tf");
  ASSERT_NE(f, nullptr);
  std::vector<std::string> got;
  for (const Suppression& s : f->suppressions) {
    std::string rules;
    for (const std::string& r : s.rules) rules += (rules.empty() ? "" : ",") + r;
    got.push_back(std::to_string(s.first_line) + "-" + std::to_string(s.last_line) + " " + rules +
                  " " + s.reason);
    EXPECT_EQ(s.file, path("main.tf"));
    EXPECT_EQ(s.kind, Suppression::Kind::Comment);
  }
  EXPECT_EQ(got,
            (Names{
                "2-2 RF104 nightly export",            // trailing: its own line
                "5-6 RF104 moving to Step Functions",  // alone: the next line too
                "9-9 RF104 reviewed", "11-15 RF101,RF403 the whole block", "16-18 RF405 internal",
                "20-20 RF104 trailing",  // not alone on its line: not the next block's
            }));
}

TEST_F(TerraformParser, IgnoreCommentsInTfvarsAndModules) {
  write("mod/main.tf",
        "# rightfit:ignore RF104 reviewed\n"
        "resource \"aws_lambda_function\" \"this\" {\n"
        "  timeout = 700\n"
        "}\n");
  write("main.tf", "module \"m\" {\n  source = \"./mod\"\n}\n");
  write("terraform.tfvars", "x = 1 # rightfit:ignore RF101 tfvars\n");
  run();
  const FileFacts* mod = file("mod/main.tf");
  ASSERT_NE(mod, nullptr);
  ASSERT_EQ(mod->suppressions.size(), 1u);
  EXPECT_EQ(mod->suppressions[0].first_line, 1u);
  EXPECT_EQ(mod->suppressions[0].last_line, 4u);
  const FileFacts* vars = file("terraform.tfvars");
  ASSERT_NE(vars, nullptr);
  ASSERT_EQ(vars->suppressions.size(), 1u);
  EXPECT_EQ(vars->suppressions[0].rules, (Names{"RF101"}));
}

TEST_F(TerraformParser, IsTerraformFile) {
  EXPECT_TRUE(is_terraform_file("main.tf"));
  EXPECT_TRUE(is_terraform_file("dir/terraform.tfvars"));
  EXPECT_TRUE(is_terraform_file("x.auto.tfvars"));
  EXPECT_TRUE(is_terraform_file("main.tf.json"));
  EXPECT_FALSE(is_terraform_file("main.tfstate"));
  EXPECT_FALSE(is_terraform_file("main.json"));
  EXPECT_FALSE(is_terraform_file("tf"));
}

// A module in a `modules` directory that takes inputs and configures no provider or backend
// is reusable: analysed where nothing calls it, its inputs are its callers' (unknown, and no
// RF002), while literals it writes itself still count. The same files as a root module (a
// provider block, or tfvars, or outside `modules/`) use their defaults.
TEST_F(TerraformParser, ReusableModulesAloneHaveTheirInputsUnknown) {
  const std::string module_text =
      "variable \"timeout\" { default = 1000 }\n"
      "resource \"aws_lambda_function\" \"a\" { timeout = var.timeout }\n"
      "resource \"aws_lambda_function\" \"b\" { timeout = 1200 }\n";
  write("modules/worker/main.tf", module_text);
  write("modules/configured/main.tf", module_text + "provider \"aws\" {}\n");
  write("modules/backed/main.tf", module_text + "terraform {\n  backend \"s3\" {}\n}\n");
  write("modules/with_tfvars/main.tf", module_text);
  write("modules/with_tfvars/terraform.tfvars", "timeout = 20\n");
  write("envs/prod/main.tf", module_text);
  run();
  auto timeouts = [&](const std::string& dir) {
    std::map<std::string, std::string> out;
    for (const Function& f : module(dir).functions) {
      out[f.id.name] = f.timeout_s.value ? std::to_string(int(*f.timeout_s.value))
                                         : "unknown:" + f.timeout_s.unresolved;
    }
    return out;
  };
  using Map = std::map<std::string, std::string>;
  EXPECT_EQ(timeouts("modules/worker"),
            (Map{{"aws_lambda_function.a", "unknown:"}, {"aws_lambda_function.b", "1200"}}));
  EXPECT_TRUE(module("modules/worker").unresolved.empty());
  for (const char* root : {"modules/configured", "modules/backed", "envs/prod"}) {
    EXPECT_EQ(timeouts(root),
              (Map{{"aws_lambda_function.a", "1000"}, {"aws_lambda_function.b", "1200"}}))
        << root;
  }
  EXPECT_EQ(timeouts("modules/with_tfvars"),
            (Map{{"aws_lambda_function.a", "20"}, {"aws_lambda_function.b", "1200"}}));
}

// Called from a root module, a reusable module is evaluated with its caller's values.
TEST_F(TerraformParser, ReusableModulesTakeTheirCallersValues) {
  write("modules/worker/main.tf",
        "variable \"timeout\" { default = 1000 }\n"
        "resource \"aws_lambda_function\" \"a\" { timeout = var.timeout }\n");
  write("main.tf", "module \"w\" {\n  source  = \"./modules/worker\"\n  timeout = 30\n}\n");
  run();
  ASSERT_EQ(module().functions.size(), 1u);
  EXPECT_EQ(module().functions[0].timeout_s.value, 30);
  for (const FileFacts& f : results_) EXPECT_NE(f.file, path("modules/worker")) << "not a root";
}

// What RF401 needs of the ecs module's service: registries and Service Connect (it serves
// requests), the caller's own task definition (`create_task_definition = false`, whose
// container definitions name the queue it consumes), and a scalable target that names the
// module's service by its output, with a policy on the queue's depth.
TEST_F(TerraformParser, RegistryEcsServiceDiscoveryTaskDefinitionAndScaling) {
  write("main.tf",
        "resource \"aws_sqs_queue\" \"jobs\" {}\n"
        "resource \"aws_ecs_task_definition\" \"worker\" {\n"
        "  cpu                   = 512\n"
        "  memory                = 1024\n"
        "  container_definitions = jsonencode([{ environment = [{ value = "
        "aws_sqs_queue.jobs.url }] }])\n"
        "}\n"
        "module \"worker\" {\n"
        "  source                 = \"terraform-aws-modules/ecs/aws//modules/service\"\n"
        "  enable_autoscaling     = false\n"
        "  create_task_definition = false\n"
        "  task_definition_arn    = aws_ecs_task_definition.worker.arn\n"
        "}\n"
        "resource \"aws_appautoscaling_target\" \"worker\" {\n"
        "  min_capacity = 1\n"
        "  max_capacity = 5\n"
        "  resource_id  = \"service/main/${module.worker.name}\"\n"
        "}\n"
        "resource \"aws_appautoscaling_policy\" \"worker\" {\n"
        "  resource_id = aws_appautoscaling_target.worker.resource_id\n"
        "  target_tracking_scaling_policy_configuration {\n"
        "    customized_metric_specification {\n"
        "      metric_name = \"ApproximateNumberOfMessagesVisible\"\n"
        "    }\n"
        "  }\n"
        "}\n"
        "module \"registered\" {\n"
        "  source             = \"terraform-aws-modules/ecs/aws//modules/service\"\n"
        "  service_registries = { registry_arn = \"arn:aws:servicediscovery:x\" }\n"
        "}\n"
        "module \"connect_client\" {\n"
        "  source                        = \"terraform-aws-modules/ecs/aws//modules/service\"\n"
        "  service_connect_configuration = { namespace = \"internal\" }\n"
        "}\n"
        "module \"connect_server\" {\n"
        "  source                        = \"terraform-aws-modules/ecs/aws//modules/service\"\n"
        "  service_connect_configuration = {\n"
        "    namespace = \"internal\"\n"
        "    service   = [{ port_name = \"http\" }]\n"
        "  }\n"
        "}\n");
  run();
  const FileFacts& m = module();
  const Service* worker = find(m.services, "module.worker");
  ASSERT_NE(worker, nullptr);
  EXPECT_EQ(worker->task_definition, "aws_ecs_task_definition.worker");
  EXPECT_EQ(find(m.task_definitions, "module.worker.task_definition"), nullptr);
  const TaskDefinition* td = find(m.task_definitions, "aws_ecs_task_definition.worker");
  ASSERT_NE(td, nullptr);
  ASSERT_EQ(td->queues.size(), 1u);
  EXPECT_EQ(td->queues[0].target, "aws_sqs_queue.jobs");
  const ScalingTarget* target = find(m.scaling_targets, "aws_appautoscaling_target.worker");
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(target->service, "module.worker");
  EXPECT_TRUE(target->has_policy);
  EXPECT_EQ(at(target->queue_metric), "main.tf:22:7");
  EXPECT_FALSE(worker->service_discovery.has_value());
  EXPECT_EQ(at(find(m.services, "module.registered")->service_discovery), "main.tf:28:3");
  EXPECT_FALSE(find(m.services, "module.connect_client")->service_discovery.has_value());
  EXPECT_EQ(at(find(m.services, "module.connect_server")->service_discovery), "main.tf:36:3");
}

// A durable function checkpoints and resumes (RF104 leaves it alone): the durable_config
// block, and the lambda module's durable_config_execution_timeout when it is not null.
TEST_F(TerraformParser, DurableFunctionsAreMarkedWhereTheyAreConfigured) {
  write("main.tf",
        "resource \"aws_lambda_function\" \"plain\" { timeout = 900 }\n"               // 1
        "resource \"aws_lambda_function\" \"durable\" {\n"                             // 2
        "  timeout = 900\n"                                                            // 3
        "  durable_config {\n"                                                         // 4
        "    execution_timeout = 3600\n"                                               // 5
        "  }\n"                                                                        // 6
        "}\n"                                                                          // 7
        "module \"durable\" {\n"                                                       // 8
        "  source                           = \"terraform-aws-modules/lambda/aws\"\n"  // 9
        "  durable_config_execution_timeout = 3600\n"                                  // 10
        "}\n"                                                                          // 11
        "module \"not_durable\" {\n"                                                   // 12
        "  source                           = \"terraform-aws-modules/lambda/aws\"\n"  // 13
        "  durable_config_execution_timeout = null\n"                                  // 14
        "}\n");                                                                        // 15
  run();
  const FileFacts& m = module();
  EXPECT_EQ(at(find(m.functions, "aws_lambda_function.plain")->durable), "none");
  EXPECT_EQ(at(find(m.functions, "aws_lambda_function.durable")->durable), "main.tf:4:3");
  EXPECT_EQ(at(find(m.functions, "module.durable")->durable), "main.tf:10:3");
  EXPECT_EQ(at(find(m.functions, "module.not_durable")->durable), "none");
}

}  // namespace
}  // namespace rightfit::tf
