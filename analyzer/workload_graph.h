// The one model every check sees: all workloads of the analysed repository, whatever format
// described them, with links between them resolved and AWS defaults applied.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/framework_resources.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// A setting as it takes effect: the written value or the AWS default, and where to change it
// (the property when written, the resource header when a default applies).
struct Effective {
  std::optional<double> value;  // nullopt: written but not statically known
  SourceRange where;
  bool defaulted = false;
  std::optional<ValueSlot> slot;  // where a fix writes a new value (Property::slot)
};

// Links that cannot be inferred, from `.rightfit.yaml`.
struct LinkHints {
  std::string root;                             // paths below are relative to it
  std::map<std::string, std::string> images;    // function/service (id or address) -> Dockerfile
  std::map<std::string, std::string> handlers;  // function (id or address) -> C++ file or dir
};

// A workload built from a Dockerfile of the repository.
struct ImageLink {
  EntityId workload;
  size_t image = 0;      // index into WorkloadGraph::images
  SourceRange declared;  // where the link is written (SAM Metadata, module input, config)
};

// Code functions a kept parse holds (the language server's), given to the linker beside the
// facts of their file: the graphs linked from it share them instead of copying them.
struct SharedCode {
  std::string file;  // FileFacts::file of the parse
  std::shared_ptr<const std::vector<CodeFunction>> functions;
};

// The code functions of a graph, in file order. Each is shared with the parse it came from
// (SharedCode, else the FileFacts the graph was linked from), so an edit copies no code it
// did not re-parse; only those the linker changes (is_handler) are the graph's own copies.
class LinkedCode {
 public:
  class Iterator {
   public:
    using Base = std::vector<std::shared_ptr<const CodeFunction>>::const_iterator;
    explicit Iterator(Base at) : at_(at) {}
    const CodeFunction& operator*() const { return **at_; }
    const CodeFunction* operator->() const { return at_->get(); }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    friend bool operator==(const Iterator&, const Iterator&) = default;

   private:
    Base at_;
  };

  Iterator begin() const { return Iterator(items_.begin()); }
  Iterator end() const { return Iterator(items_.end()); }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const CodeFunction& operator[](size_t i) const { return *items_[i]; }

 private:
  friend class WorkloadGraph;
  friend struct CodeLinks;
  void add(std::vector<CodeFunction>& own);  // moved out of a file's facts
  void add(const std::shared_ptr<const std::vector<CodeFunction>>& shared);
  // Marks items_[i] a handler or not, on the graph's own copy when that changes it.
  void set_handler(size_t i, bool handler);
  // Where each function is, once the items are final.
  void index();
  // Throws std::out_of_range for a function of another graph.
  size_t index_of(const CodeFunction& f) const { return index_.at(&f); }

  std::vector<std::shared_ptr<const CodeFunction>> items_;
  std::unordered_map<const CodeFunction*, size_t> index_;
};

// What linking found in the code alone: its definitions by USR and its resolved calls
// (workload_graph.cpp).
struct CodeLinks;

// The last link's CodeLinks, kept by an editor between analyses and reused while the linked
// code is the same functions (of the same kept parses): an edit of a template resolves no call.
class KeptCodeLinks {
 private:
  friend class WorkloadGraph;
  std::mutex mutex_;
  std::shared_ptr<const CodeLinks> last_;
};

class WorkloadGraph : public Facts {
 public:
  // Joins the facts of every file, and the code kept apart from some (`shared`). Facts are
  // moved in; order of files does not matter. `kept`: an editor's last code links, reused
  // when the code is the same, replaced otherwise.
  static WorkloadGraph link(std::vector<FileFacts> files, const LinkHints& hints = {},
                            std::vector<SharedCode> shared = {}, KeptCodeLinks* kept = nullptr);

  std::vector<ImageLink> image_links;
  // Framework functions left out of every rule and of the report, and why.
  std::vector<ExcludedResource> excluded;
  // Functions whose Dockerfile is named but not among the analysed files, and the link.
  std::vector<std::pair<EntityId, SourceRange>> missing_images;

