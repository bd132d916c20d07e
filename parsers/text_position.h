// Text positions shared by the parsers: UTF-8 helpers, and file byte offsets -> 1-based
// lines and code-point columns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source_range.h"

namespace rightfit {

// Whether `byte` continues a UTF-8 sequence (10xxxxxx) rather than starting a code point.
inline bool is_utf8_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// Appends `code_point` encoded as UTF-8; surrogates and values past U+10FFFF, which are not
// characters, become the replacement character U+FFFD.
void append_utf8(std::string& out, uint32_t code_point);

// The byte offset of `at` (1-based line, code-point column) in `text`, clamped to its end: a
// column past its line's end stops at the line's newline.
std::size_t offset_of(std::string_view text, Position at);

// File byte offsets -> 1-based lines and code-point columns, in time independent of the
// line's length (a generated or minified file may hold one very long line with many nodes
// on it).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  // The position of the byte at `offset` (clamped to the end of the text).
  Position at(std::size_t offset) const;
  // The position of a tree-sitter point: 0-based row, 0-based column in bytes. A row past
  // the last line is the start of the last line.
  Position position(uint32_t row, uint32_t byte_column) const;
  // The 0-based line that holds `offset`.
  std::size_t line_index(std::size_t offset) const;

 private:
  uint32_t code_points_before(std::size_t offset) const;

  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  // Whether each line is all ASCII: its columns are then byte offsets, with no counting (a
  // parser asks for the positions of most nodes, and nearly every line of IaC is ASCII).
  std::vector<bool> ascii_line_;
  // Code points before each kChunk-byte chunk: a column is then a scan of < kChunk bytes.
  std::vector<uint32_t> code_points_at_chunk_;
};

}  // namespace rightfit
