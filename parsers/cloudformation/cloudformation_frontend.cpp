#include "parsers/cloudformation/cloudformation_frontend.h"

#include "parsers/document/document.h"

namespace rightfit::cfn {

namespace {

class CloudFormationFrontend final : public Frontend {
 public:
  explicit CloudFormationFrontend(std::vector<TemplateHook> hooks) : hooks_(std::move(hooks)) {}

  std::string_view name() const override { return "CloudFormation"; }
  std::string_view sample_path() const override { return "template.yaml"; }
  bool claims_name(std::string_view path) const override {
    return doc::has_document_extension(path);
  }
  bool shares_extensions() const override { return true; }
  bool claims_content(std::string_view text) const override { return may_be_template(text); }
  // A file that is not text but says it is a template is reported, whatever its name.
  bool recognises_undecodable(std::string_view text) const override {
    return looks_like_template(text);
  }
  std::string_view comment_marker(std::string_view path) const override {
    return path.ends_with(".json") ? "" : "#";
  }

  std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                 const ParseContext& context) const override {
    std::optional<FileFacts> facts = parse_template(path, text, context.limits, hooks_);
    if (facts && context.roots) refuse_build_paths_outside(*facts, *context.roots);
    return facts;
  }

 private:
  std::vector<TemplateHook> hooks_;
};

}  // namespace

std::unique_ptr<Frontend> make_frontend(std::vector<TemplateHook> hooks) {
  return std::make_unique<CloudFormationFrontend>(std::move(hooks));
}

}  // namespace rightfit::cfn
