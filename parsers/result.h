// One shape for "a value, or why there is none" across module edges (loading a file, a
// configuration, a baseline, a compilation database). GCC 12 has no std::expected, so this is
// the small part of it rightfit needs. It lives on the parsers floor, the lowest that returns
// one, so every floor above can use it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "parsers/source_range.h"

namespace rightfit {

// Why there is no value: the message for the user and, when known, where in the input.
struct Problem {
  std::string message;
  std::optional<Position> where;
};

// A problem on its way into a Result: `fail("why")` for a Problem, `fail_with(p)` for
// another problem type (e.g. a loader's error that also names a limit).
template <class P>
struct Failure {
  P problem;
};

template <class P>
Failure<P> fail_with(P problem) {
  return Failure<P>{std::move(problem)};
}
inline Failure<Problem> fail(std::string message, std::optional<Position> where = std::nullopt) {
  return Failure<Problem>{Problem{std::move(message), where}};
}

// A value of T or a problem P, never both. Reading the side that is not there throws
// std::bad_variant_access: a bug, but never undefined behaviour.
template <class T, class P = Problem>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Failure<P> failure)                                             // NOLINT: implicit
      : state_(std::in_place_index<1>, std::move(failure.problem)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

  const P& problem() const { return std::get<1>(state_); }

 private:
  std::variant<T, P> state_;
};

}  // namespace rightfit
