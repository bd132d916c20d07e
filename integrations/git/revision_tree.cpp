#include "integrations/git/revision_tree.h"

#include <stdlib.h>  // NOLINT(modernize-deprecated-headers): mkdtemp is POSIX, not in <cstdlib>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "integrations/git/git_command.h"

namespace rightfit {

namespace fs = std::filesystem;

RevisionTree::RevisionTree(std::string directory, std::string top, std::string commit)
    : directory_(std::move(directory)), top_(std::move(top)), commit_(std::move(commit)) {}

RevisionTree::~RevisionTree() {
  if (directory_.empty()) return;
  std::error_code ec;
  // The private directory's parent: mkdtemp's directory, which holds the tree and the archive.
  fs::remove_all(fs::path(directory_).parent_path(), ec);
}

namespace {

std::string first_line(std::string text) {
  text = text.substr(0, text.find('\n'));
  while (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

// A fresh directory only this process can read, under $TMPDIR (else /tmp).
Result<std::string> private_directory() {
  const char* tmp = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): read once, no setenv
  std::string pattern = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
  pattern += "/rightfit-base-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    return fail("cannot create a directory under " + pattern.substr(0, pattern.rfind('/')) + ": " +
                std::strerror(errno));
  return pattern;
}

}  // namespace

Result<std::unique_ptr<RevisionTree>> export_revision(const std::string& directory,
                                                      const std::string& revision) {
  Result<std::string> top = run_git(directory, {"rev-parse", "--show-toplevel"});
  if (!top) return fail(directory + " is not in a git work tree (" + top.problem().message + ")");
  // `--end-of-options`: a revision starting with '-' is a revision, never an option.
  Result<std::string> commit = run_git(
      directory, {"rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"});
  if (!commit || commit->size() < 40) return fail("unknown revision '" + revision + "'");
  Result<std::string> made = private_directory();
  if (!made) return fail(made.problem().message);
  const fs::path tree = fs::path(*made) / "tree";
  auto exported =
      std::make_unique<RevisionTree>(tree.string(), first_line(*top), first_line(*commit));
  std::error_code ec;
  fs::create_directory(tree, ec);
  if (ec) return fail("cannot create " + tree.string() + ": " + ec.message());
  const std::string archive = (fs::path(*made) / "base.tar").string();
  Result<std::string> archived = run_git(
      exported->top(), {"archive", "--format=tar", "-o", archive, exported->commit(), "--"});
  if (!archived) return fail(archived.problem().message);
  // Members are extracted as the user (no owners, no modes beyond the umask); GNU tar refuses
  // absolute names and `..` on its own, and git never writes either.
  Result<std::string> extracted = run_program(
      {"tar", "-x", "--no-same-owner", "--no-same-permissions", "-f", archive, "-C", tree.string()},
      "tar");
  if (!extracted) return fail(extracted.problem().message);
  fs::remove(archive, ec);
  // An empty `.git` marks the top as the repository's: the nearest `.rightfit.yaml` is looked
  // up to here, as in the work tree (analysis_setup.cpp), and never above.
  fs::create_directory(tree / ".git", ec);
  return exported;
}

}  // namespace rightfit
