// The command line as users run it: exit codes, formats, output files, rules and explain.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

using CliRun = testing_support::SeparateOutputs;
using testing_support::read_text;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rightfit-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `rightfit <args>` from the project root.
  CliRun rightfit(const std::string& args) {
    return rightfit_raw(std::string(RIGHTFIT_BINARY) + " " + args);
  }
  CliRun rightfit_raw(const std::string& command) {
    return testing_support::run_command_split(command, dir_);
  }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }

  fs::path dir_;
};

const char* kWarningOnly =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Fn:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Timeout: 700\n";

TEST_F(Cli, ExitCodeFollowsFailOn) {
  fs::path t = write("t.yaml", kWarningOnly);
  EXPECT_EQ(rightfit("check " + t.string()).exit_code, 1);  // default: warning
  EXPECT_EQ(rightfit("check --fail-on error " + t.string()).exit_code, 0);
  EXPECT_EQ(rightfit("check --fail-on info " + t.string()).exit_code, 1);
  EXPECT_EQ(rightfit("check --fail-on never " + t.string()).exit_code, 0);
}

TEST_F(Cli, CleanTreeExitsZero) {
  write("a/ok.yaml",
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 30\n");
  write("a/other.json", "{\"name\": \"not a template\"}");
  CliRun r = rightfit("check " + (dir_ / "a").string());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("no findings"), std::string::npos) << r.out;
}

TEST_F(Cli, TextIsCompilerStyle) {
  fs::path t = write("t.yaml", kWarningOnly);
  CliRun r = rightfit("check " + t.string());
  EXPECT_NE(r.out.find(t.string() + ":6:7: warning: Lambda function 'Fn' has Timeout 700 s"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[RF104]"), std::string::npos);
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour when not a terminal";
}

// Colour on a terminal (`script` gives the run one), unless NO_COLOR is non-empty; --color
// always/never win over both.
TEST_F(Cli, ColourFollowsTerminalNoColorAndTheFlag) {
  fs::path t = write("t.yaml", kWarningOnly);
  auto on_terminal = [&](const std::string& env, const std::string& args) {
    return rightfit_raw(env + " script -qec '" + std::string(RIGHTFIT_BINARY) + " check " + args +
                        " " + t.string() + "' /dev/null")
        .out;
  };
  const std::string kEscape = "\x1b[";
  EXPECT_NE(on_terminal("NO_COLOR=", "").find(kEscape), std::string::npos) << "empty: not set";
  EXPECT_EQ(on_terminal("NO_COLOR=1", "").find(kEscape), std::string::npos);
  EXPECT_NE(on_terminal("NO_COLOR=1", "--color always").find(kEscape), std::string::npos);
  EXPECT_EQ(on_terminal("NO_COLOR=", "--color never").find(kEscape), std::string::npos);
  EXPECT_NE(rightfit("check --color always " + t.string()).out.find(kEscape), std::string::npos)
      << "always: even into a pipe";
  EXPECT_EQ(rightfit("check --color sometimes " + t.string()).exit_code, 2);
}

// A bare `rightfit` shows the usage; a mistyped command names the closest one.
TEST_F(Cli, BareAndUnknownCommands) {
  CliRun bare = rightfit("");
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.out.find("Usage:"), std::string::npos) << bare.out;
  EXPECT_NE(bare.out.find("check"), std::string::npos) << bare.out;
  CliRun typo = rightfit("chek .");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("unknown command 'chek'; did you mean 'check'?"), std::string::npos)
      << typo.err;
  CliRun far = rightfit("frobnicate");
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
  EXPECT_NE(far.err.find("unknown command 'frobnicate'"), std::string::npos) << far.err;
}

