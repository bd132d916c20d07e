#include "parsers/cdk/cdk_frontend.h"

#include "parsers/cdk/cdk_assembly.h"

namespace rightfit::cdk {

namespace {

class CdkAssemblyFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "CDK cloud assembly"; }
  std::string_view sample_path() const override { return "cdk.out/manifest.json"; }
  bool claims_name(std::string_view path) const override {
    const std::string file(path);
    return is_assembly_bookkeeping(file) || is_assembly_metadata(file);
  }
  // Bookkeeping holds nothing about workloads, and a large app's tree.json easily exceeds the
  // file size limit: reading it would be a false RF001.
  bool leaves_unread(const std::string& path, const ParseLimits&) const override {
    return is_assembly_bookkeeping(path);
  }
  std::string_view comment_marker(std::string_view) const override { return ""; }  // JSON

  std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                 const ParseContext& context) const override {
    return parse_assembly_metadata(path, text, context.limits);
  }
};

}  // namespace

std::unique_ptr<Frontend> make_frontend() { return std::make_unique<CdkAssemblyFrontend>(); }

}  // namespace rightfit::cdk
