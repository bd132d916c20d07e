// SARIF 2.1.0 output: one run, every rule in tool.driver, results with related locations,
// partial fingerprints and suppressions.
#pragma once

#include <string>
#include <vector>

#include "analyzer/finding.h"
#include "integrations/report/reporters.h"

namespace rightfit {

std::string format_sarif(const std::vector<Finding>& findings, const ReportContext& ctx);

}  // namespace rightfit
