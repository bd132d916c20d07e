// A quick look at C++ text without Clang: what decides whether a Lambda can reach the file
// (analyzer/lambda_code_reach.h) before anything pays for a parse.
#pragma once

#include <cstddef>
#include <string_view>

#include "parsers/frontend.h"

namespace rightfit::cpp {

// Whether the text names the aws-lambda-cpp entry points (`run_handler`,
// `invocation_request`) anywhere, and the files it includes by a quoted name, at most
// `max_includes` of them (past it: includes_complete is false).
CodeGlance glance_at_cpp(std::string_view text, std::size_t max_includes);

}  // namespace rightfit::cpp
