// Instruction arguments (private to parsers/dockerfile): ARG/ENV variables and their
// expansion, Docker's word lexer for instructions other than RUN/CMD/ENTRYPOINT, leading
// `--flag=value` words, and the JSON (exec) form.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/dockerfile/dockerfile_text.h"

namespace rightfit::dockerfile::detail {

// Expanded values longer than this stay as written: chained ENVs (`ENV B=$A$A$A`) would
// otherwise grow exponentially.
constexpr std::size_t kMaxExpandedBytes = std::size_t{64} * 1024;

// ARG and ENV values by name; an ARG declared without a value (its value comes from
// `--build-arg`, unknown here) is nullopt.
using Variables = std::map<std::string, std::optional<std::string>, std::less<>>;

// The variables an expansion sees.
struct VariableScope {
  const Variables* env = nullptr;  // looked up first: ENV overrides an ARG of the same name
  const Variables* args = nullptr;
  // FROM sees the global ARGs only, so a name declared nowhere is unset there; elsewhere it
  // may come from the base image's ENV and is unknown.
  bool undeclared_is_unset = false;
};

// `${name<op>word}` for op "" (also `$name`), ":-", "-", ":+", "+". `word` is the operand,
// already expanded (nullopt when it is not known). nullopt: not known statically, the caller
// keeps the text as written.
std::optional<std::string> expand_parameter(const VariableScope& scope, std::string_view name,
                                            std::string_view op,
                                            const std::optional<std::string>& word);

bool is_name_start(char c);
bool is_name_char(char c);
bool is_blank(char c);

// A word of an instruction's arguments as written: text[begin, end).
struct RawWord {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Splits `text` at blanks outside quotes; quotes and escapes stay in the words.
std::vector<RawWord> split_words(std::string_view text, char escape);

// Quote removal and variable expansion of one word, as Docker does for FROM, COPY, ENV, ...
// (blanks inside the word stay). An expansion not known statically stays as written.
std::string process_word(std::string_view raw, char escape, const VariableScope& scope);

// A leading `--name=value` (or `--name`) of an instruction.
struct Flag {
  std::string name;
  std::string value;  // as written (quotes not removed)
  std::size_t begin = 0;
};

struct FlagsAndArgs {
  std::vector<Flag> flags;
  std::size_t args_begin = 0;  // first byte of the arguments after the flags (or the end)
};

// Reads the flags at text[from...] (Docker takes them before the arguments of any
// instruction; a lone `--` ends them).
FlagsAndArgs extract_flags(std::string_view text, std::size_t from, char escape);

const Flag* find_flag(const std::vector<Flag>& flags, std::string_view name);

// One string of a JSON array: its decoded value (mapped back to the file) and where it is
// written in the parsed text, quotes included.
struct JsonString {
  MappedText value;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// text.text()[from...] as a JSON array of strings (the exec form), blanks around it allowed;
// nullopt when it is not one (then the instruction is in shell form).
std::optional<std::vector<JsonString>> parse_json_strings(const MappedText& text, std::size_t from);

// A whitespace split of `text` (non-POSIX shells): offsets of each word.
std::vector<RawWord> split_blanks(std::string_view text);

std::string to_lower(std::string_view text);

}  // namespace rightfit::dockerfile::detail
