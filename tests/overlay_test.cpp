// Unsaved editor buffers: the engine reads `AnalysisRequest::overlays` instead of the disk,
// for CloudFormation, Dockerfiles and Terraform (including modules loaded on demand).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "driver/engine.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::write_text;

class Overlays : public testing_support::ScratchDirectory {
 protected:
  std::set<std::string> rules_found(const std::map<std::string, std::string>& overlays) {
    AnalysisRequest request{{dir_.string()}, dir_.string(), Config{}, 1, {}, {}, {}, overlays};
    std::set<std::string> rules;
    for (const Finding& f : analyze(request).findings) {
      if (!f.suppression)
        rules.insert(fs::path(f.location.file).filename().string() + " " + f.rule_id);
    }
    return rules;
  }
  std::string key(const std::string& relative) {
    return (dir_ / relative).lexically_normal().string();
  }
};

TEST_F(Overlays, BufferTextReplacesTheFileOnDisk) {
  write_text(
      dir_ / "template.yaml",
      "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 700\n");
  write_text(
      dir_ / "modules" / "fn" / "main.tf",
      "variable \"t\" {}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n"
      "  timeout = var.t\n}\n");
  write_text(dir_ / "main.tf", "module \"fn\" {\n  source = \"./modules/fn\"\n  t = 30\n}\n");
  EXPECT_EQ(rules_found({}), (std::set<std::string>{"template.yaml RF104"}));

  // The editor's buffers: the template fixed, the module call made too long (the module
  // itself is read on demand, through the same reader).
  std::map<std::string, std::string> overlays{
      {key("template.yaml"),
       "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 30\n"},
      {key("main.tf"), "module \"fn\" {\n  source = \"./modules/fn\"\n  t = 800\n}\n"},
  };
  EXPECT_EQ(rules_found(overlays), (std::set<std::string>{"main.tf RF104"}));
  overlays[key("modules/fn/main.tf")] =
      "variable \"t\" {}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n"
      "  timeout = 5\n}\n";
  EXPECT_EQ(rules_found(overlays), (std::set<std::string>{}));
}

}  // namespace
}  // namespace rightfit
