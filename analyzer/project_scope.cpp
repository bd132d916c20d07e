#include "analyzer/project_scope.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace rightfit {

namespace {

namespace fs = std::filesystem;

fs::path absolute_path(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  return (ec ? fs::path(path) : p).lexically_normal();
}

bool is_below(const fs::path& path, const fs::path& dir) {
  auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return d == dir.end() || (std::next(d) == dir.end() && d->empty());  // "dir/" ends in ""
}

// `absolute` below the cwd is shown relative to it, as discovery shows paths.
std::string display(const fs::path& absolute) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec || !is_below(absolute, cwd)) return absolute.string();
  fs::path relative = absolute.lexically_relative(cwd);
  return relative.empty() ? "." : relative.string();
}

}  // namespace

std::string project_root_of(const std::string& file) {
  fs::path absolute = absolute_path(file);
  std::error_code ec;
  for (fs::path dir = absolute.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".rightfit.yaml", ec) || fs::exists(dir / ".git", ec)) return display(dir);
    if (dir == dir.root_path()) break;
  }
  fs::path cwd = fs::current_path(ec);
  if (!ec && is_below(absolute, cwd)) return ".";
  return "";
}

std::optional<fs::path> repository_top(const fs::path& dir) {
  std::error_code ec;
  const fs::path start = fs::absolute(dir, ec).lexically_normal();
  if (ec) return std::nullopt;
  for (fs::path d = start;; d = d.parent_path()) {
    if (fs::exists(d / ".git", ec)) return d;
    if (d == d.parent_path()) return std::nullopt;  // "/" is its own parent
  }
}

std::vector<ProjectScope> project_scopes(const std::vector<std::string>& files) {
  std::vector<ProjectScope> scopes;
  for (const std::string& file : files) {
    std::string root = project_root_of(file);
    auto it = std::find_if(scopes.begin(), scopes.end(),
                           [&](const ProjectScope& s) { return s.root == root; });
    if (it == scopes.end()) it = scopes.insert(scopes.end(), ProjectScope{root, {}});
    it->files.push_back(file);
  }
  return scopes;
}

std::vector<Finding> findings_in_files(std::vector<Finding> findings,
                                       const std::vector<std::string>& files) {
  std::set<fs::path> wanted;
  for (const std::string& f : files) wanted.insert(absolute_path(f));
  auto named = [&](const SourceRange& at) { return wanted.count(absolute_path(at.file)) > 0; };
  // A finding moved to a CDK app's source still belongs to the template it was found in.
  std::erase_if(findings, [&](const Finding& f) {
    return !named(f.location) && !(f.origin && named(*f.origin));
  });
  return findings;
}

}  // namespace rightfit
