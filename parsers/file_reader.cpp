#include "parsers/file_reader.h"

#include <algorithm>

#include "parsers/printable.h"

namespace rightfit {

namespace {

namespace fs = std::filesystem;

fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return {};
  fs::path real = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : real;
}

bool below(const fs::path& path, const fs::path& root) {
  auto [root_end, unused] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

}  // namespace

ReadRoots::ReadRoots(const std::vector<std::string>& roots) {
  for (const std::string& root : roots) {
    fs::path real = resolved(root);
    if (!real.empty() && std::find(roots_.begin(), roots_.end(), real) == roots_.end())
      roots_.push_back(std::move(real));
  }
}

std::string ReadRoots::describe() const {
  std::string named;
  for (const fs::path& root : roots_) named += (named.empty() ? "" : ", ") + root.string();
  return escape_controls(named);
}

bool ReadRoots::contains(const std::string& path) const {
  const fs::path real = resolved(path);
  return !real.empty() && std::any_of(roots_.begin(), roots_.end(),
                                      [&](const fs::path& root) { return below(real, root); });
}

FileReader confined_reader(FileReader inner, ReadRoots roots) {
  return [inner = std::move(inner), roots = std::move(roots)](
             const std::string& path, const ParseLimits& limits) -> SourceText {
    if (roots.contains(path)) return inner(path, limits);
    return fail_with(SourceProblem{Position{1, 1},
                                   "not read: it lies outside the analysed directories (after "
                                   "resolving `..` and symbolic links)"});
  };
}

SourceText read_within_limits(const std::string& path, const ParseLimits& limits) {
  return read_source_file(path, limits);
}

std::optional<std::string> read_file_from_disk(const std::string& path, const ParseLimits& limits) {
  SourceText text = read_source_file(path, limits);
  if (!text.ok()) return std::nullopt;
  return std::move(text).value();
}

}  // namespace rightfit
