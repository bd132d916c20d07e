// libFuzzer: a CloudFormation/SAM template (YAML or JSON) -> workload facts: the loaders,
// intrinsic functions, SAM globals and events, suppression comments.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_limits.h"
#include "parsers/cloudformation/template_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (rightfit::check_text_encoding(text)) return 0;  // the engine never passes such text on
  rightfit::cfn::parse_template("template.yaml", text, rightfit::fuzz::parse_limits());
  rightfit::cfn::parse_template("template.json", text, rightfit::fuzz::parse_limits());
  return 0;
}
