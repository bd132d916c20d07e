// The filter stage: marks findings covered by `rightfit:ignore` comments or Metadata.
#pragma once

#include <vector>

#include "analyzer/finding.h"
#include "analyzer/rule_info.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// Rule names become IDs in every suppression (`rightfit:ignore lambda-polling-loop why`, or a
// name in Metadata): a name in `rules`, and the names the reason starts with, which move out
// of the reason. Words that name no rule stay as written, for RF003 to report.
void resolve_rule_names(std::vector<Suppression>& all, const std::vector<RuleInfo>& rules);

// Where the directive of `s` is written (the `rightfit:ignore`, or Metadata's `ignore:`):
// the place of the findings about the suppression itself (RF003, RF004).
SourceRange directive_of(const Suppression& s);

// Whether `s` covers `f`: same rule, and `f`'s line among the covered lines of the same file,
// or `f` is about the covered resource.
bool covers(const Suppression& s, const Finding& f);

// Sets Finding::suppression (kind InSource, justification = the comment's reason) on every
// finding a suppression covers: same rule, and the finding's line inside the covered lines
// of the same file, or the finding's subject is the covered resource.
void apply_suppressions(std::vector<Finding>& findings, const std::vector<Suppression>& all);

}  // namespace rightfit
