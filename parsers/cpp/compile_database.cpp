#include "parsers/cpp/compile_database.h"

#include <clang/Tooling/JSONCompilationDatabase.h>

#include <filesystem>

#include "parsers/cpp/compile_flags.h"

namespace rightfit::cpp {

namespace {

namespace fs = std::filesystem;

std::string normal_absolute(const std::string& path, const std::string& base) {
  fs::path p(path);
  std::error_code ec;
  if (p.is_relative()) p = (base.empty() ? fs::current_path(ec) : fs::path(base)) / p;
  return p.lexically_normal().generic_string();
}

// The tree a database describes, inside which `-include` files must lie: the directory
// holding it, or the one above when that is `build/` (where find() also looks).
std::string described_tree(const std::string& database_file) {
  fs::path dir = fs::path(normal_absolute(database_file, "")).parent_path();
  if (dir.filename() == "build") dir = dir.parent_path();
  return dir.generic_string();
}

}  // namespace

std::optional<std::string> CompileDatabase::find(const std::string& root) {
  for (const char* candidate : {"compile_commands.json", "build/compile_commands.json"}) {
    fs::path p = fs::path(root) / candidate;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.lexically_normal().generic_string();
  }
  return std::nullopt;
}

Result<CompileDatabase> CompileDatabase::load(const std::string& path) {
  std::string file = path;
  std::error_code ec;
  if (fs::is_directory(path, ec)) file = (fs::path(path) / "compile_commands.json").string();
  std::string why;
  std::unique_ptr<clang::tooling::JSONCompilationDatabase> db =
      clang::tooling::JSONCompilationDatabase::loadFromFile(
          file, why, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!db) return fail(file + ": not a usable compile database: " + why);
  CompileDatabase out;
  out.path_ = file;
  const std::string tree = described_tree(file);
  // First command wins for a file compiled more than once, as clangd does.
  for (const clang::tooling::CompileCommand& c : db->getAllCompileCommands()) {
    std::string key = normal_absolute(c.Filename, c.Directory);
    if (out.commands_.count(key)) continue;
    SanitizedCommand clean = sanitize_compile_command(c.CommandLine, c.Directory, tree);
    out.commands_[key] = FileCommand{std::move(clean.argv), c.Directory, std::move(clean.dropped)};
  }
  return out;
}

std::optional<FileCommand> CompileDatabase::command_for(const std::string& file) const {
  auto it = commands_.find(normal_absolute(file, ""));
  if (it == commands_.end()) return std::nullopt;
  return it->second;
}

}  // namespace rightfit::cpp
