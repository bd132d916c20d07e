// Issue 24's "Done when", checked on the binary for one input of each hostile class: every
// `rightfit check` answers within 10 s of CPU and 1 GiB (tests/host_process.h: run_bounded,
// RLIMIT_AS and RLIMIT_CPU on the child; under ASan the peak RSS instead), exits 0, 1 or 2 and
// never by a signal, writes no file but its output (`-o`), and prints nothing from outside
// the analysed tree (a canary file beside it, /etc/passwd, ESC bytes) in any format.
// The other hostile tests call the engine in-process; this one runs what a CI job runs.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::BoundedRun;
using testing_support::read_text;
using testing_support::run_bounded;
using testing_support::write_text;

constexpr const char* kCanary = "CANARY-outside-the-tree-7f3a";

// Writes one hostile repository into `repo` (`outside` is a sibling directory holding the
// canary) and returns extra arguments for `check`.
using MakeInput =
    std::function<std::vector<std::string>(const fs::path& repo, const fs::path& outside)>;

struct HostileInput {
  const char* name;
  MakeInput make;
};

// How ctest and gtest name the parameter: the class, not the struct's bytes.
void PrintTo(const HostileInput& input, std::ostream* os) { *os << input.name; }

std::string lambda_yaml(const std::string& properties) {
  return "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n" + properties;
}

std::string tf_lambda(const std::string& timeout) {
  return "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  timeout = " +
         timeout + "\n}\n";
}

std::vector<HostileInput> hostile_inputs() {
  using Args = std::vector<std::string>;
  return {
      {"CfnRefCycle",
       [](const fs::path& repo, const fs::path&) {
         write_text(repo / "template.yaml",
                    "Parameters:\n  P: {Type: Number, Default: !Ref Q}\n"
                    "  Q: {Type: Number, Default: !Ref P}\n" +
                        lambda_yaml("      Timeout: !Ref P\n"));
         return Args{};
       }},
      {"TerraformVariableCycle",
       [](const fs::path& repo, const fs::path&) {
         write_text(repo / "main.tf",
                    "variable \"x\" {\n  default = var.x\n}\n" + tf_lambda("var.x"));
         return Args{};
       }},
      {"TerraformThreeNestedFors",
       [](const fs::path& repo, const fs::path&) {
         std::string list = "[";
         for (int i = 0; i < 5000; ++i) list += (i ? "," : "") + std::to_string(i);
         write_text(repo / "main.tf",
                    "locals {\n  xs = " + list +
                        "]\n  ys = [for a in local.xs : [for b in local.xs : [for c in "
                        "local.xs : c]]]\n}\n" +
                        tf_lambda("length(local.ys)"));
         return Args{};
       }},
      {"TwoHundredThousandBrackets",
       [](const fs::path& repo, const fs::path&) {
         write_text(repo / "template.json", std::string(200000, '['));
         write_text(repo / "deep.yaml", "Resources: " + std::string(200000, '['));
         write_text(repo / "deep.tf", "locals {\n  x = " + std::string(200000, '[') + "\n}\n");
         return Args{};
       }},
      {"BillionLaughs",
       [](const fs::path& repo, const fs::path&) {
         std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
         for (int i = 1; i < 10; ++i) {
           const std::string p = "*a" + std::to_string(i - 1);
           yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + p + ", " + p +
                   ", " + p + ", " + p + ", " + p + ", " + p + ", " + p + ", " + p + ", " + p +
                   ", " + p + "]\n";
         }
         write_text(repo / "template.yaml", yaml + lambda_yaml("      Timeout: 1000\n"));
         return Args{};
       }},
      {"ServerlessFileOutsideTheRoot",
       [](const fs::path& repo, const fs::path&) {
         write_text(repo / "serverless.yml",
                    "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n"
                    "  f:\n    handler: h.main\n    timeout: ${file(../outside/secret.env)}\n"
                    "    memorySize: ${file(/etc/passwd)}\n");
         return Args{};
       }},
      {"SymlinksOutOfTheRoot",
       [](const fs::path& repo, const fs::path& outside) {
         fs::create_directories(repo);
         fs::create_symlink(outside / "secret.env", repo / "Dockerfile");
         fs::create_symlink("/etc/passwd", repo / "template.yaml");
         write_text(repo / "env/main.tf", "module \"m\" {\n  source = \"../../outside/mod\"\n}\n");
         write_text(outside / "mod/main.tf", tf_lambda("1000") + "# " + kCanary + "\n");
         write_text(repo / "app/cdk.json", "{\"app\": \"x\", \"output\": \"../../outside\"}\n");
         return Args{};
       }},
      {"FilesThatAreNoRegularFiles",
       [](const fs::path& repo, const fs::path&) {
         fs::create_directories(repo / "huge");
         EXPECT_EQ(::mkfifo((repo / "template.yaml").c_str(), 0600), 0);
         fs::create_symlink("/dev/zero", repo / "zero.yaml");
         write_text(repo / "huge/cdk.json", "{}");
         fs::resize_file(repo / "huge/cdk.json", 3ULL << 30);  // sparse
         return Args{};
       }},
      {"ConfigurationLimitsThatOverflow",
       [](const fs::path& repo, const fs::path&) {
         write_text(repo / ".rightfit.yaml",
                    "limits:\n  max_file_bytes: 18446744073709551615\n"
                    "  parse_timeout_ms: 18446744073709551615\n");
         write_text(repo / "template.yaml", lambda_yaml("      Timeout: 1000\n"));
         return Args{};
       }},
      {"ControlCharactersInNamesAndIds",
       [](const fs::path& repo, const fs::path&) {
         write_text(repo / "t\x1b]0;x\x07.yaml",
                    "Resources:\n  \"Fn\\e[31m\\r\\nfake:1:1: error: injected [RF101]\":\n"
                    "    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 1000\n");
         return Args{};
       }},
      {"DeepBaseline",
       [](const fs::path& repo, const fs::path&) {
         write_text(repo / "template.yaml", lambda_yaml("      Timeout: 1000\n"));
         write_text(repo / "baseline.json", std::string(100000, '['));
         return Args{"--baseline", (repo / "baseline.json").string()};
       }},
      {"AThousandJobs",
       [](const fs::path& repo, const fs::path&) {
         for (int i = 0; i < 50; ++i)
           write_text(repo / ("t" + std::to_string(i) + ".yaml"),
                      lambda_yaml("      Timeout: 1000\n"));
         return Args{"-j", "1000"};
       }},
      {"WideTextAndLargeJson",
       [](const fs::path& repo, const fs::path&) {
         const std::string utf8 = lambda_yaml("      Timeout: 1000\n");
         std::string utf16 = "\xff\xfe";
         for (char c : utf8) utf16 += std::string{c, '\0'};
         write_text(repo / "template.yaml", utf16);
         write_text(repo / "package-lock.json",
                    "{\"x\": \"" + std::string(5u << 20, 'a') + "\"}\n");
         return Args{};
       }},
      {"TwoThousandExcludePatterns",
       [](const fs::path& repo, const fs::path&) {
         std::string config = "exclude:\n";
         for (int i = 0; i < 2000; ++i) config += "  - \"gen" + std::to_string(i) + "/**\"\n";
         write_text(repo / ".rightfit.yaml", config);
         for (int i = 0; i < 500; ++i)
           write_text(repo / ("d" + std::to_string(i % 20) + "/f" + std::to_string(i) + ".tf"),
                      "locals {\n  x = 1e3\n}\n");
         return Args{};
       }},
  };
}

