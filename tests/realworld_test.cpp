// The real-world regression set: data files of public repositories (templates, Terraform,
// manifests, serverless.yml, plans, cdk.out JSON), read in place from ../shared/realworld (a
// folder beside the project, origins in its SOURCES.md); nothing of them is copied into the
// project. Each `[dir]` section of tests/realworld_expected.txt (our judgements) is analysed on
// its own, the way a user runs `rightfit check <dir>`, and its findings (file, line, rule;
// suppressed ones left out) must equal the section's `path:line RULE` lines exactly, counted
// with multiplicity, so a finding reported twice is caught. Paths are relative to
// ../shared/realworld. The handler code and Dockerfile patterns of those apps are fixtures
// written here (fixtures/cpp, python, node, docker); the web-adapter mutation below runs on them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "driver/engine.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

// Relative to the project root, where the tests run; CI clones the shared folder beside it.
constexpr const char* kDir = "../shared/realworld";
constexpr const char* kExpected = "tests/realworld_expected.txt";

struct Key {
  std::string file;  // relative to kDir
  unsigned line = 0;
  std::string rule;
  friend auto operator<=>(const Key&, const Key&) = default;
};

std::string describe(const Key& k) { return k.file + ":" + std::to_string(k.line) + " " + k.rule; }

struct Section {
  std::string root;  // relative to kDir
  std::multiset<Key> expected;
};

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// `[dir]` starts a section; `path:line RULE` is a finding; `#` starts a comment line.
std::vector<Section> read_expected() {
  std::ifstream in(kExpected);
  EXPECT_TRUE(in) << kExpected << " is missing";
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
      ADD_FAILURE() << kExpected << ":" << n << ": not `[dir]` or `path:line RULE`: " << line;
      continue;
    }
    Key k{line.substr(0, colon), static_cast<unsigned>(std::stoul(line.substr(colon + 1))),
          line.substr(space + 1)};
    if (k.file.rfind(sections.back().root + "/", 0) != 0) {
      ADD_FAILURE() << kExpected << ":" << n << ": " << k.file << " is outside ["
                    << sections.back().root << "]";
    }
    sections.back().expected.insert(k);
  }
  return sections;
}

// The shared set's files, relative to it, its list of sources left out.
std::vector<std::string> shared_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(kDir)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), kDir).generic_string();
    if (rel != "SOURCES.md") files.push_back(rel);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct AppRun {
  std::multiset<Key> actual;
  std::map<Key, std::string> messages;
  std::vector<std::string> errors;
  std::set<std::string> workload_files;  // files declaring a function or service of the model
};

// A path the analysis reports (as given, or made absolute), relative to the shared set.
std::string relative_to_set(const std::string& path) {
  std::string file = fs::path(path).lexically_normal().generic_string();
  for (const std::string& dir : {fs::path(kDir).lexically_normal().generic_string(),
                                 fs::weakly_canonical(kDir).generic_string()}) {
    if (file.rfind(dir + "/", 0) == 0) return file.substr(dir.size() + 1);
  }
  return file;
}

AppRun analyse_now(const std::string& root) {
  const std::string dir = std::string(kDir) + "/" + root;
  Analysis a = analyze(AnalysisRequest{{dir}, dir, Config{}, 2, {}, {}, {}});
  AppRun run;
  run.errors = a.errors;
  for (const Function& f : a.graph->functions) {
    run.workload_files.insert(relative_to_set(f.header.file));
  }
  for (const Service& s : a.graph->services) {
    run.workload_files.insert(relative_to_set(s.header.file));
  }
  for (const Finding& f : a.findings) {
    if (f.suppression) continue;
    Key k{relative_to_set(f.location.file), f.location.line(), f.rule_id};
    run.actual.insert(k);
    run.messages[k] = f.message;
  }
  return run;
}

// Each app is analysed once per test run.
const AppRun& analyse(const std::string& root) {
  static std::map<std::string, AppRun> runs;
  auto found = runs.find(root);
  if (found == runs.end()) found = runs.emplace(root, analyse_now(root)).first;
  return found->second;
}

