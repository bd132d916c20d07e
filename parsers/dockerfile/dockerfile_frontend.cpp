#include "parsers/dockerfile/dockerfile_frontend.h"

#include "parsers/dockerfile/dockerfile_parser.h"

namespace rightfit::dockerfile {

namespace {

class DockerfileFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "Dockerfile"; }
  std::string_view sample_path() const override { return "Dockerfile"; }
  bool claims_name(std::string_view path) const override { return is_dockerfile(path); }
  // A Dockerfile is ours by its name: one that is not text is a problem to report.
  bool reports_undecodable() const override { return true; }
  std::string_view comment_marker(std::string_view) const override { return "#"; }

  std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                 const ParseContext& context) const override {
    return parse_dockerfile(path, text, context.limits.deadline());
  }
};

}  // namespace

std::unique_ptr<Frontend> make_frontend() { return std::make_unique<DockerfileFrontend>(); }

}  // namespace rightfit::dockerfile