// The same `.rightfit.yaml` applies however the tree is named: the nearest one walking up from
// the analysed directory to the repository's top; its exclude patterns stay relative to it.
TEST_F(Cli, ConfigIsTheNearestOneUpToTheRepositoryTop) {
  fs::create_directories(dir_ / "repo/.git");
  write("repo/.rightfit.yaml", "rules:\n  RF104: {severity: error}\nexclude: [backend/vendor/]\n");
  write("repo/backend/t.yaml", kWarningOnly);
  write("repo/backend/vendor/v.yaml", kWarningOnly);
  const std::string bin = RIGHTFIT_BINARY;
  auto from = [&](const std::string& cwd, const std::string& args) {
    return rightfit_raw("cd " + (dir_ / cwd).string() + " && " + bin + " check " + args);
  };
  for (const auto& [cwd, args] :
       std::vector<std::pair<std::string, std::string>>{{"repo", "."},
                                                        {"repo", "backend"},
                                                        {"repo/backend", "."},
                                                        {"repo", "backend/t.yaml"},
                                                        {"repo/backend", "t.yaml"}}) {
    CliRun r = from(cwd, args);
    EXPECT_NE(r.out.find("t.yaml:6:7: error:"), std::string::npos) << cwd << " $ " << args << "\n"
                                                                   << r.out << r.err;
    EXPECT_EQ(r.out.find("v.yaml"), std::string::npos) << cwd << " $ " << args << "\n" << r.out;
  }
  write("repo/backend/.rightfit.yaml", "rules:\n  RF104: {severity: info}\n");
  CliRun nearer = from("repo/backend", ".");
  EXPECT_NE(nearer.out.find("t.yaml:6:7: info:"), std::string::npos) << nearer.out << nearer.err;
  fs::remove(dir_ / "repo/backend/.rightfit.yaml");
  // Outside a repository nothing above the named directory is read.
  fs::remove_all(dir_ / "repo/.git");
  CliRun outside = from("repo", "backend");
  EXPECT_NE(outside.out.find("t.yaml:6:7: warning:"), std::string::npos) << outside.out;
}

TEST_F(Cli, MissingPathIsUsageError) {
  CliRun r = rightfit("check " + (dir_ / "nope").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find((dir_ / "nope").string()), std::string::npos) << r.err;
}

TEST_F(Cli, UnknownOptionIsUsageError) {
  EXPECT_EQ(rightfit("check --no-such-flag").exit_code, 2);
  EXPECT_EQ(rightfit("check --format xml .").exit_code, 2);
  EXPECT_EQ(rightfit("").exit_code, 2);
}

TEST_F(Cli, UnknownConfigKeyNamesKeyAndFile) {
  write("p/.rightfit.yaml", "rules: {}\nthreshold: {}\n");
  write("p/t.yaml", kWarningOnly);
  CliRun r = rightfit("check " + (dir_ / "p").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".rightfit.yaml:2:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'threshold'"), std::string::npos) << r.err;
}

TEST_F(Cli, ConfigDisablesAndRelevelsRules) {
  write("p/t.yaml", kWarningOnly);
  write("p/.rightfit.yaml", "rules:\n  RF104: {severity: error}\n");
  CliRun r = rightfit("check --fail-on error " + (dir_ / "p").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("error: Lambda function 'Fn'"), std::string::npos) << r.out;
  write("p/.rightfit.yaml", "rules:\n  RF104: off\n");
  EXPECT_EQ(rightfit("check " + (dir_ / "p").string()).exit_code, 0);
  fs::path explicit_config =
      write("strict.yaml", "thresholds: {lambda_timeout_near_limit_s: 800}\n");
  EXPECT_EQ(rightfit("check --config " + explicit_config.string() + " " +
                     (dir_ / "p" / "t.yaml").string())
                .exit_code,
            0);
  EXPECT_EQ(rightfit("check --config " + (dir_ / "missing.yaml").string() + " .").exit_code, 2);
}

