// The thread pool and the determinism it must keep: the same findings, in the same order,
// whatever --jobs says.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/finding.h"
#include "driver/engine.h"
#include "parsers/parallel_for.h"

namespace rightfit {
namespace {

TEST(ParallelFor, RunsEveryIndexExactlyOnce) {
  for (unsigned jobs : {0u, 1u, 2u, 3u, 8u}) {
    std::vector<std::atomic<int>> runs(1000);
    parallel_for(runs.size(), jobs, [&](std::size_t i) { ++runs[i]; });
    for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i], 1) << i << " jobs " << jobs;
  }
  parallel_for(0, 4, [](std::size_t) { FAIL() << "no work for an empty range"; });
}

// The threads this process has now (the kernel's count: every thread started and not ended).
std::size_t live_threads() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoul(line.substr(8));
  }
  return 0;
}

// Issue 24: `-j 1000` started 1000 threads (and aborted when one could not be created under
// an address-space cap); the pool is clamped and every index still runs. Each index waits at
// a gate, so no worker ends before the pool is complete; a watcher counts the process's
// threads and opens the gate once their number has stopped growing (or has passed the clamp,
// which is already the failure). Counting the threads that ran an index instead would miss
// the threads started that found no index left.
TEST(ParallelFor, AThousandJobsAreClampedAndEveryIndexRuns) {
  using Clock = std::chrono::steady_clock;
  std::atomic<bool> open{false};
  std::atomic<std::size_t> most{0};
  const std::size_t before = live_threads() + 1;  // and the watcher
  std::thread watcher([&] {
    Clock::time_point grew = Clock::now();
    const Clock::time_point give_up = grew + std::chrono::seconds(10);
    while (Clock::now() - grew < std::chrono::milliseconds(500) && Clock::now() < give_up &&
           most <= before + kMaxParallelJobs) {
      const std::size_t now = live_threads();
      if (now > most) {
        most = now;
        grew = Clock::now();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    open = true;
  });
  std::vector<std::atomic<int>> runs(2000);
  parallel_for(runs.size(), 1000, [&](std::size_t i) {
    while (!open) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++runs[i];
  });
  watcher.join();
  for (const std::atomic<int>& r : runs) ASSERT_EQ(r, 1);
  EXPECT_GT(most, before) << "no worker thread seen";
  EXPECT_LE(most - before, kMaxParallelJobs) << "threads started for -j 1000";
}

// Under an address-space cap thread creation fails long before 1000: that aborted the run
// (std::system_error escaped); now the threads already running do the work. In a child
// process, whose cap ends with it. AddressSanitizer reserves terabytes of address space, so
// its builds run the same work without the cap.
TEST(ParallelFor, AThousandJobsUnderAnAddressSpaceCapContinue) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
#if !defined(__SANITIZE_ADDRESS__)
    long pages = 0;
    std::ifstream("/proc/self/statm") >> pages;
    const rlim_t cap = static_cast<rlim_t>(pages) * ::sysconf(_SC_PAGESIZE) + (300u << 20);
    const rlimit limit{cap, cap};
    ::setrlimit(RLIMIT_AS, &limit);
#endif
    std::vector<std::atomic<int>> runs(2000);
    parallel_for(runs.size(), 1000, [&](std::size_t i) {
      ++runs[i];
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    });
    for (const std::atomic<int>& r : runs) {
      if (r != 1) ::_exit(3);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(ParallelFor, AWorkersExceptionReachesTheCaller) {
  std::atomic<int> done{0};
  EXPECT_THROW(parallel_for(100, 4,
                            [&](std::size_t i) {
                              if (i == 10) throw std::runtime_error("item 10");
                              ++done;
                            }),
               std::runtime_error);
  EXPECT_LT(done.load(), 100);
}

// Uneven tasks (a few long ones among many short ones, placed so that they are claimed while
// other workers run through short ones): each result lands in its own input slot whatever the
// number of threads, and every task runs once.
TEST(ParallelFor, UnevenTasksKeepResultsInInputOrder) {
  std::vector<std::size_t> sizes(200);
  for (std::size_t i = 0; i < sizes.size(); ++i) sizes[i] = i % 50 == 49 ? 20'000 : i % 7;
  auto busy_work = [](std::size_t size, std::size_t seed) {
    std::size_t h = seed;
    for (std::size_t k = 0; k < size * 50; ++k) h = h * 6364136223846793005u + 1442695040888963407u;
    return h;
  };
  std::vector<std::size_t> expected(sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) expected[i] = busy_work(sizes[i], i);
  for (unsigned jobs : {1u, 2u, 3u, 8u, 0u}) {
    std::vector<std::size_t> results(sizes.size());
    std::vector<std::atomic<int>> runs(sizes.size());
    parallel_for(sizes.size(), jobs, [&](std::size_t i) {
      ++runs[i];
      results[i] = busy_work(sizes[i], i);
    });
    EXPECT_EQ(results, expected) << "jobs " << jobs;
    for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i], 1) << i << " jobs " << jobs;
  }
}

std::vector<std::string> described(const Analysis& a) {
  std::vector<std::string> out;
  for (const Finding& f : a.findings) {
    out.push_back(f.location.file + ":" + std::to_string(f.location.span.begin.line) + ":" +
                  std::to_string(f.location.span.begin.column) + " " + f.rule_id + " " + f.message +
                  " [" + fingerprint(f) + "]");
    for (const RelatedLocation& r : f.related) {
      out.back() += " related " + r.where.file + ":" + std::to_string(r.where.line());
    }
  }
  return out;
}

TEST(ParallelAnalysis, FindingsDoNotDependOnJobs) {
  const std::string fixtures = std::string(RIGHTFIT_SOURCE_DIR) + "/fixtures";
  AnalysisRequest request;
  request.paths = {fixtures};
  request.root = fixtures;
  request.jobs = 1;
  const std::vector<std::string> serial = described(analyze(request));
  ASSERT_GT(serial.size(), 50u);  // CloudFormation, Terraform and Dockerfile findings
  for (unsigned jobs : {2u, 3u, 7u, 0u}) {
    request.jobs = jobs;
    EXPECT_EQ(described(analyze(request)), serial) << "jobs " << jobs;
  }
}

}  // namespace
}  // namespace rightfit
