#include "parsers/terraform/terraform_frontend.h"

#include "parsers/parsed_file_cache.h"
#include "parsers/terraform/terraform_parser.h"

namespace rightfit::tf {

namespace {

class TerraformFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "Terraform"; }
  std::string_view sample_path() const override { return "main.tf"; }
  bool claims_name(std::string_view path) const override {
    return is_terraform_file(std::string(path));
  }
  std::string_view comment_marker(std::string_view path) const override {
    return path.ends_with(".json") ? "" : "#";
  }

  // A module is a directory of files: nothing is parsed alone.
  std::optional<FileFacts> parse(const std::string&, std::string_view,
                                 const ParseContext&) const override {
    return std::nullopt;
  }
  bool project_level() const override { return true; }
  std::vector<FileFacts> analyze_project(const std::vector<std::string>& files,
                                         const ProjectContext& context) const override {
    return analyze_terraform(
        TerraformRequest{files, context.var_files, context.limits, context.jobs, context.read,
                         context.cache ? &context.cache->terraform : nullptr,
                         context.cache ? &context.cache->terraform_roots : nullptr, context.stamp,
                         context.plans, context.roots});
  }
};

}  // namespace

std::unique_ptr<Frontend> make_frontend() { return std::make_unique<TerraformFrontend>(); }

}  // namespace rightfit::tf
