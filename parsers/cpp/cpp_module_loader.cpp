#include "parsers/cpp/cpp_module_loader.h"

#include <dlfcn.h>

#include <filesystem>

namespace rightfit::cpp {

namespace {

namespace fs = std::filesystem;

using Entry = const ClangParser* (*)(const char*);

Result<const ClangParser*> open_module(const std::string& path) {
  // RTLD_LOCAL: LLVM's symbols stay the module's; the handle is never closed (LLVM's
  // static state does not survive unloading).
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    return fail(why ? why : "dlopen failed");
  }
  auto entry = reinterpret_cast<Entry>(::dlsym(handle, kCppModuleEntry));
  if (entry == nullptr) return fail(path + ": no entry point " + kCppModuleEntry);
  const ClangParser* parser = entry(cpp_module_abi(RIGHTFIT_VERSION).c_str());
  if (parser == nullptr)
    return fail(path + ": built for another version of rightfit (" RIGHTFIT_VERSION " needed)");
  return parser;
}

Result<const ClangParser*> load() {
  std::error_code ec;
  const fs::path executable = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return fail(std::string(kCppModuleFile) + " not found: /proc/self/exe unreadable");
  std::string tried;
  for (const std::string& candidate : cpp_module_candidates(executable.string())) {
    if (!fs::is_regular_file(candidate, ec)) {
      tried += (tried.empty() ? "" : ", ") + candidate;
      continue;
    }
    Result<const ClangParser*> opened = open_module(candidate);
    if (opened) return opened;
    return fail("the C++ front-end " + std::string(kCppModuleFile) +
                " could not be loaded: " + opened.problem().message);
  }
  return fail("the C++ front-end " + std::string(kCppModuleFile) + " is missing (looked for " +
              tried + ")");
}

}  // namespace

std::vector<std::string> cpp_module_candidates(const std::string& executable) {
  const fs::path dir = fs::path(executable).parent_path();
  return {(dir / kCppModuleFile).lexically_normal().string(),
          (dir / ".." / "lib" / "rightfit" / "cpp" / kCppModuleFile).lexically_normal().string()};
}

Result<const ClangParser*> clang_parser() {
  // Loaded once, on the first C++ file that needs Clang; immutable afterwards.
  static const Result<const ClangParser*> loaded = load();
  return loaded;
}

}  // namespace rightfit::cpp
