// The release path, without the network: the workflow (.github/workflows/release.yml) parses
// and runs only scripts and targets that exist, the version check it runs
// (packaging/release-version.sh) fails on any disagreement, and the pre-commit manifest with
// the image hook is valid for Debian's pre-commit.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <regex>
#include <string>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::CommandResult;
using testing_support::read_text;
using testing_support::run_command;
using testing_support::shell_quote;
using testing_support::write_text;

const fs::path kSource = RIGHTFIT_SOURCE_DIR;

std::string project_version() {
  std::smatch m;
  const std::string cmake = read_text(kSource / "CMakeLists.txt");
  EXPECT_TRUE(std::regex_search(cmake, m, std::regex(R"(project\(rightfit VERSION ([0-9.]+))")));
  return m[1];
}

class ReleaseWorkflow : public testing_support::ScratchDirectory {
 protected:
  YAML::Node workflow_ = YAML::LoadFile((kSource / ".github/workflows/release.yml").string());
  YAML::Node job() const { return workflow_["jobs"]["release"]; }

  // Every step's `run` script, joined.
  std::string scripts() const {
    std::string all;
    for (const YAML::Node& step : job()["steps"])
      if (step["run"]) all += step["run"].as<std::string>() + "\n";
    return all;
  }
};

TEST_F(ReleaseWorkflow, RunsOnAVersionTagInDebian12) {
  ASSERT_TRUE(job().IsMap());
  EXPECT_EQ(workflow_["on"]["push"]["tags"][0].as<std::string>(), "v*");
  EXPECT_EQ(job()["container"]["image"].as<std::string>(), "debian:12");
  EXPECT_EQ(workflow_["permissions"]["contents"].as<std::string>(), "write");
  EXPECT_EQ(workflow_["permissions"]["packages"].as<std::string>(), "write");
}

TEST_F(ReleaseWorkflow, EveryStepIsValidBash) {
  for (const YAML::Node& step : job()["steps"]) {
    if (!step["run"]) continue;
    write_text(dir_ / "step.sh", step["run"].as<std::string>());
    CommandResult syntax = run_command("bash -n " + shell_quote((dir_ / "step.sh").string()));
    EXPECT_EQ(syntax.exit_code, 0) << step["name"].as<std::string>() << ": " << syntax.output;
  }
}

// The scripts and make targets it runs are this repository's.
TEST_F(ReleaseWorkflow, RunsScriptsAndTargetsThatExist) {
  const std::string all = scripts();
  const std::regex script(R"(bash ([A-Za-z0-9_./-]+\.sh))");
  int scripts_seen = 0;
  for (std::sregex_iterator it(all.begin(), all.end(), script), end; it != end;
       ++it, ++scripts_seen)
    EXPECT_TRUE(fs::is_regular_file(kSource / (*it)[1].str())) << (*it)[1];
  EXPECT_GE(scripts_seen, 4);
  for (const char* needed : {"scripts/setup.sh --build", "make package",
                             "packaging/release-version.sh \"$TAG\" build/rightfit",
                             "packaging/image/build.sh", "gh release create"})
    EXPECT_NE(all.find(needed), std::string::npos) << needed;
  EXPECT_NE(read_text(kSource / "Makefile").find("\npackage:"), std::string::npos);
}

// The image goes to the GitHub Container Registry as the tag and as latest, the assets to the
// release: the .deb and the OCI archive the image script wrote.
TEST_F(ReleaseWorkflow, AttachesThePackageAndTheImageAndPushesTheImage) {
  const std::string all = scripts();
  EXPECT_NE(all.find("build/rightfit_*.deb \"build/rightfit-$TAG.oci.tar\""), std::string::npos);
  EXPECT_NE(all.find("\"$id\" \"docker://$image:$tag\""), std::string::npos);
  EXPECT_NE(all.find("for tag in \"$TAG\" latest"), std::string::npos);
  EXPECT_NE(all.find("image=\"ghcr.io/$owner/rightfit\""), std::string::npos);
}

