#include "parsers/parse_limits.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iterator>
#include <optional>
#include <system_error>

#include "parsers/printable.h"
#include "parsers/text_file.h"
#include "parsers/wide_text.h"

namespace rightfit {

Deadline Deadline::after(std::chrono::milliseconds budget) {
  Deadline d;
  d.at_ = std::chrono::steady_clock::now() + budget;
  return d;
}

Deadline Deadline::already_passed() {
  Deadline d;
  d.at_ = std::chrono::steady_clock::time_point::min();
  return d;
}

Deadline ParseLimits::deadline() const {
  return Deadline::after(std::chrono::milliseconds(parse_timeout_ms));
}

std::string limit_hint(std::string_view key) {
  return "raise " + std::string(key) + " in .rightfit.yaml if the file is genuine";
}

namespace {

std::string lowercase_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

// Closes the file at the end of the scope.
struct FileDescriptor {
  explicit FileDescriptor(int open_fd) : fd(open_fd) {}
  ~FileDescriptor() { ::close(fd); }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int fd;
};

SourceText unreadable(std::string message) {
  return fail_with(SourceProblem{{1, 1}, std::move(message)});
}

// Why a file of `size` bytes (none: unknown, it grew while read) is more than `max_bytes`.
SourceProblem too_large(std::optional<std::size_t> size, std::size_t max_bytes,
                        std::string_view limit_key) {
  std::string message = "file too large: ";
  message += size ? std::to_string(*size) + " bytes, more than " : std::string("more than ");
  if (limit_key.empty())
    return SourceProblem{{1, 1}, message + std::to_string(max_bytes) + " bytes"};
  return SourceProblem{{1, 1},
                       message + std::string(limit_key) + " (" + std::to_string(max_bytes) +
                           (size ? ")" : ") bytes") + "; " + limit_hint(limit_key)};
}

// Up to `most` bytes of `fd` from where it stands, starting with room for `expected`; nullopt
// on a read error. A file growing while it is read stays bounded.
std::optional<std::string> read_at_most(int fd, std::size_t most, std::size_t expected = 0) {
  std::string text(std::min(std::max<std::size_t>(expected, 1), most), '\0');
  std::size_t used = 0;
  while (true) {
    if (used == text.size()) {
      if (used >= most) break;
      text.resize(std::min(2 * used, most));
    }
    const ssize_t got = ::read(fd, text.data() + used, text.size() - used);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return std::nullopt;
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  text.resize(used);
  return text;
}

std::string as_utf8(std::string text) {
  std::optional<std::string> transcoded = utf8_of_wide_text(text);
  return transcoded ? std::move(*transcoded) : std::move(text);
}

// What a file that is not a regular one is, for a message.
std::string kind_of(const struct stat& info) {
  if (S_ISDIR(info.st_mode)) return "a directory";
  if (S_ISFIFO(info.st_mode)) return "a FIFO";
  if (S_ISSOCK(info.st_mode)) return "a socket";
  if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)) return "a device";
  return "a special file";
}

SourceText cannot_read() {
  return unreadable("the file cannot be read: " +
                    lowercase_first(std::generic_category().message(errno)));
}

// read_regular_file, and when the file is too large its first `head_bytes` in the problem.
SourceText read_regular(const std::string& path, std::size_t max_bytes, std::string_view limit_key,
                        std::size_t head_bytes) {
  // Opened before it is looked at, and without waiting: a FIFO (or /dev/stdin) opens at once
  // and is refused by its type, and what is read is what was checked (no swap between a stat
  // and the open).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return cannot_read();
  const FileDescriptor open_file(fd);
  struct stat info;
  if (::fstat(fd, &info) != 0) return cannot_read();
  if (!S_ISREG(info.st_mode)) return unreadable("not a regular file (" + kind_of(info) + ")");
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size > max_bytes) {
    SourceProblem problem = too_large(size, max_bytes, limit_key);
    if (head_bytes > 0) {
      if (std::optional<std::string> head = read_at_most(fd, head_bytes))
        problem.head = as_utf8(std::move(*head));
    }
    return fail_with(std::move(problem));
  }
  // POSIX reads straight into the string: an ifstream allocated an 8 KiB buffer per file, and
  // that allocation alone was 1.7% of the Terraform corpus's instructions (bench/RESULTS.md).
  std::optional<std::string> text = read_at_most(fd, max_bytes + 1, size + 1);
  if (!text) return unreadable("the file cannot be read: I/O error");
  if (text->size() > max_bytes) return fail_with(too_large(std::nullopt, max_bytes, limit_key));
  return std::move(*text);
}

}  // namespace

SourceText read_regular_file(const std::string& path, std::size_t max_bytes,
                             std::string_view limit_key) {
  return read_regular(path, max_bytes, limit_key, 0);
}

// An analysed file: UTF-16 and UTF-32 text comes back as UTF-8 (wide_text.h), and a file too
// large keeps its head for the front-ends that decide by content.
SourceText read_text_file(const std::string& path, std::size_t max_bytes) {
  SourceText text = read_regular_file(path, max_bytes);
  if (!text) return text;
  return as_utf8(std::move(*text));
}

SourceText read_source_file(const std::string& path, const ParseLimits& limits) {
  SourceText text = read_regular(path, limits.max_file_bytes, kMaxFileBytesKey, kHeadBytes);
  if (!text) return text;
  return as_utf8(std::move(*text));
}

std::optional<SourceProblem> check_text_encoding(std::string_view text) {
  // Nearly every file is plain ASCII without NUL: one tight pass proves it, and the counting
  // walk below (which knows where a problem sits) runs only on the others.
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c != '\0' && static_cast<unsigned char>(c) < 0x80;
  });
  if (plain) return std::nullopt;
  Position at{1, 1};
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\0') {
      return SourceProblem{at, "binary file (NUL byte at line " + std::to_string(at.line) +
                                   ", column " + std::to_string(at.column) + "), not text"};
    }
    const std::size_t length = utf8_sequence_length(text.substr(i));
    if (length == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(c));
      return SourceProblem{at, "not UTF-8 text (invalid byte " + std::string(hex) + " at line " +
                                   std::to_string(at.line) + ", column " +
                                   std::to_string(at.column) + ")"};
    }
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace rightfit
