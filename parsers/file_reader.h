// Reading a file's text. Parsers take the reader as a value so a caller can serve some
// files from memory (an editor's unsaved buffers) without any global state.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace rightfit {

// The text of `path` (a display path, as discovery produced it); nullopt when unreadable.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

std::optional<std::string> read_file_from_disk(const std::string& path);

}  // namespace rightfit
