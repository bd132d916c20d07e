// libFuzzer: any front-end of the list (parsers/frontends.cpp) -> workload facts. The first
// byte picks the front-end, the rest is the file (fuzz_frontends.h), so a front-end added to
// the list is fuzzed without a target of its own. The per-loader targets stay: they reach
// their parsers without the front-end's peek at the content.
#include "fuzz/fuzz_frontends.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rightfit::fuzz::parse_selected(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
