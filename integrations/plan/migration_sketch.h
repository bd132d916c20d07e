// `rightfit report --plan`: the IaC skeleton of each moved or split workload's target, in the
// source's format, sized from the model and marked as a sketch to review.
#pragma once

#include <string>
#include <vector>

#include "integrations/plan/migration_plan.h"

namespace rightfit {

struct MigrationSketch {
  EntityId workload;
  std::string file_name;  // "<workload>.rightfit-sketch.<ext>", unique within one run
  std::string text;
};

struct MigrationSketches {
  std::vector<MigrationSketch> sketches;
  std::vector<std::string> skipped;  // "file:line: <workload>: why no sketch"
};

MigrationSketches build_migration_sketches(const WorkloadGraph& graph, const Config& config,
                                           const PlacementReport& report);

// Every sketch one after the other, each after a header line naming its file:
// "==> Worker.rightfit-sketch.yaml <==" (what `tail` prints between files).
std::string format_sketches(const MigrationSketches& sketches);

}  // namespace rightfit
