// compile_commands.json: where it is looked for and each file's (sanitised) command.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/frontend.h"
#include "parsers/result.h"

namespace rightfit::cpp {

// A `-include <file>` a sanitised command kept (a file of the tree): argv[first, first+count)
// spells it, `file` is where it resolved to (absolute, symlinks followed).
struct ForcedInclude {
  std::size_t first = 0;
  std::size_t count = 0;
  std::string file;
};

struct FileCommand {
  std::vector<std::string> argv;  // sanitised (compile_flags.h)
  std::string directory;
  std::vector<std::string> dropped;     // flags removed (compile_flags.h)
  std::vector<ForcedInclude> includes;  // in argv's order
};

// Why a compile database was not loaded: the file itself (not JSON, not a database), or
// what reads it (the Clang module is missing). Only the first may be passed over when the
// database was found rather than named.
struct DatabaseProblem {
  std::string message;  // names the file and the cause
  bool in_the_file = true;
};

class CompileDatabase {
 public:
  CompileDatabase() = default;
  CompileDatabase(std::string path, std::map<std::string, FileCommand> commands)
      : path_(std::move(path)), commands_(std::move(commands)) {}

  // Loads `path` (a compile_commands.json, or a directory holding one) through the Clang
  // module (cpp_module.h), which it loads.
  static Result<CompileDatabase, DatabaseProblem> load(const std::string& path);
  // `<root>/compile_commands.json`, else `<root>/build/compile_commands.json`.
  static std::optional<std::string> find(const std::string& root);

  // Drops every `-include` of a file larger than `max_bytes` (the limit of every other read,
  // ParseLimits::max_file_bytes) or no longer a regular file: the commands parse without
  // it. One line per file dropped, escaped and short, for a warning.
  std::vector<std::string> drop_includes_over(std::size_t max_bytes);

  // The command for a source file (any spelling of its path), if the database has one.
  std::optional<FileCommand> command_for(const std::string& file) const;
  const std::string& path() const { return path_; }
  // How commands are keyed: `file` made absolute against `directory` (else the working
  // directory) and normalised.
  static std::string key_of(const std::string& file, const std::string& directory);

 private:
  std::string path_;
  std::map<std::string, FileCommand> commands_;  // by absolute, normalised file path
};

// The directories `command` searches for an include, in the preprocessor's order (GCC's and
// Clang's "Search Path"): a quoted one besides the including file's own directory in `-iquote`
// then the angle list; an angle one in `-I`, then `-isystem`, then `-idirafter` (the compiler's
// own directories, between the last two, are not the repository's). Absolute against the
// command's directory; read from the sanitised flags as written, without Clang.
IncludeDirs include_dirs(const FileCommand& command);

// At most 200 bytes of `why` (a reader's account of a broken database, which may quote it),
// control characters escaped: a message about a database never echoes the database.
std::string bounded_reason(std::string_view why);

// Reads a compile_commands.json file with Clang's reader, each command sanitised
// (compile_flags.h). Inside the Clang module only; others call CompileDatabase::load.
Result<CompileDatabase> read_compile_commands(const std::string& file);

}  // namespace rightfit::cpp
