// Turns findings into text for people and machines. SARIF lives in integrations/sarif.
#pragma once

#include <string>
#include <vector>

#include "analyzer/finding.h"
#include "analyzer/framework_resources.h"
#include "analyzer/rule_info.h"

namespace rightfit {

struct ReportContext {
  std::vector<RuleInfo> rules;  // every known rule, in registry order
  std::string root;             // absolute directory finding paths are relative to (SRCROOT)
  bool color = false;           // ANSI colours (text format on a terminal only)
  // Resources left out of the analysis as framework code (the JSON lists them).
  std::vector<ExcludedResource> excluded = {};
};

// `path:line:col: warning: message [RF105]`, then indented related locations, then a summary.
std::string format_text(const std::vector<Finding>& findings, const ReportContext& ctx);
// {"version":..,"findings":[{ruleId,name,severity,message,location,related,fingerprint,...}]}
std::string format_json(const std::vector<Finding>& findings, const ReportContext& ctx);
// GitHub Actions workflow commands: `::warning file=..,line=..,col=..,title=RF105::message`.
std::string format_github(const std::vector<Finding>& findings, const ReportContext& ctx);
// GitLab Code Quality: [{description,check_name,fingerprint,severity,location:{path,lines}}].
std::string format_gitlab(const std::vector<Finding>& findings, const ReportContext& ctx);

}  // namespace rightfit
