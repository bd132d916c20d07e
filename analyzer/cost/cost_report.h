// The cost of every function and ECS service: its platform, its monthly cost now, the other
// platform's cost at the same usage, the break-even and the cost findings about it, with the
// cells every format of `rightfit cost` shows (integrations/report/ renders them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/cost/cost_model.h"
#include "analyzer/finding.h"
#include "analyzer/rule_info.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

struct CostEntry {
  WorkloadCost cost;
  std::vector<Finding> findings;  // the findings of cost rules (RuleTag::Cost) about it
};

struct CostReport {
  std::vector<CostEntry> entries;  // by file, then line
  PriceTable prices;
  // Files that could not be parsed ("path:line:col: message"): their workloads are missing.
  std::vector<std::string> parse_errors;
};

// `rules` tell which findings are cost findings (RuleTag::Cost).
CostReport build_cost_report(const WorkloadGraph& graph, const Config& config,
                             const std::vector<Finding>& findings,
                             const std::vector<RuleInfo>& rules);

// The cells every format shows, as text.
struct CostCells {
  std::string workload;     // name
  std::string location;     // file:line
  std::string platform;     // "Fargate", "Lambda", ...
  std::string size;         // "2 x 0.5 vCPU/1 GB", "512 MB arm64"
  std::string usage;        // "20M requests/month x 120 ms", "not declared"
  std::string now;          // "$36.04/month", "$0.87 per million requests", "not priced: ..."
  std::string alternative;  // "Lambda 2048 MB: $3.10/month", "Fargate 1 x ...: $9.01/month"
  std::string break_even;   // "12.3M requests/month", "never: Lambda is cheaper at any load"
  std::string finding;      // "RF401", "RF401 (suppressed)", "-"
};
CostCells cost_cells(const CostEntry& entry);

// Monthly cost now, summed over the workloads whose cost is known.
double known_monthly_total(const CostReport& report);
// Workloads without a monthly figure (no usage data, or not priced) that the total leaves out.
std::size_t workloads_without_monthly_cost(const CostReport& report);
// The total as reports print it; never "$0.00" for costs that are merely unknown:
// "$500.52", "$500.52 (2 workloads not counted: no usage data or not priced)",
// "unknown (no usage data)".
std::string known_monthly_total_text(const CostReport& report);
// "Prices: us-east-1 on-demand as of 2026-11-27; a month is 730 h; ..." for footers.
std::string price_note(const CostReport& report);

}  // namespace rightfit
