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
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "parsers/deep_stack.h"

namespace rightfit {

// More threads never help (the files bound the work, not the cores) and each costs a stack:
// `-j 1000` is clamped to this.
inline constexpr unsigned kMaxParallelJobs = 256;

// `jobs` 0 means one thread per core. `work(i)` runs exactly once for every i, on a worker
// with a deep stack (deep_stack.h; one worker too, so `-j 1` and the language server parse
// like the rest). The workers that cannot start are done without (address space, thread
// limits); when none can, the calling thread does the work. The first exception a worker
// throws is rethrown here after every thread has stopped.
template <class Work>
void parallel_for(std::size_t count, unsigned jobs, Work&& work,
                  ThreadStarter start = &pthread_create) {
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
  if (threads == 0) return;
  {
    std::vector<std::unique_ptr<DeepStackThread>> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.push_back(std::make_unique<DeepStackThread>(worker, start));
      if (!pool.back()->started()) break;  // no more threads: those running do the work
    }
    if (!pool.front()->started()) worker();
  }  // joins
  if (failure) std::rethrow_exception(failure);
}

}  // namespace rightfit
