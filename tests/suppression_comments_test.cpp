#include "parsers/suppression_comments.h"

#include <gtest/gtest.h>

namespace rightfit {
namespace {

const std::vector<std::string_view> kYaml = {"#"};
const std::vector<std::string_view> kHcl = {"#", "//", "/*"};

using Rules = std::vector<std::string>;

TEST(IgnoreComments, OwnLineCommentWithSeveralIdsAndReason) {
  auto found = find_ignore_comments(
      "Resources:\n"
      "  # rightfit:ignore RF401 RF402 batch job, runs once a day\n"
      "  Fn:\n",
      kYaml);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 2u);
  EXPECT_TRUE(found[0].own_line);
  EXPECT_EQ(found[0].rules, (Rules{"RF401", "RF402"}));
  EXPECT_EQ(found[0].reason, "batch job, runs once a day");
}

TEST(IgnoreComments, TrailingCommentWithCommaSeparatedIds) {
  auto found =
      find_ignore_comments("Timeout: 900  # rightfit:ignore RF104,RF105, RF106 legacy\n", kYaml);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 1u);
  EXPECT_FALSE(found[0].own_line);
  EXPECT_EQ(found[0].rules, (Rules{"RF104", "RF105", "RF106"}));
  EXPECT_EQ(found[0].reason, "legacy");
}

TEST(IgnoreComments, ReasonMayBeEmpty) {
  auto found = find_ignore_comments("# rightfit:ignore RF101   \n", kYaml);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rules, (Rules{"RF101"}));
  EXPECT_EQ(found[0].reason, "");
}

TEST(IgnoreComments, TextBeforeTheDirectiveInTheCommentIsAllowed) {
  auto found = find_ignore_comments("x: 1 # note: rightfit:ignore RF101 why\n", kYaml);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rules, (Rules{"RF101"}));
  EXPECT_EQ(found[0].reason, "why");
}

// A directive without IDs is kept: the analyzer reads rule names from the reason and
// reports a directive naming no rule (RF003) instead of silently ignoring it.
TEST(IgnoreComments, DirectiveWithoutIdsIsKeptForTheAnalyzer) {
  for (const char* text : {"# rightfit:ignore\n", "# rightfit:ignore because reasons\n",
                           "# rightfit:ignore rf101 lower case\n"}) {
    auto found = find_ignore_comments(text, kYaml);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_TRUE(found[0].rules.empty()) << text;
  }
  EXPECT_EQ(find_ignore_comments("# rightfit:ignore rf101 lower case\n", kYaml)[0].reason,
            "rf101 lower case");
  EXPECT_TRUE(find_ignore_comments("# rightfit:ignoreRF101\n", kYaml).empty());
}

// `RF` and any number of digits is read as a rule, so a typo reaches RF003 as an unknown rule
// instead of becoming the reason.
TEST(IgnoreComments, IdShapedWordsOfAnyLengthAreRules) {
  auto found = find_ignore_comments("# rightfit:ignore RF101 RF1023, RF10 x\n", kYaml);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rules, (Rules{"RF101", "RF1023", "RF10"}));
  EXPECT_EQ(found[0].reason, "x");
  EXPECT_EQ(find_ignore_comments("# rightfit:ignore RFX\n", kYaml)[0].reason, "RFX");
}

TEST(IgnoreComments, ColumnIsWhereTheDirectiveStarts) {
  auto found =
      find_ignore_comments("Timeout: 900  # rightfit:ignore RF104\n  # rightfit:ignore\n", kYaml);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].column, 17u);
  EXPECT_EQ(found[1].column, 5u);
}

