#include "checks/measured.h"

#include <cmath>

#include "analyzer/cost/cost_model.h"

namespace rightfit {

const MeasuredUsage* measured_usage_of(const CheckContext& ctx, const EntityId& id) {
  auto it = ctx.config.measured.find(id);
  return it == ctx.config.measured.end() ? nullptr : &it->second;
}

std::string measured_window(const MeasuredUsage& usage) {
  return "over " + format_quantity(usage.window_days) + " days (" + usage.file + ")";
}

RelatedLocation measured_file_location(const MeasuredUsage& usage) {
  return {SourceRange{usage.file, Span{Position{1, 1}, Position{1, 1}}},
          "usage measured " + measured_window(usage)};
}

std::string format_milliseconds(double ms) {
  // Whole milliseconds below a second, tenths of a second above: what a person compares.
  if (ms < 999.5) return format_number(std::round(ms)) + " ms";
  return format_number(std::round(ms / 100) / 10) + " s";
}

}  // namespace rightfit
