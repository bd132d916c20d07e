// Finds the files to analyse below the given paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/source_range.h"

namespace rightfit {

struct DiscoveredFile {
  std::string path;  // as it should be shown: relative to the cwd when below it
};

struct DiscoveryProblem {
  std::string path;
  std::string message;  // why it could not be walked or read
  // For a refusal, where `path` names what was refused (cdk.json's "output"): an RF002 lands
  // there. None when the refused file is the path itself (a symlink).
  std::optional<Position> at = std::nullopt;
};

// A walked directory as stat(2) saw it just before it was listed: creating, deleting or
// renaming an entry in it changes its mtime; replacing it changes its inode.
struct DirectoryStamp {
  std::string path;  // absolute
  std::uint64_t inode = 0;
  std::int64_t mtime_ns = 0;
  // Modified so shortly before it was stamped that a later change could keep the same mtime
  // (file times tick coarsely): it never counts as unchanged ("racy git").
  bool racy = false;

  friend bool operator==(const DirectoryStamp&, const DirectoryStamp&) = default;
};

struct Discovery {
  std::vector<DiscoveredFile> files;       // sorted, unique
  std::vector<DiscoveryProblem> problems;  // unreadable directories, symlink loops, ...
  // Symlinked files whose target, and CDK assemblies whose `output`, lie outside the root and
  // the named paths: never read.
  std::vector<DiscoveryProblem> refused;
  // Every directory walked, stamped before it was listed; only when discover() is asked to
  // (an editor keeps a walk and asks whether any directory changed since).
  std::vector<DirectoryStamp> directories = {};
};

// What may have changed on disk since a kept walk (an editor's), as the editor knows it.
enum class DiskChange {
  None,     // only unsaved buffers changed: the walk and every file's stamp still hold
  Unknown,  // files may have been written: stamp them again; walk again if a directory changed
  Entries,  // files or directories were created, deleted or renamed: walk again
};

// Whether every directory of `walked` still has its stamp: no entry was created, deleted or
// renamed in any of them since (a file changed in place is not a directory change).
bool directories_unchanged(const std::vector<DirectoryStamp>& walked);

// .gitignore-style matcher: `*`, `?`, `[...]`, `**/`, `/**`, a leading `/` anchors to the
// root, a trailing `/` matches directories only, `!` re-includes. `relative` uses `/`.
class ExcludeMatcher {
 public:
  // `prefix`: where the walked root lies below the directory the patterns are relative to
  // (a `.rightfit.yaml` found above the analysed directory), "" when they are the same.
  // The patterns are parsed and indexed here, once, not for every path asked about.
  explicit ExcludeMatcher(const std::vector<std::string>& patterns, std::string prefix = "");
  bool excluded(const std::string& relative, bool is_directory) const;

  // One parsed .gitignore line.
  struct Rule {
    bool negated = false;
    bool directories_only = false;
    std::vector<std::string> segments;  // an unanchored pattern starts with "**"
  };

 private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const {
      return std::hash<std::string_view>{}(name);
    }
  };
  // Rule indices (ascending) by a piece of text a path must hold for the rule to match it.
  using RuleIndex =
      std::unordered_map<std::string, std::vector<std::size_t>, NameHash, std::equal_to<>>;

  void index_rule(std::size_t i);
  bool decide(const std::vector<std::string_view>& path, bool directory) const;

  std::vector<Rule> rules_;
  // Thousands of patterns over hundreds of thousands of paths (issue 24): a path is tried
  // only against the rules that could match it. By the literal last segment it must end with
  // (`name`, `dir/name`), by the literal first segment of an anchored pattern (`/tools/x`,
  // `app/build/**`), by the last (up to kEndingBytes) bytes of the literal end of its last
  // segment (`*.log`); the few others are tried on every path.
  RuleIndex by_last_;
  RuleIndex by_first_;
  RuleIndex by_ending_;
  std::vector<std::size_t> others_;
  std::string prefix_;
};

// True for files a front-end claims by name (parsers/frontends.h): JSON and YAML documents
// (*.json, *.yaml, *.yml, *.template), Terraform, Dockerfiles, handler code, ...
bool is_candidate_file(const std::string& path);

// Files the analysed IaC names as inputs (a Dockerfile that a template builds, whatever its
// name): those of `named` that are regular files inside the tree discover() walks for `paths`
// and `excludes`, listed as discover() lists files. What they are is the caller's knowledge.
std::vector<DiscoveredFile> discover_named(const std::vector<std::string>& named,
                                           const std::vector<std::string>& paths,
                                           const std::string& root, const ExcludeMatcher& excludes);

// Walks `paths` (files or directories). Directories skip `.git`, `node_modules`,
// `.rightfit-cache` and whatever `excludes` (relative to `root`) match. An explicitly named
// file is always included when it is a candidate. A path that does not exist is a problem.
// What the walk reads itself (cdk.json) is read within `limits`.
// `stamp_directories`: fill Discovery::directories.
Discovery discover(const std::vector<std::string>& paths, const std::string& root,
                   const ExcludeMatcher& excludes, const ParseLimits& limits = {},
                   bool stamp_directories = false);

}  // namespace rightfit
