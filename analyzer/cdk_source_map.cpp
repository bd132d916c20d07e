#include "analyzer/cdk_source_map.h"

#include <filesystem>
#include <map>
#include <system_error>

namespace rightfit {

namespace {

namespace fs = std::filesystem;

std::string normal(const std::string& path) {
  return fs::path(path).lexically_normal().generic_string();
}

// CDK names an L2 construct's CloudFormation resource "Resource": the construct the user
// wrote is its parent.
std::string user_construct(const std::string& path) {
  constexpr std::string_view kDefaultChild = "/Resource";
  if (path.ends_with(kDefaultChild)) return path.substr(0, path.size() - kDefaultChild.size());
  return path;
}

// The traces of one analysis, by assembly directory and construct path.
class TraceIndex {
 public:
  explicit TraceIndex(const WorkloadGraph& g) {
    for (const ConstructTrace& t : g.construct_traces) {
      by_construct_[{normal(t.assembly), t.construct}] = &t;
      if (t.logical_id.empty()) continue;
      ++logical_ids_[{normal(t.assembly), t.logical_id}];
      by_logical_id_[{normal(t.assembly), t.logical_id}] = &t;
    }
  }

  // Construct paths are unique within an assembly; logical IDs only within a stack, so they
  // are used only where one assembly records a logical ID once.
  const ConstructTrace* find(const SynthesizedResource& r) const {
    const std::string assembly = normal(fs::path(r.id.scope).parent_path().generic_string());
    if (auto it = by_construct_.find({assembly, r.construct}); it != by_construct_.end()) {
      return it->second;
    }
    auto count = logical_ids_.find({assembly, r.id.name});
    if (count == logical_ids_.end() || count->second != 1) return nullptr;
    return by_logical_id_.at({assembly, r.id.name});
  }

 private:
  using Key = std::pair<std::string, std::string>;
  std::map<Key, const ConstructTrace*> by_construct_, by_logical_id_;
  std::map<Key, int> logical_ids_;
};

// Whether aws-cdk-lib made the construct at `path` as part of a custom resource handler of
// its own: a marked construct is `path` or one of its ancestors.
bool library_handler(const WorkloadGraph& g, const std::string& assembly, const std::string& path) {
  for (const ConstructTrace& t : g.construct_traces) {
    if (!t.library_handler || normal(t.assembly) != assembly) continue;
    if (path == t.construct || path.starts_with(t.construct + "/")) return true;
  }
  return false;
}

// The synthesized resource whose definition holds `at`.
const SynthesizedResource* resource_at(const WorkloadGraph& g, const SourceRange& at) {
  for (const SynthesizedResource& r : g.synthesized_resources) {
    if (r.header.file == at.file && r.header.line() <= at.line() && at.line() <= r.last_line) {
      return &r;
    }
  }
  return nullptr;
}

bool below(const fs::path& file, const fs::path& dir) {
  const fs::path rel = file.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

// The CDK app's directory: the one holding the assembly and `cdk.json`, so that
// `rightfit check cdk.out` still maps findings to the app's source next to it.
std::optional<fs::path> app_directory(const ConstructTrace& t) {
  std::error_code ec;
  fs::path app = fs::absolute(t.assembly, ec).lexically_normal().parent_path();
  if (ec || !fs::is_regular_file(app / "cdk.json", ec)) return std::nullopt;
  return app;
}

// The app's own frame of a trace: the first (innermost) that names an existing file below
// `root` or the app's directory, as a path shown like discovered files (relative to the cwd
// when below it).
std::optional<SourceRange> app_frame(const ConstructTrace& t, const fs::path& root,
                                     const fs::path& cwd) {
  const std::optional<fs::path> app = app_directory(t);
  for (const SourceRange& frame : t.frames) {
    std::error_code ec;
    const fs::path file = fs::absolute(frame.file, ec).lexically_normal();
    if (ec || !fs::is_regular_file(file, ec)) continue;
    if (!below(file, root) && !(app && below(file, *app))) continue;
    const fs::path shown = cwd.empty() ? file : file.lexically_relative(cwd);
    SourceRange out = frame;
    out.file =
        (shown.empty() || *shown.begin() == "..") ? file.generic_string() : shown.generic_string();
    return out;
  }
  return std::nullopt;
}

}  // namespace

void map_to_cdk_source(std::vector<Finding>& findings, const WorkloadGraph& graph,
                       const std::string& root) {
  if (graph.synthesized_resources.empty()) return;
  const TraceIndex traces(graph);
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const fs::path root_dir = fs::absolute(root.empty() ? "." : root, ec).lexically_normal();
  for (Finding& f : findings) {
    const SynthesizedResource* r = resource_at(graph, f.location);
    if (!r) continue;
    f.fixes.clear();  // `cdk synth` rewrites the template: the change belongs in the app
    f.message += " (construct " + user_construct(r->construct) + ")";
    const std::string assembly = normal(fs::path(r->id.scope).parent_path().generic_string());
    if (!f.suppression && library_handler(graph, assembly, r->construct)) {
      f.suppression = FindingSuppression{FindingSuppression::Kind::InSource,
                                         "a custom resource handler that aws-cdk-lib adds by "
                                         "itself: not the app's to change"};
    }
    const ConstructTrace* trace = traces.find(*r);
    std::optional<SourceRange> source = trace ? app_frame(*trace, root_dir, cwd) : std::nullopt;
    if (!source) continue;
    f.origin = f.location;
    f.related.insert(f.related.begin(), RelatedLocation{f.location, "the synthesized template"});
    f.location = *source;
  }
}

}  // namespace rightfit
