// A Terraform module directory (its parsed files) and one instance of it: the root module,
// or a `module` block's call with its inputs. An instance answers what its names mean.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "parsers/file_reader.h"
#include "parsers/terraform/evaluator.h"
#include "parsers/terraform/hcl_ast.h"
#include "parsers/terraform/tf_plan.h"
#include "parsers/workload_facts.h"

namespace rightfit::tf {

struct ParsedFile {
  std::string path;  // display path
  // Not the text: everything read from it is in `ast` and `facts`, and a batch run holds every
  // file of the analysis at once (issue 23: the texts were 8% of the peak heap).
  hcl::File ast;
  bool json = false;  // *.tf.json
  // Resources read from a Terraform plan (JSON): terraform writes it, so no fix edits it; the
  // .tf block it was planned from is not known here.
  bool planned = false;
  // Set when the file was not parsed at all (unreadable, too large, binary, not UTF-8); the
  // ast is then empty.
  std::optional<SourceProblem> rejected;
  // What the file says about itself, found once when it is parsed: its syntax error (or why
  // it was rejected) and its `rightfit:ignore` comments.
  FileFacts facts;
};

// Parses `text` as native HCL or, for `*.tf.json`, Terraform's JSON syntax.
std::shared_ptr<ParsedFile> parse_terraform_text(std::string path, std::string text,
                                                 const ParseLimits& limits = {});
// Reads and parses a file; a file that cannot be read or is refused by a limit comes back
// with `rejected` set.
std::shared_ptr<ParsedFile> read_terraform_file(const std::string& path,
                                                const ParseLimits& limits = {},
                                                const FileReader& read = read_within_limits);

// Reads and parses one file (read_terraform_file, or a cache in front of it).
using TerraformFileLoader =
    std::function<std::shared_ptr<const ParsedFile>(const std::string& path)>;

// The `.tf` files of one directory.
struct ModuleSource {
  std::string dir;
  std::vector<std::shared_ptr<const ParsedFile>> files;
};

// Loads module directories on demand, each once. Safe to share between threads: loading
// happens under a lock, and a loaded module never changes.
class ModuleLibrary {
 public:
  explicit ModuleLibrary(ParseLimits limits = {}, FileReader read = read_within_limits);
  const ParseLimits& limits() const { return limits_; }
  // `limits`: what evaluating the modules may spend (max_eval_*); the loader applies its own.
  // `roots`: where modules may be read from (none: anywhere).
  explicit ModuleLibrary(TerraformFileLoader load, const ParseLimits& limits = {},
                         std::optional<ReadRoots> roots = std::nullopt)
      : limits_(limits), load_(std::move(load)), roots_(std::move(roots)) {}

  // The module in `dir` (a display path); nullptr when it holds no `.tf` file or lies outside
  // the roots (then nothing of it is listed or read, and `refused` says so).
  const ModuleSource* load(const std::string& dir);
  // Whether `dir` was asked for and lies outside the roots.
  bool refused(const std::string& dir) const;
  // Registers an already parsed file (discovered by the walk) so it is not read twice.
  void add(std::shared_ptr<const ParsedFile> file);
  // Every file loaded so far, in path order.
  std::vector<std::shared_ptr<const ParsedFile>> files() const;

 private:
  void add_locked(std::shared_ptr<const ParsedFile> file);
  void scan_locked(const std::string& dir);  // loads the module files `dir` lists

  std::map<std::string, ModuleSource> modules_;
  std::set<std::string> scanned_;  // directories whose files were listed from disk
  std::set<std::string> refused_;  // directories outside roots_, never listed
  ParseLimits limits_;
  TerraformFileLoader load_;
  std::optional<ReadRoots> roots_;
  mutable std::mutex mutex_;  // guards modules_, scanned_ and refused_
};

// A block of the module together with the file it is written in.
struct Located {
  const hcl::Block* block;
  const ParsedFile* file;
};

class ModuleInstance : public Names {
 public:
  // `prefix` is "" for the root module and "module.a.module.b." below it. Inputs from the
  // caller keep their origin (the caller's attribute) so findings land where they were
  // written. `tfvars` apply to the root module only. `parent` is the calling instance.
  // `plan`: the Terraform plan of the root module, if any (the calls it makes inherit it).
  ModuleInstance(ModuleLibrary& library, const ModuleSource& source, std::string prefix,
                 std::map<std::string, Value> inputs, int depth,
                 const ModuleInstance* parent = nullptr, const TerraformPlan* plan = nullptr);

