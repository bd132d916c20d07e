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
                            "install", "deb-url", "deb-path", "ccache-dir"})
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

// The package step decides: when it installed rightfit (a given package, or the release's),
// the source build is skipped; otherwise it runs.
TEST_F(GithubAction, BuildsFromSourceOnlyWhenNoPackageWasInstalled) {
  YAML::Node steps = YAML::LoadFile(kAction.string())["runs"]["steps"];
  YAML::Node package = step_with(steps, "name", "Install the rightfit package");
  ASSERT_TRUE(package.IsMap());
  EXPECT_EQ(package["id"].as<std::string>(), "package");
  EXPECT_FALSE(package["if"]) << "it always runs: it decides";
  for (const char* name : {"Install build dependencies", "Build rightfit"}) {
    YAML::Node step = step_with(steps, "name", name);
    ASSERT_TRUE(step.IsMap()) << name;
    EXPECT_EQ(step["if"].as<std::string>(), "${{ steps.package.outputs.installed != 'true' }}")
        << name;
  }
  YAML::Node install = YAML::LoadFile(kAction.string())["inputs"]["install"];
  EXPECT_EQ(install["default"].as<std::string>(), "release");
}

// The package step with apt-get, curl and sudo replaced by stand-ins that log their arguments
// (the real install is tests/package_test.cpp's): what it downloads and what it installs.
class GithubActionPackageStep : public GithubAction {
 protected:
  void SetUp() override {
    GithubAction::SetUp();
    const fs::path bin = dir_ / "bin";
    // apt-get install fails when RF_APT_FAILS is set (a package that does not install).
    write_text(bin / "apt-get",
               "#!/bin/sh\necho \"apt-get $*\" >> \"$RF_LOG\"\n"
               "[ \"$1\" = install ] && [ -n \"$RF_APT_FAILS\" ] && exit 100\nexit 0\n");
    write_text(bin / "sudo", "#!/bin/sh\nexec \"$@\"\n");
    // curl -fsSL --retry 3 -o FILE URL: writes FILE; fails (HTTP 404) when RF_CURL_FAILS is set.
    write_text(bin / "curl",
               "#!/bin/sh\necho \"curl $*\" >> \"$RF_LOG\"\n"
               "[ -n \"$RF_CURL_FAILS\" ] && exit 22\n"
               "while [ $# -gt 0 ]; do [ \"$1\" = -o ] && : > \"$2\"; shift; done\n");
    for (const char* tool : {"apt-get", "sudo", "curl"})
      fs::permissions(bin / tool, fs::perms::owner_all, fs::perm_options::add);
  }

  // Runs the step with the inputs' environment (RF_DEB_URL, RF_INSTALL, ...) given as
  // `NAME=value` words; install is `source` unless given.
  testing_support::CommandResult run_package_step(
      const std::string& url, const std::string& path,
      const std::string& more_env = "RF_INSTALL=source") {
    YAML::Node step = step_with(YAML::LoadFile(kAction.string())["runs"]["steps"], "name",
                                "Install the rightfit package");
    EXPECT_TRUE(step.IsMap());
    write_text(dir_ / "package.sh", step["run"].as<std::string>());
    write_text(dir_ / "log", "");
    write_text(dir_ / "output", "");
    return run_command(
        "cd " + shell_quote(dir_.string()) + " && env PATH=" +
        shell_quote((dir_ / "bin").string() + ":" +
                    fs::path(RIGHTFIT_BINARY).parent_path().string() + ":/usr/bin:/bin") +
        " RF_LOG=" + shell_quote((dir_ / "log").string()) + " RF_DEB_URL=" + shell_quote(url) +
        " RF_DEB_PATH=" + shell_quote(path) + " RUNNER_TEMP=" + shell_quote(dir_.string()) +
        " GITHUB_OUTPUT=" + shell_quote((dir_ / "output").string()) + " " + more_env +
        " bash --noprofile --norc -eo pipefail package.sh");
  }

  std::string log() const { return read_text(dir_ / "log"); }
  std::string output() const { return read_text(dir_ / "output"); }
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
  EXPECT_EQ(output(), "installed=true\n");
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

// `uses: rightfit/rightfit/integrations/github@v0.1.0`: the .deb the release workflow attached.
const char* kReleaseRef =
    "RF_INSTALL=release RF_SERVER=https://github.com RF_ACTION_REPOSITORY=rightfit/rightfit "
    "RF_ACTION_REF=v0.1.0";

std::string host_architecture() {
  std::string arch = testing_support::run_command("dpkg --print-architecture").output;
  while (!arch.empty() && arch.back() == '\n') arch.pop_back();
  return arch;
}

TEST_F(GithubActionPackageStep, InstallsThePackageOfTheReleaseItIsUsedAt) {
  testing_support::CommandResult run = run_package_step("", "", kReleaseRef);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::string downloaded = (dir_ / "rightfit.deb").string();
  EXPECT_NE(log().find("curl -fsSL --retry 3 -o " + downloaded +
                       " https://github.com/rightfit/rightfit/releases/download/v0.1.0/"
                       "rightfit_0.1.0_" +
                       host_architecture()),
            std::string::npos)
      << log();
  EXPECT_NE(log().find("apt-get install -y -qq " + downloaded), std::string::npos) << log();
  EXPECT_EQ(output(), "installed=true\n");
}

// No package at the release (HTTP 404), or one that does not install (not Debian 12): the
// source build runs.
TEST_F(GithubActionPackageStep, BuildsFromSourceWhenTheReleasePackageIsMissingOrDoesNotInstall) {
  for (const auto& [failure, notice] :
       {std::pair<std::string, std::string>{"RF_CURL_FAILS=1", "::notice::no release package at"},
        {"RF_APT_FAILS=1", "does not install here (not Debian 12?): building from source"}}) {
    testing_support::CommandResult run =
        run_package_step("", "", std::string(kReleaseRef) + " " + failure);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find(notice), std::string::npos) << run.output;
    EXPECT_EQ(output(), "installed=false\n") << failure;
  }
}

TEST_F(GithubActionPackageStep, AChosenPackageThatDoesNotInstallFailsTheStep) {
  write_text(dir_ / "dist/rightfit_0.1.0_amd64.deb", "");
  testing_support::CommandResult run =
      run_package_step("", "dist/rightfit_0.1.0_amd64.deb", "RF_INSTALL=release RF_APT_FAILS=1");
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_EQ(output(), "");
}

TEST_F(GithubActionPackageStep, BuildsFromSourceAtABranchOrALocalPath) {
  for (const char* ref : {"RF_ACTION_REF=main", "RF_ACTION_REF="}) {
    testing_support::CommandResult run =
        run_package_step("", "", std::string("RF_INSTALL=release ") + ref);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("is not a release tag: building from source"), std::string::npos)
        << run.output;
    EXPECT_EQ(log(), "") << ref;
    EXPECT_EQ(output(), "installed=false\n") << ref;
  }
}

TEST_F(GithubActionPackageStep, SourceInstallDownloadsNothing) {
  testing_support::CommandResult run =
      run_package_step("", "", std::string(kReleaseRef) + " RF_INSTALL=source");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(output(), "installed=false\n");
}

TEST_F(GithubActionPackageStep, RejectsAnUnknownInstallMethod) {
  testing_support::CommandResult run = run_package_step("", "", "RF_INSTALL=binary");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("install must be 'release' or 'source', not 'binary'"),
            std::string::npos)
      << run.output;
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
