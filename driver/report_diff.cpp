#include "driver/report_diff.h"

#include <filesystem>
#include <optional>
#include <ostream>
#include <utility>

#include "checks/check.h"
#include "driver/analysis_setup.h"
#include "integrations/git/revision_tree.h"
#include "integrations/report/placement_diff.h"

namespace rightfit {

namespace fs = std::filesystem;

namespace {

constexpr int kExitError = 2;

using Prefixes = std::vector<std::pair<std::string, std::string>>;

// How discovery shows a path: relative to the cwd when below it, else absolute (both lexically
// normal), so that the base's names can be spelled as the working tree's are.
struct Spelling {
  fs::path cwd;

  fs::path absolute(const fs::path& p) const { return (cwd / p).lexically_normal(); }
  std::optional<fs::path> below_cwd(const fs::path& p) const {
    fs::path relative = absolute(p).lexically_relative(cwd);
    if (relative.empty() || *relative.begin() == "..") return std::nullopt;
    return relative;
  }
  // The prefix `dir` has in discovery's names of the files below it ("" for the cwd itself).
  std::string prefix_of(const fs::path& dir) const {
    std::optional<fs::path> relative = below_cwd(dir);
    std::string out = relative ? relative->generic_string() : absolute(dir).generic_string();
    if (out == ".") return "";
    if (!out.ends_with('/')) out += '/';
    return out;
  }
};

// The base's copy of the named paths and of the analysis root, and how the base's file names
// are spelled in the working tree.
struct BasePaths {
  std::vector<std::string> paths;
  std::string root;
  Prefixes prefixes;  // base prefix -> working-tree prefix, the longest first
};

// `path` below the work tree's top; nullopt when it lies outside the repository.
std::optional<fs::path> below_top(const std::string& path, const fs::path& top) {
  std::error_code ec;
  fs::path relative = fs::weakly_canonical(fs::absolute(path), ec).lexically_relative(top);
  if (ec || relative.empty() || *relative.begin() == "..") return std::nullopt;
  return relative;
}

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// Every named path at its place in the exported tree; a problem when one lies outside the
// repository. A directory the base does not have yet is made (empty) so both sides analyse the
// same names; a file it does not have is left out. The root (what `.rightfit.yaml` and the
// excludes are looked up from) moves with them; outside the repository it stays as it is.
Result<BasePaths> base_paths(const std::vector<std::string>& paths, const std::string& root,
                             const RevisionTree& tree) {
  BasePaths out;
  const fs::path top(tree.top());
  const fs::path base_top(tree.directory());
  for (const std::string& p : paths) {
    std::optional<fs::path> relative = below_top(p, top);
    if (!relative) return fail(p + " is outside the git work tree " + tree.top());
    const fs::path base = (base_top / *relative).lexically_normal();
    std::error_code ec;
    if (!fs::exists(base, ec)) {
      if (!fs::is_directory(p, ec)) continue;
      fs::create_directories(base, ec);
    }
    out.paths.push_back(without_trailing_slash(base.string()));
  }
  const std::optional<fs::path> root_below = below_top(root, top);
  out.root = root_below
                 ? without_trailing_slash((base_top / *root_below).lexically_normal().string())
                 : root;
  // One mapping for every name: the base's top is the work tree's top, spelled as discovery
  // spells it (relative to the cwd when below it). The cwd's own copy comes first: discovery
  // names the files below the cwd without a prefix, the others by their absolute path.
  std::error_code ec;
  const Spelling spelling{fs::current_path(ec)};
  if (const std::optional<fs::path> cwd = below_top(spelling.cwd.string(), top))
    out.prefixes.emplace_back(spelling.prefix_of(base_top / *cwd), "");
  out.prefixes.emplace_back(spelling.prefix_of(base_top), spelling.prefix_of(top));
  return out;
}

std::optional<PlacementSide> analyse_side(const ReportOptions& opts, const std::string& root,
                                          std::ostream& err) {
  if (opts.paths.empty()) return PlacementSide{};  // nothing of the named paths at the base
  std::optional<ReportAnalysis> run = analyse_for_report(opts, err, root);
  if (!run) return std::nullopt;
  PlacementReport report = build_placement_report(*run->analysis.graph, run->config,
                                                  run->analysis.findings, all_rules());
  return PlacementSide{std::move(report), std::move(run->analysis.findings)};
}

std::string render(const std::string& format, const PlacementDiff& diff,
                   const MarkdownOptions& markdown) {
  if (format == "markdown") return format_diff_markdown(diff, markdown);
  if (format == "json") return format_diff_json(diff);
  return format_diff_text(diff);
}

}  // namespace

int run_report_diff(const ReportOptions& opts, std::ostream& out, std::ostream& err) {
  if (opts.format == "html") {
    err << "rightfit: report --base writes text, markdown or json, not html\n";
    return kExitError;
  }
  ReportOptions head = opts;
  if (head.paths.empty()) head.paths = {"."};
  const std::string& first = head.paths.front();
  std::error_code ec;
  const std::string directory =
      fs::is_directory(first, ec) ? first : fs::path(first).parent_path().string();
  Result<std::unique_ptr<RevisionTree>> tree =
      export_revision(directory.empty() ? "." : directory, opts.base);
  if (!tree) {
    err << "rightfit: --base: " << tree.problem().message << "\n";
    return kExitError;
  }
  const std::string root = analysis_root(head.paths);
  Result<BasePaths> mapped = base_paths(head.paths, root, **tree);
  if (!mapped) {
    err << "rightfit: --base: " << mapped.problem().message << "\n";
    return kExitError;
  }
  ReportOptions base = head;
  base.paths = mapped->paths;
  std::optional<PlacementSide> before = analyse_side(base, mapped->root, err);
  if (!before) {
    err << "rightfit: --base: the tree at " << opts.base << " could not be analysed\n";
    return kExitError;
  }
  rename_paths(*before, mapped->prefixes);
  std::optional<PlacementSide> after = analyse_side(head, root, err);
  if (!after) return kExitError;
  PlacementDiff diff = diff_placements(*before, *after);
  diff.base_ref = opts.base;
  diff.base_commit = (*tree)->commit();
  return write_report(opts, render(opts.format, diff, opts.markdown), out, err);
}

}  // namespace rightfit
