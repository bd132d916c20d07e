#include "parsers/cpp/code_collector.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Index/USRGeneration.h>
#include <clang/Lex/Lexer.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "parsers/cpp/database_apis.h"
#include "parsers/literal_slot.h"
#include "parsers/text_position.h"

namespace rightfit::cpp {

namespace {

using namespace clang;

// Headers rightfit serves from memory live under this directory (see cpp_parser.cpp).
constexpr std::string_view kOverlayPrefix = "/__rightfit__/";

const std::set<std::string, std::less<>> kSleeps = {"std::this_thread::sleep_for",
                                                    "std::this_thread::sleep_until",
                                                    "sleep_for",
                                                    "sleep_until",
                                                    "sleep",
                                                    "usleep",
                                                    "nanosleep",
                                                    "clock_nanosleep"};

// Names in a loop that show it watches the invocation's deadline.
bool is_deadline_name(std::string_view name) {
  return name == "deadline" || name == "get_time_remaining";
}

// ---- positions ----

class Locator {
 public:
  Locator(const SourceManager& sm, const LangOptions& lang, const PathDisplay& display)
      : sm_(sm), lang_(lang), display_(display) {}

  bool in_project(SourceLocation loc) const {
    if (loc.isInvalid()) return false;
    SourceLocation at = sm_.getExpansionLoc(loc);
    if (sm_.isInSystemHeader(at)) return false;
    std::string_view file = sm_.getFilename(at);
    return !file.empty() && file.substr(0, kOverlayPrefix.size()) != kOverlayPrefix;
  }

  // The token range [begin, end] as a SourceRange (expansion locations: the line the user
  // wrote, also when a macro produced the code).
  rightfit::SourceRange range(SourceLocation begin, SourceLocation end) const {
    rightfit::SourceRange out;
    SourceLocation b = sm_.getExpansionLoc(begin);
    SourceLocation e = sm_.getExpansionLoc(end.isValid() ? end : begin);
    out.file = file_of(b);
    out.span.begin = position(b);
    SourceLocation after = Lexer::getLocForEndOfToken(e, 0, sm_, lang_);
    out.span.end = after.isValid() && sm_.getFileID(after) == sm_.getFileID(b) ? position(after)
                                                                               : out.span.begin;
    return out;
  }
  rightfit::SourceRange range(clang::SourceRange r) const {
    return range(r.getBegin(), r.getEnd());
  }
  rightfit::SourceRange at(SourceLocation loc) const { return range(loc, loc); }

  std::string text(clang::SourceRange r) const {
    return Lexer::getSourceText(CharSourceRange::getTokenRange(r), sm_, lang_).str();
  }

 private:
  std::string file_of(SourceLocation loc) const {
    std::string name =
        std::filesystem::path(sm_.getFilename(loc).str()).lexically_normal().generic_string();
    return display_ ? display_(name) : name;
  }

  Position position(SourceLocation loc) const {
    auto [fid, offset] = sm_.getDecomposedLoc(loc);
    bool invalid = false;
    llvm::StringRef buffer = sm_.getBufferData(fid, &invalid);
    if (invalid || offset > buffer.size()) return {};
    size_t line_start = offset == 0 ? 0 : buffer.rfind('\n', offset - 1);
    line_start = line_start == llvm::StringRef::npos || offset == 0 ? 0 : line_start + 1;
    uint32_t column = 1;
    for (size_t i = line_start; i < offset; ++i) column += is_utf8_continuation(buffer[i]) ? 0 : 1;
    return Position{sm_.getLineNumber(fid, offset), column};
  }

