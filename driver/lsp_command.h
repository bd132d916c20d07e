// `rightfit lsp`: the language server on stdin/stdout, wired to the engine.
#pragma once

#include <memory>

#include "integrations/lsp/server.h"

namespace rightfit {

struct ParsedFileCache;
struct KeptWalk;

// The server's view of the engine: analyses a workspace directory with its .rightfit.yaml.
// `cache` (the server's, kept between analyses) spares parsing the files that did not change;
// `walk` (likewise) spares walking and stat-ing the workspace when `disk_change` says nothing
// on disk changed since its last analysis.
lsp::WorkspaceAnalysis analyze_workspace(const std::string& root,
                                         const std::map<std::string, std::string>& overlays,
                                         std::shared_ptr<ParsedFileCache> cache = nullptr,
                                         std::shared_ptr<KeptWalk> walk = nullptr,
                                         DiskChange disk_change = DiskChange::Unknown);

// The server wired to the engine: a parse cache and a kept walk per workspace root.
lsp::ServerOptions language_server_options();

// Serves LSP on stdin/stdout until `exit`; returns the exit code.
int run_language_server();

}  // namespace rightfit
