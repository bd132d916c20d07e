#include "parsers/dockerfile/dockerfile_text.h"

#include <algorithm>

namespace rightfit::dockerfile::detail {

void MappedText::add_segment(std::size_t file_offset, bool contiguous) {
  if (!segments_.empty()) {
    const Segment& last = segments_.back();
    // Continues the previous segment: no new entry needed.
    if (last.contiguous && contiguous &&
        last.file_offset + (text_.size() - last.offset) == file_offset) {
      return;
    }
    if (last.offset == text_.size()) segments_.pop_back();  // an empty segment
  }
  segments_.push_back({text_.size(), file_offset, contiguous});
}

void MappedText::append(std::string_view piece, std::size_t file_offset) {
  if (piece.empty()) return;
  add_segment(file_offset, true);
  text_ += piece;
}

void MappedText::append_standing_for(std::string_view piece, std::size_t file_offset) {
  if (piece.empty()) return;
  add_segment(file_offset, false);
  text_ += piece;
}

void MappedText::append_slice(const MappedText& other, std::size_t begin, std::size_t end) {
  end = std::min(end, other.text_.size());
  while (begin < end) {
    auto it = std::upper_bound(other.segments_.begin(), other.segments_.end(), begin,
                               [](std::size_t at, const Segment& s) { return at < s.offset; });
    const Segment& segment = *std::prev(it);
    std::size_t segment_end = it == other.segments_.end() ? other.text_.size() : it->offset;
    std::size_t piece_end = std::min(end, segment_end);
    std::string_view piece(other.text_.data() + begin, piece_end - begin);
    if (segment.contiguous) {
      append(piece, segment.file_offset + (begin - segment.offset));
    } else {
      append_standing_for(piece, segment.file_offset);
    }
    begin = piece_end;
  }
}

void MappedText::overwrite(std::size_t offset, std::string_view replacement) {
  if (offset >= text_.size()) return;
  std::size_t count = std::min(replacement.size(), text_.size() - offset);
  text_.replace(offset, count, replacement.substr(0, count));
}

std::size_t MappedText::file_offset(std::size_t offset) const {
  if (segments_.empty()) return 0;
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](std::size_t at, const Segment& s) { return at < s.offset; });
  const Segment& segment = it == segments_.begin() ? segments_.front() : *std::prev(it);
  if (!segment.contiguous) return segment.file_offset;
  return segment.file_offset + (offset - std::min(offset, segment.offset));
}

}  // namespace rightfit::dockerfile::detail
