// The filter stage: marks findings covered by `rightfit:ignore` comments or Metadata.
#pragma once

#include <vector>

#include "analyzer/finding.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// Sets Finding::suppression (kind InSource, justification = the comment's reason) on every
// finding a suppression covers: same rule, and the finding's line inside the covered lines
// of the same file, or the finding's subject is the covered resource.
void apply_suppressions(std::vector<Finding>& findings, const std::vector<Suppression>& all);

}  // namespace rightfit
