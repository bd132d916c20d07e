#include "parsers/python/python_frontend.h"

#include "parsers/python/python_parser.h"

namespace rightfit::python {

namespace {

class PythonFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "Python"; }
  std::string_view sample_path() const override { return "handler.py"; }
  bool claims_name(std::string_view path) const override { return is_python_source(path); }
  std::string_view comment_marker(std::string_view) const override { return "#"; }
  bool writes_language(std::string_view language) const override { return language == "python"; }
  const CodeIdioms* idioms() const override {
    static constexpr CodeIdioms kPython{
        "break, return or raise", "context.get_remaining_time_in_millis()",
        "at module level, outside the handler function", "a thread", false};
    return &kPython;
  }

  bool names_handlers_by_setting() const override { return true; }
  std::vector<std::string> handler_usrs(const std::string& code_dir,
                                        const std::string& handler) const override {
    std::string usr = handler_usr(code_dir, handler);
    if (usr.empty()) return {};
    return {std::move(usr)};
  }

  std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                 const ParseContext& context) const override {
    return parse_python(path, text, context.limits);
  }
};

}  // namespace

std::unique_ptr<Frontend> make_frontend() { return std::make_unique<PythonFrontend>(); }

}  // namespace rightfit::python
