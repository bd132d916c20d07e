#include "parsers/node/node_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "parsers/literal_slot.h"
#include "parsers/suppression_comments.h"
#include "parsers/tree_sitter_code.h"

extern "C" const TSLanguage* tree_sitter_javascript(void);
extern "C" const TSLanguage* tree_sitter_typescript(void);
extern "C" const TSLanguage* tree_sitter_tsx(void);

namespace rightfit::node {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

bool is_function_node(TSNode n) {
  const std::string_view t = ts_node_is_null(n) ? "" : ts_node_type(n);
  return t == "function_declaration" || t == "generator_function_declaration" ||
         t == "function_expression" || t == "function" || t == "generator_function" ||
         t == "arrow_function" || t == "method_definition";
}

bool is_loop(std::string_view t) {
  return t == "while_statement" || t == "for_statement" || t == "do_statement" ||
         t == "for_in_statement";
}

// Methods that change a Map, Set, array or object in place.
const std::set<std::string, std::less<>> kMutators = {
    "set",     "add",    "delete", "clear",   "push", "pop",       "shift",
    "unshift", "splice", "sort",   "reverse", "fill", "copyWithin"};
const std::set<std::string, std::less<>> kContainers = {"Map",     "Set",   "WeakMap",
                                                        "WeakSet", "Array", "Object"};
// fs calls that write a file, by their name after imports ("fs/promises" reads "fs.promises").
const std::set<std::string, std::less<>> kWrites = {
    "fs.writeFile",           "fs.writeFileSync",     "fs.appendFile",
    "fs.appendFileSync",      "fs.createWriteStream", "fs.promises.writeFile",
    "fs.promises.appendFile", "fs-extra.writeFile",   "fs-extra.outputFile",
    "fs-extra.writeFileSync", "fs-extra.writeJson",   "fs-extra.writeJsonSync"};
const std::set<std::string, std::less<>> kOpens = {"fs.open", "fs.openSync", "fs.promises.open"};
const std::set<std::string, std::less<>> kServerMakers = {"express",
                                                          "fastify",
                                                          "koa",
                                                          "http.createServer",
                                                          "https.createServer",
                                                          "net.createServer",
                                                          "http2.createServer",
                                                          "http2.createSecureServer",
                                                          "hapi.server",
                                                          "@hapi/hapi.server"};
// Database and cache connections by the call or class that makes them, after imports (a
// default import is its module's name: `new Redis()` of `import Redis from 'ioredis'` is
// "ioredis"), so the project's own `connect` or `Pool` is none.
const std::set<std::string, std::less<>> kConnections = {
    // PostgreSQL
    "pg.Pool", "pg.Client", "pg.native.Pool", "pg.native.Client", "postgres",
    "@neondatabase/serverless.Pool", "@neondatabase/serverless.Client",
    "@neondatabase/serverless.neon",
    // MySQL / MariaDB
    "mysql.createConnection", "mysql.createPool", "mysql2.createConnection", "mysql2.createPool",
    "mysql2/promise.createConnection", "mysql2/promise.createPool", "mariadb.createConnection",
    "mariadb.createPool", "@planetscale/database.connect",
    // SQL Server, Oracle
    "mssql.connect", "mssql.ConnectionPool", "oracledb.getConnection", "oracledb.createPool",
    // MongoDB
    "mongodb.MongoClient", "mongodb.MongoClient.connect", "mongoose.connect",
    "mongoose.createConnection",
    // Redis
    "redis.createClient", "redis.createCluster", "@redis/client.createClient", "ioredis",
    "ioredis.Redis", "ioredis.Cluster",
    // ORMs and query builders that open a pool
    "knex", "@prisma/client.PrismaClient", "sequelize", "sequelize.Sequelize", "typeorm.DataSource",
    "typeorm.createConnection"};

// What an imported or required name stands for.
struct Binding {
  std::string module;  // the specifier without "node:" ("fs", "./util.js", "@aws-sdk/client-s3")
  std::string member;  // the imported name; empty for a namespace, default or whole require
  bool is_default = false;
};

// A name declared at module level.
struct ModuleName {
  SourceRange declared;
  bool container = false;            // a Map/Set/object/array made there
  bool variable = false;             // `let` / `var`: rebinding it from a handler is shared state
  std::string made_by;               // the call or class that made it, after imports
  std::vector<std::string> made_of;  // the class of `new X()` as written
};

struct Definition {
  std::string name;  // qualified ("handler", "Worker.run")
  TSNode name_node;
  TSNode function;  // the function, arrow or method node
  bool exported = false;
};

struct Scope {
  std::set<std::string> locals;                // parameters and names declared in the body
  std::map<std::string, std::string> made_by;  // local name -> the call that made it
  std::set<std::string> cleared;               // names passed to clearInterval / clearTimeout
  std::set<std::string> called;                // USRs already in the function's calls
  std::map<std::string, std::vector<std::string>> instances;  // local name -> `new X` of it
  std::map<std::string, std::string> aliases;  // local -> the module-level name it was bound to
  std::set<std::string> event;                 // the invocation's event and names taken from it
  std::string class_name;
};

class Collector : public CodeFile, public CodeWalk<Collector> {
 public:
  // JavaScript's and TypeScript's names for the shared skeleton (CodeWalk).
  static constexpr CodeGrammar kGrammar = {"assignment_expression", "member_expression", "property",
                                           "this"};
  // `event.Records ?? []` and `event.Records || []` start from `event` too.
  static constexpr std::array kRootSteps = {
      RootStep{"member_expression", "object"}, RootStep{"subscript_expression", "object"},
      RootStep{"call_expression", "function"}, RootStep{"binary_expression", "left"}};

  Collector(const std::string& path, std::string_view text, const ParseLimits& limits)
      : CodeFile(path, text, limits) {
    dir_ = std::filesystem::path(file()).parent_path().generic_string();
    typescript_ = ends_with(path, ".ts") || ends_with(path, ".mts") || ends_with(path, ".cts") ||
                  ends_with(path, ".tsx");
  }

  FileFacts run() {
    FileFacts out;
    out.file = path();
    if (bundled()) return out;
    out.suppressions = node_suppressions(path(), source());
    const TSLanguage* language = ends_with(path(), ".tsx") ? tree_sitter_tsx()
                                 : typescript_             ? tree_sitter_typescript()
                                                           : tree_sitter_javascript();
    TreePtr tree = parse(language, "JavaScript/TypeScript", out);
    if (!tree) return out;
    TSNode root = ts_tree_root_node(tree.get());
    read_module(root);
    for (const Definition& d : definitions_) define(d);
    out.code_functions = take_functions();
    return out;
  }

 private:
  friend class CodeWalk<Collector>;

  // A bundle or minified file: a line longer than 32 KB in the first 64 KB.
  bool bundled() const {
    constexpr size_t kHead = size_t{64} * 1024;
    constexpr size_t kLongLine = size_t{32} * 1024;
    const std::string_view file_text = source();
    const std::string_view head = file_text.substr(0, kHead);
    size_t start = 0;
    while (start < head.size()) {
      size_t end = head.find('\n', start);
      if (end == std::string_view::npos)
        return head.size() - start > kLongLine && file_text.size() > kHead;
      if (end - start > kLongLine) return true;
      start = end + 1;
    }
    return false;
  }

