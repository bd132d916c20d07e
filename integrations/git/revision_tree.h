// The files of a git revision in a private directory, for `report --base REF`: read with
// `git archive` and extracted by tar into a fresh directory under $TMPDIR, so the user's work
// tree and index are never touched, and removed when the value goes away.
#pragma once

#include <memory>
#include <string>

#include "parsers/result.h"

namespace rightfit {

class RevisionTree {
 public:
  RevisionTree(std::string directory, std::string top, std::string commit);
  RevisionTree(RevisionTree&&) noexcept = default;
  RevisionTree& operator=(RevisionTree&&) noexcept = default;
  RevisionTree(const RevisionTree&) = delete;
  RevisionTree& operator=(const RevisionTree&) = delete;
  ~RevisionTree();

  // Where the revision's files are: the repository's top directory at that revision.
  const std::string& directory() const { return directory_; }
  // The work tree's top directory (canonical), whose paths `directory()` mirrors.
  const std::string& top() const { return top_; }
  // The full commit ID the revision named.
  const std::string& commit() const { return commit_; }

 private:
  std::string directory_;  // empty once moved from
  std::string top_;
  std::string commit_;
};

// The tree of `revision` (a commit, branch or tag; validated as a commit) of the git work tree
// holding `directory`; a problem naming the revision when git does not know it, or why it could
// not be written.
Result<std::unique_ptr<RevisionTree>> export_revision(const std::string& directory,
                                                      const std::string& revision);

}  // namespace rightfit
