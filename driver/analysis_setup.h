// What every subcommand that analyses files decides the same way: the root the analysis is
// about and the configuration that applies to it.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "driver/engine.h"

namespace rightfit {

// The directory the analysis is about: the single directory named, else the cwd.
std::string analysis_root(const std::vector<std::string>& paths);

// load_config, then the rule options it sets checked against the rules' declarations.
ConfigResult load_checked_config(const std::string& path);
// `--config FILE` when given, else the nearest `.rightfit.yaml` from `root` up to the
// repository's top (its relative paths rebased onto `root`), else the defaults.
ConfigResult find_config(const std::string& explicit_path, const std::string& root);

// Puts the configuration found for `request.root` into the request and analyses it; a bad
// configuration or an analysis error is written to `err` ("rightfit: ...") and gives nullopt.
std::optional<Analysis> configure_and_analyze(AnalysisRequest& request,
                                              const std::string& config_path, std::ostream& err);

}  // namespace rightfit
