// Runs a function over the indices 0..count-1 on a small pool of threads.
//
// The design is a shared-index pool, not work stealing: the tasks are independent files (or
// root modules), so there is nothing to split or steal, and one atomic counter that every
// worker increments to claim its next index is all the coordination needed. A slow item never
// holds back the rest (a file of 10,000 lines next to files of 10): the other workers keep
// claiming. Callers write each result to its own slot, which keeps the output in input order
// whatever the number of threads.
//
// Items are claimed in index order, so a large item claimed last can leave one thread working
// alone at the end. On the corpus that costs little (bench/RESULTS.md: scheduling the files by
// size in walk order is within 0.2% of a perfect split on 2 threads, 1.3% on 4, no file being
// more than 4.4% of the Terraform half), so there is no largest-first ordering.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace rightfit {

// More threads never help (the files bound the work, not the cores) and each costs a stack:
// `-j 1000` is clamped to this.
inline constexpr unsigned kMaxParallelJobs = 256;

// `jobs` 0 means one thread per core. `work(i)` runs exactly once for every i; the calling
// thread is one of the workers. The first exception a worker throws is rethrown here after
// every thread has stopped.
template <class Work>
void parallel_for(std::size_t count, unsigned jobs, Work&& work) {
  unsigned threads = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  threads =
      static_cast<unsigned>(std::min<std::size_t>(std::min(threads, kMaxParallelJobs), count));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    try {
      for (std::size_t i = next++; i < count; i = next++) work(i);
    } catch (...) {
      next = count;  // the others stop after their current item
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) {
      try {
        pool.emplace_back(worker);
      } catch (const std::system_error&) {
        break;  // no more threads (address space, limits): those running do the work
      }
    }
    worker();
  }  // joins
  if (failure) std::rethrow_exception(failure);
}

}  // namespace rightfit
