// Reading a file's text. Parsers take the reader as a value so a caller can serve some
// files from memory (an editor's unsaved buffers) without any global state.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
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

 private:
  std::vector<std::filesystem::path> roots_;  // absolute, symlinks resolved
};

// `inner`, refusing paths outside `roots` (a problem saying so; nothing is opened).
FileReader confined_reader(FileReader inner, ReadRoots roots);

// A file's whole text; nullopt when unreadable.
std::optional<std::string> read_file_from_disk(const std::string& path);

}  // namespace rightfit
