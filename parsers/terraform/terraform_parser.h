// Terraform configurations -> workload facts. A directory is a module (all its `.tf` files);
// every analysed directory that no other analysed module calls is a root module, evaluated
// with its variables' defaults, `terraform.tfvars`, `*.auto.tfvars` and `--var-file`s.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "parsers/file_reader.h"
#include "parsers/parse_cache.h"
#include "parsers/parse_limits.h"
#include "parsers/terraform/module_instance.h"
#include "parsers/workload_facts.h"

namespace rightfit::tf {

// Parsed `.tf` / `.tfvars` files kept between analyses (the language server's).
using ParsedFileCache = ParseCache<std::shared_ptr<const ParsedFile>>;

// Root module evaluations kept between analyses (the language server's). One is reused while
// everything it was made from is the same: the parsed files of the root module and of the
// local modules it calls (the same ParsedFile objects, which the parse cache hands out again
// only for an unchanged input), its tfvars, and the limits.
class EvaluationCache {
 public:
  struct Entry {
    std::vector<std::shared_ptr<const ParsedFile>> inputs;
    std::string key;  // the limits and the read roots
    std::shared_ptr<const FileFacts> facts;
  };
  // The facts kept for the root module in `dir`, when they were made from `inputs` and `key`.
  std::shared_ptr<const FileFacts> find(
      const std::string& dir, const std::vector<std::shared_ptr<const ParsedFile>>& inputs,
      const std::string& key) const;
  // Keeps exactly `entries` (by root directory), dropping the rest.
  void replace(std::map<std::string, Entry> entries);
  std::size_t size() const;
  ParseCacheCounts counts() const;  // hits: evaluations reused; misses: made again

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Entry> by_root_;
  mutable ParseCacheCounts counts_;
};

struct TerraformRequest {
  std::vector<std::string> files;      // discovered `.tf` / `.tfvars` files (display paths)
  std::vector<std::string> var_files;  // extra `.tfvars` applied to every root module
  ParseLimits limits = {};
  unsigned jobs = 0;  // files parsed and root modules evaluated in parallel; 0: one per core
  FileReader read = read_within_limits;  // an editor passes one that serves unsaved buffers
  // When set, files whose input (`stamp`, which must agree with `read`) and limits are
  // unchanged are not parsed again; afterwards it holds only the files this analysis read.
  ParsedFileCache* cache = nullptr;
  // When set, root modules whose inputs are unchanged are not evaluated again (see
  // EvaluationCache); afterwards it holds only this analysis' root modules.
  EvaluationCache* evaluations = nullptr;
  InputStamper stamp = stamp_disk_file;
  // Terraform plans (`terraform show -json`) given by name; `*.tfplan.json` among `files` are
  // plans too. Each merges into the root module it was planned from (see analyze_terraform).
  std::vector<std::string> plans = {};
  // Where local modules (`source = "../x"`) may be read from; none: anywhere.
  std::optional<ReadRoots> roots = std::nullopt;
};

// One FileFacts per root module (file = the module directory) holding its workloads, plus
// one per parsed file holding its syntax errors and `rightfit:ignore` comments.
// A plan belongs to the analysed root module that declares most of the resources and module
// calls of the plan's root module (on a tie, the one in the plan's directory); its variables
// are that root's inputs (after the tfvars), its planned values fill what HCL evaluation
// cannot know, and it gives the resources of module calls rightfit cannot read. A plan that
// matches no root module is read alone, its facts at their positions in the plan file.
// A root module takes the first plan that belongs to it; later ones are not used.
std::vector<FileFacts> analyze_terraform(const TerraformRequest& request);

bool is_terraform_file(const std::string& path);  // *.tf, *.tfvars, *.tfplan.json

// The `.tfvars` files among `files` that Terraform loads by itself, by module directory, in
// its order (later ones win): terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and
// *.auto.tfvars.json in name order. A file counts for its own directory only.
std::map<std::string, std::vector<std::string>> auto_loaded_tfvars(
    const std::vector<std::string>& files);

}  // namespace rightfit::tf