  // Strips TypeScript's `x as T`, `x!`, `<T>x`, `x satisfies T` and parentheses.
  TSNode bare(TSNode n) const {
    while (has_type(n, "parenthesized_expression") || has_type(n, "as_expression") ||
           has_type(n, "non_null_expression") || has_type(n, "satisfies_expression") ||
           has_type(n, "type_assertion")) {
      std::vector<TSNode> c = named_children(n);
      if (c.empty()) break;
      n = has_type(n, "type_assertion") ? c.back() : c.front();
    }
    return n;
  }

  // A string literal, or a template string without substitutions.
  std::optional<std::string> literal(TSNode n) const {
    n = bare(n);
    if (!has_type(n, "string") && !has_type(n, "template_string")) return std::nullopt;
    std::string out;
    for (TSNode c : named_children(n)) {
      if (has_type(c, "template_substitution")) return std::nullopt;
      if (has_type(c, "string_fragment") || has_type(c, "escape_sequence")) out += text(c);
    }
    return out;
  }

  static std::string module_key(std::string_view spec) {
    std::string s(spec);
    if (s.rfind("node:", 0) == 0) s = s.substr(5);
    if (s == "fs/promises") s = "fs.promises";
    if (s == "timers/promises") s = "timers.promises";
    return s;
  }

  // ---- the module ----

  void bind_require(TSNode pattern, const std::string& module) {
    if (has_type(pattern, "identifier")) {
      imports_[std::string(text(pattern))] = Binding{module, "", false};
    } else if (has_type(pattern, "object_pattern")) {
      for (TSNode p : named_children(pattern)) {
        if (has_type(p, "shorthand_property_identifier_pattern")) {
          imports_[std::string(text(p))] = Binding{module, std::string(text(p)), false};
        } else if (has_type(p, "pair_pattern")) {
          TSNode value = field(p, "value");
          if (has_type(value, "identifier"))
            imports_[std::string(text(value))] =
                Binding{module, std::string(text(field(p, "key"))), false};
        }
      }
    }
  }

  // `require('x')`, `require('x').y`: the module and member.
  bool required(TSNode value, std::string& module, std::string& member) const {
    value = bare(value);
    if (has_type(value, "member_expression")) {
      if (!required(field(value, "object"), module, member) || !member.empty()) return false;
      member = text(field(value, "property"));
      return true;
    }
    if (!has_type(value, "call_expression") || text(field(value, "function")) != "require")
      return false;
    std::vector<TSNode> args = named_children(field(value, "arguments"));
    if (args.size() != 1) return false;
    std::optional<std::string> spec = literal(args[0]);
    if (!spec) return false;
    module = module_key(*spec);
    return true;
  }

  void read_import(TSNode n) {
    std::optional<std::string> spec = literal(field(n, "source"));
    if (!spec) return;
    const std::string module = module_key(*spec);
    for (TSNode c : named_children(n)) {
      if (!has_type(c, "import_clause")) continue;
      for (TSNode part : named_children(c)) {
        if (has_type(part, "identifier")) {
          imports_[std::string(text(part))] = Binding{module, "", true};
        } else if (has_type(part, "namespace_import")) {
          for (TSNode id : named_children(part))
            if (has_type(id, "identifier")) imports_[std::string(text(id))] = Binding{module, ""};
        } else if (has_type(part, "named_imports")) {
          for (TSNode s : named_children(part)) {
            if (!has_type(s, "import_specifier")) continue;
            TSNode name = field(s, "name"), alias = field(s, "alias");
            imports_[std::string(text(ts_node_is_null(alias) ? name : alias))] =
                Binding{module, std::string(text(name)), false};
          }
        }
      }
    }
  }

  // A handler made by a wrapper: `middy(base)`, `awslambda.streamifyResponse(async (e, s) =>
  // ...)`, `withDurableExecution(async (e, ctx) => ...)`, `metricScope(m => async (e) => ...)`.
  // The call is the function's body (a function passed is followed by name or walked).
  bool wrapped(TSNode value) const {
    value = bare(value);
    if (!has_type(value, "call_expression") || text(field(value, "function")) == "require")
      return false;
    for (TSNode a : named_children(field(value, "arguments"))) {
      a = bare(a);
      if (is_function_node(a) || has_type(a, "identifier")) return true;
    }
    return false;
  }

  // The function a wrapper call is given (the innermost of `m => async (e) => ...`).
  TSNode wrapped_function(TSNode call) const {
    for (TSNode a : named_children(field(bare(call), "arguments"))) {
      a = bare(a);
      while (has_type(a, "arrow_function") && is_function_node(bare(field(a, "body"))))
        a = bare(field(a, "body"));
      if (is_function_node(a)) return a;
    }
    return TSNode{};
  }

  void add_definition(std::string name, TSNode name_node, TSNode fn, bool exported) {
    module_defs_.insert(name);
    definitions_.push_back(Definition{std::move(name), name_node, fn, exported});
  }

  void read_declaration(TSNode decl, bool exported) {
    const std::string_view type = ts_node_type(decl);
    if (type == "function_declaration" || type == "generator_function_declaration") {
      TSNode name = field(decl, "name");
      if (!ts_node_is_null(name)) add_definition(std::string(text(name)), name, decl, exported);
    } else if (type == "class_declaration" || type == "abstract_class_declaration") {
      read_class(decl);
    } else if (type == "lexical_declaration" || type == "variable_declaration") {
      const bool variable = type == "variable_declaration" || text(ts_node_child(decl, 0)) == "let";
      for (TSNode d : named_children(decl)) {
        if (has_type(d, "variable_declarator")) read_declarator(d, exported, variable);
      }
    }
  }

  // A class's methods are definitions of their own (`Class.method`).
  void read_class(TSNode decl) {
    TSNode name = field(decl, "name");
    if (ts_node_is_null(name)) return;
    const std::string cls(text(name));
    module_defs_.insert(cls);
    for (TSNode m : named_children(field(decl, "body"))) {
      if (has_type(m, "method_definition") && !ts_node_is_null(field(m, "body"))) {
        add_definition(cls + "." + std::string(text(field(m, "name"))), field(m, "name"), m, false);
        read_members(field(m, "body"), cls);
      }
    }
  }

  // `const f = () => ...` (a definition), `const x = require('m')` (an import), or any other
  // module-level name (`let cache = {}`).
  void read_declarator(TSNode d, bool exported, bool variable) {
    TSNode name = field(d, "name");
    TSNode value = bare(field(d, "value"));
    std::string module, member;
    if ((is_function_node(value) || wrapped(value)) && has_type(name, "identifier")) {
      add_definition(std::string(text(name)), name, value, exported);
    } else if (required(value, module, member)) {
      if (member.empty()) {
        bind_require(name, module);
      } else if (has_type(name, "identifier")) {
        imports_[std::string(text(name))] = Binding{module, member, false};
      }
    } else if (has_type(name, "identifier")) {
      module_names_[std::string(text(name))] = module_name(d, value, variable);
    }
  }

