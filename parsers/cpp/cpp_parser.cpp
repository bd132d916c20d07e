#include "parsers/cpp/cpp_parser.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/Basic/DiagnosticParse.h>
#include <clang/Basic/FileManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>
#include <clang/Lex/PreprocessorOptions.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/CrashRecoveryContext.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/VirtualFileSystem.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <vector>

#include "parsers/cpp/code_collector.h"
#include "parsers/cpp/database_apis.h"

namespace rightfit::cpp {

namespace {

namespace fs = std::filesystem;

constexpr const char* kOverlayInclude = "/__rightfit__/include";
constexpr const char* kStandIns = "/__rightfit__/include/rightfit-stand-ins.h";

// ---- stand-in declarations ----

struct NameTree {
  std::map<std::string, NameTree> children;
};

// A name qualified deeper than this is no library type: it is not declared (each part is a
// nested namespace, which Clang parses recursively).
constexpr size_t kMaxQualifiedParts = 16;

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Calls `found` with the parts of every qualified name `Root::A::B` in `text` whose root is a
// key of `roots` (at a word start, as `\bRoot(::[A-Za-z_]\w*)+` would match), up to
// kMaxQualifiedParts parts. One linear pass: std::regex recursed once per part.
template <class Found>
void for_each_qualified_name(std::string_view text,
                             const std::map<std::string, std::string, std::less<>>& roots,
                             Found&& found) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_word(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && is_word(text[end])) ++end;
    parts.assign(1, text.substr(i, end - i));
    while (roots.count(parts.front()) && text.substr(end, 2) == "::" && end + 2 < text.size() &&
           (std::isalpha(static_cast<unsigned char>(text[end + 2])) || text[end + 2] == '_')) {
      size_t part_end = end + 2;
      while (part_end < text.size() && is_word(text[part_end])) ++part_end;
      parts.push_back(text.substr(end + 2, part_end - end - 2));
      end = part_end;
    }
    if (parts.size() > 1 && parts.size() <= kMaxQualifiedParts) found(parts);
    i = end;
  }
}

void emit(const NameTree& tree, std::string& out) {
  for (const auto& [name, child] : tree.children) {
    if (child.children.empty()) {
      // Any construction parses; members stay unknown (Clang recovers from those).
      out.append("struct ").append(name).append(" { ").append(name);
      out.append("() {} template <class... A> ").append(name).append("(A&&...) {} };\n");
    } else {
      out += "namespace " + name + " {\n";
      emit(child, out);
      out += "}\n";
    }
  }
}

// `name` as a whole identifier in `text`.
bool mentions(std::string_view text, std::string_view name) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const size_t end = at + name.size();
    if ((at == 0 || !word(text[at - 1])) && (end == text.size() || !word(text[end]))) return true;
  }
  return false;
}

// ---- Clang plumbing ----

// Missing headers are skipped instead of ending the parse: without the AWS SDK the rest of
// the file (and the standard headers after it) must still be read.
class HeaderTracker : public clang::PPCallbacks {
 public:
  HeaderTracker(const clang::SourceManager& sm, std::map<std::string, std::string>& user_files)
      : sm_(sm), user_files_(user_files) {}

  bool FileNotFound(llvm::StringRef) override { return true; }

  void FileChanged(clang::SourceLocation loc, FileChangeReason reason,
                   clang::SrcMgr::CharacteristicKind kind, clang::FileID) override {
    if (reason != EnterFile || kind != clang::SrcMgr::C_User) return;
    llvm::StringRef name = sm_.getFilename(loc);
    // Not "<built-in>"/"<command line>", nor the headers rightfit serves from memory.
    if (name.empty() || name.starts_with("<") || name.starts_with("/__rightfit__/")) return;
    // Hashed as read, so a header edited during the parse can never validate a cached result.
    user_files_.emplace(name.str(), content_hash(sm_.getBufferData(sm_.getFileID(loc))));
  }

 private:
  const clang::SourceManager& sm_;
  std::map<std::string, std::string>& user_files_;  // path -> content hash
};

class CollectConsumer : public clang::ASTConsumer {
 public:
  CollectConsumer(const PathDisplay& display, std::vector<CodeFunction>& out)
      : display_(display), out_(out) {}
  void HandleTranslationUnit(clang::ASTContext& ast) override {
    out_ = collect_code_functions(ast, display_);
  }

 private:
  const PathDisplay& display_;
  std::vector<CodeFunction>& out_;
};

