// The parse results an editor session keeps between analyses of a workspace: owned by the
// language server, handed to the engine through AnalysisRequest. The CLI runs once and has none.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "parsers/parse_cache.h"
#include "parsers/terraform/terraform_parser.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// A kept parse of one file: its facts (nullopt: a YAML or JSON file that is not a template)
// without their code functions, which are kept apart so that the graphs linked from this
// parse share them instead of copying them (WorkloadGraph::link's SharedCode).
struct KeptFacts {
  std::optional<FileFacts> facts;
  std::shared_ptr<const std::vector<CodeFunction>> code_functions;  // null: none
};

struct ParsedFileCache {
  // Templates, Dockerfiles, handler code other than C++: their parses, shared so a lookup
  // under the lock copies a pointer. C++ sources are not kept here: their facts depend on
  // headers, which CodeCache (.rightfit-cache) checks.
  ParseCache<std::shared_ptr<const KeptFacts>> files;
  // Terraform files: their parsed HCL; and root module evaluations, reused while the files of
  // the root and of the modules it calls are the same parses.
  tf::ParsedFileCache terraform;
  tf::EvaluationCache terraform_roots;
};

}  // namespace rightfit
