// Reading a file's text. Parsers take the reader as a value so a caller can serve some
// files from memory (an editor's unsaved buffers) without any global state.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse_limits.h"

namespace rightfit {

// The text of `path` (a display path, as discovery produced it) within `limits`
// (max_file_bytes), or why it was not read.
using FileReader = std::function<SourceText(const std::string& path, const ParseLimits& limits)>;

// The disk (read_source_file): the reader parsers use unless told otherwise.
SourceText read_within_limits(const std::string& path, const ParseLimits& limits);

// The directories (and files) the user named: a path the repository names (`${file(../x)}`,
// a symlink, a module source) is read only when, with `..` and symlinks resolved, it lies
// inside one of them.
class ReadRoots {
 public:
  explicit ReadRoots(const std::vector<std::string>& roots);
  bool contains(const std::string& path) const;
  // "/a, /b" (resolved, control characters escaped), for a message saying what was refused.
  std::string describe() const;

 private:
  std::vector<std::filesystem::path> roots_;  // absolute, symlinks resolved
};

// The end of the reason of an RF002 on a line that names a path outside the roots (a
// Terraform module's `source`, cdk.json's "output"); --verbose lists each of them.
inline constexpr std::string_view kRefersOutside = "refers outside the analysed tree: not read";

// `inner`, refusing paths outside `roots` (a problem saying so; nothing is opened).
FileReader confined_reader(FileReader inner, ReadRoots roots);

// A file's whole text when it is a regular file within `limits` (read_source_file: no FIFO,
// device or socket is waited on or read); nullopt otherwise.
std::optional<std::string> read_file_from_disk(const std::string& path, const ParseLimits& limits);

}  // namespace rightfit
