#include "parsers/cpp/code_glance.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace rightfit::cpp {

namespace {

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Whether `word` occurs in `text` as a whole identifier.
bool names_identifier(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos;
       at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !is_identifier_char(text[at - 1]);
    const std::size_t end = at + word.size();
    const bool ends = end == text.size() || !is_identifier_char(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

std::string_view skip_blanks(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

// The name in `#include "name"` on `line`; empty when the line is no such directive.
std::string_view quoted_include(std::string_view line) {
  line = skip_blanks(line);
  if (!line.starts_with('#')) return {};
  line = skip_blanks(line.substr(1));
  if (!line.starts_with("include")) return {};
  line = skip_blanks(line.substr(7));
  if (!line.starts_with('"')) return {};
  const std::size_t close = line.find('"', 1);
  if (close == std::string_view::npos) return {};
  return line.substr(1, close - 1);
}

}  // namespace

CodeGlance glance_at_cpp(std::string_view text, std::size_t max_includes) {
  CodeGlance glance;
  constexpr std::array<std::string_view, 2> kEntryPoints = {"run_handler", "invocation_request"};
  for (std::string_view word : kEntryPoints) {
    glance.names_entry_point = glance.names_entry_point || names_identifier(text, word);
  }
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view name = quoted_include(text.substr(at, end - at));
    at = end + 1;
    if (name.empty()) continue;
    if (glance.includes.size() == max_includes) {
      glance.includes_complete = false;
      break;
    }
    glance.includes.emplace_back(name);
  }
  return glance;
}

}  // namespace rightfit::cpp
