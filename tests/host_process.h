// Helpers for tests that drive real host programs (git, pre-commit, neovim) in a scratch
// directory.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace rightfit::testing_support {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

// Runs `command` with /bin/sh, stdin from /dev/null.
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(("(" + command + ") </dev/null 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Single-quotes `text` for the shell.
inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

struct SeparateOutputs {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh, stdin from /dev/null, stdout and stderr kept apart (in files
// `stdout` and `stderr` of `scratch`, which are left there to be looked at).
inline SeparateOutputs run_command_split(const std::string& command,
                                         const std::filesystem::path& scratch) {
  const std::filesystem::path out = scratch / "stdout", err = scratch / "stderr";
  const int status =
      std::system((command + " >" + out.string() + " 2>" + err.string() + " </dev/null").c_str());
  return SeparateOutputs{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(out),
                         read_text(err)};
}

// A fresh directory under the test temp dir, removed when the fixture ends.
class ScratchDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "rf_host_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = std::filesystem::path(pattern);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

#ifdef RIGHTFIT_BINARY
// A directory per test, `<build dir>/<suite>/<test>`, kept after the run so what the test
// wrote (reports, screenshots) can be looked at; `rightfit(args)` runs the binary under test
// in it. ctest runs tests in parallel: each has its own directory.
class KeptTestDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(RIGHTFIT_BINARY).parent_path() / test->test_suite_name() /
           test->name();
    std::filesystem::create_directories(dir_);
  }
  SeparateOutputs run(const std::string& command) { return run_command_split(command, dir_); }
  SeparateOutputs rightfit(const std::string& args) {
    return run(std::string(RIGHTFIT_BINARY) + " " + args);
  }
  std::filesystem::path dir_;
};
#endif

// What `run_as_nobody` returns when the child could not switch users.
inline const std::string kCannotDropPrivileges = "cannot drop privileges";

// Root reads chmod-000 files and directories anyway, so tests of unreadable input run `work`
// in a child process that has dropped to "nobody" (uid/gid 65534); its text comes back
// through a pipe. Not root: `work` runs here, unreadable files already are.
inline std::string run_as_nobody(const std::function<std::string()>& work) {
  if (::geteuid() != 0) return work();
  int fds[2];
  if (::pipe(fds) != 0) return "pipe failed";
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    std::string text = kCannotDropPrivileges;
    if (::setgid(65534) == 0 && ::setuid(65534) == 0) text = work();
    [[maybe_unused]] ssize_t written = ::write(fds[1], text.data(), text.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[512];
  ssize_t got = 0;
  while ((got = ::read(fds[0], buffer, sizeof buffer)) > 0) text.append(buffer, got);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  return text;
}

}  // namespace rightfit::testing_support
