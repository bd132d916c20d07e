// What every subcommand that analyses files decides the same way: the root the analysis is
// about and the configuration that applies to it.
#pragma once

#include <string>
#include <vector>

#include "analyzer/config.h"

namespace rightfit {

// The directory the analysis is about: the single directory named, else the cwd.
std::string analysis_root(const std::vector<std::string>& paths);

// `--config FILE` when given, else `<root>/.rightfit.yaml` when it exists, else the defaults.
ConfigResult find_config(const std::string& explicit_path, const std::string& root);

}  // namespace rightfit
