// Hostile and broken input in a walked tree: every case ends in an RF001 naming the file and
// the cause (or, for files rightfit does not own, in silence), never a crash, a hang or an
// unbounded allocation; the other files are still analysed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "analyzer/config.h"
#include "driver/engine.h"
#include "parsers/cloudformation/template_parser.h"
#include "parsers/dockerfile/dockerfile_parser.h"
#include "parsers/document/document.h"
#include "parsers/parse_limits.h"
#include "parsers/terraform/hcl_ast.h"
#include "parsers/terraform/module_instance.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

// A function with a Timeout of 700 s: RF104 proves a file was analysed.
const std::string kGoodTemplate =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Fn:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Timeout: 700\n";

// "Billion laughs": ten levels of ten aliases each expand to 10^10 nodes.
std::string billion_laughs() {
  std::string text = "AWSTemplateFormatVersion: '2010-09-09'\nl0: &l0 [lol]\n";
  for (int level = 1; level <= 10; ++level) {
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i)
      text += std::string(i ? ", " : "") + "*l" + std::to_string(level - 1);
    text += "]\n";
  }
  return text + "Resources: {}\n";
}

std::string deep_json_template(std::size_t depth) {
  return "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": " +
         std::string(depth, '[') + std::string(depth, ']') + "}";
}

// A template with `count` functions (about 100 bytes each).
std::string many_functions(int count) {
  std::string text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
  for (int i = 0; i < count; ++i) {
    text += "  Fn" + std::to_string(i) +
            ":\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 30\n";
  }
  return text;
}

class HostileTree : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("rightfit-hostile-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    write("good/template.yaml", kGoodTemplate);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  fs::path write(const std::string& rel, const std::string& bytes) {
    const fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  Analysis run(const Config& config = {}) const {
    AnalysisRequest request;
    request.paths = {root_.string()};
    request.root = root_.string();
    request.config = config;
    return analyze(request);
  }

  // The RF001 findings on `rel`, as "line:column message".
  static std::vector<std::string> rf001_on(const Analysis& a, const fs::path& file) {
    std::vector<std::string> out;
    for (const Finding& f : a.findings) {
      if (f.rule_id == "RF001" && f.location.file == file.string()) {
        out.push_back(std::to_string(f.location.span.begin.line) + ":" +
                      std::to_string(f.location.span.begin.column) + " " + f.message);
      }
    }
    return out;
  }

  // The good template was analysed: its RF104 is there.
  static bool good_file_analysed(const Analysis& a) {
    for (const Finding& f : a.findings) {
      if (f.rule_id == "RF104" && f.location.file.ends_with("good/template.yaml")) return true;
    }
    return false;
  }

  static std::size_t rf001_count(const Analysis& a) {
    std::size_t n = 0;
    for (const Finding& f : a.findings) n += f.rule_id == "RF001";
    return n;
  }

  fs::path root_;
};

