// Runs a function over the indices 0..count-1 on a small pool of threads. Workers take the
// next index from a shared atomic counter, so a slow item never holds back the rest (a file
// of 10,000 lines next to files of 10). Callers write each result to its own slot, which keeps
// the output in input order whatever the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace rightfit {

// `jobs` 0 means one thread per core. `work(i)` runs exactly once for every i; the calling
// thread is one of the workers. The first exception a worker throws is rethrown here after
// every thread has stopped.
template <class Work>
void parallel_for(std::size_t count, unsigned jobs, Work&& work) {
  unsigned threads = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, count));
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
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
  }  // joins
  if (failure) std::rethrow_exception(failure);
}

}  // namespace rightfit