  const SourceManager& sm_;
  const LangOptions& lang_;
  const PathDisplay& display_;
};

// ---- names ----

std::string usr_of(const Decl* d) {
  llvm::SmallString<128> buffer;
  if (!d || index::generateUSRForDecl(d, buffer)) return {};
  return buffer.str().str();
}

std::string record_name(QualType type) {
  if (type.isNull()) return {};
  const CXXRecordDecl* record = type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  return record ? record->getQualifiedNameAsString() : std::string();
}

// The name a call is written with: the callee's qualified name when Clang resolved it, else
// the name as written (in templates, or where a header is missing).
std::string callee_name(const CallExpr* call) {
  if (const FunctionDecl* fd = call->getDirectCallee()) return fd->getQualifiedNameAsString();
  const Expr* callee = call->getCallee() ? call->getCallee()->IgnoreParenImpCasts() : nullptr;
  if (!callee) return {};
  if (const auto* lookup = dyn_cast<OverloadExpr>(callee)) return lookup->getName().getAsString();
  if (const auto* ref = dyn_cast<DeclRefExpr>(callee)) return ref->getNameInfo().getAsString();
  if (const auto* member = dyn_cast<MemberExpr>(callee))
    return member->getMemberNameInfo().getAsString();
  if (const auto* member = dyn_cast<CXXDependentScopeMemberExpr>(callee))
    return member->getMember().getAsString();
  return {};
}

// A qualified name as people write it (no "(anonymous namespace)::").
std::string shown_name(const NamedDecl* d) {
  std::string name = d->getQualifiedNameAsString();
  const std::string anonymous = "(anonymous namespace)::";
  for (size_t at = name.find(anonymous); at != std::string::npos; at = name.find(anonymous))
    name.erase(at, anonymous.size());
  return name;
}

// The last component of a qualified name.
std::string_view unqualified(std::string_view name) {
  size_t colon = name.rfind("::");
  return colon == std::string_view::npos ? name : name.substr(colon + 2);
}

// A smart-pointer factory that creates the object its template argument names:
// std::make_shared / std::make_unique and the SDK's Aws::MakeShared / Aws::MakeUnique.
bool is_factory(std::string_view bare) {
  return bare == "make_shared" || bare == "make_unique" || bare == "MakeShared" ||
         bare == "MakeUnique";
}

// A string literal an argument is made from: "x", std::string("x"), a path from "x".
const StringLiteral* literal_of(const Expr* e) {
  for (int depth = 0; e && depth < 8; ++depth) {
    e = e->IgnoreImplicit()->IgnoreParens();
    if (const auto* s = dyn_cast<StringLiteral>(e)) return s;
    if (const auto* construct = dyn_cast<CXXConstructExpr>(e)) {
      e = construct->getNumArgs() > 0 ? construct->getArg(0) : nullptr;
    } else if (const auto* cast = dyn_cast<CastExpr>(e)) {
      e = cast->getSubExpr();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

std::optional<std::string> literal_text(const Expr* e) {
  const StringLiteral* s = literal_of(e);
  if (!s || !(s->isOrdinary() || s->isUTF8())) return std::nullopt;
  return s->getString().str();
}

// AWS SDK clients (`Aws::S3::S3Client`), by name.
bool is_aws_client_type(const std::string& name) {
  static const std::regex aws_client(R"(Aws::\w+::\w+Client)");
  return std::regex_match(name, aws_client);
}

// An AWS SDK client or a database connection (database_apis.h), by its type's name.
bool is_client_type(const std::string& name) {
  return is_aws_client_type(name) || database_connect(name) != nullptr;
}

// Objects whose "mutation" is synchronisation, not state.
bool is_synchronisation_type(const std::string& name) {
  return name == "std::mutex" || name == "std::recursive_mutex" || name == "std::shared_mutex" ||
         name == "std::timed_mutex" || name == "std::once_flag" ||
         name == "std::condition_variable" || name == "std::condition_variable_any";
}

// A non-const member with a const overload of the same name (find, begin, at, vector's
// operator[]) is an accessor that a non-const object happens to pick, not a mutation.
bool has_const_overload(const CXXMethodDecl* method) {
  for (const NamedDecl* d : method->getParent()->lookup(method->getDeclName())) {
    const Decl* inner = d;
    if (const auto* tmpl = dyn_cast<FunctionTemplateDecl>(d)) inner = tmpl->getTemplatedDecl();
    if (const auto* m = dyn_cast<CXXMethodDecl>(inner); m && m != method && m->isConst())
      return true;
  }
  return false;
}

// ---- statements ----

// Whether `s` holds a statement that leaves the loop it is the body of: return, throw, goto,
// co_return, a call that does not return, or a break not owned by a nested loop or switch.
bool leaves_loop(const Stmt* s, bool break_leaves) {
  if (!s) return false;
  if (isa<ReturnStmt, CXXThrowExpr, GotoStmt, IndirectGotoStmt, CoreturnStmt>(s)) return true;
  if (isa<BreakStmt>(s)) return break_leaves;
  if (isa<LambdaExpr>(s)) return false;  // its statements leave the lambda, not the loop
  if (const auto* call = dyn_cast<CallExpr>(s)) {
    if (const FunctionDecl* fd = call->getDirectCallee(); fd && fd->isNoReturn()) return true;
  }
  bool nested = isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(s);
  for (const Stmt* child : s->children()) {
    if (leaves_loop(child, break_leaves && !nested)) return true;
  }
  return false;
}

bool is_loop(const Stmt* s) { return isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(s); }

// Finds sleeps and reads of the deadline in a loop's condition and body. A sleep in a nested
// loop is that loop's: the loop that waits is the one to change.
void scan_loop_part(const Stmt* s, CodeLoop& loop, const Locator& loc, bool nested = false) {
  if (!s || isa<LambdaExpr>(s)) return;
  if (const auto* call = dyn_cast<CallExpr>(s)) {
    std::string name = callee_name(call);
    if (!nested && !loop.sleep_call && (kSleeps.count(name) || kSleeps.count(unqualified(name)))) {
      loop.sleep_call = loc.range(call->getSourceRange());
      loop.sleep_name = name;
    }
    if (is_deadline_name(unqualified(name))) loop.reads_deadline = true;
  }
  if (const auto* member = dyn_cast<MemberExpr>(s)) {
    if (is_deadline_name(member->getMemberNameInfo().getAsString())) loop.reads_deadline = true;
  }
  if (const auto* member = dyn_cast<CXXDependentScopeMemberExpr>(s)) {
    if (is_deadline_name(member->getMember().getAsString())) loop.reads_deadline = true;
  }
  if (const auto* ref = dyn_cast<DeclRefExpr>(s)) {
    if (is_deadline_name(ref->getNameInfo().getAsString())) loop.reads_deadline = true;
  }
  for (const Stmt* child : s->children()) scan_loop_part(child, loop, loc, nested || is_loop(s));
}

// Whether an expression reads the records of the invocation's event: the request itself, its
// payload, something named records (`batch.records`, `GetArray("Records")`), or a local
// variable made from one of those.
bool reads_event_records(const Stmt* s, int depth = 0) {
  if (!s || depth > 4 || isa<LambdaExpr>(s)) return false;
  auto batch_name = [](llvm::StringRef name) {
    return name.equals_insensitive("records") || name == "payload";
  };
  if (const auto* literal = dyn_cast<StringLiteral>(s))
    return (literal->isOrdinary() || literal->isUTF8()) && batch_name(literal->getString());
  if (const auto* member = dyn_cast<MemberExpr>(s)) {
    if (batch_name(member->getMemberNameInfo().getAsString())) return true;
  }
  if (const auto* ref = dyn_cast<DeclRefExpr>(s)) {
    const auto* var = dyn_cast<VarDecl>(ref->getDecl());
    if (!var) return false;
    if (batch_name(var->getName()) ||
        record_name(var->getType()) == "aws::lambda_runtime::invocation_request") {
      return true;
    }
    return var->isLocalVarDecl() && reads_event_records(var->getInit(), depth + 1);
  }
  for (const Stmt* child : s->children()) {
    if (reads_event_records(child, depth)) return true;
  }
  return false;
}

// `for (i = 0; i < records.size(); ++i)`: the bound of an index loop.
const Expr* index_loop_bound(const Expr* cond) {
  const auto* compare = cond ? dyn_cast<BinaryOperator>(cond->IgnoreParenImpCasts()) : nullptr;
  if (!compare || !(compare->getOpcode() == BO_LT || compare->getOpcode() == BO_LE ||
                    compare->getOpcode() == BO_NE)) {
    return nullptr;
  }
  return compare->getRHS();
}

bool always_true(const Expr* cond, const ASTContext& ast) {
  if (!cond) return true;
  if (cond->containsErrors() || cond->isValueDependent() || cond->isTypeDependent()) return false;
  bool value = false;
  return cond->EvaluateAsBooleanCondition(value, ast) && value;
}

// ---- threads ----

// A std::thread or std::jthread started; whether it outlives the invocation is decided when
// the whole translation unit has been read (a pool may join its threads in its destructor).
struct PendingThread {
  rightfit::SourceRange where;
  std::string api;
  size_t function = 0;                   // index of the function that starts it
  const ValueDecl* holder = nullptr;     // the variable or member it is kept in
  const ValueDecl* container = nullptr;  // the container of threads it is put into
  bool detached = false;                 // std::thread(...).detach()
  bool function_joins = false;           // its function joins some thread (for temporaries)
};

// Joins and detaches of threads by what holds them, across the functions of a translation unit.
struct ThreadLedger {
  std::vector<PendingThread> pending;
  std::set<const ValueDecl*> joined;
  std::set<const ValueDecl*> detached;
  std::map<const ValueDecl*, const ValueDecl*> moved_into;  // thread variable -> container

  // Why `t` can outlive the invocation ("detached", "never joined"), or empty.
  std::string outlives(const PendingThread& t) const {
    std::vector<const ValueDecl*> holders;
    for (const ValueDecl* h : {t.holder, t.container}) {
      if (!h) continue;
      holders.push_back(h);
      if (auto moved = moved_into.find(h); moved != moved_into.end())
        holders.push_back(moved->second);
    }
    auto any_of = [&](const std::set<const ValueDecl*>& set) {
      return std::any_of(holders.begin(), holders.end(),
                         [&](const ValueDecl* h) { return set.count(h) > 0; });
    };
    if (t.detached || any_of(detached)) return "detached";
    // A std::jthread joins itself; a temporary counts as joined when its function joins.
    const bool joins =
        t.api == "std::jthread" || any_of(joined) || (holders.empty() && t.function_joins);
    return joins ? "" : "never joined";
  }
};

// ---- one function body ----

class BodyScanner : public RecursiveASTVisitor<BodyScanner> {
  using Base = RecursiveASTVisitor<BodyScanner>;

 public:
  BodyScanner(ASTContext& ast, const Locator& loc, CodeFunction& out, ThreadLedger& ledger,
              size_t function_index)
      : ast_(ast), loc_(loc), out_(out), ledger_(ledger), function_index_(function_index) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  void scan(Stmt* body) {
    find_once_regions(body);
    TraverseStmt(body);
    finish_threads();
  }

  // A lambda's body is its own function; creating it is a call edge (it is usually called
  // or handed to something that calls it).
  bool TraverseLambdaExpr(LambdaExpr* lambda) {
    add_call(lambda->getCallOperator());
    for (Expr* init : lambda->capture_inits()) TraverseStmt(init);
    return true;
  }

  // Initializers of statics run once per execution environment, not per invocation.
  bool TraverseVarDecl(VarDecl* var) {
    bool saved = in_static_init_;
    in_static_init_ = in_static_init_ || var->hasGlobalStorage();
    bool result = Base::TraverseVarDecl(var);
    in_static_init_ = saved;
    return result;
  }

  bool VisitDeclRefExpr(DeclRefExpr* ref) {
    if (const auto* fd = dyn_cast<FunctionDecl>(ref->getDecl())) add_call(fd);
    return true;
  }
  bool VisitMemberExpr(MemberExpr* member) {
    if (const auto* method = dyn_cast<CXXMethodDecl>(member->getMemberDecl())) add_call(method);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr* construct) {
    const CXXConstructorDecl* ctor = construct->getConstructor();
    if (!ctor) return true;
    add_call(ctor);
    std::string type = ctor->getParent()->getQualifiedNameAsString();
    if (ctor->isCopyOrMoveConstructor()) return true;
    if (is_thread_type(type) && construct->getNumArgs() > 0) note_thread(construct, type);
    if (is_client_type(type)) note_client(construct, type);
    if ((type == "std::basic_ofstream" || type == "std::basic_fstream") &&
        construct->getNumArgs() > 0) {
      note_stream_open(construct, type, construct->getArg(0),
                       construct->getNumArgs() > 1 ? construct->getArg(1) : nullptr);
    }
    return true;
  }

  // std::call_once runs its callable once per execution environment, like a static's
  // initializer.
  bool TraverseCallExpr(CallExpr* call, DataRecursionQueue* = nullptr) {
    const std::string name = callee_name(call);
    if (name != "std::call_once" && name != "call_once") return Base::TraverseCallExpr(call);
    if (!WalkUpFromCallExpr(call)) return false;
    bool saved = in_static_init_;
    for (unsigned i = 0; i < call->getNumArgs(); ++i) {
      in_static_init_ = saved || i > 0;
      TraverseStmt(call->getArg(i));
    }
    in_static_init_ = saved;
    return true;
  }

  bool VisitCallExpr(CallExpr* call) {
    std::string name = callee_name(call);
    if (name.empty()) return true;
    std::string_view bare = unqualified(name);
    if (name == kRunHandler) note_run_handler(call);
    if (name == "pthread_create") pending_pthreads_.push_back(loc_.range(call->getSourceRange()));
    if (name == "pthread_join") pthread_join_ = true;
    if (name == "pthread_detach") pthread_detach_ = true;
    if (name == "std::async" || (name == "async" && call->getNumArgs() > 1)) note_async(call);
    if (name == bare && (bare == "listen" || bare == "accept" || bare == "accept4"))
      out_.server_calls.push_back({loc_.range(call->getSourceRange()), std::string(bare)});
    if (database_connect(name)) note_client(call, without_version_namespaces(name));
    if (is_factory(bare)) note_factory(call);
    if (name == bare) note_posix_open(call, bare);
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr* call) {
    const CXXMethodDecl* method = call->getMethodDecl();
    Expr* object = call->getImplicitObjectArgument();
    if (!method || !object) return true;
    std::string name = method->getNameAsString();
    std::string type = record_name(object->getType());
    if (is_thread_type(type)) note_thread_member(object, name);
    if (type.find("acceptor") != std::string::npos &&
        (name == "listen" || name == "accept" || name == "async_accept")) {
      out_.server_calls.push_back({loc_.range(call->getSourceRange()), type + "::" + name});
    }
    if (std::string element = thread_element_type(object->getType()); !element.empty())
      note_thread_container_call(call, object, name, element);
    if (name == "open" && (type == "std::basic_ofstream" || type == "std::basic_fstream") &&
        call->getNumArgs() > 0) {
      note_stream_open(call, type, call->getArg(0),
                       call->getNumArgs() > 1 ? call->getArg(1) : nullptr);
    }
    if (!method->isConst() && !method->isStatic() && !has_const_overload(method))
      note_mutation(object, call, "call to " + name + "()");
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr* call) {
    if (call->getNumArgs() == 0) return true;
    OverloadedOperatorKind op = call->getOperator();
    const auto* method = dyn_cast_or_null<CXXMethodDecl>(call->getDirectCallee());
    bool assigns = call->isAssignmentOp() || op == OO_PlusPlus || op == OO_MinusMinus;
    bool mutating_method =
        method && !method->isConst() && !method->isStatic() && !has_const_overload(method);
    if (assigns || (op == OO_Subscript && mutating_method) || (op == OO_Call && mutating_method)) {
      note_mutation(call->getArg(0), call, std::string("operator") + getOperatorSpelling(op));
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator* op) {
    if (op->isAssignmentOp()) note_mutation(op->getLHS(), op, "assignment");
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator* op) {
    if (op->isIncrementDecrementOp())
      note_mutation(op->getSubExpr(), op, op->isIncrementOp() ? "++" : "--");
    return true;
  }

  bool VisitWhileStmt(WhileStmt* s) {
    note_loop(s->getWhileLoc(), "while", s->getCond(), s->getBody(), s->getConditionVariable());
    return true;
  }
  bool VisitDoStmt(DoStmt* s) {
    note_loop(s->getDoLoc(), "do", s->getCond(), s->getBody(), nullptr);
    return true;
  }
  bool VisitForStmt(ForStmt* s) {
    CodeLoop& loop =
        note_loop(s->getForLoc(), "for", s->getCond(), s->getBody(), s->getConditionVariable());
    scan_loop_part(s->getInc(), loop, loc_);
    const Expr* bound = index_loop_bound(s->getCond());
    loop.over_event = bound && reads_event_records(bound);
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt* s) {
    CodeLoop& loop = note_loop(s->getForLoc(), "range-for", nullptr, s->getBody(), nullptr);
    loop.condition_always_true = false;  // it ends with its range
    loop.over_event = reads_event_records(s->getRangeInit());
    if (const ValueDecl* range = holder_of(s->getRangeInit()))
      element_of_[s->getLoopVariable()] = range;
    return true;
  }

 private:
  void add_call(const FunctionDecl* fd) {
    if (!fd || !loc_.in_project(fd->getLocation())) return;
    std::string usr = usr_of(fd);
    if (usr.empty() || usr == out_.usr) return;
    std::vector<std::string>& edges = in_static_init_ ? out_.init_calls : out_.calls;
    if (std::find(edges.begin(), edges.end(), usr) == edges.end()) edges.push_back(std::move(usr));
  }

  CodeLoop& note_loop(SourceLocation keyword, const char* kind, Expr* cond, Stmt* body,
                      VarDecl* cond_var) {
    CodeLoop loop;
    loop.keyword = loc_.at(keyword);
    loop.kind = kind;
    loop.condition_always_true = !cond_var && always_true(cond, ast_);
    loop.has_exit = leaves_loop(body, true);
    scan_loop_part(cond, loop, loc_);
    scan_loop_part(body, loop, loc_);
    out_.loops.push_back(std::move(loop));
    return out_.loops.back();
  }

  // ---- init-once guards ----

  // The statics a condition tests for being set: `ready`, `!client`, `p == nullptr`,
  // `!settings.has_value()`, `cache.empty()`, joined by && and ||. A comparison with request
  // data (`last_id != id`) is no such test: what it guards changes per request.
  static void guard_statics(const Expr* cond, std::set<const VarDecl*>& out) {
    if (!cond) return;
    cond = cond->IgnoreParenImpCasts();
    if (const auto* ref = dyn_cast<DeclRefExpr>(cond)) {
      if (const auto* var = dyn_cast<VarDecl>(ref->getDecl()); var && var->hasGlobalStorage())
        out.insert(var);
    } else if (const auto* unary = dyn_cast<UnaryOperator>(cond)) {
      if (unary->getOpcode() == UO_LNot) guard_statics(unary->getSubExpr(), out);
    } else if (const auto* binary = dyn_cast<BinaryOperator>(cond)) {
      if (binary->isLogicalOp()) {
        guard_statics(binary->getLHS(), out);
        guard_statics(binary->getRHS(), out);
      } else if (binary->isEqualityOp()) {
        const Expr* lhs = binary->getLHS()->IgnoreParenImpCasts();
        const Expr* rhs = binary->getRHS()->IgnoreParenImpCasts();
        if (is_unset_value(rhs)) guard_statics(lhs, out);
        if (is_unset_value(lhs)) guard_statics(rhs, out);
      }
    } else if (const auto* call = dyn_cast<CXXMemberCallExpr>(cond)) {
      const CXXMethodDecl* method = call->getMethodDecl();
      const std::string name = method ? method->getNameAsString() : std::string();
      const bool tests_set =
          method && (isa<CXXConversionDecl>(method) || name == "has_value" || name == "empty");
      if (tests_set) guard_statics(call->getImplicitObjectArgument(), out);
    } else if (const auto* op = dyn_cast<CXXOperatorCallExpr>(cond)) {
      if (op->getOperator() == OO_Exclaim && op->getNumArgs() == 1)
        guard_statics(op->getArg(0), out);
    }
  }

  // nullptr, false, 0: what a guard holds before it is set.
  static bool is_unset_value(const Expr* e) {
    return isa<CXXNullPtrLiteralExpr, GNUNullExpr, CXXBoolLiteralExpr, IntegerLiteral>(e);
  }

  // Whether `s` sets one of `vars` as a whole: `flag = true`, `client = make()`,
  // `settings.emplace(...)` or `client.reset(...)` on an optional or a smart pointer.
  static bool sets_whole(const Stmt* s, const std::set<const VarDecl*>& vars) {
    if (!s || isa<LambdaExpr>(s)) return false;
    auto is_one_of = [&](const Expr* e) {
      const auto* ref = e ? dyn_cast<DeclRefExpr>(e->IgnoreParenImpCasts()) : nullptr;
      const auto* var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
      return var && vars.count(var) > 0;
    };
    if (const auto* op = dyn_cast<BinaryOperator>(s); op && op->getOpcode() == BO_Assign) {
      if (is_one_of(op->getLHS())) return true;
    }
    if (const auto* op = dyn_cast<CXXOperatorCallExpr>(s);
        op && op->getOperator() == OO_Equal && op->getNumArgs() == 2 && is_one_of(op->getArg(0))) {
      return true;
    }
    if (const auto* call = dyn_cast<CXXMemberCallExpr>(s); call && call->getMethodDecl()) {
      static const std::set<std::string, std::less<>> kHolders = {
          "std::optional", "std::unique_ptr", "std::shared_ptr"};
      const std::string name = call->getMethodDecl()->getNameAsString();
      const Expr* object = call->getImplicitObjectArgument();
      if ((name == "emplace" || name == "reset") && is_one_of(object) &&
          kHolders.count(record_name(object->getType()))) {
        return true;
      }
    }
    for (const Stmt* child : s->children()) {
      if (sets_whole(child, vars)) return true;
    }
    return false;
  }

  // Code that runs once per execution environment behind a guard it sets itself:
  // `if (!ready) { ...; ready = true; }`, `if (!client) client = make();`, and what follows
  // `if (ready) return;` when it then sets `ready`.
  void find_once_regions(const Stmt* s) {
    if (!s || isa<LambdaExpr>(s)) return;
    if (const auto* branch = dyn_cast<IfStmt>(s); branch && !branch->getElse()) {
      std::set<const VarDecl*> guards;
      guard_statics(branch->getCond(), guards);
      if (!guards.empty() && sets_whole(branch->getThen(), guards))
        once_regions_.insert(branch->getThen());
    }
    if (const auto* block = dyn_cast<CompoundStmt>(s)) {
      for (auto it = block->body_begin(); it != block->body_end(); ++it) {
        const auto* branch = dyn_cast<IfStmt>(*it);
        if (!branch || branch->getElse() || !leaves_loop(branch->getThen(), false)) continue;
        std::set<const VarDecl*> guards;
        guard_statics(branch->getCond(), guards);
        if (guards.empty() || !std::any_of(std::next(it), block->body_end(), [&](const Stmt* rest) {
              return sets_whole(rest, guards);
            })) {
          continue;
        }
        once_regions_.insert(std::next(it), block->body_end());
        break;
      }
    }
    for (const Stmt* child : s->children()) find_once_regions(child);
  }

  bool in_once_region(const Stmt* s) const {
    if (once_regions_.empty()) return false;
    DynTypedNode node = DynTypedNode::create(*s);
    for (int depth = 0; depth < 64; ++depth) {
      if (const Stmt* at = node.get<Stmt>(); at && once_regions_.count(at)) return true;
      DynTypedNodeList parents = ast_.getParents(node);
      if (parents.empty()) return false;
      node = parents[0];
    }
    return false;
  }

  // The variable an expression writes to: `x`, `x.member`, `x[k]`, `x.at(k)`.
  const VarDecl* written_variable(const Expr* e) const {
    for (int depth = 0; e && depth < 16; ++depth) {
      e = e->IgnoreParenImpCasts();
      if (const auto* ref = dyn_cast<DeclRefExpr>(e)) return dyn_cast<VarDecl>(ref->getDecl());
      if (const auto* member = dyn_cast<MemberExpr>(e)) {
        if (member->isArrow()) return nullptr;  // writes what a pointer points to
        e = member->getBase();
      } else if (const auto* subscript = dyn_cast<ArraySubscriptExpr>(e)) {
        e = subscript->getBase();
      } else if (const auto* op = dyn_cast<CXXOperatorCallExpr>(e)) {
        e = op->getNumArgs() > 0 && op->getOperator() == OO_Subscript ? op->getArg(0) : nullptr;
      } else if (const auto* call = dyn_cast<CXXMemberCallExpr>(e)) {
        e = call->getImplicitObjectArgument();
      } else {
        return nullptr;
      }
    }
    return nullptr;
  }

  void note_mutation(const Expr* target, const Expr* whole, std::string operation) {
    const VarDecl* var = written_variable(target);
    if (!var || !var->hasGlobalStorage() || !loc_.in_project(var->getLocation())) return;
    if (var->getType().isConstQualified() || var->isConstexpr()) return;
    std::string type = record_name(var->getType());
    if (is_synchronisation_type(type) || is_client_type(type)) return;
    if (in_once_region(whole)) return;
    rightfit::SourceRange where = loc_.range(whole->getSourceRange());
    for (const StaticMutation& m : out_.static_mutations) {
      if (m.where.span.begin == where.span.begin && m.where.file == where.file) return;
    }
    StaticMutation m;
    m.where = std::move(where);
    m.variable = shown_name(var);
    m.storage = var->isStaticLocal()        ? "function-local static"
                : var->isStaticDataMember() ? "class static"
                                            : "namespace-scope";
    m.operation = std::move(operation);
    m.declared = loc_.at(var->getLocation());
    out_.static_mutations.push_back(std::move(m));
  }

  // The nearest parent that is not an implicit wrapper around `e`.
  DynTypedNode parent_of(const Stmt* e) const {
    DynTypedNode node = DynTypedNode::create(*e);
    for (int depth = 0; depth < 16; ++depth) {
      DynTypedNodeList parents = ast_.getParents(node);
      if (parents.empty()) return {};
      node = parents[0];
      const Stmt* s = node.get<Stmt>();
      if (!s || !isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                     ExprWithCleanups, CXXFunctionalCastExpr, ParenExpr>(s)) {
        return node;
      }
    }
    return {};
  }

  static bool is_thread_type(const std::string& type) {
    return type == "std::thread" || type == "std::jthread";
  }

  // "std::thread" for a container of threads (`std::vector<std::thread>`), else empty.
  static std::string thread_element_type(QualType type) {
    const auto* spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl());
    if (!spec || spec->getTemplateArgs().size() == 0) return {};
    const TemplateArgument& first = spec->getTemplateArgs()[0];
    if (first.getKind() != TemplateArgument::Type) return {};
    std::string element = record_name(first.getAsType());
    return is_thread_type(element) ? element : std::string();
  }

  // The variable or data member that holds a thread or a container of threads: `t`, `pool`,
  // `threads_` (of `this`), `pool[i]`, `pool.at(i)`, `std::move(t)`; the loop variable of a
  // range-for stands for the container it walks.
  const ValueDecl* holder_of(const Expr* e) const {
    for (int depth = 0; e && depth < 16; ++depth) {
      e = e->IgnoreParenImpCasts();
      if (const auto* ref = dyn_cast<DeclRefExpr>(e)) {
        const auto* var = dyn_cast<VarDecl>(ref->getDecl());
        auto element = element_of_.find(var);
        return element != element_of_.end() ? element->second : var;
      }
      if (const auto* member = dyn_cast<MemberExpr>(e)) {
        if (isa<CXXThisExpr>(member->getBase()->IgnoreParenImpCasts()))
          return dyn_cast<FieldDecl>(member->getMemberDecl());
        e = member->getBase();
      } else if (const auto* op = dyn_cast<CXXOperatorCallExpr>(e)) {
        e = op->getNumArgs() > 0 && op->getOperator() == OO_Subscript ? op->getArg(0) : nullptr;
      } else if (const auto* call = dyn_cast<CXXMemberCallExpr>(e)) {
        std::string name = call->getMethodDecl() ? call->getMethodDecl()->getNameAsString() : "";
        bool element = name == "at" || name == "front" || name == "back";
        e = element ? call->getImplicitObjectArgument() : nullptr;
      } else if (const auto* call = dyn_cast<CallExpr>(e)) {
        e = callee_name(call) == "std::move" && call->getNumArgs() == 1 ? call->getArg(0) : nullptr;
      } else {
        return nullptr;
      }
    }
    return nullptr;
  }

  void note_thread(const CXXConstructExpr* construct, const std::string& type) {
    PendingThread t;
    t.where = loc_.range(construct->getSourceRange());
    t.api = type;
    DynTypedNode parent = parent_of(construct);
    if (const auto* var = parent.get<VarDecl>()) {
      t.holder = var;
    } else if (const auto* member = parent.get<MemberExpr>()) {
      t.detached = member->getMemberNameInfo().getAsString() == "detach";
    } else if (const auto* call = parent.get<CXXMemberCallExpr>()) {
      t.container =
          holder_of(call->getImplicitObjectArgument());  // pool.push_back(std::thread(...))
    } else if (const auto* assign = parent.get<CXXOperatorCallExpr>();
               assign && assign->getOperator() == OO_Equal) {
      t.holder = holder_of(assign->getArg(0));  // worker_ = std::thread(...)
    }
    threads_.push_back(t);
  }

  // pool.emplace_back(work, i) starts a thread in the container; pool.push_back(std::move(t))
  // moves one there.
  void note_thread_container_call(const CXXMemberCallExpr* call, const Expr* object,
                                  const std::string& name, const std::string& element) {
    const ValueDecl* container = holder_of(object);
    bool adds = name == "push_back" || name == "emplace_back" || name == "emplace" ||
                name == "insert" || name == "push" || name == "emplace_front" ||
                name == "push_front";
    if (!adds) return;
    bool moves = false;
    for (const Expr* arg : call->arguments()) {
      if (record_name(arg->getType()) != element) continue;
      moves = true;
      if (const ValueDecl* thread = holder_of(arg); thread && container)
        ledger_.moved_into[thread] = container;
    }
    if (moves || name.find("emplace") == std::string::npos) return;
    PendingThread t;
    t.where = loc_.range(call->getSourceRange());
    t.api = element;
    t.container = container;
    threads_.push_back(t);
  }

  void note_thread_member(const Expr* object, const std::string& name) {
    const ValueDecl* holder = holder_of(object);
    if (name == "join") {
      any_join_ = true;
      if (holder) ledger_.joined.insert(holder);
    } else if (name == "detach" && holder) {
      ledger_.detached.insert(holder);
    }
  }

  void finish_threads() {
    for (PendingThread& t : threads_) {
      t.function = function_index_;
      t.function_joins = any_join_;
      ledger_.pending.push_back(t);
    }
    for (const rightfit::SourceRange& where : pending_pthreads_) {
      std::string outlives = pthread_detach_ ? "detached" : pthread_join_ ? "" : "never joined";
      out_.threads.push_back({where, "pthread_create", outlives});
    }
  }

  // std::async(std::launch::async, ...) whose future is dropped on the floor.
  void note_async(const CallExpr* call) {
    bool async_policy = false;
    scan_names(call->getArg(0), [&](std::string_view n) { async_policy |= n == "async"; });
    if (!async_policy) return;
    DynTypedNode parent = parent_of(call);
    const Stmt* s = parent.get<Stmt>();
    bool discarded = parent.get<Decl>() == nullptr && (!s || !isa<Expr>(s));
    if (const auto* cast = s ? dyn_cast<CStyleCastExpr>(s) : nullptr)
      discarded = cast->getType()->isVoidType();
    out_.threads.push_back({loc_.range(call->getSourceRange()), "std::async",
                            discarded ? "its future is discarded" : ""});
  }

  template <class F>
  static void scan_names(const Stmt* s, const F& f) {
    if (!s) return;
    if (const auto* ref = dyn_cast<DeclRefExpr>(s)) f(ref->getNameInfo().getAsString());
    if (const auto* member = dyn_cast<MemberExpr>(s)) f(member->getMemberNameInfo().getAsString());
    for (const Stmt* child : s->children()) scan_names(child, f);
  }

  void note_run_handler(const CallExpr* call) {
    out_.calls_run_handler = true;
    if (call->getNumArgs() == 0) return;
    if (std::string usr = handler_of(call->getArg(0)); !usr.empty()) out_.handlers.push_back(usr);
  }

  // The function an argument of run_handler designates: a function, a lambda, or a variable
  // holding one.
  std::string handler_of(const Expr* e) const {
    for (int depth = 0; e && depth < 16; ++depth) {
      e = e->IgnoreImplicit()->IgnoreParens();
      if (const auto* lambda = dyn_cast<LambdaExpr>(e)) return usr_of(lambda->getCallOperator());
      if (const auto* ref = dyn_cast<DeclRefExpr>(e)) {
        if (const auto* fd = dyn_cast<FunctionDecl>(ref->getDecl())) return usr_of(fd);
        const auto* var = dyn_cast<VarDecl>(ref->getDecl());
        e = var ? var->getInit() : nullptr;
      } else if (const auto* construct = dyn_cast<CXXConstructExpr>(e)) {
        e = construct->getNumArgs() > 0 ? construct->getArg(0) : nullptr;
      } else if (const auto* cast = dyn_cast<CastExpr>(e)) {
        e = cast->getSubExpr();
      } else if (const auto* unary = dyn_cast<UnaryOperator>(e)) {
        e = unary->getOpcode() == UO_AddrOf ? unary->getSubExpr() : nullptr;
      } else {
        return {};
      }
    }
    return {};
  }

  void note_client(const Expr* e, std::string type) {
    std::string kind = is_aws_client_type(type) ? "client" : "connection";
    out_.clients.push_back({loc_.range(e->getSourceRange()), std::move(type), in_static_init_,
                            std::move(kind), in_static_init_ ? std::nullopt : static_slot(e)});
  }

  // `static ` before the declaration the construction initializes: a local variable constructed
  // directly or by a factory and declared alone (`Aws::S3::S3Client s3;`,
  // `auto s3 = std::make_shared<Aws::S3::S3Client>();`), its initializer reading no
  // parameter, local or `this` (a static would keep the first invocation's), written in the
  // file itself (not by a macro). A connect call gets none: a static connection that drops
  // would never reconnect.
  std::optional<ValueSlot> static_slot(const Expr* e) const {
    const auto* call = dyn_cast<CallExpr>(e);
    const bool fixable =
        isa<CXXConstructExpr>(e) || (call && is_factory(unqualified(callee_name(call))));
    const auto* var = fixable ? parent_of(e).get<VarDecl>() : nullptr;
    if (!var || !var->isLocalVarDecl() || var->isStaticLocal() || var->getInit() == nullptr ||
        var->getType()->isReferenceType() || reads_locals(var->getInit()))
      return std::nullopt;
    DynTypedNodeList parents = ast_.getParents(*var);
    const auto* statement = parents.empty() ? nullptr : parents[0].get<DeclStmt>();
    if (!statement || !statement->isSingleDecl()) return std::nullopt;
    const SourceLocation begin = statement->getBeginLoc();
    if (begin.isInvalid() || begin.isMacroID()) return std::nullopt;
    rightfit::SourceRange at = loc_.at(begin);
    at.span.end = at.span.begin;
    return ValueSlot{at, "static ", ""};
  }

  static bool reads_locals(const Stmt* s) {
    if (!s) return false;
    if (isa<CXXThisExpr>(s)) return true;
    if (const auto* ref = dyn_cast<DeclRefExpr>(s)) {
      const auto* var = dyn_cast<VarDecl>(ref->getDecl());
      if (var && (isa<ParmVarDecl>(var) || (var->isLocalVarDecl() && !var->isStaticLocal())))
        return true;
    }
    for (const Stmt* child : s->children())
      if (reads_locals(child)) return true;
    return false;
  }

  // std::make_shared<Aws::S3::S3Client>(...) and the SDK's Aws::MakeShared<...>(tag, ...).
  void note_factory(const CallExpr* call) {
    std::string type;
    if (const FunctionDecl* fd = call->getDirectCallee()) {
      if (const TemplateArgumentList* args = fd->getTemplateSpecializationArgs();
          args && args->size() > 0 && args->get(0).getKind() == TemplateArgument::Type) {
        type = record_name(args->get(0).getAsType());
      }
    } else if (const auto* lookup =
                   dyn_cast_or_null<OverloadExpr>(call->getCallee()->IgnoreParenImpCasts())) {
      if (lookup->getNumTemplateArgs() > 0 &&
          lookup->getTemplateArgs()[0].getArgument().getKind() == TemplateArgument::Type) {
        type = record_name(lookup->getTemplateArgs()[0].getArgument().getAsType());
      }
    }
    if (is_client_type(type)) note_client(call, type);
  }

  void note_stream_open(const Expr* e, const std::string& type, const Expr* path,
                        const Expr* mode) {
    std::optional<std::string> literal = literal_text(path);
    if (!literal) return;
    if (type == "std::basic_fstream") {
      std::string flags = mode ? loc_.text(mode->getSourceRange()) : std::string();
      if (flags.find("out") == std::string::npos && flags.find("app") == std::string::npos) return;
    }
    const char* api = type == "std::basic_fstream" ? "std::fstream" : "std::ofstream";
    out_.file_writes.push_back({loc_.range(e->getSourceRange()), api, *literal, path_slot(path)});
  }

  // Inside the quotes of the path's one literal, where a fix writes another path.
  std::optional<ValueSlot> path_slot(const Expr* path) const {
    const StringLiteral* s = literal_of(path);
    if (!s || s->getNumConcatenated() != 1) return std::nullopt;
    return string_contents_slot(loc_.range(s->getSourceRange()), loc_.text(s->getSourceRange()),
                                s->getString());
  }

  // fopen(path, "w"), open(path, O_WRONLY | O_CREAT), creat(path, mode).
  void note_posix_open(const CallExpr* call, std::string_view name) {
    size_t path_arg = name == "openat" ? 1 : 0;
    if (call->getNumArgs() <= path_arg) return;
    bool writes = false;
    if (name == "fopen" || name == "fopen64" || name == "freopen") {
      std::optional<std::string> mode =
          call->getNumArgs() > 1 ? literal_text(call->getArg(1)) : std::nullopt;
      writes = mode && mode->find_first_of("wa+") != std::string::npos;
    } else if (name == "open" || name == "open64" || name == "openat") {
      if (call->getNumArgs() <= path_arg + 1) return;
      std::string flags = loc_.text(call->getArg(path_arg + 1)->getSourceRange());
      writes = flags.find("O_WRONLY") != std::string::npos ||
               flags.find("O_RDWR") != std::string::npos ||
               flags.find("O_CREAT") != std::string::npos;
    } else if (name == "creat" || name == "creat64") {
      writes = true;
    }
    if (!writes) return;
    if (std::optional<std::string> path = literal_text(call->getArg(path_arg))) {
      out_.file_writes.push_back({loc_.range(call->getSourceRange()), std::string(name), *path,
                                  path_slot(call->getArg(path_arg))});
    }
  }

  ASTContext& ast_;
  const Locator& loc_;
  CodeFunction& out_;
  ThreadLedger& ledger_;
  size_t function_index_;
  bool in_static_init_ = false;
  std::vector<PendingThread> threads_;
  std::map<const VarDecl*, const ValueDecl*> element_of_;  // range-for variable -> container
  std::set<const Stmt*> once_regions_;
  bool any_join_ = false;
  std::vector<rightfit::SourceRange> pending_pthreads_;
  bool pthread_join_ = false;
  bool pthread_detach_ = false;
};

// ---- the translation unit ----

bool has_handler_signature(const FunctionDecl* fd) {
  if (record_name(fd->getReturnType()) != "aws::lambda_runtime::invocation_response") return false;
  if (fd->getNumParams() == 0) return false;
  QualType param = fd->getParamDecl(0)->getType();
  return param->isReferenceType() && param.getNonReferenceType().isConstQualified() &&
         record_name(param) == "aws::lambda_runtime::invocation_request";
}

class Collector : public RecursiveASTVisitor<Collector> {
 public:
  Collector(ASTContext& ast, const Locator& loc) : ast_(ast), loc_(loc) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(FunctionDecl* fd) {
    if (!fd->doesThisDeclarationHaveABody() || !loc_.in_project(fd->getLocation())) return true;
    if (const auto* method = dyn_cast<CXXMethodDecl>(fd); method && method->getParent()->isLambda())
      return true;  // VisitLambdaExpr has it
    add(fd, fd->getBody(), shown_name(fd), loc_.at(fd->getLocation()));
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr* lambda) {
    if (!loc_.in_project(lambda->getBeginLoc())) return true;
    const CXXMethodDecl* op = lambda->getCallOperator();
    std::string name = "lambda";
    if (const auto* outer = dyn_cast<FunctionDecl>(op->getParent()->getDeclContext()))
      name += " in " + shown_name(outer);
    add(op, lambda->getBody(), std::move(name), loc_.at(lambda->getBeginLoc()));
    return true;
  }

  std::vector<CodeFunction> take() {
    for (const PendingThread& t : ledger_.pending)
      functions_[t.function].threads.push_back({t.where, t.api, ledger_.outlives(t)});
    return std::move(functions_);
  }

 private:
  void add(const FunctionDecl* fd, Stmt* body, std::string name, rightfit::SourceRange where) {
    std::string usr = usr_of(fd);
    if (usr.empty() || !seen_.insert(usr).second) return;
    CodeFunction f;
    f.usr = std::move(usr);
    f.name = std::move(name);
    f.where = std::move(where);
    f.is_handler = has_handler_signature(fd);
    if (const auto* method = dyn_cast<CXXMethodDecl>(fd)) add_overridden(method, f.overrides);
    BodyScanner(ast_, loc_, f, ledger_, functions_.size()).scan(body);
    functions_.push_back(std::move(f));
  }

  // Every virtual function `method` overrides, directly or through intermediate bases.
  static void add_overridden(const CXXMethodDecl* method, std::vector<std::string>& out) {
    for (const CXXMethodDecl* base : method->overridden_methods()) {
      std::string usr = usr_of(base);
      if (usr.empty() || std::find(out.begin(), out.end(), usr) != out.end()) continue;
      out.push_back(std::move(usr));
      add_overridden(base, out);
    }
  }

  ASTContext& ast_;
  const Locator& loc_;
  std::set<std::string> seen_;
  std::vector<CodeFunction> functions_;
  ThreadLedger ledger_;
};

}  // namespace

std::vector<CodeFunction> collect_code_functions(clang::ASTContext& ast,
                                                 const PathDisplay& display) {
  Locator loc(ast.getSourceManager(), ast.getLangOpts(), display);
  Collector collector(ast, loc);
  collector.TraverseAST(ast);
  return collector.take();
}

}  // namespace rightfit::cpp
