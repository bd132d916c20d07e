#include "integrations/report/placement_diff.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace rightfit {

namespace {

using Prefixes = std::vector<std::pair<std::string, std::string>>;

void rename(std::string& path, const Prefixes& prefixes) {
  for (const auto& [from, to] : prefixes) {
    if (!path.starts_with(from)) continue;
    // Whole path components only: "/tmp/a" is not a prefix of "/tmp/ab".
    if (path.size() > from.size() && path[from.size()] != '/' && !from.ends_with('/')) continue;
    path.replace(0, from.size(), to);
    return;
  }
}

void rename_finding(Finding& f, const Prefixes& prefixes) {
  rename(f.location.file, prefixes);
  if (f.origin) rename(f.origin->file, prefixes);
  for (RelatedLocation& r : f.related) rename(r.where.file, prefixes);
  if (f.subject) rename(f.subject->scope, prefixes);
  for (EntityId& id : f.instances) rename(id.scope, prefixes);
}

// Unsuppressed findings of `side` not matched by one of `other` with the same fingerprint
// (as many times as `other` has it: the baseline's way of counting, analyzer/baseline.h).
std::vector<Finding> unmatched(const std::vector<Finding>& side,
                               const std::vector<Finding>& other) {
  std::map<std::string, int> left;
  for (const Finding& f : other)
    if (!f.suppression) ++left[fingerprint(f)];
  std::vector<Finding> out;
  for (const Finding& f : side) {
    if (f.suppression) continue;
    auto it = left.find(fingerprint(f));
    if (it != left.end() && it->second > 0) {
      --it->second;
      continue;
    }
    out.push_back(f);
  }
  return out;
}

std::size_t unsuppressed(const std::vector<Finding>& findings) {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [](const Finding& f) { return !f.suppression; }));
}

struct Located {
  EntityId id;
  SourceRange where;
  WorkloadState state;
};

std::map<std::string, Located> workload_states(const PlacementReport& report) {
  std::map<std::string, std::optional<double>> monthly;
  for (const CostEntry& e : report.cost.entries)
    monthly[workload_key(e.cost.id)] = e.cost.current_monthly;
  std::map<std::string, Located> out;
  for (const PlacedWorkload& w : report.workloads) {
    const std::string key = workload_key(w.id);
    auto cost = monthly.find(key);
    out[key] = Located{w.id, w.header,
                       WorkloadState{w.platform, w.recommendation,
                                     cost == monthly.end() ? std::nullopt : cost->second}};
  }
  return out;
}

// A cent is the smallest change a report shows.
bool same_cost(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::fabs(*a - *b) < 0.005;
}

bool same_state(const WorkloadState& a, const WorkloadState& b) {
  return a.platform == b.platform && a.recommendation == b.recommendation &&
         same_cost(a.monthly, b.monthly);
}

std::vector<WorkloadChange> workload_changes(const PlacementReport& base,
                                             const PlacementReport& head) {
  const std::map<std::string, Located> before = workload_states(base);
  const std::map<std::string, Located> after = workload_states(head);
  std::vector<WorkloadChange> out;
  for (const auto& [key, now] : after) {
    auto was = before.find(key);
    if (was != before.end() && same_state(was->second.state, now.state)) continue;
    WorkloadChange change{now.id, now.where, std::nullopt, now.state};
    if (was != before.end()) change.before = was->second.state;
    out.push_back(std::move(change));
  }
  for (const auto& [key, was] : before) {
    if (after.count(key) == 0)
      out.push_back(WorkloadChange{was.id, was.where, was.state, std::nullopt});
  }
  std::sort(out.begin(), out.end(), [](const WorkloadChange& a, const WorkloadChange& b) {
    return std::tie(a.where.file, a.where.span.begin.line, a.id) <
           std::tie(b.where.file, b.where.span.begin.line, b.id);
  });
  return out;
}

}  // namespace

std::optional<double> WorkloadChange::monthly_delta() const {
  const std::optional<double> was = before ? before->monthly : std::optional<double>(0.0);
  const std::optional<double> now = after ? after->monthly : std::optional<double>(0.0);
  if (!was || !now) return std::nullopt;
  return *now - *was;
}

void rename_paths(PlacementSide& side, const Prefixes& prefixes) {
  for (Finding& f : side.findings) rename_finding(f, prefixes);
  for (PlacedWorkload& w : side.report.workloads) {
    rename(w.id.scope, prefixes);
    rename(w.header.file, prefixes);
    for (Evidence& e : w.evidence) rename(e.where.file, prefixes);
  }
  for (CostEntry& e : side.report.cost.entries) {
    rename(e.cost.id.scope, prefixes);
    rename(e.cost.header.file, prefixes);
    for (Finding& f : e.findings) rename_finding(f, prefixes);
  }
}

PlacementDiff diff_placements(const PlacementSide& base, const PlacementSide& head) {
  PlacementDiff diff;
  diff.new_findings = unmatched(head.findings, base.findings);
  diff.fixed_findings = unmatched(base.findings, head.findings);
  diff.findings_before = unsuppressed(base.findings);
  diff.findings_after = unsuppressed(head.findings);
  diff.workloads = workload_changes(base.report, head.report);
  diff.monthly_before = known_monthly_total(base.report.cost);
  diff.monthly_after = known_monthly_total(head.report.cost);
  diff.unpriced_before = workloads_without_monthly_cost(base.report.cost);
  diff.unpriced_after = workloads_without_monthly_cost(head.report.cost);
  diff.parse_errors = head.report.cost.parse_errors;
  return diff;
}

std::string signed_usd(double delta) {
  if (std::fabs(delta) < 0.005) return "$0.00";
  return (delta > 0 ? "+" : "") + format_usd(delta);
}

}  // namespace rightfit
