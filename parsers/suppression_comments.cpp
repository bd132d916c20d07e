#include "parsers/suppression_comments.h"

#include <cstdint>
#include <optional>

namespace rightfit {

namespace {

constexpr std::string_view kDirective = "rightfit:ignore";

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A quote opens a string only where a value can start, so the apostrophe in a plain YAML
// scalar (`Description: Don't # ...`) does not hide the comment after it.
bool can_open_quote(std::string_view line, std::size_t i) {
  if (i == 0) return true;
  const char before = line[i - 1];
  return is_blank(before) || std::string_view(":,[{(=").find(before) != std::string_view::npos;
}

// Inside quotes, whether line[i] starts an escape whose next character is part of the string:
// `\x` in double quotes, YAML's `''` in single quotes.
bool escapes_next(std::string_view line, std::size_t i, char quote) {
  if (quote == '"') return line[i] == '\\';
  return quote == '\'' && line[i] == '\'' && i + 1 < line.size() && line[i + 1] == '\'';
}

struct Comment {
  std::size_t marker = 0;  // offset of the marker in the line
  std::string_view body;   // text after the marker (up to `*/` for block comments)
};

// The marker (longest first at the same offset) that starts at line[i], if any. A marker
// counts only at the start of the line or after a blank: YAML requires it for `#`, and it
// keeps `a#b` or `http://x` in unquoted text from reading as comments.
std::optional<std::string_view> marker_at(std::string_view line, std::size_t i,
                                          const std::vector<std::string_view>& markers) {
  if (i > 0 && !is_blank(line[i - 1])) return std::nullopt;
  std::optional<std::string_view> found;
  for (std::string_view m : markers) {
    if (!m.empty() && line.substr(i).starts_with(m) && (!found || m.size() > found->size())) {
      found = m;
    }
  }
  return found;
}

// The first comment outside single or double quotes. Strings spanning lines are not
// tracked: each line starts outside quotes.
std::optional<Comment> find_comment(std::string_view line,
                                    const std::vector<std::string_view>& markers) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (escapes_next(line, i, quote)) {
      ++i;  // the escaped character
    } else if (quote != 0) {
      if (c == quote) quote = 0;
    } else if ((c == '"' || c == '\'') && can_open_quote(line, i)) {
      quote = c;
    } else if (auto marker = marker_at(line, i, markers)) {
      std::string_view body = line.substr(i + marker->size());
      if (*marker == "/*") body = body.substr(0, body.find("*/"));
      return Comment{i, body};
    }
  }
  return std::nullopt;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// The length of the rule-ID-shaped word `RF<digits>` that `text` starts with; 0 when none.
// Any number of digits counts, so that `RF12` or `RF1044` reach the analyzer as unknown
// rules instead of reading as the start of the reason.
std::size_t rule_id_length(std::string_view text) {
  if (!text.starts_with("RF")) return 0;
  std::size_t end = 2;
  while (end < text.size() && is_digit(text[end])) ++end;
  if (end == 2) return 0;
  return end == text.size() || is_blank(text[end]) || text[end] == ',' ? end : 0;
}

// Parses `rightfit:ignore RF401, RF402 reason` out of a comment body, the directive at `at`.
// A directive naming no ID is kept: rule names are read from the start of the reason by the
// analyzer, which knows them, and a directive with neither is an error there (RF003).
std::optional<IgnoreComment> parse_directive(std::string_view body, std::size_t at) {
  std::string_view rest = body.substr(at + kDirective.size());
  if (!rest.empty() && !is_blank(rest.front())) return std::nullopt;  // e.g. `rightfit:ignored`
  IgnoreComment result;
  while (true) {
    std::size_t skip = 0;
    while (skip < rest.size() && (is_blank(rest[skip]) || rest[skip] == ',')) ++skip;
    rest.remove_prefix(skip);
    const std::size_t length = rule_id_length(rest);
    if (length == 0) break;
    result.rules.emplace_back(rest.substr(0, length));
    rest.remove_prefix(length);
  }
  result.reason = std::string(trim(rest));
  return result;
}

}  // namespace

std::vector<IgnoreComment> find_ignore_comments(std::string_view text,
                                                const std::vector<std::string_view>& markers) {
  std::vector<IgnoreComment> found;
  // A directive is part of its line: lines (and files, nearly all) without the word cannot
  // hold one, and skipping them spares scanning every character for quotes and markers.
  if (text.find(kDirective) == std::string_view::npos) return found;
  uint32_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    ++line_number;
    start = end + 1;
    if (line.find(kDirective) == std::string_view::npos) continue;
    const std::optional<Comment> comment = find_comment(line, markers);
    if (!comment) continue;
    const std::size_t at = comment->body.find(kDirective);
    if (at == std::string_view::npos) continue;
    std::optional<IgnoreComment> ignore = parse_directive(comment->body, at);
    if (!ignore) continue;
    ignore->line = line_number;
    ignore->column = static_cast<uint32_t>(comment->body.data() - line.data() + at + 1);
    ignore->own_line = trim(line.substr(0, comment->marker)).empty();
    found.push_back(std::move(*ignore));
  }
  return found;
}

std::vector<Suppression> comment_suppressions(const std::string& file, std::string_view text,
                                              const std::vector<std::string_view>& markers,
                                              const std::map<uint32_t, CoverableBlock>& blocks) {
  std::vector<Suppression> out;
  for (IgnoreComment& c : find_ignore_comments(text, markers)) {
    Suppression s;
    s.file = file;
    s.rules = std::move(c.rules);
    s.reason = std::move(c.reason);
    s.first_line = c.line;
    s.line = c.line;
    s.column = c.column;
    // A comment alone on its line speaks for the next line; a trailing one for its own.
    s.last_line = c.own_line ? c.line + 1 : c.line;
    for (uint32_t line : {c.line, c.line + 1}) {
      auto it = blocks.find(line);
      if (it == blocks.end() || (line != c.line && !c.own_line)) continue;
      s.last_line = it->second.last_line;
      s.resource = it->second.resource;
      break;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace rightfit
