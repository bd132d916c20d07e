#include "driver/lsp_command.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "analyzer/cost/cost_model.h"
#include "checks/check.h"
#include "driver/analysis_setup.h"
#include "driver/code_cache.h"
#include "driver/engine.h"

namespace rightfit {

lsp::WorkspaceAnalysis analyze_workspace(const std::string& root,
                                         const std::map<std::string, std::string>& overlays,
                                         std::shared_ptr<ParsedFileCache> cache) {
  lsp::WorkspaceAnalysis result;
  AnalysisRequest request;
  request.paths = {root};
  request.root = root;
  request.overlays = overlays;
  request.parse_cache = std::move(cache);
  request.cache_dir = default_cache_directory(root);
  ConfigResult config = find_config("", root);
  if (!config.ok()) {
    result.error = config.problem().message;
    return result;
  }
  request.config = std::move(config).value();
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

namespace {

class WorkspaceCaches {
 public:
  std::shared_ptr<ParsedFileCache> of(const std::string& root) {
    std::lock_guard lock(mutex_);
    std::shared_ptr<ParsedFileCache>& cache = by_root_[root];
    if (!cache) cache = std::make_shared<ParsedFileCache>();
    return cache;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ParsedFileCache>> by_root_;
};

}  // namespace

int run_language_server() {
  lsp::ServerOptions options;
  // A parse cache per workspace root for the server's life (each analysis of a root drops the
  // files it no longer reads, so roots cannot share one).
  auto caches = std::make_shared<WorkspaceCaches>();
  options.analyze = [caches](const std::string& root,
                             const std::map<std::string, std::string>& overlays) {
    return analyze_workspace(root, overlays, caches->of(root));
  };
  options.rules = all_rules();
  options.version = RIGHTFIT_VERSION;
  // An editor that goes away closes the pipe: end with an error from write(), not SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  options.hover = hover_with_cost;
  return lsp::serve(STDIN_FILENO, STDOUT_FILENO, std::move(options));
}

}  // namespace rightfit
