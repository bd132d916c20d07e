#include "parsers/kubernetes/manifest_probe.h"

#include <algorithm>
#include <cctype>

namespace rightfit::k8s {

namespace {

constexpr std::string_view kApiVersion = "apiVersion";
constexpr std::string_view kKind = "kind";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The two keys seen so far.
struct TopKeys {
  bool api_version = false;
  bool kind = false;
  void note(std::string_view key) {
    api_version = api_version || key == kApiVersion;
    kind = kind || key == kKind;
  }
  bool both() const { return api_version && kind; }
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

std::string_view skip_blanks(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  return s.substr(i);
}

// The key a YAML line starts with at its first column (bare or quoted, then ':'); empty
// when it starts with no key.
std::string_view key_at_line_start(std::string_view line) {
  std::string_view key;
  std::string_view rest;
  if (!line.empty() && (line[0] == '"' || line[0] == '\'')) {
    const std::size_t close = line.find(line[0], 1);
    if (close == std::string_view::npos) return {};
    key = line.substr(1, close - 1);
    rest = line.substr(close + 1);
  } else {
    std::size_t end = 0;
    while (end < line.size() && is_word_char(line[end])) ++end;
    key = line.substr(0, end);
    rest = line.substr(end);
  }
  while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t')) rest.remove_prefix(1);
  return rest.starts_with(':') ? key : std::string_view{};
}

bool yaml_top_level_keys(std::string_view text) {
  TopKeys keys;
  for (std::size_t at = 0; at < text.size() && !keys.both();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    keys.note(key_at_line_start(text.substr(at, end - at)));
    at = end + 1;
  }
  return keys.both();
}

// The end of the quoted string that starts at `open` (the index of its closing quote, or the
// text's size when it is not closed).
std::size_t string_end(std::string_view text, std::size_t open) {
  const char quote = text[open];
  std::size_t i = open + 1;
  while (i < text.size() && text[i] != quote) i += text[i] == '\\' ? 2 : 1;
  return std::min(i, text.size());
}

// Whether the next non-blank byte after `from` is ':' (what makes a string a key).
bool key_follows(std::string_view text, std::size_t from) {
  return from < text.size() && skip_blanks(text.substr(from)).starts_with(':');
}

// Keys of the outermost object of a JSON text (or a YAML flow mapping, whose keys may be
// bare), which starts at text[0] == '{'.
bool json_top_level_keys(std::string_view text) {
  TopKeys keys;
  int depth = 0;
  bool expect_key = false;
  for (std::size_t i = 0; i < text.size() && !keys.both(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const std::size_t end = string_end(text, i);
      if (depth == 1 && expect_key && key_follows(text, end + 1))
        keys.note(text.substr(i + 1, end - i - 1));
      expect_key = false;
      i = end;
    } else if (c == '{' || c == '[') {
      ++depth;
      expect_key = depth == 1;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) break;  // the root is closed: nothing after it is JSON
    } else if (c == ',' && depth == 1) {
      expect_key = true;
    } else if (depth == 1 && expect_key && is_word_char(c)) {
      std::size_t end = i;
      while (end < text.size() && is_word_char(text[end])) ++end;
      if (key_follows(text, end)) keys.note(text.substr(i, end - i));
      expect_key = false;
      i = end - 1;
    } else if (!is_blank(c) && depth == 1) {
      expect_key = false;
    }
  }
  return keys.both();
}

}  // namespace

bool has_top_level_manifest_keys(std::string_view text) {
  if (text.find(kApiVersion) == std::string_view::npos ||
      text.find(kKind) == std::string_view::npos) {
    return false;  // most files of a repository: no full scan
  }
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  const std::string_view start = skip_blanks(text);
  // A flow mapping may be only the first of several YAML documents: the lines decide then.
  return (start.starts_with('{') && json_top_level_keys(start)) || yaml_top_level_keys(text);
}

}  // namespace rightfit::k8s