  // What a module-level name is bound to: a container, an object made by `new X()`, the
  // result of a call.
  ModuleName module_name(TSNode declarator, TSNode value, bool variable) const {
    ModuleName m{range(declarator), false, variable, "", {}};
    if (has_type(value, "object") || has_type(value, "array")) m.container = true;
    if (has_type(value, "new_expression")) {
      m.made_of = dotted(field(value, "constructor"));
      m.made_by = canonical(dotted(field(value, "constructor")));
      m.container = kContainers.count(m.made_by) > 0;
    } else if (has_type(value, "call_expression")) {
      m.made_by = canonical(dotted(field(value, "function")));
    }
    return m;
  }

  // `this.x = new X()` in a method: calls on `this.x` in the class's methods are X's.
  void read_members(TSNode n, const std::string& cls) {
    for (TSNode c : named_children(n)) {
      if (is_function_node(c) && !has_type(c, "arrow_function")) continue;
      if (has_type(c, "assignment_expression")) {
        std::vector<std::string> left = dotted(field(c, "left"));
        TSNode right = bare(field(c, "right"));
        if (has_type(right, "await_expression") && !named_children(right).empty())
          right = bare(named_children(right)[0]);
        if (left.size() == 2 && left[0] == "this" && has_type(right, "new_expression") &&
            !dotted(field(right, "constructor")).empty())
          members_[cls][left[1]] = dotted(field(right, "constructor"));
      }
      read_members(c, cls);
    }
  }

  // `exports.x`, `module.exports.x` -> "x"; `module.exports` -> "" (with `whole` set).
  std::optional<std::string> export_target(TSNode left, bool& whole) const {
    std::vector<std::string> d = dotted(left);
    whole = d.size() == 2 && d[0] == "module" && d[1] == "exports";
    if (whole) return "";
    if (d.size() == 2 && d[0] == "exports") return d[1];
    if (d.size() == 3 && d[0] == "module" && d[1] == "exports") return d[2];
    return std::nullopt;
  }

  void read_module(TSNode root) {
    for (TSNode c : named_children(root)) {
      const std::string_view type = ts_node_type(c);
      if (type == "import_statement") {
        read_import(c);
      } else if (type == "export_statement") {
        read_export(c);
      } else if (type == "expression_statement") {
        read_export_assignment(c);
      } else {
        read_declaration(c, false);
      }
    }
  }

  // `export function f`, `export default function`, `export { a, b }`.
  void read_export(TSNode statement) {
    TSNode decl = field(statement, "declaration");
    if (!ts_node_is_null(decl)) {
      read_declaration(decl, true);
      return;
    }
    TSNode value = bare(field(statement, "value"));  // export default ...
    if (is_function_node(value)) {
      TSNode name = field(value, "name");
      add_definition(ts_node_is_null(name) ? "default" : std::string(text(name)),
                     ts_node_is_null(name) ? value : name, value, true);
    }
    for (TSNode clause : named_children(statement)) {
      if (!has_type(clause, "export_clause")) continue;
      for (TSNode s : named_children(clause))
        if (has_type(s, "export_specifier"))
          exported_names_.insert(std::string(text(field(s, "name"))));
    }
  }

  // CommonJS: `exports.f = ...`, `module.exports.f = ...`, `module.exports = f` or `{ ... }`.
  void read_export_assignment(TSNode statement) {
    TSNode e = bare(named_children(statement).empty() ? TSNode{} : named_children(statement)[0]);
    if (!has_type(e, "assignment_expression")) return;
    bool whole = false;
    std::optional<std::string> target = export_target(field(e, "left"), whole);
    TSNode right = bare(field(e, "right"));
    if (!target) return;
    if (!whole && (is_function_node(right) || wrapped(right))) {
      add_definition(*target, field(e, "left"), right, true);
    } else if (has_type(right, "identifier")) {
      exported_names_.insert(std::string(text(right)));
    } else if (whole && has_type(right, "object")) {
      read_exports_object(right);
    }
  }

  // `module.exports = { handler, other: () => ..., method() {} }`.
  void read_exports_object(TSNode object) {
    for (TSNode p : named_children(object)) {
      if (has_type(p, "shorthand_property_identifier")) {
        exported_names_.insert(std::string(text(p)));
      } else if (has_type(p, "pair")) {
        TSNode v = bare(field(p, "value"));
        std::string key(text(field(p, "key")));
        if (is_function_node(v))
          add_definition(key, field(p, "key"), v, true);
        else if (has_type(v, "identifier"))
          exported_names_.insert(std::string(text(v)));
      } else if (has_type(p, "method_definition")) {
        add_definition(std::string(text(field(p, "name"))), field(p, "name"), p, true);
      }
    }
  }

  // ---- names ----

  // The name a callee or constructor stands for after imports: `S3Client` of `import {
  // S3Client } from '@aws-sdk/client-s3'` is "@aws-sdk/client-s3.S3Client", `fs.writeFileSync`
  // of `const fs = require('fs')` "fs.writeFileSync"; unbound names stay as written.
  std::string canonical(const std::vector<std::string>& parts, const Scope* scope = nullptr) const {
    if (parts.empty()) return "";
    if (scope && scope->locals.count(parts[0])) return join(parts, '.');
    auto b = imports_.find(parts[0]);
    if (b == imports_.end()) return join(parts, '.');
    std::vector<std::string> full{b->second.module};
    if (!b->second.member.empty()) full.push_back(b->second.member);
    full.insert(full.end(), parts.begin() + 1, parts.end());
    return join(full, '.');
  }

  // The files a relative specifier may be: as written, `.ts` for `.js` (TypeScript's
  // convention), and with each extension or `/index.<ext>` when it has none.
  std::vector<std::string> module_files(const std::string& spec) const {
    if (spec.rfind("./", 0) != 0 && spec.rfind("../", 0) != 0) return {};
    const std::string base = code_path((dir_.empty() ? "" : dir_ + "/") + spec);
    static const std::vector<std::string> exts = {".js",  ".ts",  ".mjs", ".cjs",
                                                  ".mts", ".cts", ".tsx", ".jsx"};
    std::vector<std::string> out;
    const std::string ext = std::filesystem::path(base).extension().string();
    if (std::find(exts.begin(), exts.end(), ext) != exts.end()) {
      out.push_back(base);
      const std::string stem = base.substr(0, base.size() - ext.size());
      if (ext == ".js") out.insert(out.end(), {stem + ".ts", stem + ".tsx"});
      if (ext == ".mjs") out.push_back(stem + ".mts");
      if (ext == ".cjs") out.push_back(stem + ".cts");
      return out;
    }
    for (const std::string& e : exts) out.push_back(base + e);
    const std::string index = base + "/index";
    for (const std::string& e : exts) out.push_back(index + e);
    return out;
  }

