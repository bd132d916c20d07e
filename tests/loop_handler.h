// A C++ Lambda handler whose endless loop exists only when its compile command's -DKEPT
// reached Clang: RF102 on it shows that a compile database was used. `name` names a record
// whose layout Clang computes (a layout dump would print it).
#pragma once

#include <string>

namespace rightfit::testing_support {

inline std::string handler_looping_if_kept(const std::string& name) {
  return "#include <aws/lambda-runtime/runtime.h>\n"
         "using namespace aws::lambda_runtime;\n"
         "struct Layout" +
         name +
         " { int a; double b; };\n"
         "static_assert(sizeof(Layout" +
         name +
         ") == 16, \"layout\");\n"
         "static invocation_response handle(invocation_request const&) {\n"
         "#ifdef KEPT\n"
         "  for (;;) {\n"
         "  }\n"
         "#endif\n"
         "  return invocation_response::success(\"ok\", \"text/plain\");\n"
         "}\n"
         "int main() { run_handler(handle); }\n";
}

}  // namespace rightfit::testing_support
