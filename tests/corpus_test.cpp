// rightfit must analyse every real-world file of the shared corpus without a crash and
// without a false parse error.
#include <gtest/gtest.h>

#include <filesystem>

#include "driver/engine.h"

namespace rightfit {
namespace {

void expect_no_parse_errors(const std::string& corpus, size_t minimum_files) {
  ASSERT_TRUE(std::filesystem::is_directory(corpus))
      << corpus << " is missing: the shared corpus must sit beside the project";
  Analysis a = analyze(AnalysisRequest{{corpus}, corpus, Config{}, 0, {}, {}, {}});
  EXPECT_TRUE(a.errors.empty());
  EXPECT_GE(a.files_analyzed, minimum_files);
  for (const Finding& f : a.findings) {
    EXPECT_NE(f.rule_id, "RF001") << f.location.file << ":" << f.location.line() << ": "
                                  << f.message;
  }
}

TEST(Corpus, CloudFormationAnalysesWithoutParseErrors) {
  expect_no_parse_errors(RIGHTFIT_SOURCE_DIR "/../shared/corpus/cloudformation", 770);
}

TEST(Corpus, TerraformAnalysesWithoutParseErrors) {
  expect_no_parse_errors(RIGHTFIT_SOURCE_DIR "/../shared/corpus/terraform", 569);
}

// terraform-aws-modules/ecs: its `modules/service` analysed alone (as `rightfit check
// modules/service` from the repository's top would) is a reusable module, not a deployment:
// nothing is reported from its variables' defaults (desired_count = 1 with no load balancer
// was an RF401 its author could not act on), and what its callers decide is not RF002. The
// repository is the root: the module calls `../container-definition`, which is read only
// inside the analysed directories (issue 24).
TEST(Corpus, ReusableRegistryModuleAloneReportsNothingFromItsDefaults) {
  const std::string repository =
      RIGHTFIT_SOURCE_DIR "/../shared/corpus/terraform/terraform-aws-modules__terraform-aws-ecs";
  const std::string service = repository + "/modules/service";
  ASSERT_TRUE(std::filesystem::is_directory(service));
  Analysis a = analyze(AnalysisRequest{{service}, repository, Config{}, 0, {}, {}, {}});
  EXPECT_TRUE(a.errors.empty());
  for (const Finding& f : a.findings) {
    ADD_FAILURE() << f.rule_id << " " << f.location.file << ":" << f.location.line() << ": "
                  << f.message;
  }
  // aws_ecs_service.this and .ignore_task_definition, one of which its callers choose.
  ASSERT_EQ(a.graph->services.size(), 2u);
  for (const Service& s : a.graph->services) {
    EXPECT_FALSE(s.desired_count.value.has_value()) << s.id.name << ": the callers' value";
    EXPECT_FALSE(s.desired_count.is_unresolved()) << s.id.name;
  }
}

}  // namespace
}  // namespace rightfit
