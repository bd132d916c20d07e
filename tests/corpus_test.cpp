// rightfit must analyse every real-world file of the shared corpus without a crash and
// without a false parse error.
#include <gtest/gtest.h>

#include <filesystem>

#include "analyzer/driver/engine.h"

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

}  // namespace
}  // namespace rightfit
