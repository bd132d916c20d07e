// Runs a recursive walk on a thread whose stack is sized for the nesting limits: a document may
// nest up to limits.max_nesting_depth levels (ceiling 10,000), and each level of a walk can take
// kilobytes of stack in a sanitizer build, more than the 8 MB a main thread gets.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <exception>
#include <optional>
#include <utility>

namespace rightfit {

// Reserved address space; only the pages a walk touches are committed.
inline constexpr std::size_t kDeepStackBytes = std::size_t{256} << 20;

// `work()` on a thread with a kDeepStackBytes stack, its result (or exception) handed back;
// on the caller's own stack when no such thread can be started.
template <typename Work>
auto on_deep_stack(Work&& work) -> decltype(work()) {
  using Result = decltype(work());
  struct Job {
    Work* work;
    std::optional<Result> result;
    std::exception_ptr error;
  };
  Job job{&work, std::nullopt, nullptr};
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) return work();
  pthread_t thread;
  const bool started = pthread_attr_setstacksize(&attributes, kDeepStackBytes) == 0 &&
                       pthread_create(
                           &thread, &attributes,
                           [](void* argument) -> void* {
                             Job& j = *static_cast<Job*>(argument);
                             try {
                               j.result.emplace((*j.work)());
                             } catch (...) {
                               j.error = std::current_exception();
                             }
                             return nullptr;
                           },
                           &job) == 0;
  pthread_attr_destroy(&attributes);
  if (!started) return work();
  pthread_join(thread, nullptr);
  if (!job.result) std::rethrow_exception(job.error);  // the work threw: no result
  return std::move(*job.result);
}

}  // namespace rightfit
