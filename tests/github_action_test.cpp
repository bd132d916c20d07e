// The composite GitHub Action (integrations/github/action.yml): its structure, and its
// analysis step run as the Actions runner runs a `shell: bash` step (bash --noprofile --norc
// -eo pipefail FILE, inputs through `env`, outputs through $GITHUB_OUTPUT).
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::run_command;
using testing_support::shell_quote;
using testing_support::write_text;

const fs::path kAction = fs::path(RIGHTFIT_SOURCE_DIR) / "integrations/github/action.yml";

YAML::Node step_with(const YAML::Node& steps, const std::string& key, const std::string& value) {
  for (const YAML::Node& step : steps) {
    if (step[key] && step[key].as<std::string>().rfind(value, 0) == 0) return step;
  }
  return YAML::Node();
}

class GithubAction : public testing_support::ScratchDirectory {
 protected:
  // Runs the `check` step's script from the source directory with the given inputs.
  testing_support::CommandResult run_check_step(const std::string& paths,
                                                const std::string& baseline = "") {
    YAML::Node action = YAML::LoadFile(kAction.string());
    YAML::Node step = step_with(action["runs"]["steps"], "id", "check");
    EXPECT_TRUE(step.IsMap());
    write_text(dir_ / "step.sh", step["run"].as<std::string>());
    write_text(dir_ / "output", "");
    return run_command(
        "cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && env PATH=" +
        shell_quote(fs::path(RIGHTFIT_BINARY).parent_path().string() + ":/usr/bin:/bin") +
        " RF_PATHS=" + shell_quote(paths) + " RF_FAIL_ON=warning RF_BASELINE=" +
        shell_quote(baseline) + " RF_SARIF=" + shell_quote((dir_ / "rightfit.sarif").string()) +
        " RF_ANNOTATIONS=true GITHUB_OUTPUT=" + shell_quote((dir_ / "output").string()) +
        " bash --noprofile --norc -eo pipefail " + shell_quote((dir_ / "step.sh").string()));
  }
};

TEST_F(GithubAction, IsACompositeActionThatUploadsSarif) {
  YAML::Node action = YAML::LoadFile(kAction.string());
  EXPECT_EQ(action["runs"]["using"].as<std::string>(), "composite");
  YAML::Node upload =
      step_with(action["runs"]["steps"], "uses", "github/codeql-action/upload-sarif@");
  ASSERT_TRUE(upload.IsMap());
  EXPECT_EQ(upload["with"]["sarif_file"].as<std::string>(), "${{ inputs.sarif-file }}");
  for (const char* input : {"path", "fail-on", "baseline", "sarif-file", "upload", "annotations",
                            "deb-url", "deb-path", "ccache-dir"})
    EXPECT_TRUE(action["inputs"][input].IsMap()) << input;
  for (const YAML::Node& step : action["runs"]["steps"]) {
    if (!step["run"]) continue;
    write_text(dir_ / "syntax.sh", step["run"].as<std::string>());
    testing_support::CommandResult syntax =
        run_command("bash -n " + shell_quote((dir_ / "syntax.sh").string()));
    EXPECT_EQ(syntax.exit_code, 0) << step["name"].as<std::string>() << ": " << syntax.output;
  }
}

// Words between `open` and `close` in `text`.
std::set<std::string> words_between(const std::string& text, const std::string& open,
                                    const std::string& close) {
  std::size_t begin = text.find(open);
  if (begin == std::string::npos) return {};
  begin += open.size();
  std::istringstream list(text.substr(begin, text.find(close, begin) - begin));
  std::set<std::string> words;
  for (std::string w; list >> w;) words.insert(w);
  return words;
}

// The action installs what the project's own setup installs for building the binary (its
// build set, plus npm, which setup.sh adds when missing), so the two lists cannot drift apart
// unnoticed.
TEST_F(GithubAction, InstallsTheBuildPackagesOfSetupSh) {
  YAML::Node action = YAML::LoadFile(kAction.string());
  YAML::Node install = step_with(action["runs"]["steps"], "name", "Install build dependencies");
  ASSERT_TRUE(install.IsMap());
  std::set<std::string> installed =
      words_between(install["run"].as<std::string>(), "packages=\"", "\"");
  std::set<std::string> setup = words_between(
      read_text(fs::path(RIGHTFIT_SOURCE_DIR) / "scripts/setup.sh"), "build_packages=(", ")");
  ASSERT_GE(installed.size(), 10u);
  setup.insert("npm");
  for (const std::string& p : installed) EXPECT_TRUE(setup.count(p)) << p << " is not in setup.sh";
}

// Given a package (deb-url or deb-path), the action installs it and skips the source build;
// without one, it builds from source.
TEST_F(GithubAction, BuildsFromSourceOnlyWithoutAPackage) {
  YAML::Node steps = YAML::LoadFile(kAction.string())["runs"]["steps"];
  const std::string no_package = "${{ inputs.deb-url == '' && inputs.deb-path == '' }}";
  for (const char* name : {"Install build dependencies", "Build rightfit"}) {
    YAML::Node step = step_with(steps, "name", name);
    ASSERT_TRUE(step.IsMap()) << name;
    EXPECT_EQ(step["if"].as<std::string>(), no_package) << name;
  }
  YAML::Node package = step_with(steps, "name", "Install the rightfit package");
  ASSERT_TRUE(package.IsMap());
  EXPECT_EQ(package["if"].as<std::string>(),
            "${{ inputs.deb-url != '' || inputs.deb-path != '' }}");
}

