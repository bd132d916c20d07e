// rightfit must analyse every real-world template of the shared corpus without a crash and
// without a false parse error.
#include <gtest/gtest.h>

#include <filesystem>

#include "analyzer/driver/engine.h"

namespace rightfit {
namespace {

const char* kCorpus = RIGHTFIT_SOURCE_DIR "/../shared/corpus/cloudformation";

TEST(Corpus, CloudFormationAnalysesWithoutParseErrors) {
  ASSERT_TRUE(std::filesystem::is_directory(kCorpus))
      << kCorpus << " is missing: the shared corpus must sit beside the project";
  Analysis a = analyze(AnalysisRequest{{kCorpus}, kCorpus, Config{}, 0, {}});
  EXPECT_TRUE(a.errors.empty());
  EXPECT_GE(a.files_analyzed, 770u);
  for (const Finding& f : a.findings) {
    EXPECT_NE(f.rule_id, "RF001") << f.location.file << ":" << f.location.line() << ": "
                                  << f.message;
  }
}

}  // namespace
}  // namespace rightfit
