// Text helpers for building the HCL AST (private to parsers/terraform): positions in
// code points, and the decoding of literal text inside strings and heredocs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source_range.h"

namespace rightfit::hcl::detail {

// Turns tree-sitter points (0-based row, 0-based column in bytes) into 1-based lines and
// code-point columns, in time independent of the line's length.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  Position position(uint32_t row, uint32_t byte_column) const;

 private:
  uint32_t code_points_before(std::size_t offset) const;

  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  // Code points before each kChunk-byte chunk: a column is then a scan of < kChunk bytes
  // (a minified file can hold one very long line with many nodes on it).
  std::vector<uint32_t> code_points_at_chunk_;
};

// A quoted string's literal text: backslash escapes (\n \r \t \" \\ \uXXXX \UXXXXXXXX) and
// the template escapes `$${` / `%%{`.
std::string decode_quoted_literal(std::string_view raw);

// A heredoc's literal text: only `$${` / `%%{` are escapes (backslashes stay as written).
std::string decode_template_escapes(std::string_view raw);

// `<<-` heredocs: removes the smallest indentation (spaces and tabs) of the non-blank lines
// from every line. The content is a sequence of literal pieces and interpolations; a nullptr
// stands for an interpolation or directive, which is content on its line like any text.
void remove_heredoc_indentation(std::span<std::string* const> literals);

// Whitespace that the `~` strip markers of `${~ x ~}` remove.
void trim_trailing_whitespace(std::string& text);
void trim_leading_whitespace(std::string& text);

}  // namespace rightfit::hcl::detail