  Value variable(const std::string& name) const override;
  Value local(const std::string& name) const override;
  Value module_output(const std::string& module, const std::string& output) const override;
  std::optional<std::string> resource_address(const std::string& type,
                                              const std::string& name) const override;
  Value resource_argument(const std::string& type, const std::string& name,
                          const std::vector<std::string>& path) const override;
  std::string directory() const override { return source_.dir; }
  EvaluationBudget* budget() const override { return budget_.get(); }

  // Evaluates an attribute; the value's origin is the attribute's name when it was not
  // passed in from elsewhere.
  Value attribute(const hcl::Attribute& attr, const ParsedFile& file,
                  const Iteration* iteration = nullptr) const;
  // An input of a module call: like attribute(), and nested object values keep their own
  // positions in the calling file. `iteration`: the call's first instance (count/for_each).
  Value input(const hcl::Attribute& attr, const ParsedFile& file,
              const Iteration* iteration = nullptr) const;

  const ModuleSource& source() const { return source_; }
  const std::string& prefix() const { return prefix_; }
  ModuleLibrary& library() const { return library_; }
  int depth() const { return depth_; }
  const TerraformPlan* plan() const { return plan_; }
  // The planned instance of resource `address` of this module (the iteration's, when planned).
  const PlanResource* planned(const std::string& address, const Iteration* iteration) const;
  std::vector<Located> blocks(std::string_view type) const;
  // The instance a `module "name"` block of this module calls (local source only; nullptr
  // also for a call back into a directory of the calling chain, which Terraform rejects).
  const ModuleInstance* child(const std::string& name) const;

  static constexpr int kMaxDepth = 16;  // module nesting; deeper calls are not followed

 private:
  std::optional<Located> find_block(std::string_view type, const std::string& label) const;
  std::optional<std::pair<const hcl::Attribute*, const ParsedFile*>> find_local(
      const std::string& name) const;

  ModuleLibrary& library_;
  const ModuleSource& source_;
  std::string prefix_;
  std::map<std::string, Value> inputs_;
  int depth_;
  const ModuleInstance* parent_;
  const TerraformPlan* plan_;
  std::set<std::string> resources_;  // "type.name"
  // The root's, shared by the modules it calls: what evaluating all of them may spend.
  std::shared_ptr<EvaluationBudget> budget_;
  mutable std::map<std::string, Value> output_memo_;  // fan-out through outputs: once each
  mutable std::map<std::string, Value> local_memo_;
  mutable std::vector<std::string> locals_in_progress_;  // outermost first: names a cycle
  mutable std::set<std::string> arguments_in_progress_;  // "type.name": cycles stay unknown
  mutable std::map<std::string, std::unique_ptr<ModuleInstance>> children_;
  mutable std::set<std::string> children_in_progress_;
};

// The directory of a file, as a module is named ("." for a bare file name).
std::string module_dir_of(const std::string& path);
bool has_suffix(std::string_view s, std::string_view suffix);

// Whether a module `source` names a directory of this machine: "./x", "../x" (Terraform's
// local paths), and "/x" (which `terraform init` copies from the disk, Terraform's "Module
// Sources" page, developer.hashicorp.com, read 2026-12-07) or "~/x": both outside any tree,
// so refused like "../../x" (RF002 on `source`), never read.
bool is_local_source(const std::string& source);
// The directory a local source names, relative to the calling module's directory ("/x" and
// "~/x" as written).
std::string resolve_local_source(const std::string& caller_dir, const std::string& source);
// A file or directory argument (`source_path`, `source_dir`) as a path of the analysed tree:
// relative ones are relative to where Terraform runs (the module's directory stands in for
// it), `path.module` makes absolute ones.
std::string resolve_path_argument(const std::string& module_dir, const std::string& written);

}  // namespace rightfit::tf
