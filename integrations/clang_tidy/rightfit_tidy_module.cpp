// librightfit-tidy.so: the C++ handler rules as a clang-tidy module, for teams that already
// run clang-tidy in CI and clangd in editors:
//   clang-tidy-19 --load=librightfit-tidy.so --checks='-*,rightfit-*' handler.cpp -- ...
// No second implementation: each check runs rightfit's own collector (parsers/cpp) and rule
// (checks/) over the translation unit clang-tidy parsed, and turns findings into diagnostics.
#include <clang-tidy/ClangTidyCheck.h>
#include <clang-tidy/ClangTidyModule.h>
#include <clang-tidy/ClangTidyModuleRegistry.h>
#include <clang/AST/ASTContext.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/Basic/SourceManager.h>

#include "analyzer/suppressions.h"
#include "analyzer/workload_graph.h"
#include "checks/check.h"
#include "parsers/cpp/code_collector.h"
#include "parsers/cpp/cpp_parser.h"
#include "parsers/text_position.h"

namespace rightfit::tidy {

namespace {

using clang::tidy::ClangTidyCheck;
using clang::tidy::ClangTidyContext;

class RuleCheck : public ClangTidyCheck {
 public:
  RuleCheck(llvm::StringRef name, ClangTidyContext* context, std::string rule)
      : ClangTidyCheck(name, context), rule_(std::move(rule)) {}

  void registerMatchers(clang::ast_matchers::MatchFinder* finder) override {
    finder->addMatcher(clang::ast_matchers::translationUnitDecl().bind("unit"), this);
  }

  void check(const clang::ast_matchers::MatchFinder::MatchResult& result) override {
    clang::ASTContext& ast = *result.Context;
    const clang::SourceManager& sm = ast.getSourceManager();
    FileFacts facts;
    facts.file = sm.getFileEntryRefForID(sm.getMainFileID())->getName().str();
    facts.code_functions = cpp::collect_code_functions(ast);
    facts.suppressions = cpp::cpp_suppressions(facts.file, sm.getBufferData(sm.getMainFileID()));
    std::vector<FileFacts> files;
    files.push_back(std::move(facts));
    WorkloadGraph graph = WorkloadGraph::link(std::move(files));
    Config config;
    std::vector<Finding> findings;
    for (const std::unique_ptr<Check>& rule : make_all_checks()) {
      if (rule->info().id == rule_) rule->run(CheckContext{graph, config}, findings);
    }
    apply_suppressions(findings, graph.suppressions);
    for (const Finding& f : findings) {
      if (f.suppression) continue;
      // "%0": rightfit's messages are text, not diagnostic format strings.
      diag(location(sm, f.location), "%0") << f.message;
      for (const RelatedLocation& r : f.related)
        diag(location(sm, r.where), "%0", clang::DiagnosticIDs::Note) << r.message;
    }
  }

 private:
  // A rightfit position (code-point column) as a Clang location (byte column).
  static clang::SourceLocation location(const clang::SourceManager& sm, const SourceRange& r) {
    llvm::Expected<clang::FileEntryRef> file = sm.getFileManager().getFileRef(r.file);
    if (!file) {
      llvm::consumeError(file.takeError());
      return {};
    }
    clang::SourceLocation line = sm.translateFileLineCol(*file, r.line(), 1);
    if (line.isInvalid()) return line;
    bool invalid = false;
    const char* at = sm.getCharacterData(line, &invalid);
    if (invalid) return line;
    unsigned bytes = 0;
    for (uint32_t column = 1; column < r.column() && at[bytes] != '\n' && at[bytes] != '\0';) {
      ++bytes;
      if (!is_utf8_continuation(at[bytes])) ++column;
    }
    return line.getLocWithOffset(static_cast<int>(bytes));
  }

  std::string rule_;
};

class RightfitModule : public clang::tidy::ClangTidyModule {
 public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories& factories) override {
    for (const RuleInfo& info : all_rules()) {
      if (!info.reads(RuleTag::HandlerCode)) continue;
      std::string rule = info.id;
      factories.registerCheckFactory("rightfit-" + info.name,
                                     [rule](llvm::StringRef name, ClangTidyContext* context) {
                                       return std::make_unique<RuleCheck>(name, context, rule);
                                     });
    }
  }
};

}  // namespace

// clang-tidy finds modules through its registry: a static registration object is how its
// plugin interface works.
static clang::tidy::ClangTidyModuleRegistry::Add<RightfitModule> registration(
    "rightfit-module", "rightfit: C++ Lambda handler rules (RF102, RF103, RF201-RF205)");

}  // namespace rightfit::tidy
