// The C++ front-end as a module loaded at run time (parsers/cpp/cpp_module.h): the rightfit
// binary links no LLVM, finds the module only beside itself, and without a usable module it
// reports the C++ files as not parsed and analyses everything else.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "host_process.h"
#include "parsers/cpp/cpp_module_loader.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::run_command;
using testing_support::shell_quote;

const fs::path kModule = fs::path(RIGHTFIT_BINARY).parent_path() / cpp::kCppModuleFile;

bool links_llvm(const fs::path& file, std::string& listed) {
  listed = run_command("ldd " + shell_quote(file.string())).output;
  return listed.find("libLLVM") != std::string::npos ||
         listed.find("libclang-cpp") != std::string::npos;
}

// What `ldd` shows is what the loader maps at start: a run over templates, Terraform, Python
// or JS maps no LLVM.
TEST(CppModule, TheBinaryLinksNoLlvmTheModuleDoes) {
  std::string listed;
  EXPECT_FALSE(links_llvm(RIGHTFIT_BINARY, listed)) << listed;
  EXPECT_NE(listed.find("libc.so"), std::string::npos) << listed;  // ldd did run
  ASSERT_TRUE(fs::is_regular_file(kModule)) << kModule;
  EXPECT_TRUE(links_llvm(kModule, listed)) << listed;
}

TEST(CppModule, IsLookedForOnlyBesideTheExecutable) {
  EXPECT_EQ(cpp::cpp_module_candidates("/usr/bin/rightfit"),
            (std::vector<std::string>{"/usr/bin/librightfit-cpp.so",
                                      "/usr/lib/rightfit/cpp/librightfit-cpp.so"}));
  EXPECT_EQ(cpp::cpp_module_candidates("/opt/rf/build/rightfit").front(),
            "/opt/rf/build/librightfit-cpp.so");
}

// The binary copied alone into a scratch directory: no module beside it, none installed
// above it.
class WithoutModule : public testing_support::ScratchDirectory {
 protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    fs::create_directories(dir_ / "bin");
    fs::copy_file(RIGHTFIT_BINARY, binary());
  }
  fs::path binary() const { return dir_ / "bin" / "rightfit"; }
  testing_support::CommandResult check(const std::string& args) const {
    return run_command("cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && " +
                       shell_quote(binary().string()) + " check --no-cache " + args);
  }
};

TEST_F(WithoutModule, CppFilesAreReportedNotParsedAndTheRestIsAnalysed) {
  testing_support::CommandResult cpp = check("fixtures/cpp/loops");
  EXPECT_EQ(cpp.exit_code, 1) << cpp.output;
  EXPECT_NE(cpp.output.find("handler.cpp:1:1: error: Not parsed: the C++ front-end "
                            "librightfit-cpp.so is missing (looked for " +
                            (dir_ / "bin" / "librightfit-cpp.so").string()),
            std::string::npos)
      << cpp.output;
  EXPECT_EQ(cpp.output.find("[RF102]"), std::string::npos) << cpp.output;

  testing_support::CommandResult yaml = check("fixtures/demo/template.yaml");
  EXPECT_EQ(yaml.exit_code, 1) << yaml.output;
  EXPECT_NE(yaml.output.find("fixtures/demo/template.yaml:33:7: warning"), std::string::npos)
      << yaml.output;
  EXPECT_EQ(yaml.output.find("librightfit-cpp.so"), std::string::npos) << yaml.output;
}

// A compile database beside templates is read only when C++ files are to be parsed (reading
// it needs Clang).
TEST_F(WithoutModule, ACompileDatabaseIsNotReadWithoutCppFiles) {
  const fs::path repo = dir_ / "repo";
  fs::create_directories(repo);
  fs::copy_file(fs::path(RIGHTFIT_SOURCE_DIR) / "fixtures/demo/template.yaml",
                repo / "template.yaml");
  testing_support::write_text(repo / "compile_commands.json", "[]");
  testing_support::CommandResult yaml = check(shell_quote(repo.string()));
  EXPECT_EQ(yaml.exit_code, 1) << yaml.output;
  EXPECT_NE(yaml.output.find("template.yaml:33:7: warning"), std::string::npos) << yaml.output;

  // With a C++ file it is read, and the missing module is the error that names it.
  testing_support::write_text(repo / "handler.cpp", "int main() {}\n");
  testing_support::CommandResult cpp = check(shell_quote(repo.string()));
  EXPECT_EQ(cpp.exit_code, 2) << cpp.output;
  EXPECT_NE(cpp.output.find("compile_commands.json: not read: the C++ front-end "
                            "librightfit-cpp.so is missing"),
            std::string::npos)
      << cpp.output;
}

// A shared object under the module's name that is not the module (here the tests' marker
// plugin) is refused with a message; the process goes on.
TEST_F(WithoutModule, AnotherSharedObjectUnderItsNameIsRefused) {
  fs::copy_file(RIGHTFIT_MARKER_PLUGIN, dir_ / "bin" / "librightfit-cpp.so");
  testing_support::CommandResult cpp = check("fixtures/cpp/loops");
  EXPECT_EQ(cpp.exit_code, 1) << cpp.output;
  EXPECT_NE(cpp.output.find("Not parsed: the C++ front-end librightfit-cpp.so could not be "
                            "loaded: " +
                            (dir_ / "bin" / "librightfit-cpp.so").string() +
                            ": no entry point rightfit_cpp_module"),
            std::string::npos)
      << cpp.output;
}

}  // namespace
}  // namespace rightfit
