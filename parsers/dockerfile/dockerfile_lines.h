// The line level of a Dockerfile (private to parsers/dockerfile), as BuildKit reads it:
// parser directives, whole-line comments, line continuations with the active escape
// character (comment and blank lines inside them left out), and heredoc bodies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/dockerfile/dockerfile_text.h"

namespace rightfit::dockerfile::detail {

// Heredocs beyond this many in one instruction are an error (bounds the work per line).
constexpr std::size_t kMaxHeredocsPerInstruction = 64;

struct Heredoc {
  std::string name;            // the delimiter, quotes removed
  bool chomp = false;          // `<<-`: leading tabs are stripped from the body
  std::size_t word_begin = 0;  // the `<<EOF` word in the instruction's text
  std::size_t word_end = 0;
  MappedText body;  // its lines (tabs stripped for `<<-`), each ending in "\n"
};

// One instruction: its text from the keyword on, continuation lines joined without the
// escape character and line break, as BuildKit hands it to the instruction parsers.
struct LogicalInstruction {
  MappedText text;
  uint32_t first_line = 0;
  uint32_t last_line = 0;  // heredoc bodies and terminators included
  std::vector<Heredoc> heredocs;
};

struct LineError {
  std::size_t file_offset = 0;
  std::string message;
};

struct DockerfileLines {
  char escape = '\\';
  std::vector<LogicalInstruction> instructions;
  // Whole-line `#` comments (also those inside continuations and the shell comments of RUN
  // heredocs), where `rightfit:ignore` counts; parser directives are not among them.
  std::vector<uint32_t> comment_lines;
  std::vector<LineError> errors;  // reading stops at the first one
};

DockerfileLines read_dockerfile_lines(std::string_view text);

}  // namespace rightfit::dockerfile::detail
