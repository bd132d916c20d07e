#include "driver/analysis_setup.h"

#include <filesystem>

#include "checks/check.h"

namespace rightfit {

namespace fs = std::filesystem;

std::string analysis_root(const std::vector<std::string>& paths) {
  std::error_code ec;
  if (paths.size() == 1 && fs::is_directory(paths.front(), ec)) return paths.front();
  return ".";
}

ConfigResult load_checked_config(const std::string& path) {
  ConfigResult loaded = load_config(path);
  if (!loaded.config) return loaded;
  std::string problem = check_rule_options(*loaded.config, all_rules());
  if (problem.empty()) return loaded;
  return ConfigResult{std::nullopt, std::move(problem)};
}

ConfigResult find_config(const std::string& explicit_path, const std::string& root) {
  if (!explicit_path.empty()) return load_checked_config(explicit_path);
  fs::path implicit = fs::path(root) / ".rightfit.yaml";
  std::error_code ec;
  if (!fs::exists(implicit, ec)) return ConfigResult{Config{}, {}};
  return load_checked_config(implicit.lexically_normal().string());
}

std::optional<Analysis> configure_and_analyze(AnalysisRequest& request,
                                              const std::string& config_path, std::ostream& err) {
  ConfigResult config = find_config(config_path, request.root);
  if (!config.config) {
    err << "rightfit: " << config.error << "\n";
    return std::nullopt;
  }
  request.config = std::move(*config.config);
  Analysis analysis = analyze(request);
  for (const std::string& e : analysis.errors) err << "rightfit: " << e << "\n";
  if (!analysis.errors.empty()) return std::nullopt;
  return analysis;
}

}  // namespace rightfit
