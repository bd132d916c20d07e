// libFuzzer: a Serverless Framework service (YAML or JSON) -> workload facts: the loaders, the
// variable resolver (self references, fallbacks, nesting, cycles), events, the embedded
// CloudFormation under `resources`, suppression comments. `${file(...)}` reads nothing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_limits.h"
#include "parsers/serverless/serverless_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (rightfit::check_text_encoding(text)) return 0;  // the engine never passes such text on
  const rightfit::FileReader none = [](const std::string&, const rightfit::ParseLimits&) {
    return rightfit::SourceText{rightfit::fail_with(rightfit::SourceProblem{{}, "not read"})};
  };
  rightfit::sls::parse_serverless("serverless.yml", text, rightfit::fuzz::parse_limits(), none);
  rightfit::sls::parse_serverless("serverless.json", text, rightfit::fuzz::parse_limits(), none);
  return 0;
}
