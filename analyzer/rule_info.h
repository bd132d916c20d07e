// Static description of a rule, as listed by `rightfit rules` and SARIF's tool.driver.
#pragma once

#include <string>

#include "analyzer/finding.h"

namespace rightfit {

struct RuleInfo {
  std::string id;    // "RF105"
  std::string name;  // "api-timeout-exceeds-integration"
  Severity default_severity = Severity::Warning;
  std::string short_description;  // one sentence
  std::string help;               // the help page (Markdown), first paragraph = full description
  std::string help_file;          // path of the help page in the project, e.g. "checks/x.md"

  std::string full_description() const;  // first paragraph of `help` after the title
};

}  // namespace rightfit