bool contains(const std::vector<std::string>& found, const std::string& needle) {
  for (const std::string& f : found) {
    if (f.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += i + "\n";
  return out;
}

// --- the limits ----------------------------------------------------------------------

TEST_F(HostileTree, BillionLaughsStopsAtMaxYamlNodes) {
  const fs::path bomb = write("bomb.yaml", billion_laughs());
  Analysis a = run();
  const auto found = rf001_on(a, bomb);
  ASSERT_EQ(found.size(), 1u) << joined(found);
  EXPECT_TRUE(contains(found,
                       "stopped at limits.max_yaml_nodes: too many nodes (alias expansion "
                       "exceeds 1000000); raise limits.max_yaml_nodes in .rightfit.yaml"))
      << found[0];
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, MaxYamlNodesIsConfigurable) {
  const fs::path big = write("big.yaml", many_functions(50));  // about 400 nodes
  Config config;
  config.limits.max_yaml_nodes = 100;
  const auto found = rf001_on(run(config), big);
  ASSERT_EQ(found.size(), 1u) << joined(found);
  EXPECT_TRUE(contains(found, "too many nodes (more than 100)")) << found[0];
  EXPECT_TRUE(rf001_on(run(), big).empty());  // the default takes it
}

TEST_F(HostileTree, TwoHundredThousandNestedBracketsInJsonStopAtMaxNestingDepth) {
  // The root object is level 1: the 1000th `[` (column 56 + 1000) is level 1001.
  const fs::path deep = write("deep.json", deep_json_template(200'000));
  Analysis a = run();
  const auto found = rf001_on(a, deep);
  ASSERT_EQ(found.size(), 1u) << joined(found);
  EXPECT_TRUE(contains(found,
                       "1:1056 stopped at limits.max_nesting_depth: nesting deeper than "
                       "1000; raise limits.max_nesting_depth"))
      << found[0];
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, TwoHundredThousandNestedBracketsInYamlDoNotOverflowTheStack) {
  const fs::path deep = write("deep.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: " +
                                               std::string(200'000, '['));
  Analysis a = run();
  const auto found = rf001_on(a, deep);
  ASSERT_EQ(found.size(), 1u) << joined(found);
  EXPECT_TRUE(contains(found, "nesting deeper than")) << found[0];
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, TwoHundredThousandNestedBracketsInTerraformDoNotOverflowTheStack) {
  const fs::path deep = write("tf/main.tf", "locals {\n  x = " + std::string(200'000, '[') +
                                                std::string(200'000, ']') + "\n}\n");
  // tree-sitter takes seconds over this file (more under the sanitizers): a generous time
  // budget makes the depth limit, not the time limit, the one that stops it.
  Config config;
  config.limits.parse_timeout_ms = 600'000;
  Analysis a = run(config);
  const auto found = rf001_on(a, deep);
  ASSERT_EQ(found.size(), 1u) << joined(found);
  EXPECT_TRUE(contains(found, "invalid HCL: too deeply nested")) << found[0];
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, NestingDepthIsConfigurable) {
  const fs::path nested = write("nested.json", deep_json_template(20));
  Config config;
  config.limits.max_nesting_depth = 10;
  const auto found = rf001_on(run(config), nested);
  ASSERT_EQ(found.size(), 1u) << joined(found);
  EXPECT_TRUE(contains(found, "nesting deeper than 10")) << found[0];
  EXPECT_TRUE(rf001_on(run(), nested).empty());
}

TEST_F(HostileTree, FilesAboveMaxFileBytesAreNotRead) {
  const fs::path yaml = write("big.yaml", many_functions(100));
  const fs::path tf = write("tf/main.tf", std::string(5000, '#') + "\n");
  const fs::path docker = write("Dockerfile", "FROM alpine\n" + std::string(5000, '#') + "\n");
  Config config;
  config.limits.max_file_bytes = 4096;
  Analysis a = run(config);
  for (const fs::path& file : {yaml, tf, docker}) {
    const auto found = rf001_on(a, file);
    ASSERT_EQ(found.size(), 1u) << file << "\n" << joined(found);
    EXPECT_TRUE(contains(found, "1:1 file too large: ")) << found[0];
    EXPECT_TRUE(contains(found,
                         " bytes, more than limits.max_file_bytes (4096); raise "
                         "limits.max_file_bytes in .rightfit.yaml"))
        << found[0];
  }
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, DefaultMaxFileBytesIsFourMebibytes) {
  // A template by its first bytes (a large YAML file that no format claims is not reported).
  const std::string head = "AWSTemplateFormatVersion: '2010-09-09'\n";
  const fs::path huge = write("huge.yaml", head + std::string((4u << 20) + 1 - head.size(), '#'));
  const auto found = rf001_on(run(), huge);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(contains(found,
                       "file too large: 4194305 bytes, more than limits.max_file_bytes "
                       "(4194304)"))
      << found[0];
}

TEST_F(HostileTree, ParseTimeoutStopsASlowFile) {
  // About 2 MB of template: far more than a millisecond of parsing on any machine.
  const fs::path slow = write("slow.yaml", many_functions(20'000));
  const fs::path slow_json = write("slow.json", [] {
    std::string text = "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {";
    for (int i = 0; i < 20'000; ++i) {
      text += std::string(i ? "," : "") + "\"Fn" + std::to_string(i) +
              "\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Timeout\": 30}}";
    }
    return text + "}}";
  }());
  Config config;
  config.limits.parse_timeout_ms = 1;
  Analysis a = run(config);
  for (const fs::path& file : {slow, slow_json}) {
    const auto found = rf001_on(a, file);
    ASSERT_EQ(found.size(), 1u) << file << "\n" << joined(found);
    EXPECT_TRUE(contains(found,
                         "stopped at limits.parse_timeout_ms: parsing took too long; "
                         "raise limits.parse_timeout_ms in .rightfit.yaml"))
        << found[0];
  }
}

// The deadline itself, made deterministic with one that has already passed.
TEST(ParseDeadline, EveryParserChecksIt) {
  const Deadline passed = Deadline::already_passed();
  std::string yaml = many_functions(200);
  doc::LoadResult y = doc::load_yaml(yaml, doc::LoadLimits{1'000'000, 1'000, passed});
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.problem().message, "parsing took too long");
  EXPECT_EQ(y.problem().limit, kParseTimeoutKey);

  std::string json = "[";
  for (int i = 0; i < 1000; ++i) json += std::string(i ? "," : "") + "1";
  json += "]";
  doc::LoadResult j = doc::load_json(json, doc::LoadLimits{1'000'000, 1'000, passed});
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.problem().limit, kParseTimeoutKey);

  std::string hcl;
  for (int i = 0; i < 2000; ++i) hcl += "a" + std::to_string(i) + " = " + std::to_string(i) + "\n";
  hcl::File h = hcl::parse_hcl(hcl, passed);
  ASSERT_TRUE(h.error);
  EXPECT_TRUE(h.error->message.starts_with("stopped at limits.parse_timeout_ms"))
      << h.error->message;

  FileFacts d = dockerfile::parse_dockerfile("Dockerfile", "FROM alpine\nRUN true\n", passed);
  ASSERT_EQ(d.parse_errors.size(), 1u);
  EXPECT_EQ(d.parse_errors[0].where.span.begin, (Position{1, 1}));
  EXPECT_TRUE(d.images.empty());

  // A deadline that never passes changes nothing.
  EXPECT_FALSE(Deadline().passed());
  EXPECT_FALSE(Deadline::after(std::chrono::hours(1)).passed());
}

// --- bytes that are not text ---------------------------------------------------------

TEST_F(HostileTree, InvalidUtf8InOwnedFilesIsReportedWhereItIs) {
  const fs::path tf = write("tf/main.tf", "locals {\n  x = \"caf\xE9\"\n}\n");
  const fs::path docker = write("img/Dockerfile", "FROM alpine\nLABEL a=\"\xC0\xAF\"\n");
  const fs::path yaml = write("t.yaml", kGoodTemplate + "# \xED\xA0\x80 (a surrogate)\n");
  Analysis a = run();
  EXPECT_EQ(rf001_on(a, tf),
            (std::vector<std::string>{"2:11 not UTF-8 text (invalid byte 0xE9 at line 2, column "
                                      "11); nothing in this file was analysed"}));
  EXPECT_EQ(rf001_on(a, docker),
            (std::vector<std::string>{"2:10 not UTF-8 text (invalid byte 0xC0 at line 2, column "
                                      "10); nothing in this file was analysed"}));
  EXPECT_EQ(rf001_on(a, yaml),
            (std::vector<std::string>{"7:3 not UTF-8 text (invalid byte 0xED at line 7, column "
                                      "3); nothing in this file was analysed"}));
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, MisEncodedYamlThatIsNoTemplateIsNotOurs) {
  write("i18n/fr.yml", "greeting: \"caf\xE9\"\n");
  Analysis a = run();
  EXPECT_EQ(rf001_count(a), 0u);
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, BinaryFilesAreReportedWhenTheyAreOursAndIgnoredOtherwise) {
  std::string binary =
      "\x7f"
      "ELF\x02\x01\x01";
  binary += std::string(3, '\0') + "\xff\xfe garbage";
  const fs::path tf = write("tf/vars.tfvars", binary);
  const fs::path docker = write("Containerfile", binary);
  write("data.json", binary);  // a JSON file that is not a template: not rightfit's
  Analysis a = run();
  const std::string expected =
      "1:8 binary file (NUL byte at line 1, column 8), not text; nothing in this file was "
      "analysed";
  EXPECT_EQ(rf001_on(a, tf), (std::vector<std::string>{expected}));
  EXPECT_EQ(rf001_on(a, docker), (std::vector<std::string>{expected}));
  EXPECT_EQ(rf001_count(a), 2u);
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, EmptyFiles) {
  write("empty.yaml", "");
  write("empty.json", "");
  write("tf/empty.tf", "");
  write("tf/empty.tfvars", "");
  const fs::path docker = write("img/Dockerfile", "");
  Analysis a = run();
  // An empty Dockerfile builds nothing (docker refuses it too); the others are empty input.
  EXPECT_EQ(rf001_on(a, docker),
            (std::vector<std::string>{"1:1 no FROM instruction: a Dockerfile builds at least one "
                                      "stage; nothing in this file was analysed"}));
  EXPECT_EQ(rf001_count(a), 1u);
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, TruncatedFilesAreParseErrorsAtEveryCut) {
  const std::string json =
      "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"Fn\": {\"Type\": "
      "\"AWS::Lambda::Function\", \"Properties\": {\"Timeout\": 700}}}}";
  const std::string tf =
      "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  timeout = 700\n}\n";
  // Cuts of the JSON template (once it says it is one) and of the Terraform file (which has
  // a single block, so every cut leaves it open).
  for (std::size_t cut = json.find("2010"); cut < json.size(); cut += 7) {
    SCOPED_TRACE(cut);
    const fs::path j = write("cut.json", json.substr(0, cut));
    const fs::path t = write("tf/main.tf", tf.substr(0, std::min(cut, tf.size() - 2)));
    Analysis a = run();
    EXPECT_EQ(rf001_on(a, j).size(), 1u);
    EXPECT_EQ(rf001_on(a, t).size(), 1u);
    EXPECT_TRUE(good_file_analysed(a));
  }
}

// --- the walked tree -----------------------------------------------------------------

TEST_F(HostileTree, SymlinkLoopsAreReportedAndTheRestAnalysed) {
  fs::create_symlink(root_ / "b.yaml", root_ / "a.yaml");
  fs::create_symlink(root_ / "a.yaml", root_ / "b.yaml");
  fs::create_directories(root_ / "dir");
  fs::create_directory_symlink(root_, root_ / "dir" / "up");  // a directory loop: not followed
  Analysis a = run();
  EXPECT_EQ(rf001_on(a, root_ / "a.yaml"),
            (std::vector<std::string>{"1:1 too many levels of symbolic links; nothing in this "
                                      "file was analysed"}));
  EXPECT_EQ(rf001_on(a, root_ / "b.yaml").size(), 1u);
  EXPECT_EQ(rf001_count(a), 2u);
  EXPECT_TRUE(good_file_analysed(a));
}

// C++ goes to Clang, whose own limits (bracket depth 256, template depth 1024, constexpr
// steps) bound it; our file-size limit still applies first. None of these may stop the run.
TEST_F(HostileTree, HostileCppFilesAreBoundedAndTheRestAnalysed) {
  write("cpp/deep.cpp",
        "int f() { return " + std::string(200000, '(') + "1" + std::string(200000, ')') + "; }\n");
  write("cpp/binary.cpp", std::string("\x7f"
                                      "ELF\x02\x01\x01\0\0\0\xff\xfe",
                                      13));
  write("cpp/empty.cc", "");
  write("cpp/runaway.cpp",
        "template <int N> struct F { static const int v = F<N + 1>::v; };\nint x = F<0>::v;\n");
  const fs::path big = write("cpp/big.cpp", std::string(5 << 20, '\n'));
  Config config;
  config.limits.max_file_bytes = 4u << 20;
  Analysis a = run(config);
  EXPECT_EQ(rf001_on(a, big), (std::vector<std::string>{
                                  "1:1 file too large: 5242880 bytes, more than "
                                  "limits.max_file_bytes (4194304); raise limits.max_file_bytes "
                                  "in .rightfit.yaml if the file is genuine; nothing in this "
                                  "file was analysed"}));
  // Clang's errors in the others are normal for C++ read without its build: not RF001.
  EXPECT_EQ(rf001_count(a), 1u);
  EXPECT_TRUE(good_file_analysed(a));
}

TEST_F(HostileTree, HostilePythonAndJavaScriptFilesAreBoundedAndTheRestAnalysed) {
  const fs::path deep_py = write(
      "py/deep.py", "x = " + std::string(200000, '(') + "1" + std::string(200000, ')') + "\n");
  // One bracket a line: a line over 32 KB would make it a bundle, read as no facts at all.
  std::string brackets;
  for (int i = 0; i < 100000; ++i) brackets += "[\n";
  const fs::path deep_js =
      write("js/deep.js", "x = " + brackets + "1" + std::string(100000, ']') + ";\n");
  const fs::path deep_ts =
      write("js/deep.ts", "let x: unknown = " + brackets + "1" + std::string(100000, ']') + ";\n");
  // Syntax errors, truncation, bundles and a Latin-1 source: no RF001 (see the README).
  write("py/broken.py", "def handler(event, context):\n    x = (1,\n    while True:\n");
  write("js/broken.js", "exports.handler = async (event) => {\n  while (true) {\n");
  write("js/broken.ts", "export const handler = async (event: ) => { for (;;\n");
  write("js/bundle.js", "var a=1;" + std::string(100 * 1024, ';') + "\n");
  write("py/latin1.py", "# -*- coding: latin-1 -*-\ns = 'caf\xE9'\n");
  write("js/empty.mjs", "");
  write("js/dist/huge.js", std::string(5 << 20, '\n'));  // above limits.max_file_bytes: a bundle
  Analysis a = run(Config{});
  for (const fs::path& file : {deep_py, deep_js, deep_ts}) {
    const auto found = rf001_on(a, file);
    ASSERT_EQ(found.size(), 1u) << file << "\n" << joined(found);
    EXPECT_NE(found[0].find("limits.max_nesting_depth"), std::string::npos) << found[0];
  }
  EXPECT_EQ(rf001_count(a), 3u);
  EXPECT_TRUE(good_file_analysed(a));
}

// The RF001 messages of an analysis as the unprivileged user (root reads chmod-000 files
// anyway).
std::string rf001_as_unprivileged(const fs::path& root) {
  return testing_support::run_as_nobody([&root] {
    AnalysisRequest request;
    request.paths = {root.string()};
    request.root = root.string();
    request.jobs = 1;
    std::string text;
    for (const Finding& f : analyze(request).findings) {
      if (f.rule_id == "RF001") text += f.location.file + ": " + f.message + "\n";
    }
    return text;
  });
}

TEST_F(HostileTree, UnreadableFilesAreReportedAndTheRestAnalysed) {
  const fs::path locked = write("locked.yaml", kGoodTemplate);
  const fs::path locked_tf = write("tf/main.tf", "locals {}\n");
  fs::permissions(locked, fs::perms::none);
  fs::permissions(locked_tf, fs::perms::none);
  fs::permissions(root_, fs::perms::all);  // nobody must be able to walk the tree itself
  const std::string text = rf001_as_unprivileged(root_);
  ASSERT_NE(text, testing_support::kCannotDropPrivileges)
      << "the test needs to switch to an unprivileged user";
  EXPECT_EQ(text, locked.string() +
                      ": the file cannot be read: permission denied; nothing in this file was "
                      "analysed\n" +
                      locked_tf.string() +
                      ": the file cannot be read: permission denied; nothing in this file was "
                      "analysed\n");
}

// --- output files --------------------------------------------------------------------

// A run killed at any moment leaves the previous report whole: the file holds either the old
// report or the complete new one, never a part.
TEST_F(HostileTree, KilledRunsLeaveThePreviousOutputIntact) {
  for (int i = 0; i < 40; ++i) write("many/t" + std::to_string(i) + ".yaml", many_functions(300));
  const fs::path report = root_ / "report.json";
  const std::string previous = "{\"previous\": true}\n";
  std::ofstream(report) << previous;
  std::string complete;
  for (int delay_ms : {0, 2, 5, 10, 20, 40, 80, 160, 100000}) {
    SCOPED_TRACE(delay_ms);
    const pid_t child = ::fork();
    if (child == 0) {
      ::execl(RIGHTFIT_BINARY, RIGHTFIT_BINARY, "check", root_.c_str(), "--format", "json",
              "--fail-on", "never", "-o", report.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    int status = 0;
    if (delay_ms < 100000) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      ::kill(child, SIGKILL);
    }
    ::waitpid(child, &status, 0);
    std::ifstream in(report, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (WIFEXITED(status)) {
      EXPECT_EQ(WEXITSTATUS(status), 0);
      complete = text.str();
      EXPECT_NE(complete, previous);
      EXPECT_TRUE(complete.ends_with("}\n") || complete.ends_with("}")) << complete.size();
    } else {
      EXPECT_TRUE(text.str() == previous || (!complete.empty() && text.str() == complete))
          << "a killed run left " << text.str().size() << " bytes";
    }
  }
  EXPECT_FALSE(complete.empty()) << "the run that was not killed wrote no report";
}

// --- configuration -------------------------------------------------------------------

TEST(LimitsConfig, DefaultsAndOverrides) {
  ConfigResult defaults = parse_config("", ".rightfit.yaml");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->limits.max_file_bytes, 4u << 20);
  EXPECT_EQ(defaults->limits.max_yaml_nodes, 1'000'000u);
  EXPECT_EQ(defaults->limits.max_nesting_depth, 1'000u);
  EXPECT_EQ(defaults->limits.parse_timeout_ms, 10'000u);

  ConfigResult set = parse_config(
      "limits:\n  max_file_bytes: 1000\n  max_yaml_nodes: 2000\n  max_nesting_depth: 30\n"
      "  parse_timeout_ms: 40\n",
      ".rightfit.yaml");
  ASSERT_TRUE(set.ok()) << set.problem().message;
  EXPECT_EQ(set->limits.max_file_bytes, 1000u);
  EXPECT_EQ(set->limits.max_yaml_nodes, 2000u);
  EXPECT_EQ(set->limits.max_nesting_depth, 30u);
  EXPECT_EQ(set->limits.parse_timeout_ms, 40u);
}

TEST(LimitsConfig, BadValuesNameTheKeyAndPosition) {
  auto error_of = [](const std::string& text) {
    ConfigResult r = parse_config(text, ".rightfit.yaml");
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.problem().message;
  };
  EXPECT_EQ(error_of("limits:\n  max_file_bytes: big\n"),
            ".rightfit.yaml:2:19: 'limits.max_file_bytes' must be a whole number > 0");
  EXPECT_EQ(error_of("limits:\n  parse_timeout_ms: 0\n"),
            ".rightfit.yaml:2:21: 'limits.parse_timeout_ms' must be a whole number > 0");
  EXPECT_EQ(error_of("limits:\n  max_yaml_nodes: 1.5\n"),
            ".rightfit.yaml:2:19: 'limits.max_yaml_nodes' must be a whole number > 0");
  EXPECT_EQ(error_of("limits:\n  max_nesting_depth: 20000\n"),
            ".rightfit.yaml:2:22: 'limits.max_nesting_depth' must be at most 10000 (deeper "
            "documents would overflow the stack)");
  EXPECT_EQ(error_of("limits:\n  max_alias_count: 3\n"),
            ".rightfit.yaml:2:3: unknown key 'max_alias_count' in limits");
}

}  // namespace
}  // namespace rightfit
