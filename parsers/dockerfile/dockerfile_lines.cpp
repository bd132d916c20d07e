#include "parsers/dockerfile/dockerfile_lines.h"

#include <optional>

#include "parsers/dockerfile/dockerfile_words.h"

namespace rightfit::dockerfile::detail {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;  // without the line break (and a carriage return before it)
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t begin = text.starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0;
  while (begin < text.size()) {
    std::size_t newline = text.find('\n', begin);
    std::size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
    std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    if (end > begin && text[end - 1] == '\r') --end;
    lines.push_back({begin, end});
    begin = next;
  }
  return lines;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (is_blank(text.front()) || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (is_blank(text.back()) || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::size_t leading_blanks(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && is_blank(text[n])) ++n;
  return n;
}

bool is_comment(std::string_view line) {
  return line.substr(leading_blanks(line)).starts_with('#');
}

// The offset of the escape character that continues `line` (`\` then optional blanks at
// the end), if any.
std::optional<std::size_t> continuation_at(std::string_view line, char escape) {
  std::size_t end = line.size();
  while (end > 0 && is_blank(line[end - 1])) --end;
  if (end == 0 || line[end - 1] != escape) return std::nullopt;
  return end - 1;
}

// `#` name `=` value, as BuildKit matches a parser directive.
struct Directive {
  std::string name;  // lowercase
  std::string value;
};

std::optional<Directive> directive_of(std::string_view line) {
  if (!line.starts_with('#')) return std::nullopt;
  std::string_view rest = trim_blanks(line.substr(1));
  std::size_t name_end = 0;
  while (name_end < rest.size() && (is_name_char(rest[name_end]) && rest[name_end] != '_')) {
    ++name_end;
  }
  if (name_end == 0 || !is_name_start(rest[0]) || rest[0] == '_') return std::nullopt;
  std::string_view after = trim_blanks(rest.substr(name_end));
  if (!after.starts_with('=')) return std::nullopt;
  std::string_view value = trim_blanks(after.substr(1));
  if (value.empty()) return std::nullopt;
  return Directive{to_lower(rest.substr(0, name_end)), std::string(value)};
}

// `[digits]<<[-]delimiter` as BuildKit recognises a heredoc word.
std::optional<Heredoc> heredoc_of(std::string_view word) {
  std::size_t i = 0;
  while (i < word.size() && word[i] >= '0' && word[i] <= '9') ++i;
  if (!word.substr(i).starts_with("<<")) return std::nullopt;
  i += 2;
  Heredoc heredoc;
  if (i < word.size() && word[i] == '-') {
    heredoc.chomp = true;
    ++i;
  }
  std::string_view rest = word.substr(i);
  if (rest.empty() || rest.find('<') != std::string_view::npos) return std::nullopt;
  heredoc.name = process_word(rest, '\\', VariableScope{});
  if (heredoc.name.empty()) return std::nullopt;
  return heredoc;
}

class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text), lines_(split_lines(text)) {}

  DockerfileLines read() {
    read_directives();
    while (next_ < lines_.size() && out_.errors.empty()) read_instruction();
    return std::move(out_);
  }

 private:
  std::string_view line_text(std::size_t index) const {
    return text_.substr(lines_[index].begin, lines_[index].end - lines_[index].begin);
  }

  void error(std::size_t file_offset, std::string message) {
    out_.errors.push_back({file_offset, std::move(message)});
  }

  // Directives count only in the first lines, before any comment, blank line or instruction.
  void read_directives() {
    std::vector<std::string> seen;
    for (; next_ < lines_.size(); ++next_) {
      std::string_view line = line_text(next_);
      std::optional<Directive> directive = directive_of(line.substr(leading_blanks(line)));
      if (!directive || (directive->name != "syntax" && directive->name != "escape" &&
                         directive->name != "check")) {
        return;
      }
      for (const std::string& name : seen) {
        if (name == directive->name) {
          error(lines_[next_].begin, "only one `" + name + "` parser directive can be used");
          return;
        }
      }
      seen.push_back(directive->name);
      if (directive->name == "escape") {
        if (directive->value != "\\" && directive->value != "`") {
          error(lines_[next_].begin, "invalid escape character `" + directive->value +
                                         "`: the escape directive takes `\\` or a backtick");
          return;
        }
        out_.escape = directive->value[0];
      }
    }
  }