  std::vector<std::string> resolve(const std::vector<std::string>& parts,
                                   const Scope& scope) const {
    std::vector<std::string> out;
    if (parts.empty()) return out;
    if (parts[0] == "this" && parts.size() == 2 && !scope.class_name.empty()) {
      out.push_back(node_usr(file(), scope.class_name + "." + parts[1]));
      return out;
    }
    if (scope.locals.count(parts[0])) return out;
    if (module_defs_.count(parts[0])) {
      out.push_back(node_usr(file(), join(parts, '.')));
      return out;
    }
    auto b = imports_.find(parts[0]);
    if (b == imports_.end()) return out;
    std::vector<std::string> names;
    if (!b->second.member.empty()) {
      std::vector<std::string> q{b->second.member};
      q.insert(q.end(), parts.begin() + 1, parts.end());
      names.push_back(join(q, '.'));
    } else if (parts.size() > 1) {
      names.push_back(join(std::vector<std::string>(parts.begin() + 1, parts.end()), '.'));
    }
    if (b->second.is_default && parts.size() == 1) names.push_back("default");
    for (const std::string& f : module_files(b->second.module))
      for (const std::string& n : names) out.push_back(node_usr(f, n));
    return out;
  }

  // ---- functions ----

  void parameter_names(TSNode params, std::vector<std::string>& out) const {
    for (TSNode p : named_children(params)) {
      TSNode n = p;
      if (has_type(p, "required_parameter") || has_type(p, "optional_parameter"))
        n = field(p, "pattern");
      if (has_type(n, "assignment_pattern")) n = field(n, "left");
      out.emplace_back(has_type(n, "identifier") ? text(n) : std::string_view("{...}"));
    }
  }

  std::vector<std::string> parameters(TSNode fn) const {
    std::vector<std::string> out;
    TSNode single = field(fn, "parameter");
    if (!ts_node_is_null(single)) {
      out.emplace_back(text(single));
      return out;
    }
    parameter_names(field(fn, "parameters"), out);
    return out;
  }

  bool is_async(TSNode fn) const {
    for (uint32_t i = 0; i < ts_node_child_count(fn); ++i) {
      TSNode c = ts_node_child(fn, i);
      if (has_type(c, "async")) return true;
      if (ts_node_is_named(c)) break;
    }
    return false;
  }

  // Names a body declares (in nested functions too: they shadow module names there).
  void collect_locals(TSNode n, Scope& scope) const {
    for (TSNode c : named_children(n)) {
      const std::string_view t = ts_node_type(c);
      if (t == "variable_declarator") {
        TSNode name = field(c, "name");
        add_pattern(name, scope);
        TSNode value = bare(field(c, "value"));
        if (has_type(name, "identifier") && has_type(value, "identifier"))
          scope.aliases[std::string(text(name))] = text(value);
        if (scope.event.count(root_name(value))) add_event_names(name, scope);
        if (has_type(name, "identifier")) {
          if (has_type(value, "call_expression"))
            scope.made_by[std::string(text(name))] = canonical(dotted(field(value, "function")));
          else if (has_type(value, "new_expression")) {
            scope.made_by[std::string(text(name))] = canonical(dotted(field(value, "constructor")));
            scope.instances[std::string(text(name))] = dotted(field(value, "constructor"));
          }
        }
      } else if (t == "formal_parameters") {
        std::vector<std::string> names;
        parameter_names(c, names);
        scope.locals.insert(names.begin(), names.end());
        for (TSNode p : named_children(c)) add_pattern(p, scope);
      } else if ((t == "arrow_function" || t == "catch_clause") &&
                 has_type(field(c, "parameter"), "identifier")) {
        scope.locals.emplace(text(field(c, "parameter")));
      } else if (t == "function_declaration" && !ts_node_is_null(field(c, "name"))) {
        scope.locals.emplace(text(field(c, "name")));
      } else if (t == "call_expression") {
        const std::string callee(text(field(c, "function")));
        std::vector<TSNode> args = named_children(field(c, "arguments"));
        if ((callee == "clearInterval" || callee == "clearTimeout") && !args.empty())
          scope.cleared.insert(std::string(text(args[0])));
      }
      collect_locals(c, scope);
    }
  }

  void add_event_names(TSNode pattern, Scope& scope) const {
    if (has_type(pattern, "identifier") ||
        has_type(pattern, "shorthand_property_identifier_pattern")) {
      scope.event.emplace(text(pattern));
      return;
    }
    for (TSNode c : named_children(pattern)) add_event_names(c, scope);
  }

  // Whether an expression reads one of the event's names (`i < records.length`).
  bool reads_event(TSNode n, const Scope& scope) const {
    if (ts_node_is_null(n)) return false;
    if (has_type(n, "identifier")) return scope.event.count(std::string(text(n))) > 0;
    for (TSNode c : named_children(n))
      if (reads_event(c, scope)) return true;
    return false;
  }

  void add_pattern(TSNode p, Scope& scope) const {
    if (has_type(p, "identifier") || has_type(p, "shorthand_property_identifier_pattern")) {
      scope.locals.emplace(text(p));
      return;
    }
    if (has_type(p, "required_parameter") || has_type(p, "optional_parameter")) {
      add_pattern(field(p, "pattern"), scope);
      return;
    }
    if (has_type(p, "object_pattern") || has_type(p, "array_pattern") ||
        has_type(p, "pair_pattern") || has_type(p, "assignment_pattern") ||
        has_type(p, "rest_pattern") || has_type(p, "object_assignment_pattern")) {
      for (TSNode c : named_children(p)) {
        if (has_type(p, "pair_pattern") && ts_node_eq(c, field(p, "key"))) continue;
        if (has_type(p, "assignment_pattern") && ts_node_eq(c, field(p, "right"))) continue;
        add_pattern(c, scope);
      }
    }
  }

  void define(const Definition& d) {
    const bool call = !is_function_node(d.function);  // a wrapper's call
    TSNode inner = call ? wrapped_function(d.function) : d.function;
    const std::vector<std::string> params =
        ts_node_is_null(inner) ? std::vector<std::string>{"event"} : parameters(inner);
    const bool exported = d.exported || exported_names_.count(d.name) > 0;
    const bool is_handler = exported && d.name == "handler" && !params.empty() &&
                            params[0] == "event" &&
                            (params.size() == 1 || (params.size() == 2 && params[1] == "context"));
    Scope scope;
    const size_t dot = d.name.rfind('.');
    if (dot != std::string::npos) scope.class_name = d.name.substr(0, dot);
    scope.locals.insert(params.begin(), params.end());
    for (const std::string& p : params)
      if (p == "event" || p == "evt") scope.event.insert(p);
    collect_locals(d.function, scope);
    body_ = d.function;
    anchor_ = call ? TSNode{} : module_statement(d.function);
    const size_t fi = add_function(typescript_ ? "typescript" : "javascript",
                                   node_usr(file(), d.name), d.name, d.name_node);
    function(fi).is_handler = is_handler;
    std::vector<size_t> loops;
    if (call) {
      visit(d.function, fi, scope, loops);  // its callee and the names it is passed
      walk(d.function, fi, scope, loops);
    } else {
      walk(field(d.function, "body"), fi, scope, loops);
    }
  }

