// LineIndex: byte offsets and tree-sitter points -> 1-based lines and code-point columns. All
// ASCII lines take a shortcut (columns are byte offsets); the results must equal counting
// code points from the line's start, on every line and at every offset.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "parsers/text_position.h"

namespace rightfit {
namespace {

// Positions as counted the slow way: lines by '\n', columns by UTF-8 lead bytes.
Position counted(std::string_view text, std::size_t offset) {
  Position at{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      at = {at.line + 1, 1};
    } else if (!is_utf8_continuation(text[i])) {
      ++at.column;
    }
  }
  return at;
}

std::vector<std::size_t> line_starts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

const std::vector<std::string> kTexts = {
    "",
    "ascii only\nsecond line\n",
    "name = \"caf\xC3\xA9\"\nplain = 1\n\n\xF0\x9F\x9A\x80 = 2\ntail \xE2\x82\xAC no newline",
    "\xC3\xA9\n\n\n",
    // A long ASCII line after a multi-byte one: chunk boundaries fall inside both.
    std::string(100, 'a') + "\xC3\xA9" + std::string(100, 'b') + "\n" + std::string(200, 'c'),
};

TEST(LineIndex, OffsetsGiveTheCountedPosition) {
  for (const std::string& text : kTexts) {
    LineIndex index(text);
    for (std::size_t offset = 0; offset <= text.size() + 2; ++offset) {
      Position expected = counted(text, offset);
      Position got = index.at(offset);
      ASSERT_EQ(got.line, expected.line) << "offset " << offset << " in " << text;
      ASSERT_EQ(got.column, expected.column) << "offset " << offset << " in " << text;
    }
  }
}

TEST(LineIndex, RowsAndByteColumnsGiveTheCountedPosition) {
  for (const std::string& text : kTexts) {
    LineIndex index(text);
    const std::vector<std::size_t> starts = line_starts(text);
    for (std::size_t row = 0; row < starts.size(); ++row) {
      const std::size_t end = row + 1 < starts.size() ? starts[row + 1] - 1 : text.size();
      for (std::size_t column = 0; starts[row] + column <= end; ++column) {
        Position expected = counted(text, starts[row] + column);
        Position got = index.position(static_cast<uint32_t>(row), static_cast<uint32_t>(column));
        ASSERT_EQ(got.line, expected.line) << "row " << row << " column " << column;
        ASSERT_EQ(got.column, expected.column) << "row " << row << " column " << column;
      }
    }
    // A row past the last line is the start of the last line.
    Position past = index.position(static_cast<uint32_t>(starts.size() + 3), 5);
    EXPECT_EQ(past.line, starts.size());
    EXPECT_EQ(past.column, 1u);
  }
}

}  // namespace
}  // namespace rightfit
