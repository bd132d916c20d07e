// The documentation's relative links resolve: every `[text](path#anchor)` in the README, the
// pages under docs/, the rules' help pages and the integration guides names a file of the
// project, and an anchor names a heading of that file (GitHub's anchor spelling). The
// reference moved from the README into docs/ pages; a moved or renamed section must not leave
// a dead link behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace rightfit {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = RIGHTFIT_SOURCE_DIR;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// GitHub's heading anchors: lower case, punctuation but '-' and '_' dropped, spaces to '-'.
std::string anchor_of(const std::string& heading) {
  std::string anchor;
  for (char c : heading) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_')
      anchor += static_cast<char>(std::tolower(u));
    else if (c == ' ')
      anchor += '-';
  }
  return anchor;
}

// The anchors of a Markdown file's headings, outside code fences.
std::set<std::string> anchors_of(const fs::path& path) {
  std::set<std::string> anchors;
  std::istringstream lines(read(path));
  std::string line;
  bool in_fence = false;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) in_fence = !in_fence;
    if (in_fence || line.empty() || line[0] != '#') continue;
    const size_t text = line.find_first_not_of('#');
    if (text == std::string::npos) continue;
    anchors.insert(anchor_of(line.substr(line.find_first_not_of(' ', text))));
  }
  return anchors;
}

std::vector<fs::path> documentation_files() {
  std::vector<fs::path> files = {kRoot / "README.md", kRoot / "CHANGELOG.md"};
  for (const char* dir : {"docs", "checks", "integrations"}) {
    for (const auto& entry : fs::recursive_directory_iterator(kRoot / dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".md")
        files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Links of a Markdown text outside code fences and inline code: the targets of `](...)`.
std::vector<std::string> link_targets(const std::string& markdown) {
  static const std::regex link(R"(\]\(([^)\s]+)\))");
  std::vector<std::string> targets;
  std::istringstream lines(markdown);
  std::string line;
  bool in_fence = false;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) in_fence = !in_fence;
    if (in_fence) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), link), end; it != end; ++it) {
      targets.push_back((*it)[1].str());
    }
  }
  return targets;
}

bool is_external(const std::string& target) {
  return target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0 ||
         target.rfind("mailto:", 0) == 0;
}

TEST(DocsLinks, EveryRelativeLinkNamesAFileAndAHeadingOfTheProject) {
  size_t checked = 0;
  for (const fs::path& file : documentation_files()) {
    for (const std::string& target : link_targets(read(file))) {
      if (is_external(target)) continue;
      const size_t hash = target.find('#');
      const std::string path_part = target.substr(0, hash);
      const fs::path linked = path_part.empty() ? file : (file.parent_path() / path_part);
      ++checked;
      ASSERT_TRUE(fs::exists(linked)) << file << " links to a missing " << target;
      if (hash == std::string::npos || linked.extension() != ".md") continue;
      const std::string anchor = target.substr(hash + 1);
      EXPECT_EQ(anchors_of(linked).count(anchor), 1U)
          << file << " links to " << target << ", which names no heading of " << linked;
    }
  }
  EXPECT_GT(checked, 20U);  // the README alone links more than that
}

TEST(DocsLinks, EveryDocsPageIsLinkedFromTheReadme) {
  const std::string readme = read(kRoot / "README.md");
  for (const auto& entry : fs::directory_iterator(kRoot / "docs")) {
    if (entry.path().extension() != ".md") continue;
    const std::string link = "(docs/" + entry.path().filename().string() + ")";
    EXPECT_NE(readme.find(link), std::string::npos)
        << "docs/" << entry.path().filename().string() << " is not linked from the README";
  }
}

TEST(DocsLinks, AnchorsFollowGitHubsSpelling) {
  EXPECT_EQ(anchor_of("AWS CDK apps"), "aws-cdk-apps");
  EXPECT_EQ(anchor_of("Configuration: `.rightfit.yaml`"), "configuration-rightfityaml");
  EXPECT_EQ(anchor_of("Editor latency: the language server's parse cache"),
            "editor-latency-the-language-servers-parse-cache");
}

}  // namespace
}  // namespace rightfit