  // The statement of the program that holds `n`; null when a function encloses `n` first.
  static TSNode module_statement(TSNode n) {
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); n = p, p = ts_node_parent(p)) {
      if (has_type(p, "program")) return n;
      if (is_function_node(p)) return TSNode{};
    }
    return TSNode{};
  }

  // Functions nested in a body count as the body's (callbacks, promise executors).
  static bool skips(TSNode) { return false; }

  std::optional<CodeLoop> loop_at(TSNode c, const Scope& scope) const {
    const std::string_view type = ts_node_type(c);
    if (!is_loop(type)) return std::nullopt;
    CodeLoop loop;
    loop.kind = type == "while_statement" ? "while"
                : type == "do_statement"  ? "do"
                : type == "for_statement" ? "for"
                                          : "for-in";
    loop.keyword = range(ts_node_child(c, 0));
    if (type == "for_statement") {
      TSNode cond = field(c, "condition");
      loop.condition_always_true =
          ts_node_is_null(cond) || has_type(cond, "empty_statement") || always_true(cond);
      loop.over_event = reads_event(cond, scope);
    } else if (type == "for_in_statement") {
      loop.over_event = scope.event.count(root_name(field(c, "right"))) > 0;
    } else {
      loop.condition_always_true = always_true(field(c, "condition"));
    }
    loop.has_exit = leaves(field(c, "body"), true, true);
    return loop;
  }

  bool always_true(TSNode cond) const {
    cond = bare(cond);
    if (has_type(cond, "expression_statement")) {
      std::vector<TSNode> c = named_children(cond);
      if (c.size() != 1) return false;
      cond = bare(c[0]);
    }
    if (has_type(cond, "true")) return true;
    if (has_type(cond, "number"))
      return text(cond).find_first_not_of("0._xXoObBn") != std::string_view::npos;
    if (has_type(cond, "unary_expression") && text(cond).starts_with('!')) {
      std::vector<TSNode> c = named_children(cond);
      return c.size() == 1 && has_type(bare(c[0]), "number") && text(bare(c[0])) == "0";
    }
    return false;
  }

  // A return, throw, process.exit() or break that leaves the loop whose body `n` is; functions
  // defined in it are not followed, a nested loop's or switch's plain `break` is its own.
  bool leaves(TSNode n, bool break_leaves, bool top) const {
    if (ts_node_is_null(n)) return false;
    const std::string_view type = ts_node_type(n);
    if (!top && is_function_node(n)) return false;
    if (type == "return_statement" || type == "throw_statement") return true;
    if (type == "break_statement") return break_leaves || !named_children(n).empty();
    if (type == "yield_expression") return true;
    if (type == "call_expression" && text(field(n, "function")) == "process.exit") return true;
    const bool own = is_loop(type) || type == "switch_statement";
    for (TSNode c : named_children(n))
      if (leaves(c, break_leaves && !own, false)) return true;
    return false;
  }

  // The module-level container an expression reaches through members and items.
  const ModuleName* module_container(TSNode n, const Scope& scope, std::string& name) const {
    n = bare(n);
    while (has_type(n, "subscript_expression") || has_type(n, "member_expression")) {
      n = bare(field(n, "object"));
    }
    if (!has_type(n, "identifier")) return nullptr;
    name = text(n);
    if (scope.locals.count(name)) {
      // `const index = seen; index.set(k, v)`: a local name for the module-level container.
      auto alias = scope.aliases.find(name);
      if (alias == scope.aliases.end() || scope.locals.count(alias->second)) return nullptr;
      name = alias->second;
    }
    auto it = module_names_.find(name);
    return it != module_names_.end() && it->second.container ? &it->second : nullptr;
  }

  const ModuleName* module_variable(TSNode n, const Scope& scope, std::string& name) const {
    n = bare(n);
    if (!has_type(n, "identifier")) return nullptr;
    name = text(n);
    if (scope.locals.count(name)) return nullptr;
    auto it = module_names_.find(name);
    return it != module_names_.end() && it->second.variable ? &it->second : nullptr;
  }

  // `initialised = true`: a flag (or a reset to null/undefined) every invocation sets alike.
  bool is_flag(TSNode value) const {
    value = bare(value);
    return has_type(value, "true") || has_type(value, "false") || has_type(value, "null") ||
           has_type(value, "undefined");
  }

  // An `if` statement's condition without parentheses and spaces: "!client", "db===null".
  std::string condition_text(TSNode if_statement) const {
    TSNode cond = field(if_statement, "condition");
    while (has_type(cond, "parenthesized_expression") && named_children(cond).size() == 1)
      cond = named_children(cond)[0];
    std::string out(text(cond));
    out.erase(std::remove(out.begin(), out.end(), ' '), out.end());
    return out;
  }

  // ---- init-once guards (CodeWalk's hooks) ----

  // The guards look no further out than the function they are in.
  static bool ends_scope(TSNode n) { return is_function_node(n); }

  // ... but a callback passed inside the guard (`if (!keys) request(url, (err, body) => {
  // keys = ... })`) runs only when the guard let the request through: lazy_init looks on.
  static bool ends_lazy_scope(TSNode n) {
    return is_function_node(n) && !has_type(ts_node_parent(n), "arguments");
  }

  // `if (!ready)` / `if (coldStart)` -> the flag's name.
  std::optional<std::string> once_flag(TSNode if_statement) const {
    std::string flag = condition_text(if_statement);
    if (flag.starts_with("!")) flag.erase(0, 1);
    const bool identifier = !flag.empty() && std::all_of(flag.begin(), flag.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
    });
    if (!identifier) return std::nullopt;
    return flag;
  }

  // `if (!x)`, `if (x === undefined / null)`, `if (x == null)`.
  bool tests_unset(TSNode if_statement, const std::string& name) const {
    const std::string cond = condition_text(if_statement);
    if (cond == "!" + name) return true;
    for (const char* none : {"undefined", "null"})
      for (const char* op : {"===", "=="})
        if (cond == name + op + none || cond == std::string(none) + op + name) return true;
    return false;
  }

  // `if (x) return x;` (or `throw`): what follows runs only while x is unset.
  bool guards_set(TSNode statement, const std::string& name) const {
    if (!has_type(statement, "if_statement")) return false;
    const std::string cond = condition_text(statement);
    const bool set_test = cond == name || cond == name + "!==undefined" ||
                          cond == name + "!=null" || cond == name + "!==null";
    TSNode then = field(statement, "consequence");
    const bool leaves = has_type(then, "return_statement") || has_type(then, "throw_statement") ||
                        (has_type(then, "statement_block") && !named_children(then).empty() &&
                         (has_type(named_children(then).back(), "return_statement") ||
                          has_type(named_children(then).back(), "throw_statement")));
    return set_test && leaves;
  }

  // "client" / "connection" for a construction or call that makes one; nullptr otherwise.
  const char* client_kind(TSNode n, const Scope& scope, std::string& shown) const {
    n = bare(n);
    const bool is_new = has_type(n, "new_expression");
    if (!is_new && !has_type(n, "call_expression")) return nullptr;
    TSNode callee = field(n, is_new ? "constructor" : "function");
    const std::string name = canonical(dotted(callee), &scope);
    if (name.empty()) return nullptr;
    shown = (is_new ? "new " : "") + std::string(text(callee));
    if (kConnections.count(name)) return "connection";
    if (is_new && name.rfind("@aws-sdk/", 0) == 0 && ends_with(name, "Client")) return "client";
    if (is_new && name.rfind("aws-sdk.", 0) == 0) return "client";
    if (!is_new && name.rfind("@aws-sdk/lib-dynamodb.", 0) == 0 && ends_with(name, ".from"))
      return "client";
    return nullptr;
  }

  void visit(TSNode n, size_t fi, Scope& scope, std::vector<size_t>& loops) {
    const std::string_view type = ts_node_type(n);
    if (type == "identifier" || type == "property_identifier") {
      const std::string_view t = text(n);
      if (t == "getRemainingTimeInMillis" || t == "deadline") add_deadline_read(fi, loops);
    } else if (type == "assignment_expression" || type == "augmented_assignment_expression") {
      assignment(n, fi, scope);
    } else if (type == "update_expression") {
      update(n, fi, scope);
    } else if (type == "unary_expression" && text(n).starts_with("delete")) {
      deletion(n, fi, scope);
    } else if (type == "expression_statement") {
      floating(n, fi, scope);
    } else if (type == "variable_declarator") {
      unused_promise(n, fi, scope);
    } else if (type == "new_expression") {
      construction(n, fi, scope, loops);
    } else if (type == "call_expression") {
      call(n, fi, scope, loops);
    }
  }

  // `shared = x`, `shared += x`, `cache[k] = v`: module-level state changed, unless it is
  // initialisation (`client ??= ...`, a lazy `if (!x) x = ...`, a flag).
  void assignment(TSNode n, size_t fi, const Scope& scope) {
    TSNode left = bare(field(n, "left"));
    TSNode right = bare(field(n, "right"));
    const std::string op =
        has_type(n, "assignment_expression") ? "=" : std::string(text(field(n, "operator")));
    std::string name;
    if (has_type(left, "subscript_expression") || has_type(left, "member_expression")) {
      // `if (!keys) { keys = {}; keys[kid] = pem; }`: filled once, then read.
      const ModuleName* m = module_container(field(left, "object"), scope, name);
      if (m && !lazy_init(n, name))
        add_mutation(fi, n, name, op == "=" ? "item assignment" : "item `" + op + "`", m->declared);
    } else if (const ModuleName* m = module_variable(left, scope, name)) {
      std::string shown;
      const bool lazy =
          op == "?\?=" || op == "||=" ||
          (op == "=" && (client_kind(right, scope, shown) || lazy_init(n, name) || is_flag(right)));
      if (!lazy) add_mutation(fi, n, name, op == "=" ? "assignment" : "`" + op + "`", m->declared);
    }
  }

  // `count++`, `hits[k]--` on module-level state.
  void update(TSNode n, size_t fi, const Scope& scope) {
    TSNode arg = bare(field(n, "argument"));
    const std::string op = text(n).find("++") != std::string_view::npos ? "++" : "--";
    std::string name;
    if (const ModuleName* m = module_variable(arg, scope, name)) {
      add_mutation(fi, n, name, "`" + op + "`", m->declared);
    } else if ((has_type(arg, "subscript_expression") || has_type(arg, "member_expression"))) {
      if (const ModuleName* c = module_container(field(arg, "object"), scope, name))
        add_mutation(fi, n, name, "item `" + op + "`", c->declared);
    }
  }

  // `delete cache[k]` on a module-level container.
  void deletion(TSNode n, size_t fi, const Scope& scope) {
    std::vector<TSNode> c = named_children(n);
    if (c.empty()) return;
    TSNode target = bare(c[0]);
    std::string name;
    if (const ModuleName* m = module_container(field(target, "object"), scope, name))
      add_mutation(fi, n, name, "delete", m->declared);
  }

  // A promise nobody waits for: an expression statement that is a call of one of this
  // file's async functions, `new Promise(...)`, or a `.then()`/`.catch()` chain on them.
  void floating(TSNode statement, size_t fi, const Scope& scope) {
    std::vector<TSNode> c = named_children(statement);
    if (c.size() != 1) return;
    TSNode e = bare(c[0]);
    std::string api;
    while (has_type(e, "call_expression")) {
      TSNode fn = bare(field(e, "function"));
      if (has_type(fn, "member_expression")) {
        const std::string_view m = text(field(fn, "property"));
        if (m == "then" || m == "catch" || m == "finally") {
          e = bare(field(fn, "object"));
          continue;
        }
      }
      std::vector<std::string> parts = dotted(fn);
      if (parts.size() == 1 && !scope.locals.count(parts[0]) && async_defs().count(parts[0]))
        api = "async function " + parts[0] + "()";
      break;
    }
    if (has_type(e, "new_expression") && text(field(e, "constructor")) == "Promise")
      api = "new Promise(...)";
    if (api.empty()) return;
    function(fi).threads.push_back({range(c[0]), api, "never awaited"});
  }

  // `const p = work();` of an async function of this file, and `p` never read again: the
  // promise is dropped like a floating one.
  void unused_promise(TSNode declarator, size_t fi, const Scope& scope) {
    TSNode name = field(declarator, "name");
    TSNode value = bare(field(declarator, "value"));
    if (!has_type(name, "identifier") || !has_type(value, "call_expression")) return;
    std::vector<std::string> parts = dotted(field(value, "function"));
    if (parts.size() != 1 || scope.locals.count(parts[0]) || !async_defs().count(parts[0])) return;
    if (mentions(body_, text(name), name)) return;
    function(fi).threads.push_back(
        {range(value), "async function " + parts[0] + "()", "never awaited"});
  }

  // Whether `n` holds the identifier `name` anywhere but at `except`.
  bool mentions(TSNode n, std::string_view name, TSNode except) const {
    for (TSNode c : named_children(n)) {
      if (ts_node_eq(c, except)) continue;
      if ((has_type(c, "identifier") || has_type(c, "shorthand_property_identifier")) &&
          text(c) == name)
        return true;
      if (mentions(c, name, except)) return true;
    }
    return false;
  }

  // A module-level function that waits (a timer promise outside any loop of its own), by name:
  // a loop that calls it sleeps.
  const std::map<std::string, std::string>& sleepers() {
    if (!sleepers_ready_) {
      for (const Definition& d : definitions_) {
        TSNode fn = is_function_node(d.function) ? d.function : TSNode{};
        std::string how = ts_node_is_null(fn) ? "" : waits(field(fn, "body"));
        if (!how.empty()) sleepers_[d.name] = how;
      }
      sleepers_ready_ = true;
    }
    return sleepers_;
  }

  std::string waits(TSNode n) const {
    if (ts_node_is_null(n) || is_loop(ts_node_type(n))) return "";
    if (has_type(n, "new_expression") && text(field(n, "constructor")) == "Promise" &&
        text(field(n, "arguments")).find("setTimeout") != std::string_view::npos)
      return "new Promise(r => setTimeout(r, ...))";
    if (has_type(n, "call_expression") &&
        canonical(dotted(bare(field(n, "function")))) == "timers.promises.setTimeout")
      return "setTimeout (timers/promises)";
    for (TSNode c : named_children(n)) {
      if (is_function_node(c)) continue;
      std::string inner = waits(c);
      if (!inner.empty()) return inner;
    }
    return "";
  }

  const std::set<std::string>& async_defs() {
    if (!async_ready_) {
      for (const Definition& d : definitions_)
        if (is_async(d.function)) async_names_.insert(d.name);
      async_ready_ = true;
    }
    return async_names_;
  }

  void edge(size_t fi, const std::vector<std::string>& parts, Scope& scope) {
    add_calls(fi, scope.called, resolve(parts, scope));
  }

  void construction(TSNode n, size_t fi, Scope& scope, std::vector<size_t>& loops) {
    TSNode ctor = field(n, "constructor");
    // `new Promise(r => setTimeout(r, ms))`: a sleep.
    if (text(ctor) == "Promise" && !loops.empty()) {
      const std::string_view body = text(field(n, "arguments"));
      if (body.find("setTimeout") != std::string_view::npos)
        add_sleep(fi, n, loops, "new Promise(r => setTimeout(r, ...))");
    }
    edge(fi, dotted(ctor), scope);
    std::string shown;
    if (const char* kind = client_kind(n, scope, shown)) client(n, fi, scope, shown, kind);
  }

  void client(TSNode n, size_t fi, const Scope& scope, const std::string& shown, const char* kind) {
    // `client ??= new S3Client()` / `if (!client) client = new S3Client()`: made once.
    TSNode p = ts_node_parent(n);
    while (has_type(p, "parenthesized_expression") || has_type(p, "await_expression") ||
           has_type(p, "as_expression") || has_type(p, "non_null_expression"))
      p = ts_node_parent(p);
    bool once = false;
    if (has_type(p, "augmented_assignment_expression")) {
      const std::string_view op = text(field(p, "operator"));
      once = op == "?\?=" || op == "||=";
    } else if (has_type(p, "assignment_expression")) {
      TSNode left = bare(field(p, "left"));
      once = has_type(left, "identifier") && module_names_.count(std::string(text(left))) &&
             lazy_init(p, std::string(text(left)));
    } else if (has_type(p, "binary_expression") && text(field(p, "operator")) == "??") {
      once = true;  // `cached ?? new Pool()`
    } else if (has_type(p, "arguments")) {
      std::string outer;  // `DynamoDBDocumentClient.from(new DynamoDBClient())`: one client
      if (client_kind(ts_node_parent(p), Scope{}, outer)) return;
    }
    add_client(fi, n, shown, once, kind, once ? std::nullopt : hoisted(n, scope));
  }

  // `const s3 = new S3Client({})` moved to module level: the one name of a `const` directly in
  // the body of a function defined at module level, a name no module-level one has, its value
  // using none of the function's own names (nor await, this or arguments), and another
  // statement left in the body.
  std::optional<Hoist> hoisted(TSNode value, const Scope& scope) const {
    TSNode declarator = ts_node_parent(value);
    TSNode declaration = ts_node_parent(declarator);
    TSNode body = ts_node_is_null(body_) ? TSNode{} : field(body_, "body");
    if (ts_node_is_null(anchor_) || !has_type(declarator, "variable_declarator") ||
        !ts_node_eq(field(declarator, "value"), value) ||
        !has_type(declaration, "lexical_declaration") ||
        text(ts_node_child(declaration, 0)) != "const" || !has_type(body, "statement_block") ||
        !ts_node_eq(ts_node_parent(declaration), body))
      return std::nullopt;
    size_t declarators = 0, statements = 0;
    for (TSNode d : named_children(declaration)) declarators += has_type(d, "variable_declarator");
    for (TSNode st : named_children(body)) statements += has_type(st, "comment") ? 0 : 1;
    TSNode name = field(declarator, "name");
    const std::string bound(text(name));
    if (declarators != 1 || statements < 2 || !has_type(name, "identifier") ||
        module_names_.count(bound) || module_defs_.count(bound) || imports_.count(bound) ||
        !free_of_locals(value, scope))
      return std::nullopt;
    return hoist(declaration, anchor_, "\n", "//");
  }

  // Whether `value` reads none of the function's parameters and locals and uses neither
  // await, yield, this nor arguments.
  bool free_of_locals(TSNode value, const Scope& scope) const {
    for (TSNode c : named_children(value)) {
      const std::string_view type = ts_node_type(c);
      if (type == "await_expression" || type == "yield_expression" || type == "this" ||
          type == "super")
        return false;
      if ((type == "identifier" || type == "shorthand_property_identifier") &&
          (text(c) == "arguments" || scope.locals.count(std::string(text(c)))))
        return false;
      if (!free_of_locals(c, scope)) return false;
    }
    return true;
  }

  // A call as the checks below read it.
  struct Call {
    TSNode node;
    TSNode fn;                       // what is called, without casts and parentheses
    std::vector<std::string> parts;  // `fn` as written: {"fs", "writeFileSync"}
    std::string name;                // `fn` through imports: "fs.writeFileSync"
    std::string method;              // `x.m(...)`: "m"; else empty
    TSNode object;                   // `x.m(...)`: x; else null
    std::vector<TSNode> args;
  };

  Call read_call(TSNode n, const Scope& scope) const {
    Call c{n, bare(field(n, "function")), {}, {}, {}, TSNode{}, {}};
    c.parts = dotted(c.fn);
    c.name = canonical(c.parts, &scope);
    if (has_type(c.fn, "member_expression")) {
      c.method = text(field(c.fn, "property"));
      c.object = bare(field(c.fn, "object"));
    }
    c.args = named_children(field(n, "arguments"));
    return c;
  }

  void call(TSNode n, size_t fi, Scope& scope, std::vector<size_t>& loops) {
    const Call c = read_call(n, scope);
    edge(fi, c.parts, scope);
    method_edges(c, fi, scope);
    for (TSNode a : c.args)
      if (has_type(bare(a), "identifier") || has_type(bare(a), "member_expression"))
        edge(fi, dotted(a), scope);
    call_sleep(c, fi, scope, loops);
    set_interval(c, fi, scope);
    container_mutation(c, fi, scope);
    file_write(c, fi);
    server_listen(c, fi, scope);
    std::string shown;
    if (const char* kind = client_kind(n, scope, shown)) client(n, fi, scope, shown, kind);
  }

  // The class of the object a method is called on, as written: `new Store()`, a local
  // `const store = new Store()` or one at module level, `this.store` set in a method.
  std::vector<std::string> class_of(TSNode object, const Scope& scope) const {
    if (has_type(object, "new_expression")) return dotted(field(object, "constructor"));
    if (has_type(object, "identifier")) {
      const std::string o(text(object));
      if (auto it = scope.instances.find(o); it != scope.instances.end()) return it->second;
      auto m = module_names_.find(o);
      if (!scope.locals.count(o) && m != module_names_.end()) return m->second.made_of;
      return {};
    }
    std::vector<std::string> d = dotted(object);
    if (d.size() != 2 || d[0] != "this" || scope.class_name.empty()) return {};
    auto members = members_.find(scope.class_name);  // `this.service = new Service()`
    if (members != members_.end() && members->second.count(d[1])) return members->second.at(d[1]);
    return {};
  }

  // A method of this file's or an imported class: `new Store().flush()`, `store.flush()`
  // on a local `const store = new Store()`.
  void method_edges(const Call& c, size_t fi, Scope& scope) {
    if (!has_type(c.fn, "member_expression")) return;
    std::vector<std::string> cls = class_of(c.object, scope);
    if (cls.empty()) return;
    Scope outer;  // the class is named where the module can see it
    outer.called = scope.called;
    cls.emplace_back(c.method);
    add_calls(fi, scope.called, resolve(cls, outer));
  }

  // Sleeps: `await sleep(ms)` / `await delay(ms)` / timers/promises setTimeout, or a call of
  // a module-level function that waits.
  void call_sleep(const Call& c, size_t fi, const Scope& scope, std::vector<size_t>& loops) {
    const bool awaited = has_type(ts_node_parent(c.node), "await_expression");
    const std::string last = c.parts.empty() ? "" : c.parts.back();
    if (c.name == "timers.promises.setTimeout") {
      add_sleep(fi, c.node, loops, "setTimeout (timers/promises)");
    } else if (awaited && (last == "sleep" || last == "delay")) {
      add_sleep(fi, c.node, loops, std::string(text(c.fn)));
    } else if (c.parts.size() == 1 && !scope.locals.count(c.parts[0]) &&
               sleepers().count(c.parts[0])) {
      add_sleep(fi, c.node, loops,
                c.parts[0] + "() (which awaits " + sleepers().at(c.parts[0]) + ")");
    }
  }

  // setInterval: a polling loop of its own, and a timer that outlives the invocation.
  void set_interval(const Call& c, size_t fi, const Scope& scope) {
    if (c.name != "setInterval" && c.name != "timers.setInterval") return;
    CodeFunction& f = function(fi);
    CodeLoop loop;
    loop.kind = "setInterval";
    loop.keyword = range(c.fn);
    loop.sleep_call = range(c.node);
    loop.sleep_name = "setInterval";
    loop.reads_deadline = text(c.node).find("getRemainingTimeInMillis") != std::string_view::npos;
    f.loops.push_back(std::move(loop));
    TSNode p = ts_node_parent(c.node);
    std::string assigned;
    if (has_type(p, "variable_declarator")) assigned = text(field(p, "name"));
    if (has_type(p, "assignment_expression")) assigned = text(field(p, "left"));
    if (assigned.empty() || !scope.cleared.count(assigned))
      f.threads.push_back({range(c.node), "setInterval", "never cleared (clearInterval)"});
  }

  // Module-level containers changed in place.
  void container_mutation(const Call& c, size_t fi, const Scope& scope) {
    if (!kMutators.count(c.method)) return;
    std::string changed;
    if (const ModuleName* m = module_container(c.object, scope, changed))
      add_mutation(fi, c.node, changed, "call to " + c.method + "()", m->declared);
  }

  // Files written: `fs.writeFileSync(path, ...)`, `fs.openSync(path, "w")`.
  void file_write(const Call& c, size_t fi) {
    std::optional<std::string> path;
    if (kWrites.count(c.name) && !c.args.empty()) {
      path = literal(c.args[0]);
    } else if (kOpens.count(c.name) && c.args.size() >= 2) {
      std::optional<std::string> flags = literal(c.args[1]);
      if (flags && flags->find_first_of("wa+") != std::string::npos) path = literal(c.args[0]);
    }
    if (!path) return;
    // Inside the quotes of the path's literal, where a fix writes another path.
    TSNode written = bare(c.args[0]);
    function(fi).file_writes.push_back(
        {range(c.node), c.name, *path, string_contents_slot(range(written), text(written), *path)});
  }

  // Servers: `.listen()` on an express()/fastify()/new Koa()/createServer() object.
  void server_listen(const Call& c, size_t fi, const Scope& scope) {
    if (c.method != "listen") return;
    if (kServerMakers.count(maker_of(c.object, scope)))
      function(fi).server_calls.push_back({range(c.node), std::string(text(c.fn))});
  }

  // The call or class that made an object, after imports: `express()`, `new Koa()`, a local or
  // module-level name bound to one.
  std::string maker_of(TSNode object, const Scope& scope) const {
    if (has_type(object, "call_expression"))
      return canonical(dotted(field(object, "function")), &scope);
    if (has_type(object, "new_expression"))
      return canonical(dotted(field(object, "constructor")), &scope);
    if (!has_type(object, "identifier")) return "";
    const std::string o(text(object));
    if (auto local = scope.made_by.find(o); local != scope.made_by.end()) return local->second;
    if (auto m = module_names_.find(o); m != module_names_.end()) return m->second.made_by;
    return "";
  }

  std::string dir_;
  bool typescript_ = false;
  std::map<std::string, Binding> imports_;
  std::set<std::string> module_defs_;
  std::set<std::string> exported_names_;
  std::map<std::string, ModuleName> module_names_;
  std::vector<Definition> definitions_;
  std::set<std::string> async_names_;
  bool async_ready_ = false;
  std::map<std::string, std::string> sleepers_;
  bool sleepers_ready_ = false;
  // class -> field -> the class of the object a method assigns to it (`this.x = new X()`)
  std::map<std::string, std::map<std::string, std::vector<std::string>>> members_;
  TSNode body_{};    // the function being walked
  TSNode anchor_{};  // ... the module-level statement that holds it, if it is not a call's
};

}  // namespace

bool is_node_source(std::string_view path) {
  if (ends_with(path, ".d.ts") || ends_with(path, ".d.mts") || ends_with(path, ".d.cts") ||
      ends_with(path, ".min.js")) {
    return false;
  }
  for (std::string_view e : {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})
    if (path.size() > e.size() && ends_with(path, e)) return true;
  return false;
}

std::string node_usr(const std::string& file, const std::string& qualified_name) {
  return code_usr("js", file, qualified_name);
}

std::vector<std::string> handler_usrs(const std::string& code_dir, const std::string& handler) {
  const size_t dot = handler.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == handler.size()) return {};
  const std::string module = handler.substr(0, dot);
  std::filesystem::path dir(code_dir);
  if (is_node_source(code_dir)) dir = dir.parent_path();
  std::vector<std::string> out;
  for (const char* ext : {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"})
    out.push_back(node_usr((dir / (module + ext)).string(), handler.substr(dot + 1)));
  return out;
}

FileFacts parse_node(const std::string& path, std::string_view text, const ParseLimits& limits) {
  return Collector(path, text, limits).run();
}

std::vector<Suppression> node_suppressions(const std::string& path, std::string_view text) {
  return comment_suppressions(path, text, {"//"}, {});
}

}  // namespace rightfit::node
