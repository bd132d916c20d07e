// Terraform plan JSON: the reader (addresses, instance keys, nested child modules,
// after_unknown, configuration references, malformed plans) and its merge into the facts
// built from HCL.
#include "parsers/terraform/tf_plan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "parsers/terraform/terraform_parser.h"

namespace rightfit::tf {
namespace {

namespace fs = std::filesystem;

TEST(TfPlanAddress, InstanceKeysAreDropped) {
  EXPECT_EQ(without_instance_keys("aws_sqs_queue.q"), "aws_sqs_queue.q");
  EXPECT_EQ(without_instance_keys("aws_sqs_queue.q[0]"), "aws_sqs_queue.q");
  EXPECT_EQ(without_instance_keys(R"(module.w["a.b]"].aws_sqs_queue.q["x\"]"])"),
            "module.w.aws_sqs_queue.q");
  EXPECT_EQ(without_instance_keys("module.a[1].module.b.data.aws_iam_policy_document.p"),
            "module.a.module.b.data.aws_iam_policy_document.p");
  EXPECT_TRUE(is_terraform_plan("infra/prod.tfplan.json"));
  EXPECT_FALSE(is_terraform_plan("infra/main.tf.json"));
  EXPECT_FALSE(is_terraform_plan("plan.json"));
}

const char* kNested = R"({
  "format_version": "1.2",
  "variables": {"names": {"value": ["a", "b"]}, "size": {"value": 3}},
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_sqs_queue.q[\"a\"]", "mode": "managed", "type": "aws_sqs_queue",
       "name": "q", "index": "a", "values": {"visibility_timeout_seconds": 40}},
      {"address": "aws_sqs_queue.q[\"b\"]", "mode": "managed", "type": "aws_sqs_queue",
       "name": "q", "index": "b", "values": {"visibility_timeout_seconds": 50}}
    ],
    "child_modules": [
      {"address": "module.outer[0]",
       "resources": [
         {"address": "module.outer[0].aws_lambda_function.f", "mode": "managed",
          "type": "aws_lambda_function", "name": "f",
          "values": {"timeout": 60, "environment": [{"variables": {"A": "1"}}]}}
       ],
       "child_modules": [
         {"address": "module.outer[0].module.inner[\"x\"]",
          "resources": [
            {"address": "module.outer[0].module.inner[\"x\"].aws_lambda_function.g[2]",
             "mode": "managed", "type": "aws_lambda_function", "name": "g", "index": 2,
             "values": {"timeout": null, "memory_size": 256}}
          ]}
       ]}
    ]}},
  "resource_changes": [
    {"address": "module.outer[0].module.inner[\"x\"].aws_lambda_function.g[2]",
     "change": {"actions": ["create"],
                "after_unknown": {"timeout": true, "arn": true,
                                  "environment": [{"variables": true}]}}}
  ],
  "configuration": {"root_module": {
    "resources": [{"type": "aws_sqs_queue", "name": "q", "mode": "managed",
                   "expressions": {"visibility_timeout_seconds": {"references": ["var.size"]}}}],
    "module_calls": {"outer": {"source": "./outer", "expressions": {"t": {"references": ["var.size"]}},
      "module": {"module_calls": {"inner": {"source": "git::https://example.com/inner.git",
        "expressions": {"timeout": {"references": ["var.t"]}},
        "module": {"resources": [{"type": "aws_lambda_function", "name": "g", "mode": "managed",
          "expressions": {"timeout": {"references": ["var.timeout"]}}}]}}}}}}}}
})";

Value attribute(const PlanResource& r, const std::string& name) {
  const hcl::Attribute* a = r.block.body.attribute(name);
  return a ? planned_value(a->value) : Value::unknown("absent");
}