class ReleaseVersion : public testing_support::ScratchDirectory {
 protected:
  // packaging/release-version.sh TAG, with a stand-in binary that reports `reported`.
  CommandResult check(const std::string& tag, const std::string& reported) {
    const fs::path binary = dir_ / "rightfit";
    write_text(binary, "#!/bin/sh\necho 'rightfit " + reported + "'\n");
    fs::permissions(binary, fs::perms::owner_all, fs::perm_options::add);
    return run_command("bash " + shell_quote((kSource / "packaging/release-version.sh").string()) +
                       " " + shell_quote(tag) + " " + shell_quote(binary.string()));
  }
};

TEST_F(ReleaseVersion, PassesWhenTheTagTheTreeAndTheBinaryAgree) {
  const std::string version = project_version();
  CommandResult agreed = check("v" + version, version);
  EXPECT_EQ(agreed.exit_code, 0) << agreed.output;
  EXPECT_EQ(agreed.output, version + "\n");
}

TEST_F(ReleaseVersion, FailsNamingEachDisagreement) {
  const std::string version = project_version();
  CommandResult other_tag = check("v99.0.0", version);
  EXPECT_EQ(other_tag.exit_code, 1);
  EXPECT_NE(other_tag.output.find("CMakeLists.txt project(VERSION) says '" + version + "'"),
            std::string::npos)
      << other_tag.output;
  EXPECT_NE(other_tag.output.find(".pre-commit-hooks.yaml"), std::string::npos) << other_tag.output;

  // A build after the tag reports `<tag>+<commits>.g<hash>` (cmake/version.cmake).
  CommandResult later_build = check("v" + version, version + "+3.gabc1234");
  EXPECT_EQ(later_build.exit_code, 1);
  EXPECT_NE(later_build.output.find("--version' says '" + version + "+3.gabc1234'"),
            std::string::npos)
      << later_build.output;
}

TEST_F(ReleaseVersion, RefusesATagThatIsNotSemver) {
  for (const char* tag : {"0.1.0", "v0.1", "v0.1.0-rc1", "release"}) {
    CommandResult run = check(tag, project_version());
    EXPECT_EQ(run.exit_code, 1) << tag;
    EXPECT_NE(run.output.find("is not vMAJOR.MINOR.PATCH"), std::string::npos) << run.output;
  }
}

class PreCommitManifest : public testing_support::ScratchDirectory {};

// Both hooks in one manifest that Debian's pre-commit accepts; the image hook runs the
// release's image with the same files as the binary hook.
TEST_F(PreCommitManifest, IsValidAndOffersTheImageHook) {
  CommandResult valid = run_command("cd " + shell_quote(kSource.string()) +
                                    " && pre-commit validate-manifest .pre-commit-hooks.yaml");
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  YAML::Node hooks = YAML::LoadFile((kSource / ".pre-commit-hooks.yaml").string());
  ASSERT_EQ(hooks.size(), 2u);
  EXPECT_EQ(hooks[0]["id"].as<std::string>(), "rightfit");
  EXPECT_EQ(hooks[1]["id"].as<std::string>(), "rightfit-docker");
  EXPECT_EQ(hooks[1]["language"].as<std::string>(), "docker_image");
  EXPECT_EQ(hooks[1]["entry"].as<std::string>(),
            "ghcr.io/rightfit/rightfit:v" + project_version() + " check");
  EXPECT_EQ(hooks[1]["files"].as<std::string>(), hooks[0]["files"].as<std::string>());
}

// An invalid manifest is refused: the check above can fail.
TEST_F(PreCommitManifest, ValidationRefusesAnUnknownLanguage) {
  write_text(dir_ / "hooks.yaml", "- id: x\n  name: x\n  entry: x\n  language: container_image\n");
  CommandResult invalid =
      run_command("pre-commit validate-manifest " + shell_quote((dir_ / "hooks.yaml").string()));
  EXPECT_NE(invalid.exit_code, 0) << invalid.output;
}

}  // namespace
}  // namespace rightfit
