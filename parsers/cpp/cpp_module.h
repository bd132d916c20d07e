// The Clang side of the C++ front-end is a module of its own, librightfit-cpp.so (Clang
// LibTooling, linked to libclang-cpp and libLLVM), opened on the first C++ file that must be
// parsed (cpp_module_loader.h): a run over templates, Terraform, Python or JS never maps
// LLVM, whose loading and relocation cost ~20 ms of CPU and ~64 MB before any work
// (bench/RESULTS.md, issue 23). This is the whole interface between the two sides:
// rightfit's own value types, no LLVM type.
#pragma once

#include <string>
#include <string_view>

#include "parsers/cpp/compile_database.h"
#include "parsers/cpp/cpp_parser.h"
#include "parsers/result.h"

namespace rightfit::cpp {

class ClangParser {
 public:
  virtual ~ClangParser() = default;
  virtual CppParse parse(const CppSource& source) const = 0;
  virtual Result<CompileDatabase> read_compile_commands(const std::string& file) const = 0;
};

inline constexpr const char* kCppModuleFile = "librightfit-cpp.so";
// extern "C" const ClangParser* rightfit_cpp_module(const char* abi): the parser (which lives
// as long as the process), or null when `abi` is not the module's own cpp_module_abi().
inline constexpr const char* kCppModuleEntry = "rightfit_cpp_module";

// What both sides must agree on before a C++ object crosses: the build's version and the
// layout of the types that cross. A module left from another build is refused, not used.
inline std::string cpp_module_abi(std::string_view version) {
  std::string abi(version);
  for (std::size_t size :
       {sizeof(CppSource), sizeof(CppParse), sizeof(FileFacts), sizeof(CodeFunction),
        sizeof(CompileDatabase), sizeof(FileCommand), sizeof(Result<CompileDatabase>)})
    abi += " " + std::to_string(size);
  return abi;
}

}  // namespace rightfit::cpp