TEST_F(Cli, UnusedSuppressionsAreReportedOnlyWhenAsked) {
  write("p/t.yaml",
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Timeout: 30 # rightfit:ignore lambda-timeout-near-limit was 800 once\n");
  CliRun quiet = rightfit("check " + (dir_ / "p").string());
  EXPECT_EQ(quiet.exit_code, 0) << quiet.out << quiet.err;
  CliRun asked = rightfit("check --report-unused-suppressions " + (dir_ / "p").string());
  EXPECT_EQ(asked.exit_code, 1) << asked.out << asked.err;
  EXPECT_NE(asked.out.find("t.yaml:5:21: warning: rightfit:ignore RF104 suppresses nothing"),
            std::string::npos)
      << asked.out;
  EXPECT_NE(asked.out.find("[RF004]"), std::string::npos) << asked.out;
}

TEST_F(Cli, UnknownRulesAreErrorsNamingFileAndLine) {
  write("p/t.yaml",
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Timeout: 700 # rightfit:ignore RF1044 export\n");
  CliRun comment = rightfit("check " + (dir_ / "p").string());
  EXPECT_EQ(comment.exit_code, 1) << comment.out << comment.err;
  EXPECT_NE(comment.out.find("t.yaml:5:22: error: rightfit:ignore names 'RF1044', which is no "
                             "rule"),
            std::string::npos)
      << comment.out;
  EXPECT_NE(comment.out.find("[RF104]"), std::string::npos) << comment.out;  // not suppressed
  write("p/.rightfit.yaml", "rules:\n  RF105: off\n  lambda-timeout-near-lmit: off\n");
  CliRun config = rightfit("check " + (dir_ / "p").string());
  EXPECT_EQ(config.exit_code, 2);
  EXPECT_NE(config.err.find(".rightfit.yaml:3:3: unknown rule 'lambda-timeout-near-lmit'"),
            std::string::npos)
      << config.err;
  write("p/.rightfit.yaml",
        "rules:\n  lambda-timeout-near-limit: off\n  invalid-suppression: off\n");
  CliRun by_name = rightfit("check " + (dir_ / "p").string());
  EXPECT_EQ(by_name.exit_code, 0) << by_name.out << by_name.err;
}

TEST_F(Cli, JsonFormat) {
  fs::path t = write("t.yaml", kWarningOnly);
  CliRun r = rightfit("check --format json " + t.string());
  rapidjson::Document d;
  d.Parse(r.out.c_str());
  ASSERT_FALSE(d.HasParseError()) << r.out;
  ASSERT_EQ(d["findings"].Size(), 1u);
  EXPECT_STREQ(d["findings"][0]["ruleId"].GetString(), "RF104");
  EXPECT_EQ(d["findings"][0]["location"]["line"].GetInt(), 6);
}

TEST_F(Cli, GithubFormat) {
  fs::path t = write("t.yaml", kWarningOnly);
  CliRun r = rightfit("check --format github " + t.string());
  EXPECT_EQ(r.out.rfind("::warning file=" + t.string() + ",line=6,col=7", 0), 0u) << r.out;
}

TEST_F(Cli, GitlabCodeQualityFormat) {
  fs::path t = write("t.yaml", std::string(kWarningOnly) +
                                   "  Fn2:\n    Type: AWS::Lambda::Function\n"
                                   "    Properties:\n      Timeout: 0\n");
  CliRun r = rightfit("check --format gitlab " + t.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  rapidjson::Document d;
  d.Parse(r.out.c_str());
  ASSERT_TRUE(d.IsArray()) << r.out;
  ASSERT_EQ(d.Size(), 2u) << r.out;
  EXPECT_STREQ(d[0]["check_name"].GetString(), "RF104");
  EXPECT_STREQ(d[0]["severity"].GetString(), "minor");  // warning
  EXPECT_EQ(d[0]["location"]["lines"]["begin"].GetInt(), 6);
  EXPECT_STREQ(d[0]["location"]["path"].GetString(), t.string().c_str());
  EXPECT_STREQ(d[1]["check_name"].GetString(), "RF101");
  EXPECT_STREQ(d[1]["severity"].GetString(), "major");  // error
  EXPECT_STRNE(d[0]["fingerprint"].GetString(), d[1]["fingerprint"].GetString());
}

TEST_F(Cli, OutputFileIsWrittenAndReplaced) {
  fs::path t = write("t.yaml", kWarningOnly);
  fs::path report = dir_ / "report.sarif";
  write("report.sarif", "previous");
  CliRun r = rightfit("check --format sarif --output " + report.string() + " " + t.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  rapidjson::Document d;
  d.Parse(read_text(report).c_str());
  ASSERT_FALSE(d.HasParseError());
  EXPECT_STREQ(d["version"].GetString(), "2.1.0");
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
  CliRun bad =
      rightfit("check --output " + (dir_ / "no" / "dir" / "x.txt").string() + " " + t.string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no/dir/x.txt"), std::string::npos) << bad.err;
}

// The largest usage the config accepts still gives finite figures in every report format (1e308
// requests once printed "$inf" and "nan" into the HTML and SVG).
TEST_F(Cli, UsageAtItsCeilingKeepsReportsFinite) {
  write("t.yaml", kWarningOnly);
  write(".rightfit.yaml",
        "usage:\n  Fn: {requests_per_month: 1e13, avg_duration_ms: 2628000000}\n");
  for (const std::string command : {"cost", "report"}) {
    for (const std::string format : {"text", "json", "html", "markdown"}) {
      CliRun r = rightfit(command + " -f " + format + " " + dir_.string());
      EXPECT_EQ(r.exit_code, 0) << command << " " << format << ": " << r.err;
      for (const char* bad : {"inf", "nan", "NaN", "Infinity"}) {
        const std::regex word(std::string("\\b") + bad + "\\b");
        EXPECT_FALSE(std::regex_search(r.out, word)) << command << " " << format << ": " << bad;
      }
    }
  }
  write(".rightfit.yaml", "usage:\n  Fn: {requests_per_month: 1e308}\n");
  CliRun over = rightfit("cost " + dir_.string());
  EXPECT_EQ(over.exit_code, 2);
  EXPECT_NE(over.err.find("'usage.Fn.requests_per_month' must be at most 1e13"), std::string::npos)
      << over.err;
}

// The markdown options reach the report from the command line; a path with a space is
// percent-encoded in the link.
TEST_F(Cli, MarkdownSummaryAndLinksFromTheCommandLine) {
  write("in dir/t.yaml", kWarningOnly);
  CliRun r = rightfit_raw("cd " + dir_.string() + " && " + RIGHTFIT_BINARY +
                          " report -f markdown --summary --repository-url https://github.com/o/r "
                          "--commit abc123 .");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("](https://github.com/o/r/blob/abc123/in%20dir/t.yaml#L3)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("<details>"), std::string::npos) << r.out;
}

TEST_F(Cli, ParseErrorInTreeIsFindingAndOthersStillAnalysed) {
  write("p/bad.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n");
  write("p/good.yaml", kWarningOnly);
  CliRun r = rightfit("check --fail-on never " + (dir_ / "p").string());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("bad.yaml:3:1: error: invalid YAML"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[RF001]"), std::string::npos);
  EXPECT_NE(r.out.find("good.yaml:6:7: warning"), std::string::npos) << r.out;
}

TEST_F(Cli, RulesAndExplain) {
  CliRun rules = rightfit("rules");
  EXPECT_EQ(rules.exit_code, 0);
  for (const char* id :
       {"RF001", "RF002", "RF101", "RF104", "RF105", "RF106", "RF403", "RF404", "RF405", "RF406"}) {
    EXPECT_NE(rules.out.find(id), std::string::npos) << id;
  }
  EXPECT_NE(rules.out.find("RF004  warning unused-suppression  (off by default)"),
            std::string::npos)
      << rules.out;
  CliRun explain = rightfit("explain RF105");
  EXPECT_EQ(explain.exit_code, 0);
  EXPECT_EQ(explain.out.rfind("# RF105: api-timeout-exceeds-integration", 0), 0u) << explain.out;
  EXPECT_EQ(rightfit("explain api-timeout-exceeds-integration").exit_code, 0);
  CliRun unknown = rightfit("explain RF999");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("RF999"), std::string::npos);
}

TEST_F(Cli, Version) {
  CliRun r = rightfit("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("rightfit ", 0), 0u) << r.out;
}

TEST_F(Cli, ImageFindingsAndFunctionFindingsPointAtEachOther) {
  write("p/template.yaml",
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      PackageType: Image\n"
        "      Timeout: 700\n"
        "    Metadata:\n"
        "      Dockerfile: Dockerfile\n"
        "      DockerContext: ./app\n");
  write("p/app/Dockerfile", "FROM debian:12\nCMD [\"gunicorn\", \"app:app\"]\n");
  CliRun r = rightfit("check --fail-on never " + (dir_ / "p").string());
  const std::string dockerfile = (dir_ / "p" / "app" / "Dockerfile").string();
  const std::string tmpl = (dir_ / "p" / "template.yaml").string();
  // RF104 on the function names the Dockerfile; RF302/RF303 on the Dockerfile name the function.
  EXPECT_NE(r.out.find(tmpl + ":7:7: warning:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  " + dockerfile + ":1:1: note: its image is built from this Dockerfile"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(dockerfile + ":1:1: error: this image runs Lambda function 'Fn'"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(dockerfile +
                       ":2:1: error: this Lambda image starts a long-lived server (gunicorn)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  " + tmpl + ":9:7: note: Lambda function 'Fn' runs this image"),
            std::string::npos)
      << r.out;
}

TEST_F(Cli, VarFileAppliesToTerraformRootModules) {
  write("tf/main.tf",
        "variable \"timeout\" {\n  default = 30\n}\n\n"
        "resource \"aws_lambda_function\" \"f\" {\n  timeout = var.timeout\n}\n");
  fs::path prod = write("prod.tfvars", "timeout = 1000\n");
  EXPECT_EQ(rightfit("check " + (dir_ / "tf").string()).exit_code, 0);
  CliRun r = rightfit("check --var-file " + prod.string() + " " + (dir_ / "tf").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find((dir_ / "tf" / "main.tf").string() + ":6:3: error:"), std::string::npos)
      << r.out;
  EXPECT_EQ(rightfit("check --var-file " + (dir_ / "missing.tfvars").string() + " .").exit_code, 2);
}

// `--terraform-plan`: a variable set with -var in CI (no default: RF002 without the plan) comes
// from the plan, and the finding lands on the .tf line; `cost` takes the flag too.
TEST_F(Cli, TerraformPlanCompletesTheHcl) {
  write("tf/main.tf",
        "variable \"timeout\" {\n  type = number\n}\n\n"
        "resource \"aws_lambda_function\" \"f\" {\n  timeout = var.timeout\n}\n");
  fs::path plan = write("ci/plan.json",
                        "{\"format_version\": \"1.2\",\n"
                        " \"variables\": {\"timeout\": {\"value\": 1000}},\n"
                        " \"planned_values\": {\"root_module\": {\"resources\": [\n"
                        "  {\"address\": \"aws_lambda_function.f\", \"mode\": \"managed\",\n"
                        "   \"type\": \"aws_lambda_function\", \"name\": \"f\",\n"
                        "   \"values\": {\"timeout\": 1000}}]}}}\n");
  CliRun without = rightfit("check --fail-on info " + (dir_ / "tf").string());
  EXPECT_NE(without.out.find("[RF002]"), std::string::npos) << without.out;
  CliRun r = rightfit("check --terraform-plan " + plan.string() + " " + (dir_ / "tf").string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find((dir_ / "tf" / "main.tf").string() + ":6:3: error:"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("[RF002]"), std::string::npos) << r.out;
  CliRun cost = rightfit("cost --terraform-plan " + plan.string() + " " + (dir_ / "tf").string());
  EXPECT_EQ(cost.exit_code, 0) << cost.err;
  // Alone, the plan's own positions; a missing plan is a usage error; a broken one RF001.
  CliRun alone = rightfit("check --terraform-plan " + plan.string() + " " + (dir_ / "ci").string());
  EXPECT_NE(alone.out.find(plan.string() + ":6:15: error:"), std::string::npos) << alone.out;
  EXPECT_EQ(rightfit("check --terraform-plan " + (dir_ / "none.json").string() + " .").exit_code,
            2);
  fs::path broken = write("broken/plan.json", "{\"format_version\": \"3.1\"}\n");
  CliRun bad = rightfit("check --terraform-plan " + broken.string() + " " + (dir_ / "tf").string());
  EXPECT_NE(bad.out.find(broken.string() + ":1:20: error: unsupported plan format_version"),
            std::string::npos)
      << bad.out;
}

// A handler whose loop exists only when the build defines FOREVER, as compile_commands.json
// does: the finding proves the database was read.
const char* kConditionalLoop =
    "#include <aws/lambda-runtime/runtime.h>\n"
    "using namespace aws::lambda_runtime;\n"
    "static invocation_response handler(const invocation_request&) {\n"
    "#ifdef FOREVER\n"
    "  while (true) {\n"
    "  }\n"
    "#endif\n"
    "  return invocation_response::success(\"ok\", \"text/plain\");\n"
    "}\n"
    "int main() { run_handler(handler); }\n";

TEST_F(Cli, CompileCommandsAndTheCppCache) {
  const fs::path handler = write("proj/handler.cpp", kConditionalLoop);
  // The cache lives below $XDG_CACHE_HOME, one directory per repository, never in the tree.
  fs::create_directories(dir_ / "proj/.git");
  const fs::path xdg = dir_ / "xdg";
  const std::string proj = (dir_ / "proj").string();
  auto cached = [&](const std::string& args) {
    return rightfit_raw("XDG_CACHE_HOME=" + xdg.string() + " " + RIGHTFIT_BINARY + " " + args);
  };

  CliRun plain = cached("check --no-cache --fail-on never " + proj);
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.find("RF102"), std::string::npos) << plain.out;
  EXPECT_FALSE(fs::exists(xdg)) << "--no-cache wrote the cache";

  write("db/compile_commands.json",
        "[{\"directory\": \"" + (dir_ / "proj").string() + "\", \"file\": \"" + handler.string() +
            "\", \"arguments\": [\"c++\", \"-std=c++17\", \"-DFOREVER\", \"-c\", \"" +
            handler.string() + "\"]}]\n");
  const std::string with_db =
      "check --fail-on never --compile-commands " + (dir_ / "db").string() + " " + proj;
  CliRun first = cached(with_db);
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find(handler.string() + ":5:3: error:"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("[RF102]"), std::string::npos) << first.out;
  // Without --no-cache the parsed facts are kept, and the second run reads them back.
  ASSERT_TRUE(fs::is_directory(xdg / "rightfit"));
  std::vector<fs::path> repositories;
  for (const auto& e : fs::directory_iterator(xdg / "rightfit")) repositories.push_back(e.path());
  ASSERT_EQ(repositories.size(), 1u);
  EXPECT_EQ(repositories[0].filename().string().rfind("proj-", 0), 0u) << repositories[0];
  const fs::path cache = repositories[0];
  EXPECT_FALSE(fs::exists(dir_ / "proj/.rightfit-cache")) << "the cache went into the tree";
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(cache)) entries += e.path().extension() == ".json";
  EXPECT_EQ(entries, 1u);
  EXPECT_EQ(cached(with_db).out, first.out);
  // A cache entry that is no regular file (a FIFO) is not read: the run parses instead.
  for (const auto& e : fs::directory_iterator(cache)) {
    if (e.path().extension() != ".json") continue;
    fs::remove(e.path());
    ASSERT_EQ(::mkfifo(e.path().c_str(), 0600), 0);
  }
  EXPECT_EQ(cached(with_db).out, first.out);

  CliRun missing =
      rightfit("check --compile-commands " + (dir_ / "nope.json").string() + " " + proj);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.json"), std::string::npos) << missing.err;
}

// One file is one file whatever spelling its path arrives in: `.`, `./x`, `x`, absolute,
// through a symlinked directory, named twice, or no path at all. Each spelling must report
// every finding of the four formats exactly once, with the same locations and fingerprints.
class CliPathSpellings : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    write("proj/.git/HEAD", "ref: refs/heads/main\n");  // the project root, as in a checkout
    write("proj/template.yaml",
          "Transform: AWS::Serverless-2016-10-31\n"
          "Resources:\n"
          "  Api:\n"
          "    Type: AWS::Lambda::Function\n"
          "    Properties:\n"
          "      Timeout: 1000\n"
          "  Thumbs:\n"
          "    Type: AWS::Serverless::Function\n"
          "    Properties:\n"
          "      PackageType: Image\n"
          "    Metadata:\n"
          "      Dockerfile: Dockerfile\n"
          "      DockerContext: ./app\n"
          "  Loop:\n"
          "    Type: AWS::Serverless::Function\n"
          "    Properties:\n"
          "      CodeUri: ./src\n"
          "      Handler: bootstrap\n"
          "      Runtime: provided.al2023\n");
    write("proj/app/Dockerfile", "FROM debian:12\nCMD [\"gunicorn\", \"app:app\"]\n");
    write("proj/src/handler.cpp",
          "#include <aws/lambda-runtime/runtime.h>\n"
          "using namespace aws::lambda_runtime;\n"
          "static invocation_response handler(invocation_request const&) {\n"
          "  while (true) {\n"
          "  }\n"
          "}\n"
          "int main() { run_handler(handler); }\n");
    write("proj/main.tf",
          "resource \"aws_lambda_function\" \"f\" {\n"
          "  function_name = \"f\"\n"
          "  role          = \"arn:aws:iam::123456789012:role/r\"\n"
          "  handler       = \"index.handler\"\n"
          "  runtime       = \"nodejs20.x\"\n"
          "  timeout       = 1000\n"
          "}\n");
    write("proj/modules/queue/main.tf", "resource \"aws_sqs_queue\" \"q\" {}\n");
    fs::create_directory_symlink(dir_ / "proj", dir_ / "link");
  }

  // `rightfit check <args>` run from `from`: each finding as "file:line RULE fingerprint".
  std::multiset<std::string> findings(const fs::path& from, const std::string& args) {
    CliRun r = testing_support::run_command_split(
        "cd " + testing_support::shell_quote(from.string()) + " && " + RIGHTFIT_BINARY +
            " check --no-cache --fail-on never -f json " + args,
        dir_);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    rapidjson::Document d;
    d.Parse(r.out.c_str());
    std::multiset<std::string> out;
    if (d.HasParseError() || !d.HasMember("findings")) {
      ADD_FAILURE() << args << ": " << r.out << r.err;
      return out;
    }
    for (const auto& f : d["findings"].GetArray()) {
      std::string file = f["location"]["file"].GetString();
      out.insert(fs::path(file).lexically_normal().generic_string() + ":" +
                 std::to_string(f["location"]["line"].GetInt()) + " " + f["ruleId"].GetString() +
                 " " + f["fingerprint"].GetString());
    }
    return out;
  }
};

TEST_F(CliPathSpellings, EveryFindingOnceWhateverThePathSpelling) {
  const fs::path proj = dir_ / "proj";
  const std::multiset<std::string> reference = findings(proj, ".");
  std::multiset<std::string> rules;
  for (const std::string& f : reference) rules.insert(f.substr(f.find(' ') + 1, 5));
  // CloudFormation (RF101), Terraform (RF101), the Dockerfile (RF302, RF303) and C++ (RF102).
  EXPECT_EQ(rules, (std::multiset<std::string>{"RF101", "RF101", "RF102", "RF302", "RF303"}))
      << ::testing::PrintToString(reference);
  for (const std::string& f : reference) {
    EXPECT_EQ(reference.count(f), 1u) << f;
  }
  const std::string absolute = proj.string();
  for (const std::string& args :
       {std::string(""), std::string("./"), std::string(". ./"), std::string(". " + absolute),
        std::string("./main.tf ./template.yaml ./app/Dockerfile ./src/handler.cpp"),
        std::string("main.tf template.yaml app/Dockerfile src/handler.cpp"),
        std::string("main.tf ./main.tf " + absolute +
                    "/main.tf template.yaml app/Dockerfile "
                    "src/handler.cpp ./template.yaml"),
        std::string(". " + (dir_ / "link").string())}) {
    EXPECT_EQ(findings(proj, args), reference) << "check " << args;
  }
  // From the parent directory, paths are shown with their directory; as many findings, once.
  for (const std::string& args : {std::string("proj"), std::string("./proj"),
                                  std::string("proj link"), std::string("link proj/")}) {
    std::multiset<std::string> from_parent = findings(dir_, args);
    EXPECT_EQ(from_parent.size(), reference.size()) << "check " << args << "\n"
                                                    << ::testing::PrintToString(from_parent);
    std::set<std::string> unique(from_parent.begin(), from_parent.end());
    EXPECT_EQ(unique.size(), from_parent.size()) << "check " << args;
  }
  // Inside the project through the symlink: the same findings as through the real path.
  EXPECT_EQ(findings(dir_ / "link", "."), reference);
}

}  // namespace
}  // namespace rightfit
