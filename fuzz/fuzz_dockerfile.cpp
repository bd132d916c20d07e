// libFuzzer: a Dockerfile -> image facts (line reader, heredocs, words, tree-sitter-bash).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_limits.h"
#include "parsers/dockerfile/dockerfile_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (rightfit::check_text_encoding(text)) return 0;  // the engine never passes such text on
  rightfit::dockerfile::parse_dockerfile("Dockerfile", text,
                                         rightfit::fuzz::parse_limits().deadline());
  return 0;
}
