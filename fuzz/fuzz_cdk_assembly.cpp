// libFuzzer: the metadata files of an AWS CDK cloud assembly (manifest.json with inline
// construct metadata, <Stack>.metadata.json, <Stack>.assets.json) and node stack-trace frames.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_limits.h"
#include "parsers/cdk/cdk_assembly.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (rightfit::check_text_encoding(text)) return 0;  // the engine never passes such text on
  const rightfit::ParseLimits limits = rightfit::fuzz::parse_limits();
  for (const char* path :
       {"cdk.out/manifest.json", "cdk.out/Shop.metadata.json", "cdk.out/Shop.assets.json"}) {
    rightfit::cdk::parse_assembly_metadata(path, text, limits);
  }
  rightfit::cdk::parse_trace_frame(text);
  rightfit::cdk::assembly_directory(text);
  return 0;
}
