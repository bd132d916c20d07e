// Shell scripts of RUN, CMD and ENTRYPOINT (private to parsers/dockerfile): the simple
// commands found by tree-sitter-bash anywhere in the script (lists, pipelines, subshells,
// if/for/while/case bodies, functions, command substitutions), with their words after quote
// removal and ARG/ENV expansion.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/dockerfile/dockerfile_words.h"

struct TSParser;

namespace rightfit::dockerfile::detail {

struct ParsedCommand {
  std::vector<std::string> words;
  std::size_t begin = 0;  // the first word, in the script's text
  std::size_t end = 0;
  std::vector<std::size_t> redirects;  // where its file redirections start (`<file`, `>out`)
};

class ShellParser {
 public:
  ShellParser();
  ~ShellParser();
  ShellParser(const ShellParser&) = delete;
  ShellParser& operator=(const ShellParser&) = delete;

  // The simple commands of `script` in source order (a command before those in its
  // arguments' substitutions, and before those of its script when it is `sh -c script`).
  // Syntax errors are tolerated: what parses is returned.
  std::vector<ParsedCommand> commands(std::string_view script, const VariableScope& scope);

 private:
  std::vector<ParsedCommand> commands_at(std::string_view script, const VariableScope& scope,
                                         int nesting);

  struct Deleter {
    void operator()(TSParser* parser) const;
  };
  std::unique_ptr<TSParser, Deleter> parser_;
};

// For `sh [options] -c script ...` (also `-ec`, `-xc`, ...): the index of the script word.
std::optional<std::size_t> shell_script_index(const std::vector<std::string>& words);

// Whether `command` names a POSIX shell (sh, bash, dash, ash, zsh, ksh, mksh),
// with or without a directory.
bool is_posix_shell(std::string_view command);

}  // namespace rightfit::dockerfile::detail
