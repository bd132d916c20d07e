#include "parsers/parse_cache.h"

#include <sys/stat.h>

namespace rightfit {

std::optional<InputStamp> stamp_disk_file(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
  return DiskStamp{static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino),
                   static_cast<std::uint64_t>(info.st_size),
                   info.st_mtim.tv_sec * kNanosPerSecond + info.st_mtim.tv_nsec,
                   info.st_ctim.tv_sec * kNanosPerSecond + info.st_ctim.tv_nsec};
}

std::string limits_key(const ParseLimits& limits) {
  return "limits " + std::to_string(limits.max_file_bytes) + " " +
         std::to_string(limits.max_yaml_nodes) + " " + std::to_string(limits.max_nesting_depth) +
         " " + std::to_string(limits.parse_timeout_ms);
}

bool stopped_by_time_limit(const std::vector<ParseError>& errors) {
  for (const ParseError& e : errors) {
    if (e.message.find(kParseTimeoutKey) != std::string::npos) return true;
  }
  return false;
}

}  // namespace rightfit
