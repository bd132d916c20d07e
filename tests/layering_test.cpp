// The folders are the flow of data: parsers -> analyzer -> checks -> integrations -> driver.
// A file may include its own stage and the stages before it, never one after it. The static
// libraries' link order catches a backwards call; this catches a backwards include of a
// header-only piece, which links either way.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace rightfit {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kStages = {"parsers", "analyzer", "checks", "integrations",
                                          "driver"};

int stage_of(const std::string& top) {
  for (size_t i = 0; i < kStages.size(); ++i) {
    if (kStages[i] == top) return static_cast<int>(i);
  }
  return -1;
}

// The first folder of a project-relative path ("checks/check.h" -> "checks").
std::string top_folder(const std::string& path) { return path.substr(0, path.find('/')); }

TEST(Layering, NoIncludeRunsBackwards) {
  const fs::path root = RIGHTFIT_SOURCE_DIR;
  const std::regex include(R"(^\s*#\s*include\s+"([^"]+)\")");
  std::vector<std::string> backwards;
  size_t files = 0;
  for (const std::string& stage : kStages) {
    ASSERT_TRUE(fs::is_directory(root / stage)) << stage;
    for (const auto& entry : fs::recursive_directory_iterator(root / stage)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
      ++files;
      const std::string self = fs::relative(entry.path(), root).generic_string();
      std::ifstream in(entry.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        std::smatch m;
        if (!std::regex_search(line, m, include)) continue;
        const int to = stage_of(top_folder(m[1].str()));
        if (to > stage_of(stage)) {
          backwards.push_back(self + ":" + std::to_string(n) + " includes " + m[1].str());
        }
      }
    }
  }
  EXPECT_GT(files, 100u);
  EXPECT_TRUE(backwards.empty()) << ::testing::PrintToString(backwards);
}

TEST(Layering, TheOldDriverFolderIsGone) {
  const fs::path root = RIGHTFIT_SOURCE_DIR;
  EXPECT_FALSE(fs::exists(root / "analyzer/driver"));
  EXPECT_TRUE(fs::exists(root / "driver/engine.h"));
}

}  // namespace
}  // namespace rightfit