// Every entry below `root` (symbolic links not followed) with what shows a change to it.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> entries;
  for (auto it =
           fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) continue;
    entries[it->path().string()] = std::to_string(st.st_mode) + " " + std::to_string(st.st_size) +
                                   " " + std::to_string(st.st_mtim.tv_sec) + "." +
                                   std::to_string(st.st_mtim.tv_nsec);
  }
  return entries;
}

class HostileBounds : public testing_support::KeptTestDirectory,
                      public ::testing::WithParamInterface<HostileInput> {};

TEST_P(HostileBounds, AnsweredWithinTenSecondsAndOneGibWritingAndLeakingNothing) {
  const fs::path tree = dir_ / "tree";  // what the run may not change: the input and beside it
  const fs::path repo = tree / "repo", outside = tree / "outside";
  const fs::path runs = dir_ / "runs";
  fs::remove_all(tree);
  fs::remove_all(runs);
  write_text(outside / "secret.env", std::string("PASSWORD=") + kCanary + "\n");
  const std::vector<std::string> extra = GetParam().make(repo, outside);
  const std::map<std::string, std::string> before = snapshot(tree);

  for (const std::string format : {"text", "github", "json", "sarif", "gitlab"}) {
    const fs::path scratch = runs / format;
    fs::create_directories(scratch);
    const fs::path report = scratch / ("report." + format);
    std::vector<std::string> argv = {RIGHTFIT_BINARY, "check", "--no-cache", "-f", format};
    const bool to_stdout = format == "text" || format == "github";
    if (!to_stdout) argv.insert(argv.end(), {"-o", report.string()});
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(repo.string());
    const BoundedRun run = run_bounded(argv, scratch);
    SCOPED_TRACE(format + ": " + run.err.substr(0, 2000));
    testing_support::expect_well_behaved(run);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1 || run.exit_code == 2)
        << "exit " << run.exit_code;
    const std::string written = to_stdout ? run.out : read_text(report);
    for (const std::string* text : {&written, &run.err}) {
      EXPECT_EQ(text->find(kCanary), std::string::npos) << "text from outside the tree";
      EXPECT_EQ(text->find("root:x:0:0"), std::string::npos) << "/etc/passwd in the output";
      EXPECT_EQ(text->find('\x1b'), std::string::npos) << "an ESC byte in the output";
    }
  }
  EXPECT_EQ(snapshot(tree), before) << "a file was written, changed or removed beside -o";
}

INSTANTIATE_TEST_SUITE_P(EveryClass, HostileBounds, ::testing::ValuesIn(hostile_inputs()),
                         [](const ::testing::TestParamInfo<HostileInput>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace rightfit
