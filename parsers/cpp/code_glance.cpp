#include "parsers/cpp/code_glance.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

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

struct IncludeDirective {
  std::string_view name;  // empty when the line is no such directive
  bool angled = false;
};

// The name in `#include "name"` or `#include <name>` on `line`.
IncludeDirective include_on(std::string_view line) {
  line = skip_blanks(line);
  if (!line.starts_with('#')) return {};
  line = skip_blanks(line.substr(1));
  if (!line.starts_with("include")) return {};
  line = skip_blanks(line.substr(7));
  if (!line.starts_with('"') && !line.starts_with('<')) return {};
  const bool angled = line.front() == '<';
  const std::size_t close = line.find(angled ? '>' : '"', 1);
  if (close == std::string_view::npos) return {};
  return {line.substr(1, close - 1), angled};
}

// The tokens of C++ text that decide how control statements nest: words, `;` outside
// parentheses, braces. Comments, string and character literals and preprocessor lines are
// skipped (`#else` is no `else`).
class NestingScan {
 public:
  explicit NestingScan(std::string_view text) : text_(text) {}

  std::size_t deepest(std::size_t stop_above) {
    while (at_ < text_.size() && deepest_ <= stop_above) step();
    return deepest_;
  }

 private:
  void step() {
    const char c = text_[at_];
    if (c == '/' && (peek(1) == '/' || peek(1) == '*')) return skip_comment();
    if (c == '"' || (c == '\'' && (at_ == 0 || !is_identifier_char(text_[at_ - 1]))))
      return skip_literal(c);
    if (c == '#' && line_start()) return skip_line();
    if (is_identifier_char(c)) return word();
    ++at_;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return;
    punctuation(c);
  }

  void word() {
    const std::size_t start = at_;
    while (at_ < text_.size() && is_identifier_char(text_[at_])) ++at_;
    const std::string_view w = text_.substr(start, at_ - start);
    if (w == "else") {
      ended_ = false;  // a chain goes on: `...; else if`
      return;
    }
    settle();
    if (w == "if" || w == "for" || w == "while" || w == "switch" || w == "do")
      deepest_ = std::max(deepest_, ++levels_.back().open);
  }

  void punctuation(char c) {
    if (c == '(') ++parens_;
    if (c == ')' && parens_ > 0) --parens_;
    if (c == ';' && parens_ == 0) {
      settle();
      ended_ = true;
      return;
    }
    if (c != '{' && c != '}') {
      settle();
      return;
    }
    if (c == '{') {
      settle();
      levels_.push_back({0, parens_});
      parens_ = 0;  // a lambda's body in a call: its `;` end statements
      return;
    }
    if (levels_.size() > 1) {
      parens_ = levels_.back().parens_outside;
      levels_.pop_back();
    }
    settle();
    ended_ = true;
  }

  // A statement that ended without an `else` after it ends the nesting at its level.
  void settle() {
    if (ended_) levels_.back().open = 0;
    ended_ = false;
  }

  void skip_comment() {
    const bool line = peek(1) == '/';
    const std::size_t end = text_.find(line ? "\n" : "*/", at_ + 2);
    at_ = end == std::string_view::npos ? text_.size() : end + (line ? 1 : 2);
  }
  void skip_literal(char quote) {
    for (++at_; at_ < text_.size() && text_[at_] != quote && text_[at_] != '\n'; ++at_) {
      if (text_[at_] == '\\') ++at_;
    }
    ++at_;
  }
  void skip_line() {
    while (at_ < text_.size() && text_[at_] != '\n')
      at_ += text_[at_] == '\\' ? 2 : 1;  // a continued line goes on
  }
  bool line_start() const {
    std::size_t i = at_;
    while (i > 0 && (text_[i - 1] == ' ' || text_[i - 1] == '\t')) --i;
    return i == 0 || text_[i - 1] == '\n';
  }
  char peek(std::size_t ahead) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t parens_ = 0;
  struct Level {
    std::size_t open = 0;            // control statements open at this brace level
    std::size_t parens_outside = 0;  // the parentheses open where the brace opened
  };
  std::vector<Level> levels_{Level{}};
  bool ended_ = false;  // a statement just ended (`;` or `}`)
  std::size_t deepest_ = 0;
};

}  // namespace

std::size_t control_nesting(std::string_view text, std::size_t stop_above) {
  return NestingScan(text).deepest(stop_above);
}

CodeGlance glance_at_cpp(std::string_view text, std::size_t max_includes) {
  CodeGlance glance;
  constexpr std::array<std::string_view, 2> kEntryPoints = {"run_handler", "invocation_request"};
  for (std::string_view word : kEntryPoints) {
    glance.names_entry_point = glance.names_entry_point || names_identifier(text, word);
  }
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const IncludeDirective include = include_on(text.substr(at, end - at));
    at = end + 1;
    if (include.name.empty()) continue;
    if (glance.includes.size() + glance.angle_includes.size() == max_includes) {
      glance.includes_complete = false;
      break;
    }
    (include.angled ? glance.angle_includes : glance.includes).emplace_back(include.name);
  }
  return glance;
}

}  // namespace rightfit::cpp
