// `rightfit lsp`: the language server on stdin/stdout, wired to the engine.
#pragma once

#include <memory>

#include "integrations/lsp/server.h"

namespace rightfit {

struct ParsedFileCache;

// The server's view of the engine: analyses a workspace directory with its .rightfit.yaml.
// `cache` (the server's, kept between analyses) spares parsing the files that did not change.
lsp::WorkspaceAnalysis analyze_workspace(const std::string& root,
                                         const std::map<std::string, std::string>& overlays,
                                         std::shared_ptr<ParsedFileCache> cache = nullptr);

// Serves LSP on stdin/stdout until `exit`; returns the exit code.
int run_language_server();

}  // namespace rightfit
