// The real-world regression set: apps copied verbatim from public repositories into
// tests/realworld/ (sources in its SOURCES.md). Each `[dir]` section of tests/realworld/EXPECTED
// is analysed on its own, the way a user runs `rightfit check <dir>`, and its findings (file,
// line, rule; suppressed ones left out) must equal the section's `path:line RULE` lines exactly,
// counted with multiplicity, so a finding reported twice is caught. Paths are relative to
// tests/realworld. The files stay as their authors wrote them: expectations live beside them,
// not in them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "driver/engine.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDir = "tests/realworld";

struct Key {
  std::string file;  // relative to tests/realworld
  unsigned line = 0;
  std::string rule;
  friend auto operator<=>(const Key&, const Key&) = default;
};

std::string describe(const Key& k) { return k.file + ":" + std::to_string(k.line) + " " + k.rule; }

struct Section {
  std::string root;  // relative to tests/realworld
  std::multiset<Key> expected;
};

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// `[dir]` starts a section; `path:line RULE` is a finding; `#` starts a comment line.
std::vector<Section> read_expected() {
  std::ifstream in(std::string(kDir) + "/EXPECTED");
  EXPECT_TRUE(in) << kDir << "/EXPECTED is missing";
  std::vector<Section> sections;
  std::string line;
  for (unsigned n = 1; std::getline(in, line); ++n) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      sections.push_back({line.substr(1, line.size() - 2), {}});
      continue;
    }
    const auto space = line.rfind(' ');
    const auto colon = line.rfind(':', space);
    if (sections.empty() || space == std::string::npos || colon == std::string::npos) {
      ADD_FAILURE() << "EXPECTED:" << n << ": not `[dir]` or `path:line RULE`: " << line;
      continue;
    }
    Key k{line.substr(0, colon), static_cast<unsigned>(std::stoul(line.substr(colon + 1))),
          line.substr(space + 1)};
    if (k.file.rfind(sections.back().root + "/", 0) != 0) {
      ADD_FAILURE() << "EXPECTED:" << n << ": " << k.file << " is outside [" << sections.back().root
                    << "]";
    }
    sections.back().expected.insert(k);
  }
  return sections;
}

// Files that are ours, not copies: the lists, and a .clang-format that keeps the copied C++
// as its authors formatted it.
bool is_ours(const std::string& rel) {
  return rel == "SOURCES.md" || rel == "EXPECTED" || rel == ".clang-format";
}

// The copied files under tests/realworld, relative to it.
std::vector<std::string> copied_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(kDir)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), kDir).generic_string();
    if (!is_ours(rel)) files.push_back(rel);
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct AppRun {
  std::multiset<Key> actual;
  std::map<Key, std::string> messages;
  std::vector<std::string> errors;
  std::set<std::string> handler_files;  // files with a Lambda handler in the linked model
  std::set<std::string> image_files;    // Dockerfiles in the linked model
};

// A path the analysis reports, relative to tests/realworld.
std::string relative_to_set(const std::string& path) {
  std::string file = fs::path(path).lexically_normal().generic_string();
  const std::string prefix = std::string(kDir) + "/";
  if (file.rfind(prefix, 0) == 0) file.erase(0, prefix.size());
  return file;
}

AppRun analyse_now(const std::string& root) {
  const std::string dir = std::string(kDir) + "/" + root;
  Analysis a = analyze(AnalysisRequest{{dir}, dir, Config{}, 2, {}, {}, {}});
  AppRun run;
  run.errors = a.errors;
  for (const CodeFunction& f : a.graph->code_functions) {
    if (f.is_handler) run.handler_files.insert(relative_to_set(f.where.file));
  }
  for (const Image& i : a.graph->images) run.image_files.insert(relative_to_set(i.dockerfile));
  for (const Finding& f : a.findings) {
    if (f.suppression) continue;
    Key k{relative_to_set(f.location.file), f.location.line(), f.rule_id};
    run.actual.insert(k);
    run.messages[k] = f.message;
  }
  return run;
}

// Each app is analysed once per test run (C++ handlers make an analysis take seconds).
const AppRun& analyse(const std::string& root) {
  static std::map<std::string, AppRun> runs;
  auto found = runs.find(root);
  if (found == runs.end()) found = runs.emplace(root, analyse_now(root)).first;
  return found->second;
}

class RealWorld : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::is_directory(kDir)) << "run from the project root";
    sections_ = read_expected();
    ASSERT_GE(sections_.size(), 20u) << "EXPECTED lost its sections";
  }
  std::vector<Section> sections_;
};

// The difference of two multisets, both ways, one line per finding.
std::string diff(const std::multiset<Key>& expected, const AppRun& run) {
  std::ostringstream out;
  std::multiset<Key> missing, extra;
  std::set_difference(expected.begin(), expected.end(), run.actual.begin(), run.actual.end(),
                      std::inserter(missing, missing.end()));
  std::set_difference(run.actual.begin(), run.actual.end(), expected.begin(), expected.end(),
                      std::inserter(extra, extra.end()));
  for (const Key& k : missing) out << "  missing:    " << describe(k) << "\n";
  for (const Key& k : extra) {
    out << "  unexpected: " << describe(k) << ": " << run.messages.at(k) << "\n";
  }
  return out.str();
}

