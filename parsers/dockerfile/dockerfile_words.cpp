#include "parsers/dockerfile/dockerfile_words.h"

#include <cstdint>

#include "parsers/text_position.h"

namespace rightfit::dockerfile::detail {
namespace {

// `${a:-${b:-${c...}}}` deeper than this stays as written.
constexpr int kMaxNesting = 16;

bool is_json_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Lookup {
  bool known = false;                  // declared (or, where undeclared means unset, any name)
  const std::string* value = nullptr;  // nullptr: unset
};

Lookup lookup(const VariableScope& scope, std::string_view name) {
  for (const Variables* variables : {scope.env, scope.args}) {
    if (variables == nullptr) continue;
    auto it = variables->find(name);
    if (it == variables->end()) continue;
    const std::optional<std::string>& value = it->second;
    return {true, value ? &*value : nullptr};
  }
  return {scope.undeclared_is_unset, nullptr};
}

// The end of the quoted text starting at text[at] (a quote): just past the closing quote.
std::size_t skip_quoted(std::string_view text, std::size_t at, char escape) {
  const char quote = text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == escape) {
      ++i;
    } else if (text[i] == quote) {
      return i + 1;
    }
  }
  return text.size();
}

// The end of the unquoted word starting at text[at].
std::size_t word_end(std::string_view text, std::size_t at, char escape) {
  std::size_t i = at;
  while (i < text.size() && !is_blank(text[i])) {
    if (text[i] == escape) {
      i += 2;
    } else if (text[i] == '"' || text[i] == '\'') {
      i = skip_quoted(text, i, escape);
    } else {
      ++i;
    }
  }
  return std::min(i, text.size());
}

std::size_t skip_blanks(std::string_view text, std::size_t at) {
  while (at < text.size() && is_blank(text[at])) ++at;
  return at;
}

// Docker's lexer for one word: quote removal and `$` expansion.
class WordProcessor {
 public:
  WordProcessor(char escape, const VariableScope& scope) : escape_(escape), scope_(scope) {}

  std::string process(std::string_view raw, int depth) const {
    if (depth > kMaxNesting) return std::string(raw);
    std::string out;
    std::size_t i = 0;
    while (i < raw.size()) {
      if (out.size() > kMaxExpandedBytes) return std::string(raw);
      const char c = raw[i];
      if (c == escape_) {
        if (i + 1 < raw.size()) out += raw[i + 1];
        i += 2;
      } else if (c == '\'') {
        std::size_t close = raw.find('\'', i + 1);
        if (close == std::string_view::npos) close = raw.size();
        out += raw.substr(i + 1, close - i - 1);
        i = close + 1;
      } else if (c == '"') {
        i = double_quoted(raw, i + 1, depth, out);
      } else if (c == '$') {
        i = dollar(raw, i, depth, out);
      } else {
        out += c;
        ++i;
      }
    }
    return out;
  }

 private:
  // Inside "...": the escape keeps only `"`, `$` and itself literal. Returns the offset past
  // the closing quote.
  std::size_t double_quoted(std::string_view raw, std::size_t i, int depth,
                            std::string& out) const {
    while (i < raw.size() && raw[i] != '"') {
      const char c = raw[i];
      if (c == escape_ && i + 1 < raw.size() &&
          (raw[i + 1] == '"' || raw[i + 1] == '$' || raw[i + 1] == escape_)) {
        out += raw[i + 1];
        i += 2;
      } else if (c == '$') {
        i = dollar(raw, i, depth, out);
      } else {
        out += c;
        ++i;
      }
    }
    return i + 1;
  }

  // The `}` closing the `${` at raw[open], or npos.
  std::size_t closing_brace(std::string_view raw, std::size_t open) const {
    int nesting = 0;
    for (std::size_t i = open + 2; i < raw.size(); ++i) {
      if (raw[i] == escape_) {
        ++i;
      } else if (raw[i] == '{') {
        ++nesting;
      } else if (raw[i] == '}') {
        if (nesting == 0) return i;
        --nesting;
      }
    }
    return std::string_view::npos;
  }