TEST(IgnoreComments, MarkersInsideQuotesDoNotStartComments) {
  auto found = find_ignore_comments(
      "a: \"# rightfit:ignore RF101 in a string\"\n"
      "b: '# rightfit:ignore RF102 in a string'\n"
      "c: \"x # y\" # rightfit:ignore RF103 after the string\n"
      "d: 'it''s # here' # rightfit:ignore RF104 doubled quote\n"
      "e: \"esc \\\" # still\" # rightfit:ignore RF105 escaped quote\n",
      kYaml);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].line, 3u);
  EXPECT_EQ(found[0].rules, (Rules{"RF103"}));
  EXPECT_EQ(found[0].reason, "after the string");
  EXPECT_EQ(found[1].line, 4u);
  EXPECT_EQ(found[1].rules, (Rules{"RF104"}));
  EXPECT_EQ(found[2].line, 5u);
  EXPECT_EQ(found[2].rules, (Rules{"RF105"}));
}

TEST(IgnoreComments, ApostropheInPlainTextDoesNotOpenAQuote) {
  auto found = find_ignore_comments("Description: Don't scale # rightfit:ignore RF201 ok\n", kYaml);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rules, (Rules{"RF201"}));
}

TEST(IgnoreComments, HashInsideAWordIsNotAComment) {
  EXPECT_TRUE(find_ignore_comments("key: a#rightfit:ignore RF101\n", kYaml).empty());
}

TEST(IgnoreComments, DoubleSlashComment) {
  auto found = find_ignore_comments(
      "resource \"aws_lambda_function\" \"f\" {\n"
      "  timeout = 900 // rightfit:ignore RF104 long batch\n"
      "}\n",
      kHcl);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 2u);
  EXPECT_FALSE(found[0].own_line);
  EXPECT_EQ(found[0].rules, (Rules{"RF104"}));
  EXPECT_EQ(found[0].reason, "long batch");
}

TEST(IgnoreComments, BlockCommentEndsAtItsCloser) {
  auto found = find_ignore_comments(
      "  /* rightfit:ignore RF301, RF302 vendored */\n"
      "x = 1 /* rightfit:ignore RF303 why */ y = \"2\"\n"
      "url = \"http://example.com\" // rightfit:ignore RF304\n",
      kHcl);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].line, 1u);
  EXPECT_TRUE(found[0].own_line);
  EXPECT_EQ(found[0].rules, (Rules{"RF301", "RF302"}));
  EXPECT_EQ(found[0].reason, "vendored");
  EXPECT_EQ(found[1].line, 2u);
  EXPECT_FALSE(found[1].own_line);
  EXPECT_EQ(found[1].reason, "why");
  EXPECT_EQ(found[2].line, 3u);
  EXPECT_EQ(found[2].rules, (Rules{"RF304"}));
  EXPECT_EQ(found[2].reason, "");
}

TEST(IgnoreComments, OnlyTheFirstCommentOnALineCounts) {
  EXPECT_TRUE(
      find_ignore_comments("x = 1 /* note */ # rightfit:ignore RF101 second\n", kHcl).empty());
}

TEST(IgnoreComments, MarkersOfOtherFormatsAreIgnored) {
  EXPECT_TRUE(find_ignore_comments("x: 1 // rightfit:ignore RF101\n", kYaml).empty());
}

TEST(IgnoreComments, CrLfLineEndings) {
  auto found = find_ignore_comments(
      "a: 1\r\n"
      "# rightfit:ignore RF101 reason here\r\n"
      "b: 2 # rightfit:ignore RF102\r\n",
      kYaml);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].line, 2u);
  EXPECT_EQ(found[0].reason, "reason here");
  EXPECT_EQ(found[1].line, 3u);
  EXPECT_EQ(found[1].rules, (Rules{"RF102"}));
  EXPECT_EQ(found[1].reason, "");
}

TEST(IgnoreComments, LastLineWithoutNewlineAndEmptyText) {
  auto found = find_ignore_comments("a: 1\n\n\t# rightfit:ignore RF101 end", kYaml);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 3u);
  EXPECT_TRUE(found[0].own_line);
  EXPECT_TRUE(find_ignore_comments("", kYaml).empty());
}

}  // namespace
}  // namespace rightfit