class RealWorld : public ::testing::Test {
 protected:
  void SetUp() override {
    // Never a skip: without the shared set nothing real would be checked.
    ASSERT_TRUE(fs::is_directory(kDir))
        << kDir << " is missing: the real-world apps are read in place from the shared folder "
        << "beside the project (<clone>/../shared/realworld); clone it there and run the tests "
        << "from the project root";
    sections_ = read_expected();
    ASSERT_GE(sections_.size(), 20u) << kExpected << " lost its sections";
    for (const Section& s : sections_) {
      ASSERT_TRUE(fs::is_directory(fs::path(kDir) / s.root))
          << "[" << s.root << "] of " << kExpected << " is not in " << kDir;
    }
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

// Whether a data file declares a Lambda function or an ECS/Kubernetes service, read from its
// text the way a reviewer spots one: a resource type, a Terraform resource block, a Serverless
// `functions:` section, a Deployment manifest or a planned resource.
bool declares_workload(const std::string& file, const std::string& text) {
  static const std::regex kResource(
      R"re(Type"?\s*:\s*"?AWS::(Serverless::Function|Lambda::Function|ECS::Service)"?\s*,?\s*$)re"
      R"re(|^resource\s+"(aws_lambda_function|aws_ecs_service)")re"
      R"re(|^kind:\s*Deployment\s*$)re"
      R"re(|"type"\s*:\s*"(aws_lambda_function|aws_ecs_service)")re");
  const bool serverless = fs::path(file).filename().string().rfind("serverless.", 0) == 0;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (std::regex_search(line, kResource)) return true;
    if (serverless && line.rfind("functions:", 0) == 0) return true;
  }
  return false;
}

// Data files whose workloads the model rightly holds elsewhere or not at all, by path prefix,
// each with the reason (judged like the expectations).
const std::map<std::string, std::string>& held_elsewhere() {
  static const std::map<std::string, std::string> files = {
      {"aws-samples__amazon-ecs-lambda-consul-example/terraform/",
       "its ./services and ./lambda modules are called with count 0 as configured"},
      {"terraform-plan/infracost__infracost/examples/terraform/plan.tfplan.json",
       "the plan merges into its HCL root, whose resources keep their main.tf headers"},
  };
  return files;
}

bool is_held_elsewhere(const std::string& file) {
  for (const auto& entry : held_elsewhere()) {
    if (file.rfind(entry.first, 0) == 0) return true;
  }
  return false;
}

// The quiet apps are quiet because they are fine, not because nothing was read: every data
// file that declares a function or service holds one of the model.
TEST_F(RealWorld, WorkloadsAreModelled) {
  std::set<std::string> modelled;
  for (const Section& s : sections_) {
    const AppRun& run = analyse(s.root);
    modelled.insert(run.workload_files.begin(), run.workload_files.end());
  }
  int declaring = 0;
  for (const std::string& file : shared_files()) {
    if (!declares_workload(file, read_text(fs::path(kDir) / file))) continue;
    if (is_held_elsewhere(file)) continue;
    ++declaring;
    EXPECT_TRUE(modelled.count(file)) << file << " declares a workload the model does not hold";
  }
  EXPECT_GE(declaring, 40);
}

// The Lambda Web Adapter fixtures run servers (gunicorn, uvicorn, a Go server with EXPOSE,
// nginx from its base image, `java -jar`) from non-Lambda base images; the adapter is what makes
// that right, so they are quiet. A copy without the adapter's COPY line must get RF302 and
// RF303, so their quiet is the adapter's doing and not a missed link between template and
// Dockerfile.
TEST(RealWorldMutation, WebAppsWithoutTheAdapterAreReported) {
  const fs::path scratch =
      fs::temp_directory_path() / ("rightfit-web-adapter-" + std::to_string(::getpid()));
  for (const char* app : {"web-adapter-gunicorn", "web-adapter-uvicorn", "web-adapter-gin",
                          "web-adapter-nginx", "web-adapter-java"}) {
    const fs::path original = fs::path("fixtures/docker") / app;
    ASSERT_TRUE(fs::is_directory(original))
        << original << " is missing (run from the project root)";
    for (const bool strip : {false, true}) {
      const fs::path copy = scratch / (std::string(app) + (strip ? "-stripped" : ""));
      fs::create_directories(copy);
      fs::copy(original, copy, fs::copy_options::recursive);
      int removed = 0;
      for (const auto& e : fs::recursive_directory_iterator(copy)) {
        if (!strip || e.path().filename() != "Dockerfile") continue;
        std::istringstream in(read_text(e.path()));
        std::string line, kept;
        while (std::getline(in, line)) {
          if (line.find("aws-lambda-adapter") != std::string::npos) {
            ++removed;
          } else {
            kept += line + "\n";
          }
        }
        std::ofstream(e.path()) << kept;
      }
      EXPECT_EQ(removed, strip ? 1 : 0) << app;
      Analysis a =
          analyze(AnalysisRequest{{copy.string()}, copy.string(), Config{}, 1, {}, {}, {}});
      std::multiset<std::string> rules;
      for (const Finding& f : a.findings) rules.insert(f.rule_id);
      EXPECT_EQ(rules.count("RF302"), strip ? 1u : 0u) << app << (strip ? " stripped" : "");
      EXPECT_EQ(rules.count("RF303"), strip ? 1u : 0u) << app << (strip ? " stripped" : "");
    }
  }
  fs::remove_all(scratch);
}

