// LSP base protocol framing: `Content-Length: N\r\n` (other headers allowed) `\r\n` then N
// bytes of JSON. A pure byte-buffer parser with no I/O, so it can be fuzzed and tested alone.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rightfit::lsp {

struct FramedMessage {
  std::string body;   // the content: a JSON text (not validated here)
  std::string error;  // set instead when the header was malformed: the frame is skipped
  bool ok() const { return error.empty(); }
};

class MessageReader {
 public:
  static constexpr std::size_t kMaxHeaderBytes = std::size_t{8} * 1024;
  static constexpr std::size_t kMaxContentBytes = std::size_t{64} * 1024 * 1024;

  // Appends bytes read from the stream.
  void feed(std::string_view bytes);
  // The next complete message or framing error; nullopt when more bytes are needed.
  std::optional<FramedMessage> next();
  // Bytes received and not yet returned (a message cut off by the end of the stream).
  std::size_t pending() const { return buffer_.size() - start_; }

 private:
  std::optional<FramedMessage> header_error(std::size_t skip, std::string why);

  std::string buffer_;
  std::size_t start_ = 0;  // beginning of the unread part of buffer_
};

}  // namespace rightfit::lsp
