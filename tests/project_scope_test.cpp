// Named files -> the projects they belong to (what `rightfit check FILE...` analyses).
#include "analyzer/project_scope.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::write_text;

class ProjectScopes : public testing_support::ScratchDirectory {};

TEST_F(ProjectScopes, NearestMarkerWinsAndFilesAreGroupedByProject) {
  fs::create_directories(dir_ / "repo" / ".git");
  write_text(dir_ / "repo" / "a.yaml", "");
  write_text(dir_ / "repo" / "infra" / "b.tf", "");
  write_text(dir_ / "repo" / "service" / ".rightfit.yaml", "");
  write_text(dir_ / "repo" / "service" / "deep" / "c.yaml", "");
  const std::string a = (dir_ / "repo" / "a.yaml").string();
  const std::string b = (dir_ / "repo" / "infra" / "b.tf").string();
  const std::string c = (dir_ / "repo" / "service" / "deep" / "c.yaml").string();
  EXPECT_EQ(project_root_of(b), (dir_ / "repo").string());
  EXPECT_EQ(project_root_of(c), (dir_ / "repo" / "service").string());
  std::vector<ProjectScope> scopes = project_scopes({a, c, b});
  ASSERT_EQ(scopes.size(), 2u);
  EXPECT_EQ(scopes[0].root, (dir_ / "repo").string());
  EXPECT_EQ(scopes[0].files, (std::vector<std::string>{a, b}));
  EXPECT_EQ(scopes[1].files, (std::vector<std::string>{c}));
}

TEST_F(ProjectScopes, FileOutsideTheCwdWithoutMarkerIsAnalysedAlone) {
  write_text(dir_ / "lonely.yaml", "");
  EXPECT_EQ(project_root_of((dir_ / "lonely.yaml").string()), "");
}

TEST_F(ProjectScopes, OnlyFindingsInTheNamedFilesAreKept) {
  Finding in, out;
  in.location.file = (dir_ / "x" / ".." / "a.yaml").string();
  out.location.file = (dir_ / "b.yaml").string();
  std::vector<Finding> kept = findings_in_files({in, out}, {(dir_ / "a.yaml").string()});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].location.file, in.location.file);
}

}  // namespace
}  // namespace rightfit
