// `rightfit report --plan [-o DIR]`: the migration sketches of the analysis
// (integrations/plan/), printed one after the other or written into DIR, one file each.
#pragma once

#include <iosfwd>
#include <string>

#include "driver/cost_command.h"

namespace rightfit {

// Exit code: 0 sketches written (none is no error), 2 when a file cannot be written. What
// has no sketch is said on `err`.
int write_migration_sketches(const ReportAnalysis& run, const std::string& directory,
                             std::ostream& out, std::ostream& err);

}  // namespace rightfit