class CollectAction : public clang::ASTFrontendAction {
 public:
  CollectAction(const PathDisplay& display, std::vector<CodeFunction>& out,
                std::map<std::string, std::string>& user_files)
      : display_(display), out_(out), user_files_(user_files) {}

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance&,
                                                        llvm::StringRef) override {
    return std::make_unique<CollectConsumer>(display_, out_);
  }
  bool BeginSourceFileAction(clang::CompilerInstance& ci) override {
    ci.getPreprocessor().addPPCallbacks(
        std::make_unique<HeaderTracker>(ci.getSourceManager(), user_files_));
    return true;
  }

 private:
  const PathDisplay& display_;
  std::vector<CodeFunction>& out_;
  std::map<std::string, std::string>& user_files_;
};

// Whatever the compile command asked for, the parse writes nothing and prints nothing: no
// dependency, header-include or DOT file, no stats or time trace, no module cache or PCH, no
// diagnostics log, no layout dumps on stdout (they broke -f json and the LSP framing). The
// allowlist (compile_flags.h) already keeps such flags out; this holds for flags rightfit
// adds and for what the driver derives on its own.
void make_read_only(clang::CompilerInvocation& invocation) {
  invocation.getDependencyOutputOpts() = clang::DependencyOutputOptions();
  clang::FrontendOptions& frontend = invocation.getFrontendOpts();
  frontend.OutputFile.clear();
  frontend.StatsFile.clear();
  frontend.TimeTracePath.clear();
  frontend.ModuleOutputPath.clear();
  frontend.OverrideRecordLayoutsFile.clear();
  frontend.SymbolGraphOutputDir.clear();
  frontend.ARCMTMigrateReportOut.clear();
  frontend.MTMigrateDir.clear();
  frontend.Plugins.clear();
  frontend.AddPluginActions.clear();
  frontend.ActionName.clear();
  frontend.LLVMArgs.clear();
  frontend.ModuleFiles.clear();
  frontend.ASTMergeFiles.clear();
  frontend.ShowStats = false;
  frontend.ShowHelp = false;
  frontend.ShowVersion = false;
  frontend.PrintSupportedCPUs = false;
  clang::LangOptions& language = invocation.getLangOpts();
  language.Modules = false;
  language.ImplicitModules = false;
  language.DumpRecordLayouts = false;
  language.DumpRecordLayoutsSimple = false;
  language.DumpRecordLayoutsCanonical = false;
  language.DumpRecordLayoutsComplete = false;
  language.DumpVTableLayouts = false;
  clang::HeaderSearchOptions& search = invocation.getHeaderSearchOpts();
  search.ModuleCachePath.clear();
  search.ModuleUserBuildPath.clear();
  search.PrebuiltModuleFiles.clear();
  search.PrebuiltModulePaths.clear();
  search.VFSOverlayFiles.clear();
  search.Verbose = false;
  clang::PreprocessorOptions& preprocessor = invocation.getPreprocessorOpts();
  preprocessor.ImplicitPCHInclude.clear();
  preprocessor.DumpDeserializedPCHDecls = false;
  clang::DiagnosticOptions& diagnostics = invocation.getDiagnosticOpts();
  diagnostics.DiagnosticLogFile.clear();
  diagnostics.DiagnosticSerializationFile.clear();
}

// Ignores Clang's diagnostics (errors are normal without the SDK) except the one that cuts the
// parse off: brackets (parentheses, braces) nested past Clang's -fbracket-depth, 256 by
// default, which bounds the parser's recursion (20,000 nested `if (x) {`). The rest of the
// file is then not analysed, and the parse must say so rather than find nothing.
class CutOffWatcher final : public clang::DiagnosticConsumer {
 public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic& info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (cut_off_ || info.getID() != clang::diag::err_bracket_depth_exceeded) return;
    cut_off_ = true;
    if (!info.hasSourceManager() || info.getLocation().isInvalid()) return;
    const clang::SourceManager& sources = info.getSourceManager();
    const clang::SourceLocation at = sources.getExpansionLoc(info.getLocation());
    if (sources.isWrittenInMainFile(at)) line_ = sources.getExpansionLineNumber(at);
  }
  // The problem to report, if the parse was cut off.
  std::optional<ParseError> problem(const std::string& path) const {
    if (!cut_off_) return std::nullopt;
    const Position at{line_, 1};
    return ParseError{SourceRange{path, Span{at, at}},
                      "Clang stopped parsing here: brackets nested deeper than its "
                      "-fbracket-depth (256); the rest of this file was not analysed"};
  }

 private:
  bool cut_off_ = false;
  unsigned line_ = 1;
};

