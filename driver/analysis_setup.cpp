#include "driver/analysis_setup.h"

#include <filesystem>
#include <optional>

#include "analyzer/project_scope.h"
#include "checks/check.h"

namespace rightfit {

namespace fs = std::filesystem;

std::string analysis_root(const std::vector<std::string>& paths) {
  std::error_code ec;
  if (paths.size() == 1 && fs::is_directory(paths.front(), ec)) return paths.front();
  return ".";
}

namespace {

// The nearest `.rightfit.yaml` from `root` up to the repository's top (the nearest directory
// holding `.git`, a directory or a worktree's file), so that `check .`, `check backend`,
// `cd backend && check .` and a pre-commit hook's `check backend/x.yaml` agree. Outside a
// repository only `root` itself is looked at: nothing above what the user named is read.
std::optional<fs::path> nearest_config(const fs::path& root) {
  std::error_code ec;
  const fs::path start = fs::absolute(root, ec).lexically_normal();
  if (ec) return std::nullopt;
  const fs::path top = repository_top(start).value_or(start);
  for (fs::path dir = start;; dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / ".rightfit.yaml", ec)) return dir / ".rightfit.yaml";
    if (dir == top || dir == dir.parent_path()) return std::nullopt;
  }
}

// A configuration found above `root`: its relative paths (exclude patterns, handlers, images)
// are relative to its own directory; make them say the same thing from `root`.
void rebase_onto_root(Config& config, const fs::path& config_dir, const std::string& root) {
  std::error_code ec;
  const fs::path from = fs::absolute(root, ec).lexically_normal();
  const fs::path below = from.lexically_relative(config_dir);
  if (ec || below.empty() || below == "." || *below.begin() == "..") return;
  config.exclude_prefix = below.generic_string();
  for (auto* paths : {&config.handlers, &config.images}) {
    for (auto& [resource, path] : *paths) {
      if (fs::path(path).is_relative())
        path = (config_dir / path).lexically_normal().lexically_relative(from).generic_string();
    }
  }
}

}  // namespace

ConfigResult load_checked_config(const std::string& path) {
  ConfigResult loaded = load_config(path);
  if (!loaded.ok()) return loaded;
  std::string problem = check_rule_options(*loaded, all_rules());
  if (problem.empty()) return loaded;
  return fail(std::move(problem));
}

ConfigResult find_config(const std::string& explicit_path, const std::string& root) {
  if (!explicit_path.empty()) return load_checked_config(explicit_path);
  std::optional<fs::path> found = nearest_config(root);
  if (!found) return Config{};
  std::error_code ec;
  const bool in_root = fs::equivalent(found->parent_path(), root, ec);
  ConfigResult result = load_checked_config(
      in_root ? (fs::path(root) / ".rightfit.yaml").lexically_normal().string() : found->string());
  if (result.ok() && !in_root) rebase_onto_root(*result, found->parent_path(), root);
  return result;
}

std::optional<Analysis> configure_and_analyze(AnalysisRequest& request,
                                              const std::string& config_path, std::ostream& err) {
  ConfigResult config = find_config(config_path, request.root);
  if (!config.ok()) {
    err << "rightfit: " << config.problem().message << "\n";
    return std::nullopt;
  }
  request.config = std::move(config).value();
  Analysis analysis = analyze(request);
  for (const std::string& w : analysis.warnings) err << "rightfit: warning: " << w << "\n";
  for (const std::string& e : analysis.errors) err << "rightfit: " << e << "\n";
  if (!analysis.errors.empty()) return std::nullopt;
  return analysis;
}

}  // namespace rightfit
