// `.rightfit.yaml`: which rules run at which severity, thresholds, excludes, usage and
// explicit links. Unknown keys are an error naming the key, the file and the line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cost/price_table.h"
#include "analyzer/finding.h"
#include "parsers/parse_limits.h"

namespace rightfit {

struct RuleSetting {
  std::optional<bool> enabled;
  std::optional<Severity> severity;
};

struct Thresholds {
  double lambda_timeout_near_limit_s = 600;  // RF104
  double api_integration_timeout_s = 29;     // RF105 (accounts can raise API Gateway's limit)
  double sqs_visibility_factor = 6;          // RF106: AWS recommends 6 x function timeout
  double heavy_compute_memory_mb = 8192;     // RF403
  double heavy_compute_timeout_s = 600;      // RF403
};

// Declared load of one workload. Without a request count the cost model can only give the
// break-even form.
struct Usage {
  std::optional<double> requests_per_month;
  std::optional<double> avg_duration_ms;
  SourceRange declared;  // the entry's key in the configuration file
};

struct Config {
  std::string path;  // where it was loaded from; empty for built-in defaults
  std::map<std::string, RuleSetting> rules;
  Thresholds thresholds;
  std::vector<std::string> exclude;             // .gitignore-style patterns, relative to the root
  // Where the analysed root lies below the file's directory when the file was found above it
  // (`check backend` under a repository's `.rightfit.yaml`): `exclude` is relative to the
  // file, so the walk matches `<exclude_prefix>/<path>`. "" when the file is in the root.
  std::string exclude_prefix;
  std::map<std::string, Usage> usage;           // by logical id / Terraform address
  std::map<std::string, std::string> handlers;  // resource -> C++ handler path
  std::map<std::string, std::string> images;    // resource -> Dockerfile path
  PriceTable prices = builtin_price_table();    // `prices:` applied (region, overrides)
  ParseLimits limits;                           // `limits:` bounds for hostile input
};

struct ConfigResult {
  std::optional<Config> config;
  std::string error;  // "<file>:<line>:<col>: <cause>" when config is empty
};

// Parses configuration text; `path` is used in messages and kept in Config::path.
ConfigResult parse_config(std::string_view text, const std::string& path);
// Reads and parses a file; a missing file is an error (callers decide whether it is optional).
ConfigResult load_config(const std::string& path);

}  // namespace rightfit