  // Hides Facts::code_functions (left empty): the linked code, shared with the parses.
  LinkedCode code_functions;

  const Image* image_of(const EntityId& workload) const;

  // C++ handler code, joined across files: a call resolves to the definitions of the callee
  // (by USR) nearest to the caller's file, so separate binaries of one repository (each
  // with its own `main` and `handler`) stay apart.
  // The handler from which `f` runs in a Lambda (through calls, static initializers
  // included); nullptr when no handler reaches it.
  const CodeFunction* reaching_handler(const CodeFunction& f) const;
  // The same through per-invocation calls only (not a static's one-time initializer).
  const CodeFunction* invocation_handler(const CodeFunction& f) const;
  // Whether `f` is code of a Lambda binary at all: reachable from a handler or from a
  // function that calls run_handler (its `main`).
  bool in_lambda_binary(const CodeFunction& f) const;
  // The Lambda functions a handler's source is deployed as (CodeUri / source_path / config).
  std::vector<const Function*> functions_running(const CodeFunction& handler) const;
  std::vector<const ImageLink*> links_to(const Image& image) const;

  const Function* function(const std::string& scope, const std::string& name) const;
  const Queue* queue(const std::string& scope, const std::string& name) const;
  const TaskDefinition* task_definition(const std::string& scope, const std::string& name) const;
  const Database* database(const std::string& scope, const std::string& name) const;

  // Links, by index into the vectors above.
  std::vector<const Trigger*> triggers_of(const Function& f) const;
  std::vector<const ApiIntegration*> api_integrations_of(const Function& f) const;
  std::vector<const ScalingTarget*> scaling_targets_of(const Service& s) const;
  bool fronted_by_proxy(const Database& db) const;
  // The RDS Proxies whose targets include `db`.
  std::vector<const DatabaseProxy*> proxies_of(const Database& db) const;
  // The databases a function references, each once, with its first reference.
  struct DatabaseUse {
    const Database* database;
    const Reference* reference;
  };
  std::vector<DatabaseUse> databases_used_by(const Function& f) const;

 private:
  void build_indexes();
  void link_images(const LinkHints& hints);
  // `images_by_path`: the index of `images` by normalised Dockerfile path.
  void link_image_assets(const std::map<std::string, size_t, std::less<>>& images_by_path);
  void link_code(const LinkHints& hints, KeptCodeLinks* kept);
  std::vector<std::optional<size_t>> reach(bool include_init) const;
  size_t index_of(const CodeFunction& f) const { return code_functions.index_of(f); }

  std::map<EntityId, size_t> function_index_;
  std::map<EntityId, size_t> queue_index_;
  std::map<EntityId, size_t> task_definition_index_;
  std::map<EntityId, size_t> database_index_;
  // By index into code_functions:
  std::shared_ptr<const CodeLinks> links_;               // resolved edges
  std::vector<std::optional<size_t>> handler_reach_;     // the reaching handler
  std::vector<std::optional<size_t>> invocation_reach_;  // ... per-invocation calls only
  std::vector<bool> lambda_binary_;
  std::map<size_t, std::vector<size_t>> handler_functions_;  // handler -> functions
};

// AWS defaults (rules.md): Lambda Timeout 3 s, MemorySize 128 MB; SQS VisibilityTimeout
// 30 s; ECS DesiredCount 1 (CloudFormation; Terraform's parser supplies its own 0).
Effective effective_timeout(const Function& f);
Effective effective_memory(const Function& f);
Effective effective_visibility_timeout(const Queue& q);
Effective effective_desired_count(const Service& s);

// How findings name a service and its parts where it is declared (ECS or Kubernetes).
struct ServiceTerms {
  std::string noun;           // "ECS service", "Deployment", "StatefulSet"
  std::string replica;        // "task", "pod"
  std::string replicas;       // "tasks", "pods"
  std::string scaler;         // "Application Auto Scaling target", "HorizontalPodAutoscaler"
  std::string scale_to_zero;  // what lets it idle at zero
  std::string front;          // the related location's note for what fronts it
};
ServiceTerms terms_of(const Service& s);

}  // namespace rightfit
