#include "parsers/cpp/compile_database.h"

#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/reader.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

#include "parsers/cpp/cpp_module_loader.h"
#include "parsers/parse_limits.h"
#include "parsers/printable.h"

namespace rightfit::cpp {

namespace fs = std::filesystem;

namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// How much of the database a message quotes around a syntax error.
constexpr std::size_t kExcerptBytes = 48;

// Up to kExcerptBytes of `file` from `offset`, control characters escaped.
std::string excerpt_at(std::FILE* file, std::size_t offset) {
  std::array<char, kExcerptBytes> bytes{};
  if (std::fseek(file, static_cast<long>(offset), SEEK_SET) != 0) return {};
  const std::size_t got = std::fread(bytes.data(), 1, bytes.size(), file);
  return escape_controls(to_valid_utf8(std::string_view(bytes.data(), got)));
}

// Why `file` is not JSON, or nullopt when it is. Asked before Clang reads it: LLVM's reader
// prints the line around a syntax error to stderr, and a generated database may be one line
// of hundreds of megabytes. A streaming parse with a fixed buffer: no copy of the file.
std::optional<std::string> json_syntax_problem(const std::string& file) {
  const FilePtr in(std::fopen(file.c_str(), "rb"));
  if (!in) return std::nullopt;  // Clang's reader says why it cannot open it
  std::array<char, 1u << 16> buffer{};
  rapidjson::FileReadStream stream(in.get(), buffer.data(), buffer.size());
  rapidjson::BaseReaderHandler<> ignore;
  rapidjson::Reader reader;
  if (!reader.Parse<rapidjson::kParseIterativeFlag>(stream, ignore)) {
    const std::size_t offset = reader.GetErrorOffset();
    return "invalid JSON at byte " + std::to_string(offset) + " (" +
           rapidjson::GetParseError_En(reader.GetParseErrorCode()) + ") near `" +
           excerpt_at(in.get(), offset) + "`";
  }
  return std::nullopt;
}

}  // namespace

std::string bounded_reason(std::string_view why) {
  constexpr std::size_t kMostBytes = 200;
  std::string shown = escape_controls(to_valid_utf8(why.substr(0, kMostBytes)));
  if (why.size() > kMostBytes) shown += "...";
  return shown;
}

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

Result<CompileDatabase, DatabaseProblem> CompileDatabase::load(const std::string& path) {
  std::string file = path;
  std::error_code ec;
  if (fs::is_directory(path, ec)) file = (fs::path(path) / "compile_commands.json").string();
  if (std::optional<std::string> broken = json_syntax_problem(file))
    return fail_with(DatabaseProblem{file + ": not a usable compile database: " + *broken});
  Result<const ClangParser*> clang = clang_parser();
  if (!clang) {
    return fail_with(
        DatabaseProblem{file + ": not read: " + clang.problem().message, /*in_the_file=*/false});
  }
  Result<CompileDatabase> read = (*clang)->read_compile_commands(file);
  if (!read) return fail_with(DatabaseProblem{read.problem().message});
  return std::move(read).value();
}

namespace {

// Why `file` may not be read before a parse, or nullopt: it is a regular file within
// `max_bytes` (stat follows symlinks, as Clang's open does).
std::optional<std::string> unreadable_include(const std::string& file, std::size_t max_bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::string("not a regular file");
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) return ec.message();
  if (size <= max_bytes) return std::nullopt;
  return std::to_string(size) + " bytes, over " + std::string(kMaxFileBytesKey) + " (" +
         std::to_string(max_bytes) + ")";
}

}  // namespace

