// A walk on the deep stack may recurse far past what the 8 MB main stack holds.
#include "parsers/deep_stack.h"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <string>

namespace rightfit {
namespace {

// About 4 KB of stack per level, kept from being optimised away.
std::size_t descend(std::size_t levels) {
  std::array<volatile char, 4096> frame{};
  frame[levels % frame.size()] = 1;
  return levels == 0 ? 0 : frame[levels % frame.size()] + descend(levels - 1);
}

TEST(DeepStack, HoldsWhatTheMainStackCannot) {
  // 20,000 levels x 4 KB = 80 MB: ten times a main thread's default stack.
  EXPECT_EQ(on_deep_stack([] { return descend(20'000); }), 20'000u);
}

TEST(DeepStack, ResultsAndExceptionsComeBack) {
  EXPECT_EQ(on_deep_stack([] { return std::string("walked"); }), "walked");
  EXPECT_THROW(on_deep_stack([]() -> int { throw std::runtime_error("bad"); }), std::runtime_error);
}

}  // namespace
}  // namespace rightfit
