// libFuzzer: a Python handler file -> code facts (tree-sitter-python, then rightfit's walk of
// whatever tree it recovers: imports, scopes, loops, calls).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_limits.h"
#include "parsers/python/python_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (rightfit::check_text_encoding(text)) return 0;  // the engine never passes such text on
  rightfit::python::parse_python("pkg/handler.py", text, rightfit::fuzz::parse_limits());
  return 0;
}