TEST(TfPlanReader, AddressesModulesAndUnknowns) {
  PlanLoad loaded = parse_terraform_plan("p.tfplan.json", kNested);
  ASSERT_FALSE(loaded.error) << loaded.error->message;
  const TerraformPlan& plan = *loaded.plan;
  EXPECT_EQ(plan.format_version, "1.2");
  ASSERT_EQ(plan.resources.size(), 4u);
  EXPECT_EQ(plan.variables.at("size").as_number(), 3.0);
  EXPECT_EQ(plan.variables.at("names").items.size(), 2u);

  // for_each keys: the instance asked for, else the first.
  Value b = Value::of(std::string("b"));
  ASSERT_TRUE(plan.find("aws_sqs_queue.q", &b));
  EXPECT_EQ(attribute(*plan.find("aws_sqs_queue.q", &b), "visibility_timeout_seconds").number, 50);
  EXPECT_EQ(attribute(*plan.find("aws_sqs_queue.q"), "visibility_timeout_seconds").number, 40);
  EXPECT_EQ(plan.find("aws_sqs_queue.q")->block.header.begin.line, 6u);

  // Nested child modules, their keys dropped from the prefix.
  const PlanResource* f = plan.find("module.outer.aws_lambda_function.f");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->module, "module.outer.");
  EXPECT_EQ(f->block.body.blocks.size(), 1u);  // environment is a nested block
  const PlanResource* g = plan.find("module.outer.module.inner.aws_lambda_function.g");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->module, "module.outer.module.inner.");
  EXPECT_EQ(g->index.as_number(), 2.0);
  // after_unknown: unknown, saying the plan does not know it (null in values, or absent).
  Value timeout = attribute(*g, "timeout");
  EXPECT_FALSE(timeout.known());
  EXPECT_NE(timeout.string.find("until apply"), std::string::npos) << timeout.string;
  EXPECT_FALSE(attribute(*g, "arn").known());
  EXPECT_EQ(attribute(*g, "memory_size").number, 256);
  EXPECT_EQ(plan.below("module.outer.").size(), 2u);
  EXPECT_EQ(plan.below("").size(), 3u);  // the first instance of each resource

  // Configuration: root names, module sources, inputs and references.
  EXPECT_TRUE(plan.root_names.count("aws_sqs_queue.q"));
  EXPECT_TRUE(plan.root_names.count("module.outer"));
  EXPECT_EQ(plan.modules.at("module.outer.module.inner.").source,
            "git::https://example.com/inner.git");
  EXPECT_EQ(plan.modules.at("module.outer.module.inner.").inputs.at("timeout").front(), "var.t");
}

TEST(TfPlanReader, MalformedPlansSayWhy) {
  auto error = [](std::string_view text) {
    PlanLoad l = parse_terraform_plan("bad.tfplan.json", text);
    EXPECT_FALSE(l.plan);
    return l.error ? l.error->message : std::string("no error");
  };
  EXPECT_NE(error("{\"format_version\": ").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error("[1, 2]").find("top level is not an object"), std::string::npos);
  EXPECT_NE(error("{\"planned_values\": {}}").find("no format_version"), std::string::npos);
  EXPECT_NE(error("{\"format_version\": \"2.0\", \"planned_values\": {}}").find("\"2.0\""),
            std::string::npos);
  EXPECT_NE(error("{\"format_version\": \"1.0\", \"values\": {}}").find("state"),
            std::string::npos);
  EXPECT_NE(error("{\"format_version\": \"1.2\"}").find("no planned_values"), std::string::npos);
  // Odd but valid: no resources, unknown fields, wrong shapes inside are skipped.
  PlanLoad odd = parse_terraform_plan(
      "odd.tfplan.json",
      R"({"format_version": "1.9", "future": 1, "planned_values": {"root_module": {
          "resources": [1, {"address": "x"}, {"type": "aws_sqs_queue", "name": "q",
                        "values": [1]}], "child_modules": {"not": "a list"}}},
          "resource_changes": "none", "configuration": []})");
  ASSERT_TRUE(odd.plan);
  EXPECT_EQ(odd.plan->resources.size(), 1u);
  // Limits: a deadline already passed stops it with the limit named.
  ParseLimits limits;
  limits.max_nesting_depth = 3;
  PlanLoad deep = parse_terraform_plan("deep.tfplan.json", kNested, limits);
  ASSERT_TRUE(deep.error);
  EXPECT_NE(deep.error->message.find("limits.max_nesting_depth"), std::string::npos);
}

class TfPlanMerge : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    root_ = fs::temp_directory_path() /
            ("rightfit_tfplan_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  std::string write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.generic_string();
  }
  std::vector<FileFacts> run(std::vector<std::string> files, std::vector<std::string> plans) {
    TerraformRequest request{std::move(files), {}};
    request.plans = std::move(plans);
    return analyze_terraform(request);
  }
  const FileFacts* facts_of(const std::vector<FileFacts>& all, const std::string& file) {
    for (const FileFacts& f : all) {
      if (f.file == file && (!f.functions.empty() || !f.queues.empty())) return &f;
    }
    return nullptr;
  }
  fs::path root_;
};

