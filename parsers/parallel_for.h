// Runs a function over the indices 0..count-1 on a small pool of threads.
//
// The design is a shared-index pool, not work stealing: the tasks are independent files (or
// root modules), so there is nothing to split or steal, and one atomic counter that every
// worker increments to claim its next task is all the coordination needed. A slow item never
// holds back the rest (a file of 10,000 lines next to files of 10): the other workers keep
// claiming. Callers write each result to its own slot, which keeps the output in input order
// whatever the number of threads.
//
// What a shared index cannot fix is a large task claimed last, which leaves one thread
// working alone at the end. parallel_for_largest_first() hands the tasks out in decreasing
// size (the classic longest-processing-time-first order), so the small ones fill the gaps at
// the end; the results still land in their input slots.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

namespace rightfit {

namespace detail {

// Runs `work(claim(k))` for k = 0..count-1 on the pool (see parallel_for()).
template <class Claim, class Work>
void run_pool(std::size_t count, unsigned jobs, Claim&& claim, Work&& work) {
  unsigned threads = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, count));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    try {
      for (std::size_t k = next++; k < count; k = next++) work(claim(k));
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

}  // namespace detail

// `jobs` 0 means one thread per core. `work(i)` runs exactly once for every i; the calling
// thread is one of the workers. The first exception a worker throws is rethrown here after
// every thread has stopped. Items are claimed in index order.
template <class Work>
void parallel_for(std::size_t count, unsigned jobs, Work&& work) {
  detail::run_pool(
      count, jobs, [](std::size_t k) { return k; }, work);
}

// The order in which parallel_for_largest_first() claims items: by decreasing size, ties in
// index order (so the order, like the results, does not depend on the number of threads).
inline std::vector<std::size_t> largest_first_order(const std::vector<std::size_t>& sizes) {
  std::vector<std::size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  return order;
}

// parallel_for() over sizes.size() items, claimed largest first; `work(i)` still receives the
// item's own index, so results written to slot i stay in input order.
template <class Work>
void parallel_for_largest_first(const std::vector<std::size_t>& sizes, unsigned jobs, Work&& work) {
  const std::vector<std::size_t> order = largest_first_order(sizes);
  detail::run_pool(
      order.size(), jobs, [&](std::size_t k) { return order[k]; }, work);
}

}  // namespace rightfit