// Runs CollectAction on an invocation made read-only first.
class ReadOnlyParse : public clang::tooling::FrontendActionFactory {
 public:
  ReadOnlyParse(const PathDisplay& display, std::vector<CodeFunction>& out,
                std::map<std::string, std::string>& user_files)
      : display_(display), out_(out), user_files_(user_files) {}

  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<CollectAction>(display_, out_, user_files_);
  }
  bool runInvocation(std::shared_ptr<clang::CompilerInvocation> invocation,
                     clang::FileManager* files, std::shared_ptr<clang::PCHContainerOperations> pch,
                     clang::DiagnosticConsumer* diagnostics) override {
    make_read_only(*invocation);
    return FrontendActionFactory::runInvocation(std::move(invocation), files, std::move(pch),
                                                diagnostics);
  }

 private:
  const PathDisplay& display_;
  std::vector<CodeFunction>& out_;
  std::map<std::string, std::string>& user_files_;
};

std::string absolute(const std::string& path, const std::string& base) {
  fs::path p(path);
  std::error_code ec;
  if (p.is_relative()) p = (base.empty() ? fs::current_path(ec) : fs::path(base)) / p;
  return p.lexically_normal().generic_string();
}

// Shown paths: the analysed file as given; others relative to the working directory when
// below it.
PathDisplay display_for(const std::string& shown, const std::string& main_abs) {
  std::error_code ec;
  std::string cwd = fs::current_path(ec).generic_string() + "/";
  return [shown, main_abs, cwd](const std::string& name) {
    std::string abs = absolute(name, "");
    if (abs == main_abs) return shown;
    if (abs.rfind(cwd, 0) == 0) return abs.substr(cwd.size());
    return abs;
  };
}

std::vector<std::string> command_line(const CppSource& source, const std::string& main_abs) {
  std::vector<std::string> args;
  if (source.command.empty()) {
    args = {"clang++", "-std=c++20", "-fsyntax-only", main_abs};
  } else {
    args = source.command;
  }
  // --no-default-config: no clang++.cfg from beside a compiler or a system directory.
  std::vector<std::string> ours = {"--no-default-config",
                                   std::string("-resource-dir=") + RIGHTFIT_CLANG_RESOURCE_DIR,
                                   "-idirafter",
                                   kOverlayInclude,
                                   "-include",
                                   kStandIns,
                                   "-ferror-limit=0",
                                   "-fno-spell-checking",
                                   "-w"};
  args.insert(args.begin() + 1, ours.begin(), ours.end());
  return args;
}

// Gives up ownership without destroying: for Clang's objects that a crash may have left
// half-updated.
template <class T>
void leak(std::unique_ptr<T>& owner) {
  [[maybe_unused]] T* leaked = owner.release();
}

}  // namespace

bool run_contained(const std::function<void()>& work) {
  llvm::CrashRecoveryContext::Enable();  // once per process; later calls do nothing
  llvm::CrashRecoveryContext context;
  return context.RunSafely(work);
}

// The SDK's allocation factories (aws/core/utils/memory/AWSMemory.h) as function templates: a
// stand-in struct of that name would not parse `Aws::MakeShared<T>(tag, args...)`.
constexpr std::string_view kAwsFactories[] = {"MakeShared", "MakeUnique"};
constexpr const char* kAwsFactoryDeclarations =
    "template <class T, class... A> std::shared_ptr<T> MakeShared(const char*, A&&...);\n"
    "template <class T, class... A> std::unique_ptr<T> MakeUnique(const char*, A&&...);\n";

// Stand-ins keep what a library's missing headers would declare: without them, Clang drops
// a call to an undeclared function or a declaration of an unknown type, and RF205 would not
// see the connection. Each block is guarded by the library's header, so a build that has it
// uses the real declarations. A file that includes the header by another path gets both;
// the clash is an error Clang recovers from, the call stays.
std::string stand_in_declarations(std::string_view text) {
  std::map<std::string, std::string, std::less<>> guards = {{"Aws", "<aws/core/Aws.h>"}};
  for (const DatabaseApi& api : database_apis()) {
    if (api.generic_namespace.empty()) continue;
    guards.emplace(std::string(api.generic_namespace), std::string(api.header));
  }
  std::map<std::string, NameTree> trees;
  for_each_qualified_name(text, guards, [&](const std::vector<std::string_view>& parts) {
    NameTree* node = &trees[std::string(parts.front())];
    for (size_t i = 1; i < parts.size(); ++i) node = &node->children[std::string(parts[i])];
  });
  bool aws_factories = false;
  if (auto aws = trees.find("Aws"); aws != trees.end()) {
    for (std::string_view factory : kAwsFactories)
      aws_factories |= aws->second.children.erase(std::string(factory)) > 0;
  }
  std::string out = "// rightfit: stand-ins for types of libraries whose headers are absent\n";
  for (const auto& [root, tree] : trees) {
    const bool factories = root == "Aws" && aws_factories;
    if (tree.children.empty() && !factories) continue;
    out += "#if !__has_include(" + guards.at(root) + ")\n";
    if (factories) out += "#include <memory>\n";
    out += "namespace " + root + " {\n";
    if (factories) out += kAwsFactoryDeclarations;
    emit(tree, out);
    out += "}\n#endif\n";
  }
  for (const DatabaseApi& api : database_apis()) {
    const bool mentioned = std::any_of(api.mentions.begin(), api.mentions.end(),
                                       [&](std::string_view m) { return mentions(text, m); });
    if (!mentioned || api.stand_in.empty()) continue;
    out += "#if !__has_include(" + std::string(api.header) + ")\n";
    out += api.c_linkage ? "extern \"C\" {\n" + std::string(api.stand_in) + "}\n"
                         : std::string(api.stand_in);
    out += "#endif\n";
  }
  return out;
}