TEST_F(TfPlanMerge, PlanFillsWhatHclCannotKnowOnTheHclLines) {
  std::string tf = write("app/main.tf",
                         "variable \"t\" {}\n"                               // 1
                         "resource \"aws_lambda_function\" \"f\" {\n"        // 2
                         "  count       = 2\n"                               // 3
                         "  timeout     = var.t\n"                           // 4
                         "  memory_size = data.aws_ssm_parameter.m.value\n"  // 5
                         "  architectures = [local.arch]\n"                  // 6
                         "}\n"                                               // 7
                         "module \"w\" {\n"                                  // 8
                         "  source = \"acme/worker/aws\"\n"                  // 9
                         "  wait   = var.t\n"                                // 10
                         "}\n"                                               // 11
                         "module \"gone\" {\n"                               // 12
                         "  source = \"acme/gone/aws\"\n"                    // 13
                         "}\n");
  std::string plan = write("app/ci.json", R"({"format_version": "1.2",
    "variables": {"t": {"value": 120}},
    "planned_values": {"root_module": {
      "resources": [
        {"address": "aws_lambda_function.f[1]", "mode": "managed", "type": "aws_lambda_function",
         "name": "f", "index": 1, "values": {"timeout": 999, "memory_size": 4096}},
        {"address": "aws_lambda_function.f[0]", "mode": "managed", "type": "aws_lambda_function",
         "name": "f", "index": 0, "values": {"timeout": 120, "memory_size": 2048}},
        {"address": "aws_sqs_queue.orphan", "mode": "managed", "type": "aws_sqs_queue",
         "name": "orphan", "values": {}}
      ],
      "child_modules": [{"address": "module.w", "resources": [
        {"address": "module.w.aws_lambda_function.this", "mode": "managed",
         "type": "aws_lambda_function", "name": "this", "values": {"timeout": 120, "memory_size": 128}}
      ]}]}},
    "resource_changes": [{"address": "aws_lambda_function.f[0]",
      "change": {"actions": ["create"], "after_unknown": {"architectures": true}}}],
    "configuration": {"root_module": {
      "resources": [{"type": "aws_lambda_function", "name": "f", "mode": "managed"}],
      "module_calls": {"w": {"source": "acme/worker/aws",
        "expressions": {"wait": {"references": ["var.t"]}},
        "module": {"resources": [{"type": "aws_lambda_function", "name": "this", "mode": "managed",
          "expressions": {"timeout": {"references": ["var.wait"]}}}]}}}}}})");
  std::vector<FileFacts> all = run({tf}, {plan});
  const FileFacts* app = facts_of(all, module_dir_of(tf));
  ASSERT_TRUE(app);
  ASSERT_EQ(app->functions.size(), 2u);
  const Function& f = app->functions[0];
  EXPECT_EQ(f.id.name, "aws_lambda_function.f");
  EXPECT_EQ(f.timeout_s.value, 120);  // the variable, from the plan
  EXPECT_EQ(f.timeout_s.written->line(), 4u);
  EXPECT_EQ(f.memory_mb.value, 2048);  // the data source: the planned value of instance [0]
  EXPECT_EQ(f.memory_mb.written->line(), 5u);
  EXPECT_TRUE(f.memory_mb.unresolved.empty());
  EXPECT_FALSE(f.architecture.value);  // after_unknown
  EXPECT_NE(f.architecture.unresolved.find("until apply"), std::string::npos);
  EXPECT_EQ(f.architecture.written->line(), 6u);
  // The module rightfit cannot read: on the input the timeout passes through.
  const Function& w = app->functions[1];
  EXPECT_EQ(w.id.name, "module.w.aws_lambda_function.this");
  EXPECT_EQ(w.timeout_s.value, 120);
  EXPECT_EQ(w.timeout_s.written->line(), 10u);
  EXPECT_EQ(w.memory_mb.written->line(), 8u);  // not traced: the call's header
  EXPECT_EQ(w.header.line(), 8u);
  // The plan's resource with no HCL (aws_sqs_queue.orphan), and the call with nothing
  // planned (module.gone), add nothing.
  EXPECT_TRUE(app->queues.empty());
}

TEST_F(TfPlanMerge, PlanAloneAndBrokenPlans) {
  std::string plan = write("plans/a.tfplan.json", R"({"format_version": "1.2",
    "planned_values": {"root_module": {"resources": [
      {"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q",
       "values": {"visibility_timeout_seconds": 20}}]}}})");
  std::string broken = write("plans/b.tfplan.json", "not json");
  std::vector<FileFacts> all = run({plan, broken}, {plan});  // named and discovered: once
  const FileFacts* alone = facts_of(all, plan);
  ASSERT_TRUE(alone);
  ASSERT_EQ(alone->queues.size(), 1u);
  EXPECT_EQ(alone->queues[0].header.file, plan);
  EXPECT_EQ(alone->queues[0].header.line(), 3u);
  EXPECT_EQ(alone->queues[0].visibility_timeout_s.written->line(), 4u);
  int errors = 0;
  for (const FileFacts& f : all) {
    for (const ParseError& e : f.parse_errors) {
      ++errors;
      EXPECT_EQ(e.where.file, broken);
      EXPECT_NE(e.message.find("invalid JSON"), std::string::npos);
    }
  }
  EXPECT_EQ(errors, 1);
  int queues = 0;
  for (const FileFacts& f : all) queues += static_cast<int>(f.queues.size());
  EXPECT_EQ(queues, 1);
}

}  // namespace
}  // namespace rightfit::tf
