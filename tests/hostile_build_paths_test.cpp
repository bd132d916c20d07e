// Issue 24, "reading outside the tree": SAM builds a function from paths of this machine
// (CodeUri, Metadata.DockerContext, Metadata.Dockerfile). One that leaves the analysed
// directories (`../../x`, an absolute path, a symlinked directory) is read by nothing: no text
// of it reaches any output, the line that names it gets an RF002 (as Terraform's
// `source = "../x"` does) and `--verbose` names the refusal.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::BoundedRun;
using testing_support::run_bounded;
using testing_support::write_text;

constexpr const char* kSecret = "hunter2-do-not-print";

std::string sam_function(const std::string& name, const std::string& code_uri) {
  return "  " + name + ":\n    Type: AWS::Serverless::Function\n    Properties:\n" +
         "      CodeUri: " + code_uri + "\n      Handler: app.main\n      Runtime: python3.12\n";
}

std::string sam_image(const std::string& name, const std::string& context,
                      const std::string& dockerfile) {
  return "  " + name + ":\n    Type: AWS::Serverless::Function\n    Properties:\n" +
         "      PackageType: Image\n    Metadata:\n      DockerContext: " + context +
         "\n      Dockerfile: " + dockerfile + "\n";
}

class HostileBuildPaths : public testing_support::ScratchDirectory {
 protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    const fs::path outside = dir_ / "outside";
    write_text(outside / "code/app.py",
               std::string("import ") + kSecret + "\ndef main(event, context):\n    return 1\n");
    write_text(outside / "ctx/Dockerfile", std::string("FROM public.ecr.aws/lambda/python:3.12\n") +
                                               "COPY requirements.txt .\n" +
                                               "RUN pip install -r requirements.txt\n" +
                                               "LABEL note=" + kSecret + "\nEXPOSE 80\n");
    write_text(outside / "ctx/requirements.txt", std::string(kSecret) + "==1.0\n");
    fs::create_directories(dir_ / "repo/app");
    fs::create_directory_symlink(outside / "code", dir_ / "repo/app/linked");
    fs::create_directory_symlink(outside / "ctx", dir_ / "repo/app/linkedctx");
    // Lines: Up 7, Abs 13, Linked 19, ImgUp 27, ImgAbs 34, ImgLinked 41, ImgFile 49.
    write_text(dir_ / "repo/app/template.yaml",
               "AWSTemplateFormatVersion: '2010-09-09'\n"
               "Transform: AWS::Serverless-2016-10-31\nResources:\n" +
                   sam_function("Up", "../../outside/code") +
                   sam_function("Abs", (outside / "code").string()) +
                   sam_function("Linked", "./linked") +
                   sam_image("ImgUp", "../../outside/ctx", "Dockerfile") +
                   sam_image("ImgAbs", (outside / "ctx").string(), "Dockerfile") +
                   sam_image("ImgLinked", "./linkedctx", "Dockerfile") +
                   sam_image("ImgFile", ".", "../../outside/ctx/Dockerfile"));
  }
  BoundedRun check(const std::vector<std::string>& options) const {
    std::vector<std::string> argv{RIGHTFIT_BINARY, "check", "--no-cache"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back((dir_ / "repo").string());
    return run_bounded(argv, dir_);
  }
};

TEST_F(HostileBuildPaths, NothingOutsideTheRootsReachesAnyOutput) {
  for (const char* format : {"text", "json", "sarif"}) {
    const BoundedRun run = check({"-f", format, "--verbose"});
    testing_support::expect_well_behaved(run);
    EXPECT_EQ(run.out.find(kSecret), std::string::npos) << format << "\n" << run.out;
    EXPECT_EQ(run.err.find(kSecret), std::string::npos) << format << "\n" << run.err;
    // Nothing of the outside tree is a finding's file, not even its Dockerfile.
    EXPECT_EQ(run.out.find("ctx/Dockerfile:"), std::string::npos) << format << "\n" << run.out;
    EXPECT_EQ(run.out.find("app/linkedctx/Dockerfile"), std::string::npos) << run.out;
  }
}

TEST_F(HostileBuildPaths, EachLineThatLeavesTheRootsIsAnRf002AndVerboseNamesIt) {
  const BoundedRun run = check({"--verbose"});
  testing_support::expect_well_behaved(run);
  for (const char* at : {":7:", ":13:", ":19:", ":27:", ":34:", ":41:", ":49:"}) {
    const std::string line = std::string("template.yaml") + at;
    const std::size_t finding = run.out.find(line);
    ASSERT_NE(finding, std::string::npos) << line << "\n" << run.out;
    const std::string rest = run.out.substr(finding, run.out.find('\n', finding) - finding);
    EXPECT_NE(rest.find("RF002"), std::string::npos) << rest;
    EXPECT_NE(rest.find("refers outside the analysed tree"), std::string::npos) << rest;
    EXPECT_NE(run.err.find("refused " + (dir_ / "repo/app").string() + "/" + line),
              std::string::npos)
        << line << "\n"
        << run.err;
  }
  EXPECT_NE(run.err.find(":7: CodeUri '../../outside/code' refers outside"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find(":27: DockerContext '../../outside/ctx' refers outside"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find(":49: Dockerfile '"), std::string::npos) << run.err;
}

TEST_F(HostileBuildPaths, PathsInsideTheRootsAreNoRf002) {
  write_text(dir_ / "repo/app/src/app.py", "def main(event, context):\n    return 1\n");
  write_text(dir_ / "repo/app/img/Dockerfile", "FROM public.ecr.aws/lambda/python:3.12\n");
  write_text(dir_ / "repo/app/template.yaml",
             "AWSTemplateFormatVersion: '2010-09-09'\n"
             "Transform: AWS::Serverless-2016-10-31\nResources:\n" +
                 sam_function("Code", "./src") + sam_image("Img", "./img", "Dockerfile"));
  const BoundedRun run = check({"--verbose"});
  testing_support::expect_well_behaved(run);
  EXPECT_EQ(run.out.find("RF002"), std::string::npos) << run.out;
  EXPECT_EQ(run.err.find("refused"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace rightfit
