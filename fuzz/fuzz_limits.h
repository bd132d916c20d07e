// The limits the fuzz targets parse under: the defaults, with a shorter time budget so a slow
// input is stopped by rightfit's own deadline well before libFuzzer's -timeout calls it a hang.
#pragma once

#include "parsers/document/document.h"
#include "parsers/parse_limits.h"

namespace rightfit::fuzz {

inline ParseLimits parse_limits() {
  ParseLimits limits;
  limits.parse_timeout_ms = 2'000;
  return limits;
}

inline doc::LoadLimits load_limits() {
  const ParseLimits limits = parse_limits();
  return {limits.max_yaml_nodes, limits.max_nesting_depth, limits.deadline()};
}

}  // namespace rightfit::fuzz
