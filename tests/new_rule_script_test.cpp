// scripts/new-rule, run into a scratch copy of the project's checks/ and README.md: it writes
// the rule, its help page, its registry lines (in ID order), its fixtures and its README row;
// --dry-run writes nothing; a taken ID or name is refused.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct RunResult {
  int status = -1;
  std::string output;
};

RunResult run(const std::string& command) {
  RunResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe))
    result.output += buffer.data();
  result.status = pclose(pipe);
  return result;
}

// A scratch root holding a copy of the rule sources and the README.
class NewRuleScript : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists("scripts/new-rule")) << "run from the project root";
    root_ =
        fs::temp_directory_path() /
        ("rightfit-new-rule-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "checks");
    for (const auto& e : fs::directory_iterator("checks")) {
      if (e.path().extension() == ".cpp")
        fs::copy_file(e.path(), root_ / "checks" / e.path().filename());
    }
    fs::copy_file("README.md", root_ / "README.md");
  }
  void TearDown() override { fs::remove_all(root_); }

  RunResult scaffold(const std::string& args) {
    return run("python3 scripts/new-rule " + args + " --root '" + root_.string() + "'");
  }

  fs::path root_;
};

TEST_F(NewRuleScript, WritesTheRuleItsPageFixturesRegistryAndReadmeRow) {
  const RunResult r = scaffold("RF408 fargate-task-oversized 'A Fargate service is mostly idle.'");
  ASSERT_EQ(r.status, 0) << r.output;

  const std::string check = read(root_ / "checks/fargate_task_oversized.cpp");
  EXPECT_NE(check.find("describe_rule(\"RF408\", \"fargate-task-oversized\", Severity::Warning"),
            std::string::npos);
  EXPECT_NE(check.find(".bearing_on(PlacementBearing("), std::string::npos);
  EXPECT_NE(check.find("std::unique_ptr<Check> make_fargate_task_oversized()"), std::string::npos);
  EXPECT_EQ(read(root_ / "checks/fargate_task_oversized.md")
                .rfind("# RF408: fargate-task-oversized\n", 0),
            0u);

  const fs::path fixtures = root_ / "fixtures/cloudformation/fargate_task_oversized";
  EXPECT_NE(read(fixtures / "positive/template.yaml").find("# expect: RF408"), std::string::npos);
  EXPECT_EQ(read(fixtures / "negative/template.yaml").find("expect:"), std::string::npos);

  // After the last RF4xx rule, in both lists.
  const std::string registry = read(root_ / "checks/registry.cpp");
  const size_t declared = registry.find("std::unique_ptr<Check> make_fargate_task_oversized();");
  const size_t pushed = registry.find("checks.push_back(make_fargate_task_oversized());");
  ASSERT_NE(declared, std::string::npos);
  ASSERT_NE(pushed, std::string::npos);
  EXPECT_GT(declared, registry.find("make_cronjob_fits_lambda();"));
  EXPECT_GT(pushed, registry.find("checks.push_back(make_cronjob_fits_lambda());"));

  const std::string readme = read(root_ / "README.md");
  const size_t row =
      readme.find("| RF408 | fargate-task-oversized | A Fargate service is mostly idle. |\n");
  ASSERT_NE(row, std::string::npos);
  EXPECT_GT(row, readme.find("| RF406 | cronjob-fits-lambda |"));
}

TEST_F(NewRuleScript, KeepsIdOrderAndTheAreasCommentMarker) {
  const RunResult r = scaffold(
      "RF109 lambda-memory-far-above-measured 'Too long.' --area python "
      "--severity info");
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string registry = read(root_ / "checks/registry.cpp");
  const size_t pushed = registry.find("checks.push_back(make_lambda_memory_far_above_measured());");
  ASSERT_NE(pushed, std::string::npos);
  EXPECT_LT(pushed, registry.find("checks.push_back(make_function_mutable_global_state());"));
  EXPECT_GT(pushed, registry.find("checks.push_back(make_sqs_visibility_timeout_too_short());"));
  EXPECT_NE(read(root_ / "checks/lambda_memory_far_above_measured.cpp").find("Severity::Info"),
            std::string::npos);
  EXPECT_NE(read(root_ / "fixtures/python/lambda_memory_far_above_measured/positive/handler.py")
                .find("# expect: RF109"),
            std::string::npos);
  const std::string readme = read(root_ / "README.md");
  EXPECT_LT(readme.find("| RF109 |"), readme.find("| RF201 |"));
  EXPECT_GT(readme.find("| RF109 |"), readme.find("| RF106 |"));
}

TEST_F(NewRuleScript, DryRunWritesNothing) {
  const std::string registry = read(root_ / "checks/registry.cpp");
  const RunResult r = scaffold("RF408 fargate-task-oversized 'Idle.' --dry-run");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("create checks/fargate_task_oversized.cpp"), std::string::npos);
  EXPECT_NE(r.output.find("update checks/registry.cpp"), std::string::npos);
  EXPECT_FALSE(fs::exists(root_ / "checks/fargate_task_oversized.cpp"));
  EXPECT_FALSE(fs::exists(root_ / "fixtures"));
  EXPECT_EQ(read(root_ / "checks/registry.cpp"), registry);
}

TEST_F(NewRuleScript, RefusesTakenIdsNamesAndBadInput) {
  const std::string readme = read(root_ / "README.md");
  for (const std::string args :
       {"RF104 another-rule 'x'", "RF499 lambda-timeout-near-limit 'x'", "R104 some-rule 'x'",
        "RF499 NotKebab 'x'", "RF499 some-rule ''"}) {
    const RunResult r = scaffold(args);
    EXPECT_NE(r.status, 0) << args;
    EXPECT_NE(r.output.find("new-rule: "), std::string::npos) << args << ": " << r.output;
  }
  EXPECT_EQ(read(root_ / "README.md"), readme);
}

}  // namespace