CppParse parse_cpp(const CppSource& source) {
  CppParse result;
  result.facts.file = source.path;
  result.facts.suppressions = cpp_suppressions(source.path, source.text);
  const std::string main_abs = absolute(source.path, "");

  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> memory(new llvm::vfs::InMemoryFileSystem);
  memory->addFile(std::string(kOverlayInclude) + "/aws/lambda-runtime/runtime.h", 0,
                  llvm::MemoryBuffer::getMemBuffer(lambda_runtime_header()));
  memory->addFile(kStandIns, 0,
                  llvm::MemoryBuffer::getMemBufferCopy(stand_in_declarations(source.text)));
  memory->addFile(main_abs, 0, llvm::MemoryBuffer::getMemBufferCopy(source.text, main_abs));
  // A physical file system of its own: its working directory (the compile command's) is
  // not the process's, which other threads and later analyses rely on.
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> files(
      new llvm::vfs::OverlayFileSystem(llvm::vfs::createPhysicalFileSystem()));
  files->pushOverlay(memory);
  if (!source.directory.empty()) {
    // A directory that is gone leaves rightfit's own: the headers the command names relative
    // to it are then missing, which Clang recovers from like any other missing header.
    [[maybe_unused]] const std::error_code unset =
        files->setCurrentWorkingDirectory(source.directory);
  }
  llvm::IntrusiveRefCntPtr<clang::FileManager> manager(
      new clang::FileManager(clang::FileSystemOptions(), files));

  PathDisplay display = display_for(source.path, main_abs);
  std::map<std::string, std::string> user_files;
  CutOffWatcher quiet;
  auto action = std::make_unique<ReadOnlyParse>(display, result.facts.code_functions, user_files);
  auto invocation = std::make_unique<clang::tooling::ToolInvocation>(
      command_line(source, main_abs), action.get(), manager.get(),
      std::make_shared<clang::PCHContainerOperations>());
  invocation->setDiagnosticConsumer(&quiet);
  // run() is false whenever the code has errors, which is normal without the SDK; only
  // a run that produced no AST at all is a problem.
  bool clean = false;
  auto parse = [&] { clean = invocation->run(); };
  if (!source.contain_crashes) {
    parse();
  } else if (!run_contained(parse)) {
    // Clang's objects may be half-updated: leaked, never destroyed.
    leak(invocation);
    leak(action);
    manager->Retain();
    files->Retain();
    CppParse crashed;
    crashed.facts.file = source.path;
    crashed.facts.suppressions = std::move(result.facts.suppressions);
    crashed.facts.parse_errors.push_back(
        {SourceRange{source.path, Span{{1, 1}, {1, 1}}},
         "Clang crashed while parsing this file (a bug in Clang, worth reporting to LLVM with "
         "the file); nothing in it was analysed, the other files were"});
    return crashed;
  }
  if (std::optional<ParseError> cut_off = quiet.problem(source.path)) {
    result.facts.parse_errors.push_back(std::move(*cut_off));
  } else if (!clean && result.facts.code_functions.empty() && user_files.empty()) {
    result.facts.parse_errors.push_back(
        {SourceRange{source.path, Span{{1, 1}, {1, 1}}},
         "Clang could not parse this file with its compile command"});
  }
  for (const auto& [file, hash] : user_files) {
    std::string shown = display(file);
    if (shown != source.path) result.dependencies.push_back({shown, hash});
  }
  return result;
}

}  // namespace rightfit::cpp
