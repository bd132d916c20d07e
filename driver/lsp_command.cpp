#include "driver/lsp_command.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
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
                                         std::shared_ptr<ParsedFileCache> cache,
                                         std::shared_ptr<KeptWalk> walk, DiskChange disk_change) {
  lsp::WorkspaceAnalysis result;
  AnalysisRequest request;
  request.paths = {root};
  request.root = root;
  request.overlays = overlays;
  request.parse_cache = std::move(cache);
  request.kept_walk = std::move(walk);
  request.disk_change = disk_change;
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

// What the server keeps of each workspace root between analyses.
struct KeptWorkspace {
  std::shared_ptr<ParsedFileCache> cache = std::make_shared<ParsedFileCache>();
  std::shared_ptr<KeptWalk> walk = std::make_shared<KeptWalk>();
  DiskChange since_last = DiskChange::None;  // reported since this root's last analysis
};

class WorkspaceCaches {
 public:
  // The root's kept state; what the disk did since its last analysis is handed over once.
  KeptWorkspace take(const std::string& root) {
    std::lock_guard lock(mutex_);
    KeptWorkspace& kept = by_root_[root];
    KeptWorkspace taken = kept;
    kept.since_last = DiskChange::None;
    return taken;
  }
  void disk_changed(DiskChange change) {
    std::lock_guard lock(mutex_);
    for (auto& [root, kept] : by_root_) kept.since_last = std::max(kept.since_last, change);
  }

 private:
  std::mutex mutex_;
  std::map<std::string, KeptWorkspace> by_root_;
};

}  // namespace

lsp::ServerOptions language_server_options() {
  lsp::ServerOptions options;
  // A parse cache and a walk per workspace root for the server's life (each analysis of a
  // root drops the files it no longer reads, so roots cannot share one).
  auto caches = std::make_shared<WorkspaceCaches>();
  options.analyze = [caches](const std::string& root,
                             const std::map<std::string, std::string>& overlays) {
    KeptWorkspace kept = caches->take(root);
    return analyze_workspace(root, overlays, kept.cache, kept.walk, kept.since_last);
  };
  options.disk_changed = [caches](DiskChange change) { caches->disk_changed(change); };
  options.rules = all_rules();
  options.version = RIGHTFIT_VERSION;
  options.hover = hover_with_cost;
  return options;
}

int run_language_server() {
  // An editor that goes away closes the pipe: end with an error from write(), not SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  return lsp::serve(STDIN_FILENO, STDOUT_FILENO, language_server_options());
}

}  // namespace rightfit
