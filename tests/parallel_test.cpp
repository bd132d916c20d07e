// The thread pool and the determinism it must keep: the same findings, in the same order,
// whatever --jobs says.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "analyzer/driver/engine.h"
#include "analyzer/finding.h"
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

TEST(ParallelFor, LargestFirstOrderIsBySizeThenIndex) {
  EXPECT_EQ(largest_first_order({3, 9, 1, 9, 0, 3}), (std::vector<std::size_t>{1, 3, 0, 5, 2, 4}));
  EXPECT_TRUE(largest_first_order({}).empty());
}

// Uneven tasks (a few long ones among many short ones, the long ones last in input order):
// each result lands in its own input slot whatever the number of threads, and one thread
// claims them largest first.
TEST(ParallelFor, LargestFirstKeepsResultsInInputOrder) {
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
    parallel_for_largest_first(sizes, jobs, [&](std::size_t i) {
      ++runs[i];
      results[i] = busy_work(sizes[i], i);
    });
    EXPECT_EQ(results, expected) << "jobs " << jobs;
    for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i], 1) << i << " jobs " << jobs;
  }
  std::vector<std::size_t> claimed;
  parallel_for_largest_first(sizes, 1, [&](std::size_t i) { claimed.push_back(i); });
  EXPECT_EQ(claimed, largest_first_order(sizes));
  EXPECT_EQ(claimed.front(), 49u);  // the first of the long tasks, though it comes late
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
