// Compile commands are untrusted input (a repository's compile_commands.json can name any
// flag): before Clang sees one, flags that load code into the compiler, write files, or
// read further arguments from files are dropped, and the command is made a syntax-only run.
#pragma once

#include <string>
#include <vector>

namespace rightfit::cpp {

struct SanitizedCommand {
  std::vector<std::string> argv;
  std::vector<std::string> dropped;  // what was removed, for messages and tests
};

// `argv` as in compile_commands.json ("arguments", or "command" split); argv[0] is the
// compiler, which is replaced by "clang++" (rightfit never runs the repository's compiler).
SanitizedCommand sanitize_compile_command(const std::vector<std::string>& argv);

}  // namespace rightfit::cpp
