// Opens the Clang module (cpp_module.h) once per process, on first use. It is looked for
// only beside the running executable (/proc/self/exe): in its directory (the build tree),
// then in ../lib/rightfit/cpp/ (the installed layout, cmake/packaging.cmake). Never in a
// path from the environment or the analysed repository.
#pragma once

#include <string>
#include <vector>

#include "parsers/cpp/cpp_module.h"
#include "parsers/result.h"

namespace rightfit::cpp {

// The parser, or why there is none (the message names the module and where it was looked for).
Result<const ClangParser*> clang_parser();

// The paths tried, in order, for the executable at `executable`.
std::vector<std::string> cpp_module_candidates(const std::string& executable);

}  // namespace rightfit::cpp
