// The parts of cpp_parser.h that need no Clang: what the front-end and the cache use before
// (or instead of) loading the Clang module (cpp_module.h).
#define XXH_INLINE_ALL  // header-only: no run-time library to load or to depend on
#include <xxhash.h>

#include "parsers/cpp/cpp_parser.h"
#include "parsers/suppression_comments.h"

namespace rightfit::cpp {

// XXH3-128: the cache compares texts it can read again and authenticates nothing, so a fast
// hash with a negligible chance of collision does, without LLVM's SHA-256.
std::string content_hash(std::string_view text) {
  const XXH128_hash_t digest = XXH3_128bits(text.data(), text.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (XXH64_hash_t half : {digest.high64, digest.low64}) {
    for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(half >> shift) & 15];
  }
  return out;
}

bool is_cpp_source(std::string_view path) {
  for (std::string_view ext : {".cpp", ".cc", ".cxx", ".c++"}) {
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) return true;
  }
  return false;
}

std::vector<Suppression> cpp_suppressions(const std::string& path, std::string_view text) {
  return comment_suppressions(path, text, {"//", "/*"}, {});
}

}  // namespace rightfit::cpp
