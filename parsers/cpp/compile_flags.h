// Compile commands are untrusted input (a repository's compile_commands.json can name any
// flag): before Clang sees one, the command is reduced to an allowlist of flags that only
// change how code parses (include paths, macros, language standard and dialect, target),
// and is made a syntax-only run. Everything else is dropped: flags that load code, write
// files (outputs, dependency files, traces, stats, module caches), read more flags from
// files (@file, --config), or pass text straight to the compiler's back end (-Xclang,
// -Wp,, -Xpreprocessor, -mllvm), so no spelling of them can reach Clang.
#pragma once

#include <string>
#include <vector>

#include "parsers/cpp/compile_database.h"

namespace rightfit::cpp {

struct SanitizedCommand {
  std::vector<std::string> argv;
  std::vector<std::string> dropped;     // what was removed, as written, for messages and tests
  std::vector<ForcedInclude> includes;  // the `-include` flags kept, where argv spells them
};

// `argv` as in compile_commands.json ("arguments", or "command" split); argv[0] is the
// compiler, which is replaced by "clang++" (rightfit never runs the repository's compiler).
// `-include <file>` is kept only when the file, resolved against `directory` (the command's
// working directory) with symlinks followed, lies inside `tree`; with no tree it is dropped.
SanitizedCommand sanitize_compile_command(const std::vector<std::string>& argv,
                                          const std::string& directory = "",
                                          const std::string& tree = "");

}  // namespace rightfit::cpp
