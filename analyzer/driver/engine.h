// The pipeline: discover -> parse (in parallel) -> link -> check -> filter.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/finding.h"
#include "analyzer/rule_info.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

struct AnalysisRequest {
  std::vector<std::string> paths;  // files or directories
  std::string root;                // excludes are relative to it
  Config config;
  unsigned jobs = 0;                   // 0: one per core
  std::vector<std::string> var_files;  // Terraform --var-file, applied to every root module
  // Unsaved editor buffers, read instead of the disk: absolute normalized path -> text.
  std::map<std::string, std::string> overlays = {};
};

struct Analysis {
  std::vector<Finding> findings;    // sorted; suppressed ones included (marked)
  std::vector<std::string> errors;  // named paths that could not be analysed (exit 2)
  size_t files_analyzed = 0;
  std::shared_ptr<const WorkloadGraph> graph;  // the linked model (the editor's hover uses it)
};

Analysis analyze(const AnalysisRequest& request);

// Every rule, in ID order, with its default severity.
std::vector<RuleInfo> all_rules();

}  // namespace rightfit
