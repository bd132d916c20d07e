#include "parsers/cpp/compile_flags.h"

#include <clang/Driver/Options.h>
#include <llvm/Option/Arg.h>
#include <llvm/Option/ArgList.h>
#include <llvm/Option/OptTable.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <string_view>

namespace rightfit::cpp {

namespace {

namespace fs = std::filesystem;
namespace opts = clang::driver::options;

// Driver options whose only effect is on how the source parses: search paths, macros, the
// language and its standard, the target, optimisation levels (they define __OPTIMIZE__).
bool parse_only_option(const llvm::opt::Option& option) {
  static constexpr std::array kAllowed = {
      opts::OPT_I,        opts::OPT_isystem,     opts::OPT_iquote,   opts::OPT_idirafter,
      opts::OPT_isysroot, opts::OPT__sysroot_EQ, opts::OPT_D,        opts::OPT_U,
      opts::OPT_std_EQ,   opts::OPT_stdlib_EQ,   opts::OPT_x,        opts::OPT_target,
      opts::OPT_O_Group,  opts::OPT_pthread,     opts::OPT_nostdinc, opts::OPT_nostdincxx,
      opts::OPT_ansi,     opts::OPT_undef};
  return std::any_of(kAllowed.begin(), kAllowed.end(),
                     [&](opts::ID id) { return option.matches(id); });
}

// -f and -m options that change the dialect or the predefined macros, by spelling (a flag,
// or the `name=` of a joined option). Depth limits are not here: raising them lets a file
// recurse deeper in Clang.
bool dialect_option(std::string_view spelling) {
  static constexpr std::array<std::string_view, 60> kDialect = {"-fexceptions",
                                                                "-fno-exceptions",
                                                                "-fcxx-exceptions",
                                                                "-fno-cxx-exceptions",
                                                                "-frtti",
                                                                "-fno-rtti",
                                                                "-fms-extensions",
                                                                "-fno-ms-extensions",
                                                                "-fms-compatibility",
                                                                "-fno-ms-compatibility",
                                                                "-fms-compatibility-version=",
                                                                "-fdelayed-template-parsing",
                                                                "-fno-delayed-template-parsing",
                                                                "-fchar8_t",
                                                                "-fno-char8_t",
                                                                "-fcoroutines",
                                                                "-fno-coroutines",
                                                                "-fsigned-char",
                                                                "-fno-signed-char",
                                                                "-funsigned-char",
                                                                "-fno-unsigned-char",
                                                                "-fgnu-keywords",
                                                                "-fno-gnu-keywords",
                                                                "-fno-operator-names",
                                                                "-fshort-wchar",
                                                                "-fno-short-wchar",
                                                                "-fblocks",
                                                                "-fno-blocks",
                                                                "-fdeclspec",
                                                                "-fno-declspec",
                                                                "-fno-builtin",
                                                                "-ffreestanding",
                                                                "-fopenmp",
                                                                "-fno-openmp",
                                                                "-fpic",
                                                                "-fPIC",
                                                                "-fpie",
                                                                "-fPIE",
                                                                "-fno-pic",
                                                                "-fno-pie",
                                                                "-fsized-deallocation",
                                                                "-fno-sized-deallocation",
                                                                "-faligned-allocation",
                                                                "-fno-aligned-allocation",
                                                                "-ffast-math",
                                                                "-fno-fast-math",
                                                                "-m32",
                                                                "-m64",
                                                                "-mx32",
                                                                "-march=",
                                                                "-mcpu=",
                                                                "-mthumb",
                                                                "-marm",
                                                                "-msse4.2",
                                                                "-mavx",
                                                                "-mavx2",
                                                                "-mfma",
                                                                "-mpopcnt",
                                                                "-mbmi2",
                                                                "-maes"};
  return std::find(kDialect.begin(), kDialect.end(), spelling) != kDialect.end();
}

bool inside(const fs::path& path, const fs::path& tree) {
  auto [tree_end, path_at] = std::mismatch(tree.begin(), tree.end(), path.begin(), path.end());
  return tree_end == tree.end();
}

// `-include <file>` reads that file as if it began the source: only a file of the tree.
// Where it resolved to, or nullopt.
std::optional<fs::path> include_inside_tree(const std::string& file, const std::string& directory,
                                            const std::string& tree) {
  if (tree.empty()) return std::nullopt;
  std::error_code ec;
  fs::path p(file);
  if (p.is_relative()) p = fs::path(directory.empty() ? "." : directory) / p;
  fs::path resolved = fs::weakly_canonical(fs::absolute(p, ec), ec);
  if (ec) return std::nullopt;
  const fs::path root = fs::weakly_canonical(fs::absolute(tree, ec), ec);
  if (ec) return std::nullopt;
  if (!inside(resolved, root) || !fs::is_regular_file(resolved, ec)) return std::nullopt;
  return resolved;
}

bool keep(const llvm::opt::Arg& arg) {
  const llvm::opt::Option& option = arg.getOption();
  if (option.matches(opts::OPT_INPUT)) {
    // `-` is standard input; `@file` would read more flags from a file.
    std::string_view input = arg.getValue();
    return input != "-" && !input.starts_with("@");
  }
  return parse_only_option(option) || dialect_option(arg.getSpelling());
}

}  // namespace

SanitizedCommand sanitize_compile_command(const std::vector<std::string>& argv,
                                          const std::string& directory, const std::string& tree) {
  SanitizedCommand out;
  if (argv.empty()) return out;
  out.argv = {"clang++", "-fsyntax-only"};
  std::vector<const char*> raw;
  for (size_t i = 1; i < argv.size(); ++i) raw.push_back(argv[i].c_str());
  unsigned missing_index = 0, missing_count = 0;
  const llvm::opt::InputArgList args = clang::driver::getDriverOptTable().ParseArgs(
      raw, missing_index, missing_count,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  // Each flag is passed on as written: the raw arguments from its index to the next flag's.
  std::vector<const llvm::opt::Arg*> parsed(args.begin(), args.end());
  const size_t parsed_end = missing_count > 0 ? missing_index : raw.size();
  for (size_t n = 0; n < parsed.size(); ++n) {
    const size_t end = n + 1 < parsed.size() ? parsed[n + 1]->getIndex() : parsed_end;
    const std::vector<std::string> written(raw.begin() + parsed[n]->getIndex(),
                                           raw.begin() + static_cast<std::ptrdiff_t>(end));
    if (parsed[n]->getOption().matches(opts::OPT_include)) {
      if (std::optional<fs::path> file =
              include_inside_tree(parsed[n]->getValue(), directory, tree)) {
        out.includes.push_back({out.argv.size(), written.size(), file->generic_string()});
        out.argv.insert(out.argv.end(), written.begin(), written.end());
        continue;
      }
    } else if (keep(*parsed[n])) {
      out.argv.insert(out.argv.end(), written.begin(), written.end());
      continue;
    }
    std::string shown;
    for (const std::string& part : written) shown += (shown.empty() ? "" : " ") + part;
    out.dropped.push_back(shown);
  }
  // A flag at the end that lacks its value is dropped (ParseArgs left it out).
  if (missing_count > 0 && missing_index < raw.size()) out.dropped.push_back(raw[missing_index]);
  return out;
}

}  // namespace rightfit::cpp
