// The clang-tidy module: Debian's clang-tidy-19 loads librightfit-tidy.so and reports the
// same findings, at the same lines, as the fixtures' `// expect:` annotations.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <regex>
#include <set>
#include <sstream>

#include "checks/check.h"
#include "driver/engine.h"
#include "tests/fixture_expectations.h"

namespace rightfit {
namespace {

using testing::Expected;

struct TidyRun {
  int exit_code = -1;
  std::string output;
};

TidyRun clang_tidy(const std::string& file, const std::string& checks) {
  // RIGHTFIT_TIDY_ENV: in the sanitizer build, the runtimes the module needs (LD_PRELOAD).
  std::string cmd = std::string(RIGHTFIT_TIDY_ENV) + " " + RIGHTFIT_CLANG_TIDY +
                    " --load=" + RIGHTFIT_TIDY_MODULE + " --checks='" + checks + "' " + file +
                    " -- -std=c++20 -Iparsers/cpp/overlay 2>&1";
  TidyRun run;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    run.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// (line, rule) of every rightfit diagnostic clang-tidy printed for `file`.
std::set<std::pair<unsigned, std::string>> diagnostics(const TidyRun& run,
                                                       const std::string& file) {
  std::map<std::string, std::string> rule_of;
  for (const RuleInfo& r : all_rules()) rule_of["rightfit-" + r.name] = r.id;
  static const std::regex line(R"(^(.+):(\d+):\d+: (?:warning|error): .*\[(rightfit-[a-z-]+)\]$)");
  std::set<std::pair<unsigned, std::string>> out;
  std::istringstream in(run.output);
  for (std::string text; std::getline(in, text);) {
    std::smatch m;
    if (!std::regex_match(text, m, line) || m[1].str().find(file) == std::string::npos) continue;
    EXPECT_TRUE(rule_of.count(m[3].str())) << "unknown check " << m[3];
    out.emplace(static_cast<unsigned>(std::stoul(m[2].str())), rule_of[m[3].str()]);
  }
  return out;
}

std::set<std::pair<unsigned, std::string>> expected_in(const std::string& file) {
  std::set<std::pair<unsigned, std::string>> out;
  for (const Expected& e : testing::expectations_of(file)) out.emplace(e.line, e.rule);
  return out;
}

class ClangTidyModule : public ::testing::TestWithParam<const char*> {};

TEST_P(ClangTidyModule, ReportsWhatTheFixtureExpects) {
  const std::string file = GetParam();
  TidyRun run = clang_tidy(file, "-*,rightfit-*");
  EXPECT_EQ(diagnostics(run, file), expected_in(file)) << run.output;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ClangTidyModule,
                         ::testing::Values("fixtures/cpp/loops/handler.cpp",
                                           "fixtures/cpp/threads/handler.cpp",
                                           "fixtures/cpp/files/handler.cpp",
                                           "fixtures/cpp/server/main.cpp",
                                           "fixtures/cpp/not_lambda/daemon.cpp"));

TEST(ClangTidyModuleChecks, AreListedUnderTheirRuleNames) {
  TidyRun run = clang_tidy("fixtures/cpp/loops/handler.cpp --list-checks", "-*,rightfit-*");
  for (const char* check :
       {"rightfit-lambda-unbounded-loop", "rightfit-lambda-polling-loop",
        "rightfit-function-mutable-global-state", "rightfit-lambda-write-outside-tmp",
        "rightfit-lambda-background-thread", "rightfit-lambda-listens-on-socket",
        "rightfit-client-created-per-invocation"}) {
    EXPECT_NE(run.output.find(check), std::string::npos) << check << "\n" << run.output;
  }
}

TEST(ClangTidyModuleChecks, OneCheckCanBeEnabledAlone) {
  TidyRun run = clang_tidy("fixtures/cpp/loops/handler.cpp", "-*,rightfit-lambda-polling-loop");
  std::set<std::pair<unsigned, std::string>> only_polling;
  for (const auto& e : expected_in("fixtures/cpp/loops/handler.cpp")) {
    if (e.second == "RF103") only_polling.insert(e);
  }
  EXPECT_EQ(diagnostics(run, "fixtures/cpp/loops/handler.cpp"), only_polling) << run.output;
  EXPECT_NE(run.output.find("note: it sleeps here"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace rightfit
