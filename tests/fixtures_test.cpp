// Every fixture's findings must equal its inline expectations exactly: nothing missing,
// nothing extra. A directory holding a `.rightfit.yaml` or a `usage.json` is analysed on its
// own, with that configuration and that measured usage (`--usage usage.json`: get-metric-data
// output); every other fixture file is analysed in one run with the defaults.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "analyzer/config.h"
#include "analyzer/discovery.h"
#include "driver/analysis_setup.h"
#include "driver/engine.h"
#include "tests/fixture_expectations.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing::Expected;

// A fixture directory's measured usage, passed as `--usage`.
constexpr const char* kUsageFile = "usage.json";

std::vector<std::string> project_roots() {
  std::vector<std::string> roots;
  for (const auto& e : fs::recursive_directory_iterator("fixtures")) {
    const fs::path name = e.path().filename();
    if (e.is_regular_file() && (name == ".rightfit.yaml" || name == kUsageFile)) {
      roots.push_back(e.path().parent_path().generic_string());
    }
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  return roots;
}

bool under(const std::string& path, const std::string& dir) {
  return path.rfind(dir + "/", 0) == 0;
}

Config config_of(const std::string& root) {
  if (!fs::exists(root + "/.rightfit.yaml")) return Config{};
  ConfigResult r = load_checked_config(root + "/.rightfit.yaml");  // as the CLI reads it
  EXPECT_TRUE(r.ok()) << r.problem().message;
  return r.value_or(Config{});
}

std::string describe(const Expected& e) {
  return e.file + ":" + std::to_string(e.line) + " " + e.rule;
}

class FixturesTest : public ::testing::Test {
 protected:
  void analyse(const std::vector<std::string>& paths, const std::string& root, Config config) {
    AnalysisRequest request{paths, root, std::move(config), 2, {}, {}, {}};
    const std::string usage = root + "/" + kUsageFile;
    if (root != "." && fs::exists(usage)) request.usage.usage.push_back(usage);
    Analysis a = analyze(request);
    for (const std::string& e : a.errors) ADD_FAILURE() << e;
    for (const Finding& f : a.findings) {
      if (f.suppression) continue;
      Expected key{f.location.file, f.location.line(), f.rule_id};
      actual_.insert(key);
      messages_[key] = f.message;
    }
  }

  std::set<Expected> actual_;
  std::map<Expected, std::string> messages_;
};

TEST_F(FixturesTest, FindingsEqualInlineExpectations) {
  ASSERT_TRUE(fs::is_directory("fixtures")) << "run from the project root";
  std::vector<std::string> roots = project_roots();
  for (const std::string& root : roots) analyse({root}, root, config_of(root));

  Discovery all = discover({"fixtures"}, ".", ExcludeMatcher({}));
  std::vector<std::string> loose;
  std::set<Expected> expected;
  for (const DiscoveredFile& f : all.files) {
    std::set<Expected> e = testing::expectations_of(f.path);
    expected.insert(e.begin(), e.end());
    bool in_root = false;
    for (const std::string& r : roots) in_root = in_root || under(f.path, r);
    if (!in_root) loose.push_back(f.path);
  }
  // Files no front-end claims by name hold expectations too: a Dockerfile a template names
  // (`build/lambda.df`), the requirements.txt whose line RF301 reports.
  std::set<std::string> listed;
  for (const DiscoveredFile& f : all.files) listed.insert(f.path);
  for (const auto& e : fs::recursive_directory_iterator("fixtures")) {
    const std::string path = e.path().generic_string();
    if (!e.is_regular_file() || path.ends_with(".expect") || listed.count(path)) continue;
    std::set<Expected> more = testing::expectations_of(path);
    expected.insert(more.begin(), more.end());
  }
  if (!loose.empty()) analyse(loose, ".", Config{});
  ASSERT_GT(expected.size(), 20u) << "the fixtures lost their expectations";

  std::ostringstream problems;
  for (const Expected& e : expected) {
    if (!actual_.count(e)) problems << "missing: " << describe(e) << "\n";
  }
  for (const Expected& a : actual_) {
    if (!expected.count(a))
      problems << "unexpected: " << describe(a) << ": " << messages_[a] << "\n";
  }
  EXPECT_EQ(problems.str(), "");
}

}  // namespace
}  // namespace rightfit
