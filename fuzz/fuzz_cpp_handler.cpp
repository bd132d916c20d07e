// libFuzzer: a C++ handler file -> code facts (Clang parses it standalone with the stand-in
// runtime header; rightfit's collector walks whatever AST Clang recovers from the input).
// Clang itself is not instrumented: this fuzzes the collector and the stand-in declarations.
#include <cstddef>
#include <cstdint>
#include <string>

#include "parsers/cpp/cpp_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rightfit::cpp::CppSource source;
  source.path = "handler.cpp";
  source.text.assign(reinterpret_cast<const char*>(data), size);
  source.contain_crashes = false;
  rightfit::cpp::parse_cpp(source);
  return 0;
}
