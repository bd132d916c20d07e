// A baseline: the findings a project accepted on a given day, by fingerprint. `check
// --baseline` then reports only findings that are not in it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.h"
#include "parsers/result.h"

namespace rightfit {

struct Baseline {
  // fingerprint -> how many findings had it (two findings may share one: same rule, subject
  // and substance in one file); a third one with that fingerprint is new.
  std::map<std::string, int> counts;
};

// A baseline, or a problem whose message names the file and the cause.
using BaselineResult = Result<Baseline>;

// The baseline file for `findings` (unsuppressed ones only): JSON, one entry per finding with
// its fingerprint and, for people reviewing the file, rule, file and message.
std::string format_baseline(const std::vector<Finding>& findings);

BaselineResult parse_baseline(const std::string& path, const std::string& text);
BaselineResult load_baseline(const std::string& path);

// Marks every unsuppressed finding the baseline holds as suppressed (kind external).
void apply_baseline(std::vector<Finding>& findings, const Baseline& baseline);

}  // namespace rightfit
