// `.rightfit.yaml`: which rules run at which severity, their options, excludes, usage and
// explicit links. Unknown keys are an error naming the key, the file and the line; the options
// a rule takes are declared by the rule (RuleInfo::options), so check_rules, given the
// rules, rejects the ones no rule declares.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/cost/price_table.h"
#include "analyzer/finding.h"
#include "analyzer/measured_usage.h"
#include "analyzer/rule_info.h"
#include "parsers/parse_limits.h"
#include "parsers/result.h"

namespace rightfit {

// A number as the configuration wrote it, with where (for messages about it).
struct ConfiguredNumber {
  double value = 0;
  uint32_t line = 0;
  uint32_t column = 0;
};

struct RuleSetting {
  uint32_t line = 0;  // where its key is written
  uint32_t column = 0;
  std::optional<bool> enabled;
  std::optional<Severity> severity;
  std::map<std::string, ConfiguredNumber> options;  // `options:` by name
};

// Declared load of one workload. Without a request count the cost model can only give the
// break-even form.
struct Usage {
  std::optional<double> requests_per_month;
  std::optional<double> avg_duration_ms;
  // An ECS task a schedule or event pattern starts: how often it runs and how long a run takes.
  std::optional<double> runs_per_month;
  std::optional<double> run_seconds;
  SourceRange declared;  // the entry's key in the configuration file
  // Who declared it when not `.rightfit.yaml`: "infracost usage file", "usage file runs.yaml".
  std::string declared_by;
};

// Upper bounds on numbers read from .rightfit.yaml and from usage files: far above any real
// setting, low enough that the cost model stays finite (1e308 requests once printed "$inf" into
// the reports).
struct NumberCeiling {
  double value;
  std::string_view text;  // as the message says it
};
inline constexpr NumberCeiling kOptionCeiling{1e9, "1e9"};
inline constexpr NumberCeiling kPriceCeiling{1e3, "1000 USD a unit"};
// 1e13 a month is about 3.8 million requests a second, all month.
inline constexpr NumberCeiling kRequestsCeiling{1e13, "1e13"};
// A 730-hour month, the model's month.
inline constexpr NumberCeiling kDurationCeiling{2.628e9, "2628000000 ms (a month)"};
inline constexpr NumberCeiling kRunSecondsCeiling{2.628e6, "2628000 s (a month)"};

struct Config {
  std::string path;  // where it was loaded from; empty for built-in defaults
  std::map<std::string, RuleSetting> rules;
  // `thresholds:` by key: the older spelling of rule options (RuleOption::threshold_key).
  std::map<std::string, ConfiguredNumber> thresholds;
  std::vector<std::string> exclude;  // .gitignore-style patterns, relative to the root
  // Where the analysed root lies below the file's directory when the file was found above it
  // (`check backend` under a repository's `.rightfit.yaml`): `exclude` is relative to the
  // file, so the walk matches `<exclude_prefix>/<path>`. "" when the file is in the root.
  std::string exclude_prefix;
  std::map<std::string, Usage> usage;  // by logical id / Terraform address
  // `--usage` files, by workload: measured usage wins over `usage`.
  std::map<EntityId, MeasuredUsage> measured;
  std::map<std::string, std::string> handlers;  // resource -> C++ handler path
  std::map<std::string, std::string> images;    // resource -> Dockerfile path
  PriceTable prices = builtin_price_table();    // `prices:` applied (region, overrides)
  ParseLimits limits;                           // `limits:` bounds for hostile input

  // The value of `rule`'s option `name`: `rules.<id>.options.<name>`, else its key under
  // `thresholds:`, else the rule's default. 0 for an option the rule does not declare.
  double option(const RuleInfo& rule, std::string_view name) const;
  // Whether `rule` runs: `rules.<id>.enabled` (or the shorthand) when set, else its default
  // (on, unless the rule is off by default).
  bool enabled(const RuleInfo& rule) const;
};

// The configuration, or why not: a Problem whose message is "<file>:<line>:<col>: <cause>".
using ConfigResult = Result<Config>;

// Parses configuration text; `path` is used in messages and kept in Config::path.
ConfigResult parse_config(std::string_view text, const std::string& path);
// Reads and parses a file; a missing file is an error (callers decide whether it is optional).
ConfigResult load_config(const std::string& path);
// Checks what the configuration says about rules against `rules`, mapping rule names under
// `rules:` to IDs (`api-timeout-exceeds-integration: off` is RF105's). The first problem, as
// "<file>:<line>:<col>: <cause>": a rule that does not exist, one configured twice (by ID and
// by name), or an option no rule declares (a `thresholds:` key or a `rules.<id>.options`
// name); empty when none.
std::string check_rules(Config& config, const std::vector<RuleInfo>& rules);

}  // namespace rightfit