  // `$name` or `${...}` at raw[at]; returns the offset after it.
  std::size_t dollar(std::string_view raw, std::size_t at, int depth, std::string& out) const {
    if (at + 1 < raw.size() && raw[at + 1] == '{') return braced(raw, at, depth, out);
    std::size_t end = at + 1;
    if (end < raw.size() && is_name_start(raw[end])) {
      while (end < raw.size() && is_name_char(raw[end])) ++end;
      std::string_view name = raw.substr(at + 1, end - at - 1);
      std::optional<std::string> value = expand_parameter(scope_, name, "", std::nullopt);
      out += value ? std::string_view(*value) : raw.substr(at, end - at);
      return end;
    }
    out += '$';
    return at + 1;
  }

  std::size_t braced(std::string_view raw, std::size_t at, int depth, std::string& out) const {
    std::size_t close = closing_brace(raw, at);
    if (close == std::string_view::npos) {
      out += raw.substr(at);
      return raw.size();
    }
    std::string_view written = raw.substr(at, close + 1 - at);
    std::string_view inner = raw.substr(at + 2, close - at - 2);
    std::size_t name_end = 0;
    while (name_end < inner.size() && is_name_char(inner[name_end])) ++name_end;
    std::string_view name = inner.substr(0, name_end);
    std::string_view rest = inner.substr(name_end);
    std::string_view op;
    if (rest.starts_with(":-") || rest.starts_with(":+")) {
      op = rest.substr(0, 2);
    } else if (rest.starts_with("-") || rest.starts_with("+")) {
      op = rest.substr(0, 1);
    }
    std::optional<std::string> value;
    if (!name.empty() && is_name_start(name[0]) && (op.size() > 0 || rest.empty())) {
      std::optional<std::string> word;
      if (!op.empty()) word = process(rest.substr(op.size()), depth + 1);
      value = expand_parameter(scope_, name, op, word);
    }
    out += value ? std::string_view(*value) : written;
    return close + 1;
  }

  char escape_;
  const VariableScope& scope_;
};

std::optional<uint32_t> read_hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) return std::nullopt;
  uint32_t value = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const char c = s[i];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<uint32_t>(digit);
  }
  return value;
}

// A JSON escape at s[at] (a backslash): its decoded text and length; nullopt if invalid.
std::optional<std::pair<std::string, std::size_t>> json_escape(std::string_view s, std::size_t at) {
  if (at + 1 >= s.size()) return std::nullopt;
  switch (s[at + 1]) {
    case '"':
      return std::pair<std::string, std::size_t>{"\"", 2};
    case '\\':
      return std::pair<std::string, std::size_t>{"\\", 2};
    case '/':
      return std::pair<std::string, std::size_t>{"/", 2};
    case 'b':
      return std::pair<std::string, std::size_t>{"\b", 2};
    case 'f':
      return std::pair<std::string, std::size_t>{"\f", 2};
    case 'n':
      return std::pair<std::string, std::size_t>{"\n", 2};
    case 'r':
      return std::pair<std::string, std::size_t>{"\r", 2};
    case 't':
      return std::pair<std::string, std::size_t>{"\t", 2};
    case 'u':
      break;
    default:
      return std::nullopt;
  }
  std::optional<uint32_t> unit = read_hex4(s, at + 2);
  if (!unit) return std::nullopt;
  std::size_t length = 6;
  uint32_t code_point = *unit;
  // A surrogate pair spells one code point in two escapes.
  if (*unit >= 0xD800 && *unit <= 0xDBFF && s.substr(at + 6).starts_with("\\u")) {
    std::optional<uint32_t> low = read_hex4(s, at + 8);
    if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
      code_point = 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00);
      length = 12;
    }
  }
  std::string decoded;
  append_utf8(decoded, code_point);
  return std::pair<std::string, std::size_t>{decoded, length};
}

