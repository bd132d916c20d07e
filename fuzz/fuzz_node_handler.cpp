// libFuzzer: a JavaScript/TypeScript handler file -> code facts (tree-sitter-javascript,
// -typescript or -tsx by the first byte, then rightfit's walk of whatever tree it recovers:
// imports, exports, loops, calls).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_limits.h"
#include "parsers/node/node_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kPaths[] = {"src/handler.js", "src/handler.ts", "src/view.tsx"};
  const char* path = kPaths[data[0] % 3];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (rightfit::check_text_encoding(text)) return 0;  // the engine never passes such text on
  rightfit::node::parse_node(path, text, rightfit::fuzz::parse_limits());
  return 0;
}
