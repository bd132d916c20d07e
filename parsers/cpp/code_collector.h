// Turns one translation unit's AST into CodeFunction facts: every function defined outside
// system headers, with its calls and the loops, static writes, file writes, threads, server
// calls and client constructions in its body. Shared by the `rightfit` parser and the
// clang-tidy module, so both see the same facts.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "parsers/workload_facts.h"

namespace clang {
class ASTContext;
}

namespace rightfit::cpp {

// How a file name as Clang knows it is shown in findings (e.g. relative to the working
// directory); identity when empty.
using PathDisplay = std::function<std::string(const std::string&)>;

std::vector<CodeFunction> collect_code_functions(clang::ASTContext& ast,
                                                 const PathDisplay& display = {});

// The qualified name of aws-lambda-cpp's entry point.
inline constexpr const char* kRunHandler = "aws::lambda_runtime::run_handler";

}  // namespace rightfit::cpp
