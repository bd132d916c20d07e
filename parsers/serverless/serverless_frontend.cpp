#include "parsers/serverless/serverless_frontend.h"

#include "parsers/serverless/serverless_parser.h"

namespace rightfit::sls {

namespace {

class ServerlessFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "Serverless Framework"; }
  std::string_view sample_path() const override { return "serverless.yml"; }
  bool claims_name(std::string_view path) const override {
    return is_serverless_file(std::string(path));
  }
  // A service is ours by its name: one that is not text is a problem to report.
  bool reports_undecodable() const override { return true; }
  // Its facts also depend on the files `${file(...)}` reads.
  bool cacheable() const override { return false; }
  std::string_view comment_marker(std::string_view path) const override {
    return path.ends_with(".json") ? "" : "#";
  }

  std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                 const ParseContext& context) const override {
    return parse_serverless(path, text, context.limits, context.read);
  }
};

}  // namespace

std::unique_ptr<Frontend> make_frontend() { return std::make_unique<ServerlessFrontend>(); }

}  // namespace rightfit::sls
