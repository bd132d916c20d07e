// Result<T, P>: a value or the problem that stands in its place, read safely.
#include "parsers/result.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace rightfit {
namespace {

Result<int> half_of(int n) {
  if (n % 2 != 0) return fail(std::to_string(n) + " is odd", Position{3, 7});
  return n / 2;
}

struct LimitHit {
  std::string limit;
};

TEST(Result, HoldsTheValue) {
  Result<int> r = half_of(8);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 4);
  EXPECT_EQ(*r, 4);
  EXPECT_EQ(r.value_or(-1), 4);
}

TEST(Result, HoldsTheProblemWithItsPosition) {
  Result<int> r = half_of(7);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().message, "7 is odd");
  ASSERT_TRUE(r.problem().where.has_value());
  EXPECT_EQ(*r.problem().where, (Position{3, 7}));
  EXPECT_EQ(r.value_or(-1), -1);
}

TEST(Result, ReadingTheMissingSideThrowsInsteadOfUndefinedBehaviour) {
  Result<int> problem = half_of(5);
  EXPECT_THROW((void)problem.value(), std::bad_variant_access);
  Result<int> value = half_of(2);
  EXPECT_THROW((void)value.problem(), std::bad_variant_access);
}

TEST(Result, MovesTheValueOut) {
  Result<std::vector<std::string>> r = std::vector<std::string>{"a", "b"};
  std::vector<std::string> taken = std::move(r).value();
  EXPECT_EQ(taken, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(r.ok());  // moved from, still holding a (valid) value
}

TEST(Result, TakesAnotherProblemType) {
  Result<std::string, LimitHit> r = fail_with(LimitHit{"limits.max_file_bytes"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().limit, "limits.max_file_bytes");
  // The value and the problem may even have the same type.
  Result<std::string, std::string> same = fail_with(std::string("why"));
  EXPECT_FALSE(same.ok());
  EXPECT_EQ(same.problem(), "why");
  Result<std::string, std::string> text = std::string("text");
  EXPECT_EQ(text.value(), "text");
}

}  // namespace
}  // namespace rightfit
