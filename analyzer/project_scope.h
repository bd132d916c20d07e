// Named files -> the projects they belong to. A pre-commit hook (and an editor) names single
// files, but a finding needs the whole project: a function's queue, API or Dockerfile may be
// in another file. So the project is analysed and only the named files' findings reported.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.h"

namespace rightfit {

struct ProjectScope {
  std::string root;                // directory to analyse ("" : analyse `files` alone)
  std::vector<std::string> files;  // the named files below it, as named
};

// The project root of a file: its nearest ancestor directory holding `.rightfit.yaml` or
// `.git`; else the current directory when the file is below it; else none ("").
std::string project_root_of(const std::string& file);

// The top of the git repository `dir` lies in: the nearest ancestor of it (itself included,
// made absolute and normal) holding `.git` (a directory, or a worktree's file); none outside
// a repository.
std::optional<std::filesystem::path> repository_top(const std::filesystem::path& dir);

// Groups files by project root, in the order the roots are first met.
std::vector<ProjectScope> project_scopes(const std::vector<std::string>& files);

// Keeps the findings whose primary location (or, for one moved to a CDK app's source, its
// origin) is one of `files` (compared as absolute, normalized paths, so `./a.yaml` and
// `a.yaml` are one file).
std::vector<Finding> findings_in_files(std::vector<Finding> findings,
                                       const std::vector<std::string>& files);

}  // namespace rightfit