std::vector<std::string> CompileDatabase::drop_includes_over(std::size_t max_bytes) {
  constexpr std::size_t kMostLinesSaid = 10;
  std::map<std::string, std::optional<std::string>> why_not;  // by file: one stat each
  std::vector<std::string> said;
  std::size_t unsaid = 0;
  for (auto& [source, command] : commands_) {
    // Back to front: erasing a flag moves only the arguments after it.
    for (auto it = command.includes.rbegin(); it != command.includes.rend(); ++it) {
      auto [known, fresh] = why_not.try_emplace(it->file);
      if (fresh) known->second = unreadable_include(it->file, max_bytes);
      const std::optional<std::string>& why = known->second;
      if (!why) continue;
      if (fresh && said.size() < kMostLinesSaid) {
        said.push_back(bounded_reason(it->file) + ": -include of it dropped (" + *why +
                       "); the files whose commands name it are parsed without it");
      } else if (fresh) {
        ++unsaid;
      }
      const auto first = command.argv.begin() + static_cast<std::ptrdiff_t>(it->first);
      command.dropped.push_back("-include " + bounded_reason(it->file));
      command.argv.erase(first, first + static_cast<std::ptrdiff_t>(it->count));
    }
    std::erase_if(command.includes,
                  [&why_not](const ForcedInclude& i) { return why_not[i.file].has_value(); });
  }
  if (unsaid > 0) said.push_back(std::to_string(unsaid) + " more -include files dropped likewise");
  return said;
}

std::optional<FileCommand> CompileDatabase::command_for(const std::string& file) const {
  auto it = commands_.find(key_of(file, ""));
  if (it == commands_.end()) return std::nullopt;
  return it->second;
}

namespace {

// The directory a search-path flag at argv[i] names, and how many arguments it takes (0: not
// such a flag). `-I dir`, `-Idir`, `--include-directory[=]dir`; likewise `-iquote`.
std::pair<std::string_view, std::size_t> search_dir(const std::vector<std::string>& argv,
                                                    std::size_t i, std::string_view flag) {
  const std::string_view arg = argv[i];
  if (arg == flag) return {i + 1 < argv.size() ? argv[i + 1] : std::string_view{}, 2};
  if (!arg.starts_with(flag)) return {{}, 0};
  const std::string_view dir = arg.substr(flag.size());
  if (!flag.starts_with("--")) return {dir, 1};
  // `--include-directory=dir`; `--include-directory-after` is another flag.
  return dir.starts_with('=') ? std::pair{dir.substr(1), std::size_t{1}}
                              : std::pair{dir, std::size_t{0}};
}

}  // namespace

IncludeDirs include_dirs(const FileCommand& command) {
  std::vector<std::string> quote;
  std::vector<std::string> angle;
  std::vector<std::string> system;
  std::vector<std::string> after;
  const fs::path base = command.directory.empty() ? fs::path(".") : fs::path(command.directory);
  auto add = [&base](std::vector<std::string>& to, std::string_view dir) {
    // `-I=dir` is relative to the sysroot: not a directory of the repository.
    if (dir.empty() || dir.starts_with('=')) return;
    std::error_code ec;
    fs::path p = fs::absolute(base / fs::path(dir), ec);
    if (!ec) to.push_back(p.lexically_normal().generic_string());
  };
  const std::vector<std::string>& argv = command.argv;
  for (std::size_t i = 0; i < argv.size();) {
    std::size_t taken = 0;
    for (const auto& [flag, to] :
         {std::pair<std::string_view, std::vector<std::string>*>{"-iquote", &quote},
          {"-isystem", &system},
          {"-idirafter", &after},
          {"--include-directory-after", &after},
          {"-I", &angle},
          {"--include-directory", &angle}}) {
      const auto [dir, width] = search_dir(argv, i, flag);
      if (width == 0) continue;
      add(*to, dir);
      taken = width;
      break;
    }
    i += taken == 0 ? 1 : taken;
  }
  angle.insert(angle.end(), system.begin(), system.end());
  angle.insert(angle.end(), after.begin(), after.end());
  quote.insert(quote.end(), angle.begin(), angle.end());
  return IncludeDirs{std::move(quote), std::move(angle)};
}

}  // namespace rightfit::cpp
