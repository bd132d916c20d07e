#include "parsers/file_reader.h"

#include <fstream>
#include <sstream>

namespace rightfit {

SourceText read_within_limits(const std::string& path, const ParseLimits& limits) {
  return read_source_file(path, limits);
}

std::optional<std::string> read_file_from_disk(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

}  // namespace rightfit
