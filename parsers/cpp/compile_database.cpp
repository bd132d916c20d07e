#include "parsers/cpp/compile_database.h"

#include <filesystem>

#include "parsers/cpp/cpp_module_loader.h"

namespace rightfit::cpp {

namespace fs = std::filesystem;

std::string CompileDatabase::key_of(const std::string& file, const std::string& directory) {
  fs::path p(file);
  std::error_code ec;
  if (p.is_relative()) p = (directory.empty() ? fs::current_path(ec) : fs::path(directory)) / p;
  return p.lexically_normal().generic_string();
}

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
  Result<const ClangParser*> clang = clang_parser();
  if (!clang) return fail(file + ": not read: " + clang.problem().message);
  return (*clang)->read_compile_commands(file);
}

std::optional<FileCommand> CompileDatabase::command_for(const std::string& file) const {
  auto it = commands_.find(key_of(file, ""));
  if (it == commands_.end()) return std::nullopt;
  return it->second;
}

}  // namespace rightfit::cpp
