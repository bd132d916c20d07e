// The pipeline: discover -> parse (in parallel) -> link -> check -> filter.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/finding.h"
#include "analyzer/rule_info.h"
#include "analyzer/workload_graph.h"
#include "driver/parsed_file_cache.h"

namespace rightfit {

// `--usage` files (get-metric-data output) and the `--stack-resources` files that name the
// workloads their query named.
struct UsageFiles {
  std::vector<std::string> usage;
  std::vector<std::string> stack_resources;
};

struct AnalysisRequest {
  std::vector<std::string> paths;  // files or directories
  std::string root;                // excludes are relative to it
  Config config;
  unsigned jobs = 0;                   // 0: one per core
  std::vector<std::string> var_files;  // Terraform --var-file, applied to every root module
  // C++ handlers: the compile database (a file, or a directory holding compile_commands.json;
  // empty: `<root>/compile_commands.json` or `<root>/build/...` when present), and where
  // parsed C++ facts are cached (empty: no cache).
  std::string compile_commands = {};
  std::string cache_dir = {};
  // Unsaved editor buffers, read instead of the disk: absolute normalized path -> text.
  std::map<std::string, std::string> overlays = {};
  // Parse results kept from earlier analyses of the same workspace (an editor's); null: none.
  std::shared_ptr<ParsedFileCache> parse_cache = nullptr;
  // The walk kept from the last analysis of the same workspace (an editor's; null: walk and
  // stat everything), and what may have changed on disk since, as the editor knows it.
  std::shared_ptr<KeptWalk> kept_walk = nullptr;
  DiskChange disk_change = DiskChange::Unknown;
  // Terraform plans (`terraform show -json`) named with --terraform-plan; `*.tfplan.json`
  // files under `paths` are read as plans too.
  std::vector<std::string> terraform_plans = {};
  // Rules a flag turns on over the configuration (`--report-unused-suppressions`: RF004).
  std::vector<std::string> turned_on = {};
  // Measured usage the checks and the cost model prefer to declared usage.
  UsageFiles usage = {};
};

struct Analysis {
  std::vector<Finding> findings;    // sorted; suppressed ones included (marked)
  std::vector<std::string> errors;  // named paths that could not be analysed (exit 2)
  // Inputs that could be used only in part or not at all, without stopping the run (a broken
  // compile_commands.json found, not named; usage series with partial data): said on stderr,
  // the exit status is as without them.
  std::vector<std::string> warnings;
  size_t files_analyzed = 0;
  // Files with a parse error (RF001, whether reported or not): `rightfit fix` never changes
  // them, as positions in them may not hold.
  std::set<std::string> unparsed;
  // The bound files were read within (the configuration's limits.max_file_bytes).
  std::size_t max_file_bytes = 0;
  // What was not read because it lies outside the named paths and the root, after resolving
  // `..` and symlinks: symlinked files ("path: why"), paths a file names ("file:line: why"),
  // each naming the analysed directories. --verbose prints them.
  std::vector<std::string> refused;
  // Code files not parsed because no Lambda reaches them ("path: why"; lambda_code_reach.h).
  std::vector<std::string> not_parsed;
  // The linked model the checks ran over (the cost report and the editor's hover read it);
  // never null, empty when the analysis could not start.
  std::shared_ptr<const WorkloadGraph> graph = std::make_shared<const WorkloadGraph>();
  // The measured usage of `request.usage`, by workload, and what of it was left out and why.
  std::map<EntityId, MeasuredUsage> measured;
  // The declared usage with the `--usage` files' (an Infracost usage file) joined to the
  // configuration's; nullopt without `--usage`.
  std::optional<std::map<std::string, Usage>> declared_usage;
};

Analysis analyze(const AnalysisRequest& request);

}  // namespace rightfit
