# Writes OUT: a C++ source defining `std::string_view <NAMESPACE>::<FUNCTION>()` that returns
# the text of the file IN as written (a raw string literal).
file(READ "${IN}" text)
set(body "// Generated from ${IN} by cmake/embed_text.cmake. Do not edit.\n")
string(APPEND body "#include <string_view>\nnamespace ${NAMESPACE} {\n")
string(APPEND body "std::string_view ${FUNCTION}() {\n  return R\"rfembed(${text})rfembed\";\n}\n")
string(APPEND body "}  // namespace ${NAMESPACE}\n")
file(WRITE "${OUT}.tmp" "${body}")
file(RENAME "${OUT}.tmp" "${OUT}")
