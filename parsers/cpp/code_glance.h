// A quick look at C++ text without Clang: what decides whether a Lambda can reach the file
// (analyzer/lambda_code_reach.h) before anything pays for a parse.
#pragma once

#include <cstddef>
#include <string_view>

#include "parsers/frontend.h"

namespace rightfit::cpp {

// Whether the text names the aws-lambda-cpp entry points (`run_handler`,
// `invocation_request`) anywhere, and the files it includes by a quoted and by an angle name,
// at most `max_includes` of them together (past it: includes_complete is false).
CodeGlance glance_at_cpp(std::string_view text, std::size_t max_includes);

// How deep control statements (`if`, `for`, `while`, `switch`, `do`) nest in the text,
// counted without Clang: each one inside the body of another without braces (`if (x) if (x)`)
// or in an `else` chain (`else if`) adds one at its brace level. Clang's name lookup walks
// every enclosing scope, so its time grows with the square of this depth (20,000 nested ifs:
// 9 s of CPU). The count stops once past `stop_above`.
std::size_t control_nesting(std::string_view text, std::size_t stop_above);

}  // namespace rightfit::cpp
