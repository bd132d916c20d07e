#include "driver/report_diff.h"

#include <filesystem>
#include <ostream>
#include <utility>

#include "checks/check.h"
#include "integrations/git/revision_tree.h"
#include "integrations/report/placement_diff.h"

namespace rightfit {

namespace fs = std::filesystem;

namespace {

constexpr int kExitError = 2;

using Prefixes = std::vector<std::pair<std::string, std::string>>;

// The base's copy of each named path, and how each is spelled in the working tree.
struct BasePaths {
  std::vector<std::string> paths;
  Prefixes prefixes;  // base path -> working-tree path
};

// `path`'s place in the exported tree; a problem when it lies outside the repository. A
// directory the base does not have yet is made (empty) so both sides analyse the same names;
// a file it does not have is left out.
Result<BasePaths> base_paths(const std::vector<std::string>& paths, const RevisionTree& tree) {
  BasePaths out;
  const fs::path top(tree.top());
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::path relative = fs::weakly_canonical(fs::absolute(p), ec).lexically_relative(top);
    if (ec || relative.empty() || *relative.begin() == "..")
      return fail(p + " is outside the git work tree " + tree.top());
    const fs::path base = (fs::path(tree.directory()) / relative).lexically_normal();
    if (!fs::exists(base, ec)) {
      if (!fs::is_directory(p, ec)) continue;
      fs::create_directories(base, ec);
    }
    std::string spelled = base.string();
    while (spelled.size() > 1 && spelled.back() == '/') spelled.pop_back();
    out.paths.push_back(spelled);
    // Discovery names the files of "." without a "./" (template.yaml, not ./template.yaml).
    if (fs::path(p).lexically_normal() == ".") {
      out.prefixes.emplace_back(spelled + "/", "");
    } else {
      out.prefixes.emplace_back(spelled, p);
    }
  }
  return out;
}

std::optional<PlacementSide> analyse_side(const ReportOptions& opts, std::ostream& err) {
  if (opts.paths.empty()) return PlacementSide{};  // nothing of the named paths at the base
  std::optional<ReportAnalysis> run = analyse_for_report(opts, err);
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
  Result<BasePaths> mapped = base_paths(head.paths, **tree);
  if (!mapped) {
    err << "rightfit: --base: " << mapped.problem().message << "\n";
    return kExitError;
  }
  ReportOptions base = head;
  base.paths = mapped->paths;
  std::optional<PlacementSide> before = analyse_side(base, err);
  if (!before) {
    err << "rightfit: --base: the tree at " << opts.base << " could not be analysed\n";
    return kExitError;
  }
  rename_paths(*before, mapped->prefixes);
  std::optional<PlacementSide> after = analyse_side(head, err);
  if (!after) return kExitError;
  PlacementDiff diff = diff_placements(*before, *after);
  diff.base_ref = opts.base;
  diff.base_commit = (*tree)->commit();
  return write_report(opts, render(opts.format, diff, opts.markdown), out, err);
}

}  // namespace rightfit