// The package step with apt-get, curl and sudo replaced by stand-ins that log their arguments
// (the real install is tests/package_test.cpp's): what it downloads and what it installs.
class GithubActionPackageStep : public GithubAction {
 protected:
  void SetUp() override {
    GithubAction::SetUp();
    const fs::path bin = dir_ / "bin";
    write_text(bin / "apt-get", "#!/bin/sh\necho \"apt-get $*\" >> \"$RF_LOG\"\n");
    write_text(bin / "sudo", "#!/bin/sh\nexec \"$@\"\n");
    // curl -fsSL --retry 3 -o FILE URL: writes FILE.
    write_text(bin / "curl",
               "#!/bin/sh\necho \"curl $*\" >> \"$RF_LOG\"\n"
               "while [ $# -gt 0 ]; do [ \"$1\" = -o ] && : > \"$2\"; shift; done\n");
    for (const char* tool : {"apt-get", "sudo", "curl"})
      fs::permissions(bin / tool, fs::perms::owner_all, fs::perm_options::add);
  }

  testing_support::CommandResult run_package_step(const std::string& url, const std::string& path) {
    YAML::Node step = step_with(YAML::LoadFile(kAction.string())["runs"]["steps"], "name",
                                "Install the rightfit package");
    EXPECT_TRUE(step.IsMap());
    write_text(dir_ / "package.sh", step["run"].as<std::string>());
    return run_command(
        "cd " + shell_quote(dir_.string()) + " && env PATH=" +
        shell_quote((dir_ / "bin").string() + ":" +
                    fs::path(RIGHTFIT_BINARY).parent_path().string() + ":/usr/bin:/bin") +
        " RF_LOG=" + shell_quote((dir_ / "log").string()) + " RF_DEB_URL=" + shell_quote(url) +
        " RF_DEB_PATH=" + shell_quote(path) + " RUNNER_TEMP=" + shell_quote(dir_.string()) +
        " bash --noprofile --norc -eo pipefail package.sh");
  }
};

TEST_F(GithubActionPackageStep, InstallsALocalPackageWithAptGet) {
  write_text(dir_ / "dist/rightfit_0.1.0_amd64.deb", "");
  testing_support::CommandResult run = run_package_step("", "dist/rightfit_0.1.0_amd64.deb");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::string log = read_text(dir_ / "log");
  EXPECT_NE(log.find("apt-get install -y -qq " + (dir_ / "dist/rightfit_0.1.0_amd64.deb").string()),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("curl"), std::string::npos) << log;
  EXPECT_NE(run.output.find("rightfit "), std::string::npos)
      << "prints the version: " << run.output;
}

TEST_F(GithubActionPackageStep, DownloadsAndInstallsAPackageByUrl) {
  const std::string url = "https://github.com/rightfit/rightfit/releases/download/v0.1.0/x.deb";
  testing_support::CommandResult run = run_package_step(url, "");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::string log = read_text(dir_ / "log");
  const std::string downloaded = (dir_ / "rightfit.deb").string();
  EXPECT_NE(log.find("curl -fsSL --retry 3 -o " + downloaded + " " + url), std::string::npos)
      << log;
  EXPECT_NE(log.find("apt-get install -y -qq " + downloaded), std::string::npos) << log;
}

TEST_F(GithubActionPackageStep, FailsWhenThePackageIsMissing) {
  testing_support::CommandResult run = run_package_step("", "dist/no-such.deb");
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_EQ(read_text(dir_ / "log").find("apt-get install"), std::string::npos);
}

TEST_F(GithubAction, AnalysisStepWritesSarifAnnotationsAndTheExitCode) {
  testing_support::CommandResult run = run_check_step("fixtures/demo");
  EXPECT_EQ(run.exit_code, 0) << "findings are reported by a later step: " << run.output;
  EXPECT_NE(run.output.find("::warning file=fixtures/demo/template.yaml,line=33,col=7"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(read_text(dir_ / "output"), "exit-code=1\n");
  rapidjson::Document sarif;
  sarif.Parse(read_text(dir_ / "rightfit.sarif").c_str());
  ASSERT_TRUE(sarif.IsObject());
  EXPECT_GE(sarif["runs"][0]["results"].Size(), 6u);
}

TEST_F(GithubAction, BaselineMakesTheStepClean) {
  const std::string baseline = (dir_ / "baseline.json").string();
  testing_support::CommandResult written =
      run_command("cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && " + shell_quote(RIGHTFIT_BINARY) +
                  " baseline fixtures/demo -o " + shell_quote(baseline));
  ASSERT_EQ(written.exit_code, 0) << written.output;
  testing_support::CommandResult run = run_check_step("fixtures/demo", baseline);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(read_text(dir_ / "output"), "exit-code=0\n");
}

TEST_F(GithubAction, ErrorStopsTheStep) {
  testing_support::CommandResult run = run_check_step("fixtures/no-such-directory");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_EQ(read_text(dir_ / "output"), "exit-code=2\n");
  EXPECT_NE(run.output.find("fixtures/no-such-directory"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace rightfit
