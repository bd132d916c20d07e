#include "parsers/node/node_frontend.h"

#include <filesystem>
#include <system_error>

#include "parsers/node/node_parser.h"

namespace rightfit::node {

namespace {

class NodeFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "JavaScript/TypeScript"; }
  std::string_view sample_path() const override { return "index.js"; }
  bool claims_name(std::string_view path) const override { return is_node_source(path); }
  std::string_view comment_marker(std::string_view) const override { return "//"; }
  bool writes_language(std::string_view language) const override {
    return language == "javascript" || language == "typescript";
  }
  const CodeIdioms* idioms() const override {
    static constexpr CodeIdioms kNode{
        "break, return or throw", "context.getRemainingTimeInMillis()",
        "at module level, outside the handler function", "background work"};
    return &kNode;
  }

  // A file above the size limit is a bundle (nobody writes a handler of megabytes): not ours,
  // as a minified one is not (parse_node).
  bool leaves_unread(const std::string& path, const ParseLimits& limits) const override {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return !ec && size > limits.max_file_bytes;
  }

  bool names_handlers_by_setting() const override { return true; }
  // `src/app.handler` -> export `handler` of src/app.js (.mjs, .ts, ...).
  std::vector<std::string> handler_usrs(const std::string& code_dir,
                                        const std::string& handler) const override {
    return node::handler_usrs(code_dir, handler);
  }

  std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                 const ParseContext& context) const override {
    return parse_node(path, text, context.limits);
  }
};

}  // namespace

std::unique_ptr<Frontend> make_frontend() { return std::make_unique<NodeFrontend>(); }

}  // namespace rightfit::node
