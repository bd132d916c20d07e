#include "analyzer/text_edits.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <tuple>
#include <utility>

#include "parsers/text_position.h"

namespace rightfit {
namespace {

constexpr std::size_t kContext = 3;

struct ByteRange {
  std::size_t begin;
  std::size_t end;
};

ByteRange bytes_of(std::string_view text, const TextEdit& e) {
  const std::size_t begin = offset_of(text, e.range.span.begin);
  return {begin, std::max(begin, offset_of(text, e.range.span.end))};
}

// Offsets where each line starts; line i runs to the next start (or the end of the text).
std::vector<std::size_t> line_starts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

std::size_t line_of(const std::vector<std::size_t>& starts, std::size_t offset) {
  return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), offset) -
                                  starts.begin()) -
         1;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t newline = text.find('\n', at);
    std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

// `text` with the edits (bytes relative to `base`, in order, not overlapping) applied.
std::string with_edits(std::string_view text, std::size_t base,
                       const std::vector<std::pair<ByteRange, const TextEdit*>>& edits) {
  std::string out;
  std::size_t at = 0;
  for (const auto& [range, edit] : edits) {
    out.append(text.substr(at, range.begin - base - at));
    out += edit->new_text;
    at = range.end - base;
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

// Lines `first` on of the old text that became `added`.
struct LineChange {
  std::size_t first = 0;
  std::vector<std::string_view> removed;
  std::vector<std::string> added;
};

// One change per run of edited lines, with the lines both sides share trimmed off.
std::vector<LineChange> line_changes(std::string_view before,
                                     const std::vector<TextEdit>& applied) {
  const std::vector<std::size_t> starts = line_starts(before);
  auto line_end = [&](std::size_t line) {
    return line + 1 < starts.size() ? starts[line + 1] : before.size();
  };
  std::vector<LineChange> changes;
  std::size_t i = 0;
  while (i < applied.size()) {
    ByteRange first_range = bytes_of(before, applied[i]);
    const std::size_t first = line_of(starts, first_range.begin);
    std::size_t last = line_of(starts, std::max(first_range.begin, first_range.end) -
                                           (first_range.end > first_range.begin ? 1 : 0));
    std::vector<std::pair<ByteRange, const TextEdit*>> block{{first_range, &applied[i]}};
    for (++i; i < applied.size(); ++i) {
      ByteRange r = bytes_of(before, applied[i]);
      if (line_of(starts, r.begin) > last) break;
      last = std::max(last, line_of(starts, r.end > r.begin ? r.end - 1 : r.begin));
      block.emplace_back(r, &applied[i]);
    }
    const std::string_view old_text = before.substr(starts[first], line_end(last) - starts[first]);
    const std::string new_text = with_edits(old_text, starts[first], block);
    LineChange change{first, split_lines(old_text), {}};
    for (std::string_view line : split_lines(new_text)) change.added.emplace_back(line);
    while (!change.removed.empty() && !change.added.empty() &&
           change.removed.front() == change.added.front()) {
      change.removed.erase(change.removed.begin());
      change.added.erase(change.added.begin());
      ++change.first;
    }
    while (!change.removed.empty() && !change.added.empty() &&
           change.removed.back() == change.added.back()) {
      change.removed.pop_back();
      change.added.pop_back();
    }
    if (!change.removed.empty() || !change.added.empty()) changes.push_back(std::move(change));
  }
  return changes;
}

void append_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

std::string range_of(std::size_t start, std::size_t count) {
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

// One hunk: changes [begin, end) with their context; `shift` is the lines added minus removed
// by the changes before it.
std::string hunk(const std::vector<std::string_view>& lines, const std::vector<LineChange>& changes,
                 std::size_t begin, std::size_t end, std::ptrdiff_t shift) {
  const std::size_t from = changes[begin].first > kContext ? changes[begin].first - kContext : 0;
  const LineChange& last = changes[end - 1];
  const std::size_t to = std::min(lines.size(), last.first + last.removed.size() + kContext);
  std::string body;
  std::size_t old_count = 0;
  std::size_t new_count = 0;
  std::size_t at = from;
  for (std::size_t c = begin; c < end; ++c) {
    for (; at < changes[c].first; ++at, ++old_count, ++new_count) append_line(body, ' ', lines[at]);
    for (std::string_view removed : changes[c].removed) append_line(body, '-', removed);
    for (const std::string& added : changes[c].added) append_line(body, '+', added);
    old_count += changes[c].removed.size();
    new_count += changes[c].added.size();
    at += changes[c].removed.size();
  }
  for (; at < to; ++at, ++old_count, ++new_count) append_line(body, ' ', lines[at]);
  const auto new_from = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(from) + shift);
  return "@@ -" + range_of(from, old_count) + " +" + range_of(new_from, new_count) + " @@\n" + body;
}

// Whether `e` is the same change as one applied at its place: an insertion repeated by two
// fixes (the same text at the same point) is made once.
bool applied_here(const std::vector<TextEdit>& applied, const TextEdit& e) {
  for (auto it = applied.rbegin(); it != applied.rend() && it->range.span == e.range.span; ++it) {
    if (*it == e) return true;
  }
  return false;
}

}  // namespace

AppliedEdits apply_edits(std::string_view text, std::vector<TextEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return std::tie(a.range.span.begin, a.range.span.end) <
           std::tie(b.range.span.begin, b.range.span.end);
  });
  AppliedEdits out;
  std::size_t at = 0;
  std::optional<ByteRange> last;
  for (TextEdit& e : edits) {
    const ByteRange r = bytes_of(text, e);
    if (applied_here(out.applied, e)) continue;
    // Insertions at one point do not overlap: each one's text follows the one before it, in
    // the order given (the stable sort kept it), so several fixes may add at one place.
    if (last && r.begin < last->end) {
      out.skipped.push_back(std::move(e));
      continue;
    }
    out.text.append(text.substr(at, r.begin - at));
    out.text += e.new_text;
    at = r.end;
    last = r;
    out.applied.push_back(std::move(e));
  }
  out.text.append(text.substr(std::min(at, text.size())));
  return out;
}

std::string unified_diff(std::string_view path, std::string_view before,
                         const std::vector<TextEdit>& applied) {
  const std::vector<LineChange> changes = line_changes(before, applied);
  if (changes.empty()) return "";
  const std::vector<std::string_view> lines = split_lines(before);
  std::string out = "--- a/" + std::string(path) + "\n+++ b/" + std::string(path) + "\n";
  std::ptrdiff_t shift = 0;
  std::size_t begin = 0;
  while (begin < changes.size()) {
    std::size_t end = begin + 1;
    std::ptrdiff_t group_shift = 0;
    auto shift_of = [](const LineChange& c) {
      return static_cast<std::ptrdiff_t>(c.added.size()) -
             static_cast<std::ptrdiff_t>(c.removed.size());
    };
    group_shift += shift_of(changes[begin]);
    while (end < changes.size() && changes[end].first <= changes[end - 1].first +
                                                             changes[end - 1].removed.size() +
                                                             2 * kContext) {
      group_shift += shift_of(changes[end]);
      ++end;
    }
    out += hunk(lines, changes, begin, end, shift);
    shift += group_shift;
    begin = end;
  }
  return out;
}

}  // namespace rightfit
