// libFuzzer: a Terraform file -> HCL AST (tree-sitter-hcl) -> evaluation of its root module
// -> resource facts; the same bytes as `.tf.json` and as `.tfvars`.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_limits.h"
#include "parsers/terraform/module_instance.h"
#include "parsers/terraform/resource_facts.h"

namespace {

// A directory that does not exist: module calls to local sources find nothing on disk.
constexpr const char* kModuleDir = "/nonexistent-rightfit-fuzz/root";

void analyse_as(const std::string& name, std::string_view text) {
  using namespace rightfit::tf;
  ModuleLibrary library(rightfit::fuzz::parse_limits());
  library.add(parse_terraform_text(std::string(kModuleDir) + "/" + name, std::string(text),
                                   rightfit::fuzz::parse_limits()));
  const ModuleSource* source = library.load(kModuleDir);
  if (!source) return;
  ModuleInstance root(library, *source, "", {}, 0);
  rightfit::FileFacts facts;
  collect_resource_facts(root, kModuleDir, facts);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  analyse_as("main.tf", text);
  analyse_as("main.tf.json", text);
  rightfit::tf::parse_terraform_text("terraform.tfvars", std::string(text),
                                     rightfit::fuzz::parse_limits());
  return 0;
}