TEST_F(RealWorld, FindingsEqualExpected) {
  std::ostringstream problems;
  for (const Section& s : sections_) {
    const AppRun run = analyse(s.root);
    for (const std::string& e : run.errors) problems << "[" << s.root << "] error: " << e << "\n";
    const std::string d = diff(s.expected, run);
    if (!d.empty()) problems << "[" << s.root << "]\n" << d;
  }
  EXPECT_EQ(problems.str(), "");
}

// A file rightfit owns that it cannot parse would hide every finding in it; none of these
// published, deployable files is malformed.
TEST_F(RealWorld, NoParseErrors) {
  for (const Section& s : sections_) {
    const AppRun run = analyse(s.root);
    for (const Key& k : run.actual) {
      EXPECT_NE(k.rule, "RF001") << describe(k) << ": " << run.messages.at(k);
    }
  }
}

// The silent apps are silent because they are fine, not because nothing was read: every
// copied C++ file that calls run_handler holds a handler of the model, and every Dockerfile
// is an image of it.
TEST_F(RealWorld, HandlersAndImagesAreModelled) {
  std::set<std::string> handlers, images;
  for (const Section& s : sections_) {
    const AppRun& run = analyse(s.root);
    handlers.insert(run.handler_files.begin(), run.handler_files.end());
    images.insert(run.image_files.begin(), run.image_files.end());
  }
  int cpp_with_run_handler = 0;
  for (const std::string& file : copied_files()) {
    if (fs::path(file).filename() == "Dockerfile") {
      EXPECT_TRUE(images.count(file)) << file << " is not an image of the model";
    }
    if (fs::path(file).extension() != ".cpp") continue;
    std::ifstream in(std::string(kDir) + "/" + file);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("run_handler(") == std::string::npos) continue;
    ++cpp_with_run_handler;
    EXPECT_TRUE(handlers.count(file)) << file << " calls run_handler but has no handler";
  }
  EXPECT_GE(cpp_with_run_handler, 8);
}

// The web apps on the Lambda Web Adapter run servers (gunicorn, uvicorn, nginx, `java -jar`,
// EXPOSE) from non-Lambda base images; the adapter is what makes that right. A copy without
// the adapter's COPY line must get RF302 and RF303, so their silence above is the adapter's
// doing and not a missed link between template and Dockerfile.
TEST(RealWorldMutation, WebAppsWithoutTheAdapterAreReported) {
  const fs::path scratch =
      fs::temp_directory_path() / ("rightfit-realworld-" + std::to_string(::getpid()));
  for (const char* app : {"flask", "nginx", "springboot", "gin", "fastapi-background-tasks"}) {
    const fs::path copy = scratch / app;
    fs::create_directories(copy);
    fs::copy(fs::path(kDir) / "awslabs__aws-lambda-web-adapter/examples" / app, copy,
             fs::copy_options::recursive);
    int removed = 0;
    for (const auto& e : fs::recursive_directory_iterator(copy)) {
      if (e.path().filename() != "Dockerfile") continue;
      std::ifstream in(e.path());
      std::string line, kept;
      while (std::getline(in, line)) {
        if (line.find("aws-lambda-adapter") != std::string::npos) {
          ++removed;
        } else {
          kept += line + "\n";
        }
      }
      in.close();
      std::ofstream(e.path()) << kept;
    }
    EXPECT_EQ(removed, 1) << app;
    Analysis a = analyze(AnalysisRequest{{copy.string()}, copy.string(), Config{}, 1, {}, {}, {}});
    std::multiset<std::string> rules;
    for (const Finding& f : a.findings) rules.insert(f.rule_id);
    EXPECT_EQ(rules.count("RF302"), 1u) << app;
    EXPECT_EQ(rules.count("RF303"), 1u) << app;
  }
  fs::remove_all(scratch);
}

// Every copied file is analysed as part of some app, and no section overlaps another.
TEST_F(RealWorld, EveryFileBelongsToOneSection) {
  for (const std::string& file : copied_files()) {
    int owners = 0;
    for (const Section& s : sections_) owners += file.rfind(s.root + "/", 0) == 0 ? 1 : 0;
    EXPECT_EQ(owners, 1) << file << " is in " << owners << " sections of EXPECTED";
  }
}

// Every copied file names its origin in SOURCES.md (a table row starting with its path in
// backquotes), and every row names a file that is there.
TEST_F(RealWorld, EveryFileIsListedInSources) {
  std::ifstream in(std::string(kDir) + "/SOURCES.md");
  ASSERT_TRUE(in) << kDir << "/SOURCES.md is missing";
  std::set<std::string> listed;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    const auto end = line.find('`', 3);
    if (end != std::string::npos) listed.insert(line.substr(3, end - 3));
  }
  const std::vector<std::string> files = copied_files();
  ASSERT_GE(files.size(), 40u);
  for (const std::string& f : files) EXPECT_TRUE(listed.count(f)) << f << " is not in SOURCES.md";
  for (const std::string& l : listed) {
    EXPECT_TRUE(std::binary_search(files.begin(), files.end(), l))
        << "SOURCES.md lists " << l << ", which is not there";
  }
}

}  // namespace
}  // namespace rightfit