// The quiet fixtures that reproduce the real apps' code and images are quiet because the code
// is fine, not because nothing was read: each named file holds code a handler runs, and each
// Dockerfile is the image of a function.
TEST(RealWorldPatterns, QuietFixturesAreRead) {
  struct Case {
    std::string dir;
    std::vector<std::string> run;      // files holding code a handler runs
    std::vector<std::string> not_run;  // files none does (a local test driver)
  };
  const std::vector<Case> code = {
      {"fixtures/cpp/captured-clients", {"handlers.cpp", "main.cpp"}, {"local_driver.cpp"}},
      {"fixtures/python/module-level-clients", {"summarise.py"}, {}},
      {"fixtures/python/lazy-global-client", {"join.py", "leave.py"}, {}},
      {"fixtures/node/durable-execution-ts", {"onboarding.ts", "reminder.ts"}, {}},
  };
  for (const Case& c : code) {
    Analysis a = analyze(AnalysisRequest{{c.dir}, c.dir, Config{}, 1, {}, {}, {}});
    std::set<std::string> run;
    for (const CodeFunction& f : a.graph->code_functions) {
      if (a.graph->reaching_handler(f)) run.insert(fs::path(f.where.file).filename().string());
    }
    for (const std::string& file : c.run) {
      EXPECT_TRUE(run.count(file)) << c.dir << "/" << file << " holds no code a handler runs";
    }
    for (const std::string& file : c.not_run) {
      EXPECT_FALSE(run.count(file)) << c.dir << "/" << file << " is run by a handler";
    }
  }
  const std::vector<std::pair<std::string, size_t>> images = {
      {"fixtures/docker/lambda-base-images", 3},
      {"fixtures/serverless/ecr-image-lambda-base", 1},
  };
  for (const auto& [dir, count] : images) {
    Analysis a = analyze(AnalysisRequest{{dir}, dir, Config{}, 1, {}, {}, {}});
    std::set<size_t> linked;
    for (const ImageLink& l : a.graph->image_links) linked.insert(l.image);
    EXPECT_EQ(linked.size(), count) << dir << ": Dockerfiles linked to a function";
  }
}

// Every shared file is analysed as part of some app, and no section overlaps another.
TEST_F(RealWorld, EveryFileBelongsToOneSection) {
  for (const std::string& file : shared_files()) {
    int owners = 0;
    for (const Section& s : sections_) owners += file.rfind(s.root + "/", 0) == 0 ? 1 : 0;
    EXPECT_EQ(owners, 1) << file << " is in " << owners << " sections of " << kExpected;
  }
}

// Every shared file names its origin in the shared SOURCES.md (a table row starting with its
// path in backquotes), and every row names a file that is there.
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
  const std::vector<std::string> files = shared_files();
  ASSERT_GE(files.size(), 40u);
  for (const std::string& f : files) EXPECT_TRUE(listed.count(f)) << f << " is not in SOURCES.md";
  for (const std::string& l : listed) {
    EXPECT_TRUE(std::binary_search(files.begin(), files.end(), l))
        << "SOURCES.md lists " << l << ", which is not there";
  }
}

}  // namespace
}  // namespace rightfit
