// `rightfit lsp`: the language server on stdin/stdout, wired to the engine.
#pragma once

#include "integrations/lsp/server.h"

namespace rightfit {

// The server's view of the engine: analyses a workspace directory with its .rightfit.yaml.
lsp::WorkspaceAnalysis analyze_workspace(const std::string& root,
                                         const std::map<std::string, std::string>& overlays);

// Serves LSP on stdin/stdout until `exit`; returns the exit code.
int run_language_server();

}  // namespace rightfit
