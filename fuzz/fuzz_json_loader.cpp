// libFuzzer: JSON text -> doc::Node (RapidJSON SAX with position tracking).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_limits.h"
#include "parsers/document/document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)rightfit::doc::load_json(text, rightfit::fuzz::load_limits());  // no crash is the test
  return 0;
}
