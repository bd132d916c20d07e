// libFuzzer: bytes from an editor -> LSP frames (Content-Length headers, bodies), fed in two
// chunks split where the input's first byte says, as pipes deliver them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "integrations/lsp/message_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t split = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);
  rightfit::lsp::MessageReader reader;
  reader.feed(bytes.substr(0, split));
  while (reader.next()) {
  }
  reader.feed(bytes.substr(split));
  while (reader.next()) {
  }
  return 0;
}
