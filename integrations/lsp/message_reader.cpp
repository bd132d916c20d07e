#include "integrations/lsp/message_reader.h"

#include <algorithm>
#include <charconv>

namespace rightfit::lsp {

namespace {

constexpr std::string_view kHeaderEnd = "\r\n\r\n";

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct ParsedHeader {
  std::size_t content_length = 0;  // valid when `error` is empty
  std::string error;
};

// The header block, without its final blank line: `Name: value` lines separated by CRLF.
ParsedHeader parse_header(std::string_view header) {
  ParsedHeader parsed;
  bool has_length = false;
  while (!header.empty()) {
    std::size_t eol = header.find("\r\n");
    std::string_view line = header.substr(0, eol);
    header = eol == std::string_view::npos ? std::string_view{} : header.substr(eol + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos)
      return {0, "malformed header line (no ':'): '" + std::string(line) + "'"};
    std::string_view name = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (!iequals(name, "Content-Length")) continue;  // Content-Type and others: ignored
    std::size_t length = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec != std::errc{} || end != value.data() + value.size())
      return {0, "Content-Length is not a number: '" + std::string(value) + "'"};
    if (length > MessageReader::kMaxContentBytes)
      return {0, "Content-Length " + std::to_string(length) + " exceeds the limit"};
    parsed.content_length = length;
    has_length = true;
  }
  if (!has_length) parsed.error = "the header has no Content-Length";
  return parsed;
}

// Where a header seems to start again after a framing error: the next `Content-Length` past the
// first byte of `unread` (case-insensitive), or npos. A Content-Length shorter than its body
// leaves the body's tail in front of the next header; skipping past the header block would then
// take the next body for a header, and so on forever.
std::size_t resync_offset(std::string_view unread) {
  constexpr std::string_view kName = "content-length";
  for (std::size_t at = 1; at + kName.size() <= unread.size(); ++at) {
    if (iequals(unread.substr(at, kName.size()), kName)) return at;
  }
  return std::string_view::npos;
}

}  // namespace

void MessageReader::feed(std::string_view bytes) {
  if (start_ > 0 && start_ >= buffer_.size() / 2) {  // drop what was consumed
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<FramedMessage> MessageReader::header_error(std::size_t skip, std::string why) {
  start_ += skip;
  return FramedMessage{{}, std::move(why)};
}

std::optional<FramedMessage> MessageReader::next() {
  std::string_view unread = std::string_view(buffer_).substr(start_);
  std::size_t header_end = unread.find(kHeaderEnd);
  if (header_end == std::string_view::npos) {
    if (unread.size() <= kMaxHeaderBytes) return std::nullopt;
    return header_error(std::min(unread.size(), resync_offset(unread)),
                        "no end of header within " + std::to_string(kMaxHeaderBytes) + " bytes");
  }
  const std::size_t body_begin = header_end + kHeaderEnd.size();
  // A header starting later in this block: skip only up to it.
  const std::size_t restart = std::min(body_begin, resync_offset(unread.substr(0, header_end)));
  if (header_end > kMaxHeaderBytes)
    return header_error(restart, "header longer than " + std::to_string(kMaxHeaderBytes));
  ParsedHeader header = parse_header(unread.substr(0, header_end));
  if (!header.error.empty()) return header_error(restart, std::move(header.error));
  if (unread.size() - body_begin < header.content_length) return std::nullopt;
  FramedMessage message{std::string(unread.substr(body_begin, header.content_length)), {}};
  start_ += body_begin + header.content_length;
  return message;
}

}  // namespace rightfit::lsp
