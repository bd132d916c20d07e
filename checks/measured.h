// What the rules on measured usage (RF107, RF108, RF407) share: a workload's `--usage`
// figures and how a message names them.
#pragma once

#include <optional>
#include <string>

#include "analyzer/finding.h"
#include "analyzer/measured_usage.h"
#include "checks/check.h"

namespace rightfit {

// The measured usage of `id` (a `--usage` file named it); null when it was not measured.
const MeasuredUsage* measured_usage_of(const CheckContext& ctx, const EntityId& id);

// "over 14 days (usage.json)": the window and the file a measured figure comes from.
std::string measured_window(const MeasuredUsage& usage);

// The usage file as a related location (its first line).
RelatedLocation measured_file_location(const MeasuredUsage& usage);

// 850 -> "850 ms", 2400 -> "2.4 s", 95000 -> "95 s": a measured duration as people read it.
std::string format_milliseconds(double ms);

}  // namespace rightfit