// The JSON string starting at text[at] (a quote); advances `at` past it.
std::optional<JsonString> json_string(const MappedText& text, std::size_t& at) {
  std::string_view s = text.text();
  JsonString result;
  result.begin = at;
  std::size_t run = at + 1;  // start of the bytes copied as they are
  for (std::size_t i = at + 1; i < s.size();) {
    const char c = s[i];
    if (c == '"') {
      result.value.append_slice(text, run, i);
      result.end = i + 1;
      at = i + 1;
      return result;
    }
    if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
    if (c != '\\') {
      ++i;
      continue;
    }
    auto escape = json_escape(s, i);
    if (!escape) return std::nullopt;
    result.value.append_slice(text, run, i);
    result.value.append_standing_for(escape->first, text.file_offset(i));
    i += escape->second;
    run = i;
  }
  return std::nullopt;
}

}  // namespace

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::optional<std::string> expand_parameter(const VariableScope& scope, std::string_view name,
                                            std::string_view op,
                                            const std::optional<std::string>& word) {
  Lookup found = lookup(scope, name);
  if (!found.known) return std::nullopt;
  const std::string* value = found.value;
  std::optional<std::string> result;
  if (op.empty()) {
    if (value) result = *value;  // declared without a value: its --build-arg is unknown
  } else if (op == ":-") {
    result = value && !value->empty() ? std::optional<std::string>(*value) : word;
  } else if (op == "-") {
    result = value ? std::optional<std::string>(*value) : word;
  } else if (op == ":+") {
    result = value && !value->empty() ? word : std::optional<std::string>("");
  } else if (op == "+") {
    result = value ? word : std::optional<std::string>("");
  }
  if (result && result->size() > kMaxExpandedBytes) return std::nullopt;
  return result;
}

std::vector<RawWord> split_words(std::string_view text, char escape) {
  std::vector<RawWord> words;
  std::size_t i = skip_blanks(text, 0);
  while (i < text.size()) {
    std::size_t end = word_end(text, i, escape);
    words.push_back({i, end});
    i = skip_blanks(text, end);
  }
  return words;
}

std::string process_word(std::string_view raw, char escape, const VariableScope& scope) {
  return WordProcessor(escape, scope).process(raw, 0);
}

FlagsAndArgs extract_flags(std::string_view text, std::size_t from, char escape) {
  FlagsAndArgs result;
  std::size_t i = skip_blanks(text, from);
  while (text.substr(i).starts_with("--")) {
    std::size_t end = word_end(text, i, escape);
    std::string_view word = text.substr(i, end - i);
    i = skip_blanks(text, end);
    if (word == "--") break;
    std::size_t equals = word.find('=');
    Flag flag;
    flag.begin = end - word.size();
    flag.name =
        std::string(word.substr(2, equals == std::string_view::npos ? word.npos : equals - 2));
    if (equals != std::string_view::npos) flag.value = std::string(word.substr(equals + 1));
    result.flags.push_back(std::move(flag));
  }
  result.args_begin = i;
  return result;
}

const Flag* find_flag(const std::vector<Flag>& flags, std::string_view name) {
  for (const Flag& flag : flags) {
    if (to_lower(flag.name) == name) return &flag;
  }
  return nullptr;
}

std::optional<std::vector<JsonString>> parse_json_strings(const MappedText& text,
                                                          std::size_t from) {
  std::string_view s = text.text();
  auto skip = [&](std::size_t at) {
    while (at < s.size() && is_json_blank(s[at])) ++at;
    return at;
  };
  std::size_t i = skip(from);
  if (i >= s.size() || s[i] != '[') return std::nullopt;
  i = skip(i + 1);
  std::vector<JsonString> strings;
  if (i < s.size() && s[i] == ']') {
    i = skip(i + 1);
    return i == s.size() ? std::optional(std::move(strings)) : std::nullopt;
  }
  while (i < s.size() && s[i] == '"') {
    std::optional<JsonString> string = json_string(text, i);
    if (!string) return std::nullopt;
    strings.push_back(std::move(*string));
    i = skip(i);
    if (i < s.size() && s[i] == ',') {
      i = skip(i + 1);
      continue;
    }
    if (i < s.size() && s[i] == ']') {
      i = skip(i + 1);
      return i == s.size() ? std::optional(std::move(strings)) : std::nullopt;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::vector<RawWord> split_blanks(std::string_view text) {
  std::vector<RawWord> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_json_blank(text[i])) ++i;
    if (i == text.size()) break;
    std::size_t begin = i;
    while (i < text.size() && !is_json_blank(text[i])) ++i;
    words.push_back({begin, i});
  }
  return words;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace rightfit::dockerfile::detail
