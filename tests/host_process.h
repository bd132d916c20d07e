// Helpers for tests that drive real host programs (git, pre-commit, neovim) in a scratch
// directory.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

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

// --- the hostile harness ---------------------------------------------------------------

// What issue 24 grants any input: an answer within 10 s, in at most 1 GiB. The 10 s are CPU
// seconds (RLIMIT_CPU): the tests share two cores with parallel builds and other tests, where a
// wall clock measures the machine's load. A process that waits without computing (a FIFO, a
// lock) is killed by the wall clock, which allows for that load: kWallClockAllowance times more.
inline constexpr std::chrono::seconds kHostileTimeLimit{10};
inline constexpr int kWallClockAllowance = 6;
inline constexpr std::size_t kHostileMemoryBytes = std::size_t{1} << 30;

// ASan reserves terabytes of address space for its shadow memory, so an address-space cap
// (RLIMIT_AS) would stop every sanitized run at its start; there the peak RSS is checked instead.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSpaceCapWorks = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSpaceCapWorks = false;
#else
inline constexpr bool kAddressSpaceCapWorks = true;
#endif
#else
inline constexpr bool kAddressSpaceCapWorks = true;
#endif

struct BoundedRun {
  bool started = false;
  bool timed_out = false;  // killed at the CPU or the wall-clock limit
  int exit_code = -1;      // when it exited
  int signal = 0;          // when a signal ended it
  long peak_rss_kib = 0;   // from wait4's rusage
  std::string out, err;
};

// Runs `argv` (no shell; stdin /dev/null; stdout and stderr to files `stdout`/`stderr` of
// `scratch`) as a child process capped at kHostileMemoryBytes of address space (not under
// ASan, see kAddressSpaceCapWorks) and killed after kHostileTimeLimit of CPU time per input
// (`inputs`: how many hostile inputs the one run answers).
inline BoundedRun run_bounded(const std::vector<std::string>& argv,
                              const std::filesystem::path& scratch, int inputs = 1) {
  const auto cpu_seconds = static_cast<rlim_t>(kHostileTimeLimit.count() * inputs);
  BoundedRun run;
  const std::string out_path = (scratch / "stdout").string();
  const std::string err_path = (scratch / "stderr").string();
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t child = ::fork();
  if (child < 0) return run;
  if (child == 0) {
    if (kAddressSpaceCapWorks) {
      const rlimit cap{kHostileMemoryBytes, kHostileMemoryBytes};
      if (::setrlimit(RLIMIT_AS, &cap) != 0) ::_exit(126);
    }
    // SIGXCPU at the limit, SIGKILL a second later.
    const rlimit cpu{cpu_seconds, cpu_seconds + 1};
    if (::setrlimit(RLIMIT_CPU, &cpu) != 0) ::_exit(126);
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  run.started = true;
  const auto deadline =
      std::chrono::steady_clock::now() + kHostileTimeLimit * inputs * kWallClockAllowance;
  int status = 0;
  rusage usage{};
  while (::wait4(child, &status, WNOHANG, &usage) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      run.timed_out = true;
      ::kill(child, SIGKILL);
      ::wait4(child, &status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status) && !run.timed_out) run.signal = WTERMSIG(status);
  if (run.signal == SIGXCPU ||
      (run.signal == SIGKILL &&
       usage.ru_utime.tv_sec + usage.ru_stime.tv_sec >= static_cast<time_t>(cpu_seconds))) {
    run.timed_out = true;
    run.signal = 0;
  }
  run.peak_rss_kib = usage.ru_maxrss;
  run.out = read_text(out_path);
  run.err = read_text(err_path);
  return run;
}

// What every hostile run must show: it ended by itself in time, without a signal (or, under
// the sanitizers, a sanitizer's report), within the memory, printed no line of /etc/passwd
// (text from outside the roots) and no ESC (a terminal escape sequence from the repository)
// on stdout or stderr.
inline void expect_well_behaved(const BoundedRun& run) {
  EXPECT_TRUE(run.started) << "the child process did not start";
  EXPECT_FALSE(run.timed_out) << "not answered within " << kHostileTimeLimit.count()
                              << " s of CPU per input (or " << kWallClockAllowance
                              << " times that on the wall clock)";
  EXPECT_EQ(run.signal, 0) << "ended by signal " << run.signal << "\n" << run.err;
  EXPECT_NE(run.exit_code, 126) << "the harness could not set the child up";
  EXPECT_LT(static_cast<std::size_t>(run.peak_rss_kib) * 1024, kHostileMemoryBytes)
      << "peak RSS " << run.peak_rss_kib << " KiB";
  for (const std::string* text : {&run.out, &run.err}) {
    EXPECT_EQ(text->find("root:x:0:0"), std::string::npos) << "/etc/passwd in the output";
    EXPECT_EQ(text->find('\x1b'), std::string::npos) << "an ESC byte in the output";
  }
  // A sanitized child that finds an error reports it and exits 1 (ASan's and UBSan's exit
  // code under halt_on_error), not by a signal: its report is what shows it.
  for (const char* report : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error: "})
    EXPECT_EQ(run.err.find(report), std::string::npos) << run.err.substr(0, 4000);
}

}  // namespace rightfit::testing_support
