// The Clang half of compile_database.h: in the Clang module (cpp_module.h) only.
#include <clang/Tooling/JSONCompilationDatabase.h>

#include <filesystem>

#include "parsers/cpp/compile_database.h"
#include "parsers/cpp/compile_flags.h"

namespace rightfit::cpp {

namespace {

namespace fs = std::filesystem;

// The tree a database describes, inside which `-include` files must lie: the directory
// holding it, or the one above when that is `build/` (where find() also looks).
std::string described_tree(const std::string& database_file) {
  fs::path dir = fs::path(CompileDatabase::key_of(database_file, "")).parent_path();
  if (dir.filename() == "build") dir = dir.parent_path();
  return dir.generic_string();
}

}  // namespace

Result<CompileDatabase> read_compile_commands(const std::string& file) {
  std::string why;
  std::unique_ptr<clang::tooling::JSONCompilationDatabase> db =
      clang::tooling::JSONCompilationDatabase::loadFromFile(
          file, why, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!db) return fail(file + ": not a usable compile database: " + bounded_reason(why));
  std::map<std::string, FileCommand> commands;
  const std::string tree = described_tree(file);
  // First command wins for a file compiled more than once, as clangd does.
  for (const clang::tooling::CompileCommand& c : db->getAllCompileCommands()) {
    std::string key = CompileDatabase::key_of(c.Filename, c.Directory);
    if (commands.count(key)) continue;
    SanitizedCommand clean = sanitize_compile_command(c.CommandLine, c.Directory, tree);
    commands[key] = FileCommand{std::move(clean.argv), c.Directory, std::move(clean.dropped),
                                std::move(clean.includes)};
  }
  return CompileDatabase(file, std::move(commands));
}

}  // namespace rightfit::cpp
