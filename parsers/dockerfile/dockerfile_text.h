// Text helpers for the Dockerfile parser (private to parsers/dockerfile): text assembled from
// pieces of the file (joined continuation lines, heredoc bodies, decoded JSON strings) that
// remembers where each byte came from. Positions of file offsets: parsers/text_position.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rightfit::dockerfile::detail {

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