  // Reads one instruction (or skips a comment or blank line).
  void read_instruction() {
    std::string_view first = line_text(next_);
    std::size_t indent = leading_blanks(first);
    if (first.size() == indent) {
      ++next_;
      return;
    }
    if (first[indent] == '#') {
      out_.comment_lines.push_back(static_cast<uint32_t>(next_ + 1));
      ++next_;
      return;
    }
    LogicalInstruction instruction;
    instruction.first_line = static_cast<uint32_t>(next_ + 1);
    if (!join_continuation_lines(instruction, indent)) return;
    instruction.last_line = static_cast<uint32_t>(next_);
    if (trim_blanks(instruction.text.text()).empty()) return;
    read_heredocs(instruction);
    instruction.last_line = static_cast<uint32_t>(next_);
    out_.instructions.push_back(std::move(instruction));
  }

  // Appends the instruction's lines to its text; false at a dangling continuation.
  bool join_continuation_lines(LogicalInstruction& instruction, std::size_t indent) {
    std::string_view line = line_text(next_).substr(indent);
    std::size_t line_begin = lines_[next_].begin + indent;
    ++next_;
    while (true) {
      std::optional<std::size_t> escape_at = continuation_at(line, out_.escape);
      instruction.text.append(line.substr(0, escape_at.value_or(line.size())), line_begin);
      if (!escape_at) return true;
      if (!skip_to_continued_line()) {
        error(line_begin + *escape_at,
              "the file ends inside a line continuation: nothing follows the `" +
                  std::string(1, out_.escape) + "` that ends this line");
        return false;
      }
      line = line_text(next_);
      line_begin = lines_[next_].begin;
      ++next_;
    }
  }

  // Skips the comment and blank lines inside a continuation; false at the end of the file.
  bool skip_to_continued_line() {
    for (; next_ < lines_.size(); ++next_) {
      std::string_view line = line_text(next_);
      if (is_comment(line)) {
        out_.comment_lines.push_back(static_cast<uint32_t>(next_ + 1));
      } else if (leading_blanks(line) != line.size()) {
        return true;
      }
    }
    return false;
  }

  void read_heredocs(LogicalInstruction& instruction) {
    const MappedText& text = instruction.text;
    std::string keyword = heredoc_keyword(text);
    if (keyword.empty()) return;
    for (const RawWord& word : split_words(text.text(), '\\')) {
      std::string_view written(text.text().data() + word.begin, word.end - word.begin);
      std::optional<Heredoc> heredoc = heredoc_of(written);
      if (!heredoc) continue;
      if (instruction.heredocs.size() == kMaxHeredocsPerInstruction) {
        error(text.file_offset(word.begin), "too many heredocs in one instruction (more than " +
                                                std::to_string(kMaxHeredocsPerInstruction) + ")");
        return;
      }
      heredoc->word_begin = word.begin;
      heredoc->word_end = word.end;
      if (!read_heredoc_body(*heredoc, keyword == "run")) {
        error(text.file_offset(word.begin), "unterminated heredoc: no line `" + heredoc->name +
                                                "` ends the heredoc started here");
        return;
      }
      instruction.heredocs.push_back(std::move(*heredoc));
    }
  }

  // "run", "copy" or "add" when the instruction may carry heredocs (not in exec form).
  static std::string heredoc_keyword(const MappedText& text) {
    std::string_view s = text.text();
    if (s.find("<<") == std::string_view::npos) return "";
    std::size_t keyword_end = 0;
    while (keyword_end < s.size() && !is_blank(s[keyword_end])) ++keyword_end;
    std::string keyword = to_lower(s.substr(0, keyword_end));
    if (keyword != "run" && keyword != "copy" && keyword != "add") return "";
    FlagsAndArgs flags = extract_flags(s, keyword_end, '\\');
    if (parse_json_strings(text, flags.args_begin)) return "";
    return keyword;
  }

  bool read_heredoc_body(Heredoc& heredoc, bool is_shell) {
    for (; next_ < lines_.size(); ++next_) {
      std::string_view line = line_text(next_);
      std::size_t tabs = 0;
      if (heredoc.chomp) {
        while (tabs < line.size() && line[tabs] == '\t') ++tabs;
      }
      if (line.substr(tabs) == heredoc.name) {
        ++next_;
        return true;
      }
      if (is_shell && is_comment(line)) {
        out_.comment_lines.push_back(static_cast<uint32_t>(next_ + 1));
      }
      heredoc.body.append(line.substr(tabs), lines_[next_].begin + tabs);
      heredoc.body.append_standing_for("\n", lines_[next_].end);
    }
    return false;
  }

  std::string_view text_;
  std::vector<Line> lines_;
  std::size_t next_ = 0;
  DockerfileLines out_;
};

}  // namespace

DockerfileLines read_dockerfile_lines(std::string_view text) { return LineReader(text).read(); }

}  // namespace rightfit::dockerfile::detail
