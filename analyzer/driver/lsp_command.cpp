#include "analyzer/driver/lsp_command.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include "analyzer/cost/cost_model.h"
#include "analyzer/driver/engine.h"
#include "checks/check.h"

namespace rightfit {

lsp::WorkspaceAnalysis analyze_workspace(const std::string& root,
                                         const std::map<std::string, std::string>& overlays) {
  lsp::WorkspaceAnalysis result;
  AnalysisRequest request;
  request.paths = {root};
  request.root = root;
  request.overlays = overlays;
  request.cache_dir = (std::filesystem::path(root) / ".rightfit-cache").string();
  std::error_code ec;
  const std::filesystem::path config_path = std::filesystem::path(root) / ".rightfit.yaml";
  if (std::filesystem::exists(config_path, ec)) {
    ConfigResult config = load_config(config_path.string());
    if (!config.config) {
      result.error = config.error;
      return result;
    }
    request.config = *config.config;
  }
  Analysis analysis = analyze(request);
  if (!analysis.errors.empty()) {
    result.error = analysis.errors.front();
    return result;
  }
  result.findings = std::move(analysis.findings);
  result.graph = std::move(analysis.graph);
  result.config = std::move(request.config);
  return result;
}

// Hover: the resource, then its cost line from the cost model when it is priced.
std::optional<std::string> hover_with_cost(const WorkloadGraph& graph, const Config& config,
                                           const EntityId& id) {
  std::optional<std::string> text = lsp::resource_hover_text(graph, config, id);
  std::optional<std::string> cost = cost_summary(graph, config, id);
  if (!cost) return text;
  return (text ? *text + "\n\n" : std::string()) + *cost;
}

int run_language_server() {
  lsp::ServerOptions options;
  options.analyze = analyze_workspace;
  options.rules = all_rules();
  options.version = RIGHTFIT_VERSION;
  // An editor that goes away closes the pipe: end with an error from write(), not SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  options.hover = hover_with_cost;
  return lsp::serve(STDIN_FILENO, STDOUT_FILENO, std::move(options));
}

}  // namespace rightfit
