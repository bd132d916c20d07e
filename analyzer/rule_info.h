// Static description of a rule, as listed by `rightfit rules` and SARIF's tool.driver. Each
// rule fills it in its own file (checks/): what it reads, how its findings bear on placement,
// and the options it takes with their defaults. The floors after checks/ and the placement
// engine read these instead of lists of rule IDs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/finding.h"
#include "analyzer/placement/bearing.h"

namespace rightfit {

// What a rule reads beyond the IaC properties every rule may read.
enum class RuleTag {
  HandlerCode,  // the handler's code (C++, Python, JS/TS): its findings sit in code files
  Image,        // a Dockerfile: its findings sit in the image a workload runs
  Cost,         // the price table and usage: its findings compare a workload's cost
};

// A number a rule reads from `.rightfit.yaml`: `rules: {RFnnn: {options: {<name>: value}}}`,
// or under `thresholds:` by its older spelling when it has one.
struct RuleOption {
  std::string name;           // "threshold_s"
  double default_value = 0;   // used when the configuration does not set it
  std::string description;    // one line for `rightfit rules` / `explain`
  std::string threshold_key;  // its key under `thresholds:`, "" when none
};

struct RuleInfo {
  std::string id;    // "RF105"
  std::string name;  // "api-timeout-exceeds-integration"
  Severity default_severity = Severity::Warning;
  std::string short_description;  // one sentence
  std::string help;               // the help page (Markdown), first paragraph = full description
  std::string help_file;          // path of the help page in the project, e.g. "checks/x.md"
  std::vector<RuleTag> tags;
  std::optional<PlacementBearing> bearing;  // absent: its findings are no placement evidence
  std::vector<RuleOption> options;
  // Off unless the configuration (or a flag such as --report-unused-suppressions) turns it on.
  bool off_by_default = false;

  std::string full_description() const;  // first paragraph of `help` after the title
  bool reads(RuleTag tag) const;
  const RuleOption* option(std::string_view option_name) const;

  // Builders for the rules' constructors: describe_rule(...).reading(...).bearing_on(...).
  RuleInfo& reading(RuleTag tag);
  RuleInfo& bearing_on(PlacementBearing b);
  RuleInfo& with_option(RuleOption o);
  RuleInfo& turned_off_by_default();
};

// The rule with `id` in `rules`; nullptr when none.
const RuleInfo* find_rule(const std::vector<RuleInfo>& rules, std::string_view id);

// The rule whose ID or name is `word` ("RF105" or "api-timeout-exceeds-integration"); nullptr
// when none: everywhere a user names a rule, either spelling works.
const RuleInfo* find_rule_by_id_or_name(const std::vector<RuleInfo>& rules, std::string_view word);

// The first rule whose bearing `has` (a member pointer to a flag); nullptr when none.
const RuleInfo* rule_with(const std::vector<RuleInfo>& rules, bool PlacementBearing::*has);

}  // namespace rightfit
