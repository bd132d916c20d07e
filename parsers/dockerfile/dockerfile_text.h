// Text helpers for the Dockerfile parser (private to parsers/dockerfile): positions of file
// offsets in code points, and text assembled from pieces of the file (joined continuation
// lines, heredoc bodies, decoded JSON strings) that remembers where each byte came from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source_range.h"

namespace rightfit::dockerfile::detail {

// File byte offsets -> 1-based lines and code-point columns, in time independent of the
// line's length (a generated Dockerfile may hold one very long RUN line).
class FilePositions {
 public:
  explicit FilePositions(std::string_view text);

  Position at(std::size_t offset) const;
  // The 0-based line that holds `offset`.
  std::size_t line_index(std::size_t offset) const;

 private:
  uint32_t code_points_before(std::size_t offset) const;

  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  std::vector<uint32_t> code_points_at_chunk_;
};

// Text built from pieces of the file: every byte maps back to a file offset.
class MappedText {
 public:
  // `piece` is the file's text at `file_offset` (byte for byte).
  void append(std::string_view piece, std::size_t file_offset);
  // `piece` stands for the file's text at `file_offset` without being a copy of it (a decoded
  // escape, an added newline): all its bytes map to `file_offset`.
  void append_standing_for(std::string_view piece, std::size_t file_offset);
  // other.text()[begin, end), keeping its mapping.
  void append_slice(const MappedText& other, std::size_t begin, std::size_t end);
  // Overwrites text()[offset, offset + replacement.size()) in place; the mapping stays.
  void overwrite(std::size_t offset, std::string_view replacement);

  const std::string& text() const { return text_; }
  // The file offset of text()[offset]; text().size() maps just past the last byte.
  std::size_t file_offset(std::size_t offset) const;

 private:
  struct Segment {
    std::size_t offset = 0;       // in text_
    std::size_t file_offset = 0;  // of the segment's first byte
    bool contiguous = true;       // bytes follow the file one for one
  };

  void add_segment(std::size_t file_offset, bool contiguous);

  std::string text_;
  std::vector<Segment> segments_;
};

}  // namespace rightfit::dockerfile::detail
