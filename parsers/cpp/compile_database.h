// compile_commands.json: where it is looked for and each file's (sanitised) command.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/result.h"

namespace rightfit::cpp {

struct FileCommand {
  std::vector<std::string> argv;  // sanitised (compile_flags.h)
  std::string directory;
  std::vector<std::string> dropped;  // flags removed (compile_flags.h)
};

class CompileDatabase {
 public:
  // Loads `path` (a compile_commands.json, or a directory holding one). The problem's
  // message names the file and the cause.
  static Result<CompileDatabase> load(const std::string& path);
  // `<root>/compile_commands.json`, else `<root>/build/compile_commands.json`.
  static std::optional<std::string> find(const std::string& root);

  // The command for a source file (any spelling of its path), if the database has one.
  std::optional<FileCommand> command_for(const std::string& file) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::map<std::string, FileCommand> commands_;  // by absolute, normalised file path
};

}  // namespace rightfit::cpp
