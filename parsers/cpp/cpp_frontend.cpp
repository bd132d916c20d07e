#include "parsers/cpp/cpp_frontend.h"

#include "parsers/cpp/code_glance.h"
#include "parsers/cpp/compile_database.h"
#include "parsers/cpp/cpp_module_loader.h"
#include "parsers/cpp/cpp_parser.h"
#include "parsers/cpp/parse_store.h"

namespace rightfit::cpp {

namespace {

FileFacts not_parsed(const std::string& path, std::string_view text, const std::string& why) {
  FileFacts facts;
  facts.file = path;
  facts.suppressions = cpp_suppressions(path, text);
  facts.parse_errors.push_back({SourceRange{path, Span{{1, 1}, {1, 1}}}, "Not parsed: " + why});
  return facts;
}

class CppFrontend final : public Frontend {
 public:
  std::string_view name() const override { return "C++"; }
  std::string_view sample_path() const override { return "handler.cpp"; }
  bool claims_name(std::string_view path) const override { return is_cpp_source(path); }
  bool checks_encoding() const override { return false; }
  // The parse loads Clang (cpp_module_loader.h); fuzz_cpp_handler drives it directly.
  bool parses_text_alone() const override { return false; }
  // Its facts also depend on the headers it includes, which only the ParseStore checks.
  bool cacheable() const override { return false; }
  std::string_view comment_marker(std::string_view) const override { return "//"; }
  bool writes_language(std::string_view language) const override { return language == "c++"; }
  const CodeIdioms* idioms() const override {
    static constexpr CodeIdioms kCpp{"break, return, throw or goto", "get_time_remaining()",
                                     "in main before run_handler, or as a static"};
    return &kCpp;
  }
  bool parses_only_reachable() const override { return true; }
  CodeGlance glance(std::string_view text, std::size_t max_includes) const override {
    return glance_at_cpp(text, max_includes);
  }
  IncludeDirs include_dirs(const std::string& path, const ParseContext& context) const override {
    if (!context.compile_database) return {};
    std::optional<FileCommand> command = context.compile_database->command_for(path);
    return command ? cpp::include_dirs(*command) : IncludeDirs{};
  }

  std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                 const ParseContext& context) const override {
    const std::size_t most = context.limits.max_nesting_depth;
    if (control_nesting(text, most) > most) {
      return not_parsed(path, text,
                        "control statements (if, else if, loops) nested deeper than " +
                            std::string(kMaxNestingDepthKey) + " (" + std::to_string(most) +
                            "); Clang's time grows with the square of that depth");
    }
    CppSource source{path, std::string(text), {}, {}};
    if (context.compile_database) {
      if (std::optional<FileCommand> c = context.compile_database->command_for(path)) {
        source.command = std::move(c->argv);
        source.directory = std::move(c->directory);
      }
    }
    const ParseStore* store = context.code_cache;
    if (std::optional<CppParse> cached = store ? store->recall(source) : std::nullopt) {
      cached->facts.file = path;
      cached->facts.suppressions = cpp_suppressions(path, source.text);
      return std::move(cached->facts);
    }
    // Clang is loaded here, on the first file the store does not answer.
    Result<const ClangParser*> clang = clang_parser();
    if (!clang) return not_parsed(path, source.text, clang.problem().message);
    CppParse parsed = (*clang)->parse(source);
    if (store && parsed.facts.parse_errors.empty()) store->remember(source, parsed);
    return std::move(parsed.facts);
  }
};

}  // namespace

std::unique_ptr<Frontend> make_frontend() { return std::make_unique<CppFrontend>(); }

}  // namespace rightfit::cpp
