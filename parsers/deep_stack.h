// Threads whose stack is sized for the nesting limits: a document may nest up to
// limits.max_nesting_depth levels (ceiling 10,000), and each level of a walk (a template's
// intrinsics, a Serverless variable, Clang on nested statements) can take kilobytes of stack
// in a sanitizer build, more than the 8 MB a main thread gets. Every front-end's parse runs on
// one (parallel_for's workers), so no walk needs its own.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <utility>

namespace rightfit {

// Reserved address space; only the pages a walk touches are committed.
inline constexpr std::size_t kDeepStackBytes = std::size_t{256} << 20;

// pthread_create's shape: how a thread is started. Tests pass one that refuses.
using ThreadStarter = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);

// A thread running `body` on a kDeepStackBytes stack, joined when this is destroyed. It may
// not start (address space or thread limits): started() says so, and `body` never runs.
class DeepStackThread {
 public:
  explicit DeepStackThread(std::function<void()> body, ThreadStarter start = &pthread_create)
      : body_(std::move(body)) {
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0) return;
    started_ = pthread_attr_setstacksize(&attributes, kDeepStackBytes) == 0 &&
               start(&thread_, &attributes, &DeepStackThread::run, this) == 0;
    pthread_attr_destroy(&attributes);
  }
  DeepStackThread(const DeepStackThread&) = delete;
  DeepStackThread& operator=(const DeepStackThread&) = delete;
  ~DeepStackThread() {
    if (started_) pthread_join(thread_, nullptr);
  }

  bool started() const { return started_; }

 private:
  static void* run(void* self) {
    static_cast<DeepStackThread*>(self)->body_();
    return nullptr;
  }

  std::function<void()> body_;  // must not throw: callers catch inside it
  pthread_t thread_{};
  bool started_ = false;
};

// `work()` on a DeepStackThread, its result (or exception) handed back; on the caller's own
// stack when no such thread can be started.
template <typename Work>
auto on_deep_stack(Work&& work, ThreadStarter start = &pthread_create) -> decltype(work()) {
  using Result = decltype(work());
  std::optional<Result> result;
  std::exception_ptr error;
  {
    DeepStackThread thread(
        [&] {
          try {
            result.emplace(work());
          } catch (...) {
            error = std::current_exception();
          }
        },
        start);
    if (!thread.started()) return work();
  }                                            // joins
  if (!result) std::rethrow_exception(error);  // the work threw: no result
  return std::move(*result);
}

}  // namespace rightfit
