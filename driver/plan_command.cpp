#include "driver/plan_command.h"

#include <filesystem>
#include <ostream>
#include <system_error>

#include "analyzer/output_file.h"
#include "checks/check.h"
#include "integrations/plan/migration_sketch.h"

namespace rightfit {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitError = 2;

int write_into(const MigrationSketches& sketches, const std::string& directory, std::ostream& err) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) {
    err << "rightfit: cannot create " << directory << ": " << ec.message() << "\n";
    return kExitError;
  }
  for (const MigrationSketch& s : sketches.sketches) {
    const std::string path = (std::filesystem::path(directory) / s.file_name).string();
    if (std::string problem = write_output_file(path, s.text); !problem.empty()) {
      err << "rightfit: " << problem << "\n";
      return kExitError;
    }
    err << "rightfit: wrote " << path << "\n";
  }
  return kExitClean;
}

}  // namespace

int write_migration_sketches(const ReportAnalysis& run, const std::string& directory,
                             std::ostream& out, std::ostream& err) {
  const PlacementReport report =
      build_placement_report(*run.analysis.graph, run.config, run.analysis.findings, all_rules());
  const MigrationSketches sketches = build_migration_sketches(*run.analysis.graph, run.config, report);
  for (const std::string& skipped : sketches.skipped)
    err << "rightfit: no migration sketch: " << skipped << "\n";
  if (sketches.sketches.empty()) err << "rightfit: no workload to move or split\n";
  if (directory.empty()) {
    out << format_sketches(sketches);
    return kExitClean;
  }
  return write_into(sketches, directory, err);
}

}  // namespace rightfit
