#include "parsers/text_position.h"

#include <algorithm>

namespace rightfit {
namespace {

constexpr std::size_t kChunk = 64;

}  // namespace

void append_utf8(std::string& out, uint32_t code_point) {
  if ((code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    code_point = 0xFFFD;
  }
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::size_t offset_of(std::string_view text, Position at) {
  std::size_t offset = 0;
  for (uint32_t line = 1; line < at.line && offset < text.size(); ++line) {
    const std::size_t newline = text.find('\n', offset);
    if (newline == std::string_view::npos) return text.size();
    offset = newline + 1;
  }
  for (uint32_t column = 1; column < at.column && offset < text.size() && text[offset] != '\n';
       ++column) {
    ++offset;
    while (offset < text.size() && is_utf8_continuation(text[offset])) ++offset;
  }
  return offset;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  uint32_t code_points = 0;
  bool ascii = true;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i % kChunk == 0) code_points_at_chunk_.push_back(code_points);
    if (i == text.size()) break;
    if (!is_utf8_continuation(text[i])) ++code_points;
    ascii = ascii && static_cast<unsigned char>(text[i]) < 0x80;
    if (text[i] == '\n') {
      line_starts_.push_back(i + 1);
      ascii_line_.push_back(ascii);
      ascii = true;
    }
  }
  ascii_line_.push_back(ascii);
}

uint32_t LineIndex::code_points_before(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  std::size_t chunk = offset / kChunk;
  uint32_t count = code_points_at_chunk_[chunk];
  for (std::size_t i = chunk * kChunk; i < offset; ++i) {
    if (!is_utf8_continuation(text_[i])) ++count;
  }
  return count;
}

std::size_t LineIndex::line_index(std::size_t offset) const {
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::size_t>(after - line_starts_.begin()) - 1;
}

Position LineIndex::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  std::size_t row = line_index(offset);
  if (ascii_line_[row]) {
    return {static_cast<uint32_t>(row + 1), static_cast<uint32_t>(offset - line_starts_[row]) + 1};
  }
  uint32_t column = code_points_before(offset) - code_points_before(line_starts_[row]);
  return {static_cast<uint32_t>(row + 1), column + 1};
}

Position LineIndex::position(uint32_t row, uint32_t byte_column) const {
  if (row >= line_starts_.size()) {
    return {static_cast<uint32_t>(line_starts_.size()), 1};
  }
  std::size_t start = line_starts_[row];
  const std::size_t line_end = row + 1 < line_starts_.size() ? line_starts_[row + 1] : text_.size();
  if (ascii_line_[row] && start + byte_column <= line_end) return {row + 1, byte_column + 1};
  uint32_t column = code_points_before(start + byte_column) - code_points_before(start);
  return {row + 1, column + 1};
}

}  // namespace rightfit
