#include "parsers/kubernetes/kubernetes_frontend.h"

#include "parsers/document/document.h"
#include "parsers/kubernetes/manifest_parser.h"
#include "parsers/kubernetes/manifest_probe.h"

namespace rightfit::k8s {

namespace {

class KubernetesFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "Kubernetes"; }
  std::string_view sample_path() const override { return "deployment.yaml"; }
  bool claims_name(std::string_view path) const override {
    return doc::has_document_extension(path);
  }
  bool shares_extensions() const override { return true; }
  // Every manifest has top-level `apiVersion` and `kind`; vendored JSON that mentions
  // "apiVersion" deeper down (API models) is declined before it is loaded.
  bool claims_content(std::string_view text) const override {
    return has_top_level_manifest_keys(text);
  }
  std::string_view comment_marker(std::string_view path) const override {
    return path.ends_with(".json") ? "" : "#";
  }

  std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                 const ParseContext& context) const override {
    return parse_manifests(path, text, context.limits);
  }
};

}  // namespace

std::unique_ptr<Frontend> make_frontend() { return std::make_unique<KubernetesFrontend>(); }

}  // namespace rightfit::k8s
