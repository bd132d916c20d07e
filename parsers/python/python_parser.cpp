#include "parsers/python/python_parser.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "parsers/literal_slot.h"
#include "parsers/suppression_comments.h"
#include "parsers/tree_sitter_code.h"

extern "C" const TSLanguage* tree_sitter_python(void);

namespace rightfit::python {

namespace {

std::string join(const std::vector<std::string>& parts, size_t from, size_t to, char sep) {
  std::string out;
  for (size_t i = from; i < to && i < parts.size(); ++i) {
    if (!out.empty()) out += sep;
    out += parts[i];
  }
  return out;
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Calls of the standard library and common packages, by their dotted name after imports.
const std::set<std::string, std::less<>> kSleeps = {"time.sleep", "asyncio.sleep"};
const std::set<std::string, std::less<>> kExits = {"sys.exit", "exit", "quit", "os._exit"};
const std::set<std::string, std::less<>> kOpens = {"open", "io.open", "codecs.open"};
const std::set<std::string, std::less<>> kPaths = {"pathlib.Path", "pathlib.PurePath",
                                                   "pathlib.PosixPath"};
const std::set<std::string, std::less<>> kPathWrites = {"write_text", "write_bytes", "open",
                                                        "touch"};
const std::set<std::string, std::less<>> kThreads = {"threading.Thread", "threading.Timer"};
const std::set<std::string, std::less<>> kSessions = {"boto3.Session", "boto3.session.Session"};
// Database and cache connections, by the call that opens one after imports (so a function of
// the project's own named `connect` is none).
const std::set<std::string, std::less<>> kConnections = {
    // PostgreSQL
    "psycopg2.connect", "psycopg.connect", "psycopg.Connection.connect",
    "psycopg.AsyncConnection.connect", "psycopg2.pool.SimpleConnectionPool",
    "psycopg2.pool.ThreadedConnectionPool", "psycopg_pool.ConnectionPool",
    "psycopg_pool.AsyncConnectionPool", "pg8000.connect", "pg8000.native.Connection",
    "asyncpg.connect", "asyncpg.create_pool", "redshift_connector.connect",
    // MySQL / MariaDB
    "pymysql.connect", "pymysql.connections.Connection", "mysql.connector.connect",
    "MySQLdb.connect", "aiomysql.connect", "aiomysql.create_pool",
    // SQLAlchemy engines
    "sqlalchemy.create_engine", "sqlalchemy.ext.asyncio.create_async_engine",
    // Other SQL drivers
    "pyodbc.connect", "oracledb.connect", "oracledb.create_pool", "cx_Oracle.connect",
    // MongoDB
    "pymongo.MongoClient", "pymongo.mongo_client.MongoClient",
    "motor.motor_asyncio.AsyncIOMotorClient",
    // Redis
    "redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url",
    "redis.StrictRedis.from_url", "redis.client.Redis", "redis.cluster.RedisCluster",
    "redis.RedisCluster", "redis.asyncio.Redis", "redis.asyncio.from_url",
    "redis.asyncio.Redis.from_url"};
// Thread pools: work submitted runs on after the handler returns unless waited for.
const std::set<std::string, std::less<>> kExecutors = {"concurrent.futures.ThreadPoolExecutor",
                                                       "concurrent.futures.ProcessPoolExecutor"};
// Methods that put an object into a container (a thread kept to be joined later).
const std::set<std::string, std::less<>> kKeeps = {"append", "add", "insert", "appendleft", "put"};
const std::set<std::string, std::less<>> kServers = {"uvicorn.run", "socket.create_server",
                                                     "aiohttp.web.run_app", "waitress.serve"};
const std::set<std::string, std::less<>> kCaches = {"functools.lru_cache", "functools.cache"};
// Methods that change a dict, list, set or deque in place.
const std::set<std::string, std::less<>> kMutators = {"append",
                                                      "extend",
                                                      "insert",
                                                      "remove",
                                                      "pop",
                                                      "popitem",
                                                      "clear",
                                                      "sort",
                                                      "reverse",
                                                      "update",
                                                      "setdefault",
                                                      "add",
                                                      "discard",
                                                      "appendleft",
                                                      "extendleft",
                                                      "popleft",
                                                      "rotate",
                                                      "difference_update",
                                                      "intersection_update",
                                                      "symmetric_difference_update"};
// Calls that make a mutable container.
const std::set<std::string, std::less<>> kContainers = {"dict",
                                                        "list",
                                                        "set",
                                                        "collections.defaultdict",
                                                        "collections.OrderedDict",
                                                        "collections.deque",
                                                        "collections.Counter"};

// What an imported name stands for: a module or a member of one, by dotted path.
struct Binding {
  int level = 0;                   // 0: absolute; n: relative, `from .` is 1
  std::vector<std::string> parts;  // the dotted path of what the name is bound to
  size_t module_parts = 0;         // at least this many leading parts name the module
};

// A name assigned at module level.
struct ModuleName {
  SourceRange declared;
  bool container = false;            // a dict, list, set (or like) literal or constructor
  std::string made_by;               // the dotted name of the call that made it, if any
  std::vector<std::string> made_of;  // ... as written (`Service` of `svc = Service()`)
};

struct Scope {
  std::string qualified;                       // of the function ("outer.inner")
  std::string class_name;                      // of the class a method belongs to (qualified)
  std::set<std::string> nested;                // functions defined directly in its body
  std::set<std::string> locals;                // parameters and names assigned in its body
  std::set<std::string> globals;               // `global` declarations
  std::map<std::string, std::string> made_by;  // local name -> the call that assigned it
  std::set<std::string> started, joined;       // names whose .start() / .join() is called
  std::set<std::string> daemons;               // names set `.daemon = True`
  std::set<std::string> called;                // USRs already in the function's calls
  std::map<std::string, std::set<std::string>> kept_in;  // name -> containers it is put in
  std::map<std::string, std::string> loop_over;          // `for x in c`: x -> c
  std::set<std::string> joined_containers;               // containers whose items are joined
  std::set<std::string> managed;    // `with X() as x`: waited for / closed on leaving the block
  std::set<std::string> shut_down;  // names whose .shutdown() is called
  std::map<std::string, std::string> aliases;  // local -> the module-level name it was bound to
  std::map<std::string, std::vector<std::string>> instances;  // local -> the class it was made of
  std::set<std::string> event;  // the invocation's event and names taken from it
  bool any_start = false, any_join = false;
  bool cached = false;  // decorated with functools.lru_cache / cache
  TSNode body{};        // the function's body
  TSNode anchor{};      // a module-level function's definition (with its decorators)
};

class Collector : public CodeFile, public CodeWalk<Collector> {
 public:
  // Python's names for the shared skeleton (CodeWalk).
  static constexpr CodeGrammar kGrammar = {"assignment", "attribute", "attribute", ""};
  static constexpr std::array kRootSteps = {RootStep{"subscript", "value"},
                                            RootStep{"attribute", "object"},
                                            RootStep{"call", "function"}};

  Collector(const std::string& path, std::string_view text, const ParseLimits& limits)
      : CodeFile(path, text, limits) {
    std::vector<std::string> dirs = split(file(), '/');
    dirs.pop_back();
    dir_parts_ = dirs;
    if (dir_parts_.size() == 1 && dir_parts_[0] == ".") dir_parts_.clear();
  }

  FileFacts run() {
    FileFacts out;
    out.file = path();
    out.suppressions = python_suppressions(path(), source());
    TreePtr tree = parse(tree_sitter_python(), "Python", out);
    if (!tree) return out;
    TSNode root = ts_tree_root_node(tree.get());
    read_module(root);
    read_helpers(root);
    define_functions(root, "", "", 0);
    out.code_functions = take_functions();
    return out;
  }

 private:
  friend class CodeWalk<Collector>;

  // The value of a string literal without interpolations (prefixes r, b, u, f allowed).
  std::optional<std::string> literal(TSNode n) const {
    if (has_type(n, "concatenated_string")) {
      std::string out;
      for (TSNode part : named_children(n)) {
        std::optional<std::string> s = literal(part);
        if (!s) return std::nullopt;
        out += *s;
      }
      return out;
    }
    if (!has_type(n, "string")) return std::nullopt;
    std::string out;
    for (TSNode c : named_children(n)) {
      if (has_type(c, "interpolation")) return std::nullopt;
      if (has_type(c, "string_content")) out += text(c);
    }
    return out;
  }

  // ---- the module: imports, definitions and names assigned at its top level ----

  void read_module(TSNode root) {
    std::vector<TSNode> work{root};
    while (!work.empty()) {
      TSNode n = work.back();
      work.pop_back();
      for (TSNode c : named_children(n)) {
        const std::string_view type = ts_node_type(c);
        if (type == "import_statement" || type == "import_from_statement") {
          read_import(c, module_imports_);
        } else if (type == "function_definition" || type == "class_definition") {
          module_defs_[std::string(text(field(c, "name")))] = type == "class_definition";
        } else if (type == "decorated_definition") {
          TSNode d = field(c, "definition");
          if (!ts_node_is_null(d) && !ts_node_is_null(field(d, "name"))) {
            module_defs_[std::string(text(field(d, "name")))] = has_type(d, "class_definition");
          }
        } else if (type == "expression_statement") {
          for (TSNode e : named_children(c)) read_module_assignment(e);
        } else if (type == "if_statement" || type == "try_statement" || type == "with_statement" ||
                   type == "block" || type == "else_clause" || type == "elif_clause" ||
                   type == "except_clause" || type == "finally_clause" || type == "for_statement" ||
                   type == "while_statement") {
          work.push_back(c);
        }
      }
    }
  }

  // What calls elsewhere in the file depend on: the objects a class's methods keep in
  // attributes (`self.client = Client()`), and the module-level functions that wait (call a
  // sleep outside any loop of their own), so a loop that calls them sleeps.
  void read_helpers(TSNode root) {
    std::vector<TSNode> work{root};
    while (!work.empty()) {
      TSNode n = work.back();
      work.pop_back();
      for (TSNode c : named_children(n)) {
        TSNode def = has_type(c, "decorated_definition") ? field(c, "definition") : c;
        if (has_type(def, "class_definition") && !ts_node_is_null(field(def, "name"))) {
          read_members(field(def, "body"), std::string(text(field(def, "name"))));
        } else if (has_type(def, "function_definition") && !ts_node_is_null(field(def, "name"))) {
          std::string sleep = sleep_outside_loops(field(def, "body"));
          if (!sleep.empty()) sleepers_[std::string(text(field(def, "name")))] = sleep;
        } else if (has_type(c, "if_statement") || has_type(c, "try_statement") ||
                   has_type(c, "block") || has_type(c, "else_clause") ||
                   has_type(c, "except_clause") || has_type(c, "finally_clause")) {
          work.push_back(c);
        }
      }
    }
  }

  void read_members(TSNode n, const std::string& cls) {
    for (TSNode c : named_children(n)) {
      if (has_type(c, "class_definition")) continue;
      if (has_type(c, "assignment")) {
        std::vector<std::string> left = dotted(field(c, "left"));
        TSNode right = field(c, "right");
        if (left.size() == 2 && left[0] == "self" && has_type(right, "call") &&
            !dotted(field(right, "function")).empty())
          members_[cls][left[1]] = dotted(field(right, "function"));
      }
      read_members(c, cls);
    }
  }

  std::string sleep_outside_loops(TSNode n) const {
    for (TSNode c : named_children(n)) {
      const std::string_view type = ts_node_type(c);
      if (type == "while_statement" || type == "for_statement" || type == "function_definition" ||
          type == "class_definition" || type == "lambda")
        continue;
      if (type == "call") {
        std::string name = canonical(dotted(field(c, "function")), nullptr);
        if (kSleeps.count(name)) return name;
      }
      std::string inner = sleep_outside_loops(c);
      if (!inner.empty()) return inner;
    }
    return "";
  }

  void read_module_assignment(TSNode e) {
    if (!has_type(e, "assignment")) return;
    TSNode right = field(e, "right");
    while (has_type(right, "assignment")) right = field(right, "right");
    ModuleName name{range(e), false, "", {}};
    if (!ts_node_is_null(right)) {
      const std::string_view t = ts_node_type(right);
      name.container = t == "dictionary" || t == "list" || t == "set" ||
                       t == "dictionary_comprehension" || t == "list_comprehension" ||
                       t == "set_comprehension";
      if (t == "call") {
        name.made_of = dotted(field(right, "function"));
        name.made_by = canonical(name.made_of, nullptr);
        name.container = kContainers.count(name.made_by) > 0;
      }
    }
    for (TSNode target = e; has_type(target, "assignment"); target = field(target, "right")) {
      TSNode left = field(target, "left");
      if (has_type(left, "identifier")) module_names_.emplace(std::string(text(left)), name);
    }
  }

  void read_import(TSNode n, std::map<std::string, Binding>& into) const {
    if (has_type(n, "import_statement")) {
      for (TSNode c : named_children(n)) {
        if (has_type(c, "dotted_name")) {
          std::vector<std::string> parts = split(text(c), '.');
          // `import a.b` binds `a`; `a.b.f()` is resolved from it.
          into[parts[0]] = Binding{0, {parts[0]}, 1};
        } else if (has_type(c, "aliased_import")) {
          std::vector<std::string> parts = split(text(field(c, "name")), '.');
          size_t n_parts = parts.size();
          into[std::string(text(field(c, "alias")))] = Binding{0, std::move(parts), n_parts};
        }
      }
      return;
    }
    TSNode module = field(n, "module_name");
    Binding base;
    if (has_type(module, "relative_import")) {
      for (TSNode c : named_children(module)) {
        if (has_type(c, "import_prefix")) base.level = static_cast<int>(text(c).size());
        if (has_type(c, "dotted_name")) base.parts = split(text(c), '.');
      }
    } else if (!ts_node_is_null(module)) {
      base.parts = split(text(module), '.');
    }
    base.module_parts = base.parts.size();
    TreeCursor cursor(n);
    if (!ts_tree_cursor_goto_first_child(cursor.get())) return;
    do {
      const char* f = ts_tree_cursor_current_field_name(cursor.get());
      if (!f || std::string_view(f) != "name") continue;
      TSNode c = ts_tree_cursor_current_node(cursor.get());
      std::string name, alias;
      if (has_type(c, "aliased_import")) {
        name = text(field(c, "name"));
        alias = text(field(c, "alias"));
      } else {
        name = text(c);
        alias = name;
      }
      Binding b = base;
      for (std::string& part : split(name, '.')) b.parts.push_back(std::move(part));
      into[alias] = std::move(b);
    } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
  }

  // ---- names ----

  const Binding* binding_of(const std::string& name, const Scope* scope) const {
    if (scope) {
      auto it = scope_imports_.find(scope->qualified);
      if (it != scope_imports_.end()) {
        auto b = it->second.find(name);
        if (b != it->second.end()) return &b->second;
      }
    }
    auto b = module_imports_.find(name);
    return b == module_imports_.end() ? nullptr : &b->second;
  }

  // The dotted name a call's target stands for after imports: `sleep` of `from time import
  // sleep` is "time.sleep", `t.sleep` of `import time as t` too; unbound names stay as
  // written ("open", "app.run").
  std::string canonical(const std::vector<std::string>& parts, const Scope* scope) const {
    if (parts.empty()) return "";
    const Binding* b = binding_of(parts[0], scope);
    if (!b || b->level > 0) return join(parts, 0, parts.size(), '.');
    std::vector<std::string> full = b->parts;
    full.insert(full.end(), parts.begin() + 1, parts.end());
    return join(full, 0, full.size(), '.');
  }

  // The files a module path may be, seen from this file: relative to its package for a
  // relative import; for an absolute one, relative to this file's directory and to each
  // directory above it (where the function's code directory, Python's path, may begin).
  std::vector<std::string> module_files(int level, const std::vector<std::string>& parts,
                                        size_t count) const {
    std::vector<std::string> bases;
    if (level > 0) {
      if (static_cast<size_t>(level - 1) > dir_parts_.size()) return {};
      bases.push_back(join(dir_parts_, 0, dir_parts_.size() - (level - 1), '/'));
    } else {
      for (size_t up = 0; up <= dir_parts_.size(); ++up) {
        bases.push_back(join(dir_parts_, 0, dir_parts_.size() - up, '/'));
      }
    }
    std::vector<std::string> out;
    const std::string rel = join(parts, 0, count, '/');
    for (const std::string& base : bases) {
      std::string prefix = base.empty() ? "" : base + "/";
      if (!rel.empty()) out.push_back(prefix + rel + ".py");
      std::string init = prefix;
      if (!rel.empty()) init.append(rel).append("/");
      out.push_back(init.append("__init__.py"));
    }
    return out;
  }

  // The USRs a name used in `scope` may stand for: a function of this file, or of a project
  // module it imports (every split of the dotted path into module and qualified name).
  std::vector<std::string> resolve(const std::vector<std::string>& parts,
                                   const Scope* scope) const {
    std::vector<std::string> out;
    if (parts.empty()) return out;
    const std::string& first = parts[0];
    auto with_init = [&](const std::string& qualified, bool is_class) {
      out.push_back(python_usr(file(), qualified));
      if (is_class) out.push_back(python_usr(file(), qualified + ".__init__"));
    };
    if (scope) {
      if ((first == "self" || first == "cls") && !scope->class_name.empty() && parts.size() == 2) {
        out.push_back(python_usr(file(), scope->class_name + "." + parts[1]));
        return out;
      }
      // Functions defined in an enclosing function's body, innermost first.
      for (auto it = scope_chain_.rbegin(); it != scope_chain_.rend(); ++it) {
        if ((*it)->nested.count(first)) {
          with_init((*it)->qualified + "." + join(parts, 0, parts.size(), '.'), false);
          return out;
        }
        if ((*it)->locals.count(first) && !(*it)->globals.count(first)) return out;
      }
    }
    auto def = module_defs_.find(first);
    if (def != module_defs_.end()) {
      with_init(join(parts, 0, parts.size(), '.'), def->second && parts.size() == 1);
      return out;
    }
    const Binding* b = binding_of(first, scope);
    if (!b) return out;
    std::vector<std::string> full = b->parts;
    full.insert(full.end(), parts.begin() + 1, parts.end());
    for (size_t split_at = std::max<size_t>(b->module_parts, 1); split_at < full.size();
         ++split_at) {
      const std::string qualified = join(full, split_at, full.size(), '.');
      for (const std::string& f : module_files(b->level, full, split_at)) {
        out.push_back(python_usr(f, qualified));
        out.push_back(python_usr(f, qualified + ".__init__"));
      }
    }
    // `from . import helpers` / `from .pkg import mod`: the module itself may be named.
    if (b->level > 0 && b->module_parts == 0 && full.size() > 1) {
      const std::string qualified = join(full, 1, full.size(), '.');
      for (const std::string& f : module_files(b->level, full, 0))
        out.push_back(python_usr(f, qualified));
    }
    return out;
  }

  // ---- functions ----

  // Defines the functions and classes directly in `body` (a module, class or function body,
  // and the compound statements inside it).
  void define_functions(TSNode body, const std::string& prefix, const std::string& class_name,
                        size_t depth) {
    std::vector<TSNode> work{body};
    while (!work.empty()) {
      TSNode n = work.back();
      work.pop_back();
      std::vector<TSNode> children = named_children(n);
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        TSNode c = *it;
        const std::string_view type = ts_node_type(c);
        std::vector<TSNode> decorators;
        TSNode def = c;
        if (type == "decorated_definition") {
          for (TSNode d : named_children(c)) {
            if (has_type(d, "decorator")) decorators.push_back(d);
          }
          def = field(c, "definition");
        }
        if (has_type(def, "function_definition")) {
          define_function(def, decorators, prefix, class_name, depth);
        } else if (has_type(def, "class_definition")) {
          std::string qualified = prefix.empty() ? prefix : prefix + ".";
          qualified += text(field(def, "name"));
          define_functions(field(def, "body"), qualified, qualified, depth + 1);
        } else if (type != "function_definition" && type != "class_definition" &&
                   type != "lambda" && scope_chain_.empty()) {
          work.push_back(c);  // module level: defs inside if/try blocks
        }
      }
    }
  }

  void define_function(TSNode def, const std::vector<TSNode>& decorators, const std::string& prefix,
                       const std::string& class_name, size_t depth) {
    TSNode name_node = field(def, "name");
    if (ts_node_is_null(name_node)) return;
    const std::string name(text(name_node));
    const std::string qualified = prefix.empty() ? name : prefix + "." + name;
    Scope scope;
    scope.qualified = qualified;
    scope.class_name = class_name;
    std::vector<std::string> params = parameters(field(def, "parameters"));
    scope.locals.insert(params.begin(), params.end());
    const bool is_handler = prefix.empty() && (name == "handler" || name == "lambda_handler") &&
                            params == std::vector<std::string>{"event", "context"};
    for (const std::string& p : params)
      if (p == "event" || p == "evt") scope.event.insert(p);
    TSNode body = field(def, "body");
    scope.body = body;
    TSNode anchor = decorators.empty() ? def : ts_node_parent(def);
    if (prefix.empty() && has_type(ts_node_parent(anchor), "module")) scope.anchor = anchor;
    prepare_scope(body, scope);
    for (TSNode d : decorators) {
      for (TSNode e : named_children(d)) {
        TSNode target = has_type(e, "call") ? field(e, "function") : e;
        if (kCaches.count(canonical(dotted(target), &scope))) scope.cached = true;
      }
    }
    scope_chain_.push_back(&scope);
    const size_t index =
        add_function("python", python_usr(file(), qualified), qualified, name_node);
    function(index).is_handler = is_handler;
    std::vector<size_t> loops;
    walk(body, index, scope, loops);
    scope_chain_.pop_back();
    // Nested functions and classes: after this one, whose scope they can see.
    scope_chain_.push_back(&scope);
    define_nested(body, qualified, depth + 1);
    scope_chain_.pop_back();
  }

  void define_nested(TSNode body, const std::string& qualified, size_t depth) {
    if (depth > 100) return;  // the file passed the nesting limit; this keeps the stack small
    std::vector<TSNode> work{body};
    while (!work.empty()) {
      TSNode n = work.back();
      work.pop_back();
      for (TSNode c : named_children(n)) {
        const std::string_view type = ts_node_type(c);
        TSNode def = type == "decorated_definition" ? field(c, "definition") : c;
        std::vector<TSNode> decorators;
        if (type == "decorated_definition") {
          for (TSNode d : named_children(c)) {
            if (has_type(d, "decorator")) decorators.push_back(d);
          }
        }
        if (has_type(def, "function_definition")) {
          define_function(def, decorators, qualified, "", depth);
        } else if (has_type(def, "class_definition")) {
          std::string q = qualified + "." + std::string(text(field(def, "name")));
          define_functions(field(def, "body"), q, q, depth + 1);
        } else if (type != "lambda") {
          work.push_back(c);
        }
      }
    }
  }

  std::vector<std::string> parameters(TSNode params) const {
    std::vector<std::string> out;
    if (ts_node_is_null(params)) return out;
    for (TSNode p : named_children(params)) {
      const std::string_view type = ts_node_type(p);
      if (type == "identifier" || type == "list_splat_pattern" ||
          type == "dictionary_splat_pattern") {
        out.emplace_back(text(p));
      } else if (type == "default_parameter" || type == "typed_default_parameter") {
        out.emplace_back(text(field(p, "name")));
      } else if (type == "typed_parameter") {
        for (TSNode c : named_children(p)) {
          if (has_type(c, "identifier")) {
            out.emplace_back(text(c));
            break;
          }
          if (has_type(c, "list_splat_pattern") || has_type(c, "dictionary_splat_pattern"))
            out.emplace_back(text(c));
        }
      }
    }
    return out;
  }

  // Visits a function body's own nodes: not those of functions and classes defined in it.
  template <class Visit>
  void each_own_node(TSNode n, const Visit& visit) const {
    for (TSNode c : named_children(n)) {
      const std::string_view type = ts_node_type(c);
      if (type == "function_definition" || type == "class_definition" ||
          type == "decorated_definition") {
        TSNode def = type == "decorated_definition" ? field(c, "definition") : c;
        if (!ts_node_is_null(def) && !ts_node_is_null(field(def, "name")))
          names_defined_.push_back(std::string(text(field(def, "name"))));
        continue;
      }
      visit(c);
      each_own_node(c, visit);
    }
  }

  void add_targets(TSNode target, Scope& scope) const {
    const std::string_view type = ts_node_type(target);
    if (type == "identifier") {
      scope.locals.emplace(text(target));
    } else if (type == "pattern_list" || type == "tuple_pattern" || type == "list_pattern" ||
               type == "expression_list" || type == "tuple" || type == "list" ||
               type == "list_splat_pattern") {
      for (TSNode c : named_children(target)) add_targets(c, scope);
    }
  }

  // What the facts of a body depend on that may come after the use: its locals and globals,
  // its imports, the names it assigns calls to, and which of them are started and joined.
  void prepare_scope(TSNode body, Scope& scope) {
    std::map<std::string, Binding> imports;
    names_defined_.clear();
    each_own_node(body, [&](TSNode n) {
      const std::string_view type = ts_node_type(n);
      if (type == "global_statement") {
        for (TSNode c : named_children(n)) scope.globals.emplace(text(c));
      } else if (type == "assignment" || type == "augmented_assignment") {
        note_assignment(n, scope);
      } else if (type == "for_statement" || type == "for_in_clause") {
        note_loop_target(n, scope);
      } else if (type == "as_pattern") {
        note_with_targets(n, scope);
      } else if (type == "import_statement" || type == "import_from_statement") {
        read_import(n, imports);
      } else if (type == "call") {
        note_method_call(n, scope);
      }
    });
    for (const std::string& d : names_defined_) scope.nested.insert(d);
    if (!imports.empty()) scope_imports_[scope.qualified] = std::move(imports);
    // `for w in workers: w.join()`: the items of `workers` are joined.
    for (const auto& [item, container] : scope.loop_over)
      if (scope.joined.count(item)) scope.joined_containers.insert(container);
  }

  // `x = ...`: a local; `t.daemon = True`; what made `x` (a call) or what it aliases.
  void note_assignment(TSNode n, Scope& scope) const {
    TSNode left = field(n, "left");
    add_targets(left, scope);
    TSNode right = field(n, "right");
    if (has_type(left, "attribute") && text(field(left, "attribute")) == "daemon" &&
        has_type(right, "true") && !dotted(field(left, "object")).empty()) {
      scope.daemons.insert(join(dotted(field(left, "object")), 0, 99, '.'));
    }
    if (has_type(left, "identifier") && has_type(right, "call")) {
      scope.made_by[std::string(text(left))] = canonical(dotted(field(right, "function")), &scope);
      scope.instances[std::string(text(left))] = dotted(field(right, "function"));
    }
    if (has_type(left, "identifier") && has_type(right, "identifier"))
      scope.aliases[std::string(text(left))] = text(right);
    if (scope.event.count(root_name(right))) add_event_names(left, scope);
  }

  // `for x in xs`: a local, and the container its items come from.
  void note_loop_target(TSNode n, Scope& scope) const {
    add_targets(field(n, "left"), scope);
    TSNode left = field(n, "left"), right = field(n, "right");
    if (has_type(left, "identifier") && !dotted(right).empty())
      scope.loop_over[std::string(text(left))] = join(dotted(right), 0, 99, '.');
    if (scope.event.count(root_name(right))) add_event_names(left, scope);
  }

  // `with X() as x`: a local, closed on leaving the block, and made by X.
  void note_with_targets(TSNode n, Scope& scope) const {
    std::vector<TSNode> c = named_children(n);
    for (TSNode t : c) {
      if (!has_type(t, "as_pattern_target")) continue;
      for (TSNode target : named_children(t)) {
        add_targets(target, scope);
        if (has_type(target, "identifier")) scope.managed.emplace(text(target));
        // `with socket.socket() as s:`
        if (has_type(target, "identifier") && !c.empty() && has_type(c[0], "call")) {
          scope.made_by[std::string(text(target))] =
              canonical(dotted(field(c[0], "function")), &scope);
        }
      }
    }
  }

  // `x.start()`, `x.join()`, `x.shutdown()`, `xs.append(x)`: what is started, joined, shut
  // down, or kept in a container.
  void note_method_call(TSNode n, Scope& scope) const {
    TSNode fn = field(n, "function");
    if (!has_type(fn, "attribute")) return;
    const std::string_view method = text(field(fn, "attribute"));
    TSNode object = field(fn, "object");
    const std::string receiver = join(dotted(object), 0, 99, '.');
    if (method == "start") {
      scope.any_start = true;
      if (!receiver.empty()) scope.started.insert(receiver);
    } else if (method == "join" && thread_join_arguments(field(n, "arguments")) &&
               !has_type(object, "string")) {
      note_join(object, receiver, scope);
    } else if (method == "shutdown" && !receiver.empty()) {
      scope.shut_down.insert(receiver);
    } else if (kKeeps.count(method) && !receiver.empty()) {
      for (TSNode a : arguments(n))
        if (has_type(a, "identifier")) scope.kept_in[std::string(text(a))].insert(receiver);
    }
  }

  void note_join(TSNode object, const std::string& receiver, Scope& scope) const {
    scope.any_join = true;
    if (!receiver.empty()) scope.joined.insert(receiver);
    // `workers[i].join()`: the items of `workers` are joined.
    if (has_type(object, "subscript") && !dotted(field(object, "value")).empty())
      scope.joined_containers.insert(join(dotted(field(object, "value")), 0, 99, '.'));
  }

  void add_event_names(TSNode target, Scope& scope) const {
    if (has_type(target, "identifier")) {
      scope.event.emplace(text(target));
    } else if (has_type(target, "pattern_list") || has_type(target, "tuple_pattern")) {
      for (TSNode c : named_children(target)) add_event_names(c, scope);
    }
  }

  // Whether a thread bound to `name` is joined: itself, or as an item of a container it was
  // put in (`workers.append(t)` ... `for w in workers: w.join()`).
  bool joined(const std::string& name, const Scope& scope) const {
    if (scope.joined.count(name)) return true;
    auto kept = scope.kept_in.find(name);
    if (kept == scope.kept_in.end()) return false;
    for (const std::string& container : kept->second)
      if (scope.joined_containers.count(container)) return true;
    return false;
  }

  // Thread.join() takes no argument or a timeout; str.join() takes exactly one iterable.
  bool thread_join_arguments(TSNode args) const {
    if (ts_node_is_null(args)) return true;
    std::vector<TSNode> a = named_children(args);
    if (a.empty()) return true;
    if (a.size() != 1) return false;
    return has_type(a[0], "integer") || has_type(a[0], "float") ||
           (has_type(a[0], "keyword_argument") && text(field(a[0], "name")) == "timeout");
  }

  // ---- a body's facts ----

  // Functions and classes defined in a body have facts of their own.
  static bool skips(TSNode n) {
    return has_type(n, "function_definition") || has_type(n, "class_definition") ||
           has_type(n, "decorated_definition");
  }

  std::optional<CodeLoop> loop_at(TSNode c, const Scope& scope) const {
    const std::string_view type = ts_node_type(c);
    if (type != "while_statement" && type != "for_statement") return std::nullopt;
    CodeLoop loop;
    loop.kind = type == "while_statement" ? "while" : "for";
    TSNode keyword = ts_node_child(c, 0);
    if (has_type(keyword, "async")) keyword = ts_node_child(c, 1);
    loop.keyword = range(keyword);
    if (type == "while_statement") {
      loop.condition_always_true = always_true(field(c, "condition"));
    } else {
      TSNode right = field(c, "right");
      loop.condition_always_true =
          has_type(right, "call") &&
          canonical(dotted(field(right, "function")), &scope) == "itertools.count";
      loop.over_event = scope.event.count(root_name(right)) > 0;
    }
    loop.has_exit = leaves(field(c, "body"), true, scope);
    return loop;
  }

  bool always_true(TSNode cond) const {
    while (has_type(cond, "parenthesized_expression")) {
      std::vector<TSNode> c = named_children(cond);
      if (c.size() != 1) return false;
      cond = c[0];
    }
    if (has_type(cond, "true")) return true;
    if (has_type(cond, "integer")) {
      const std::string_view t = text(cond);
      return t.find_first_not_of("0_xXoObB") != std::string_view::npos;
    }
    return false;
  }

  // Whether `n` holds a statement that leaves the loop whose body it is: return, raise, a
  // yield (a generator's caller decides when it ends), sys.exit(), or a break not owned by a
  // nested loop.
  bool leaves(TSNode n, bool break_leaves, const Scope& scope) const {
    if (ts_node_is_null(n)) return false;
    const std::string_view type = ts_node_type(n);
    if (type == "return_statement" || type == "raise_statement" || type == "yield") return true;
    if (type == "break_statement") return break_leaves;
    if (type == "function_definition" || type == "class_definition" || type == "lambda" ||
        type == "decorated_definition") {
      return false;
    }
    if (type == "call" && kExits.count(canonical(dotted(field(n, "function")), &scope)))
      return true;
    const bool nested = type == "while_statement" || type == "for_statement";
    for (TSNode c : named_children(n)) {
      // A nested loop's `else` runs when it ends without break: its break is the outer's.
      if (nested && has_type(c, "else_clause")) {
        if (leaves(c, break_leaves, scope)) return true;
        continue;
      }
      if (leaves(c, break_leaves && !nested, scope)) return true;
    }
    return false;
  }

  bool is_local(const Scope& scope, const std::string& name) const {
    return scope.locals.count(name) && !scope.globals.count(name);
  }

  // A module-level container the body changes in place, through `root` (`CACHE`,
  // `CACHE[k]`, `CACHE[k].items`).
  const ModuleName* module_container(TSNode n, const Scope& scope, std::string& name) const {
    while (has_type(n, "subscript") || has_type(n, "attribute")) {
      n = has_type(n, "subscript") ? field(n, "value") : field(n, "object");
    }
    if (!has_type(n, "identifier")) return nullptr;
    name = text(n);
    if (is_local(scope, name)) {
      // `by_id = CACHE` ... `by_id[k] = v`: a local name for the module-level container.
      auto alias = scope.aliases.find(name);
      if (alias == scope.aliases.end() || is_local(scope, alias->second)) return nullptr;
      name = alias->second;
    }
    auto it = module_names_.find(name);
    return it != module_names_.end() && it->second.container ? &it->second : nullptr;
  }

  SourceRange declared_at(const std::string& name, TSNode fallback) const {
    auto it = module_names_.find(name);
    return it != module_names_.end() ? it->second.declared : range(fallback);
  }

  void visit(TSNode n, size_t fi, Scope& scope, std::vector<size_t>& loops) {
    const std::string_view type = ts_node_type(n);
    if (type == "identifier" || type == "attribute") {
      note_reads(n, fi, loops);
      return;
    }
    if (type == "assignment" || type == "augmented_assignment") {
      assignment(n, fi, scope);
      return;
    }
    if (type == "delete_statement") {
      for (TSNode target : named_children(n)) {
        std::vector<TSNode> targets =
            has_type(target, "expression_list") ? named_children(target) : std::vector{target};
        for (TSNode t : targets) {
          std::string name;
          if (has_type(t, "subscript")) {
            if (const ModuleName* m = module_container(field(t, "value"), scope, name))
              add_mutation(fi, n, name, "del", m->declared);
          } else if (has_type(t, "identifier") && scope.globals.count(std::string(text(t)))) {
            name = text(t);
            add_mutation(fi, n, name, "del", declared_at(name, n));
          }
        }
      }
      return;
    }
    if (type == "call") call(n, fi, scope, loops);
  }

  void note_reads(TSNode n, size_t fi, const std::vector<size_t>& loops) {
    TSNode name = has_type(n, "attribute") ? field(n, "attribute") : n;
    const std::string_view t = text(name);
    if (t == "get_remaining_time_in_millis" || t == "deadline") add_deadline_read(fi, loops);
  }

  void assignment(TSNode n, size_t fi, Scope& scope) {
    TSNode left = field(n, "left");
    TSNode right = field(n, "right");
    const bool augmented = has_type(n, "augmented_assignment");
    std::string name;
    if (has_type(left, "subscript")) {
      // `if not keys: keys = {}; keys[kid] = pem`: filled once, then read.
      const ModuleName* m = module_container(field(left, "value"), scope, name);
      if (m && !lazy_init(n, name)) {
        add_mutation(fi, n, name,
                     augmented ? "item `" + std::string(text(field(n, "operator"))) + "`"
                               : "item assignment",
                     m->declared);
      }
    } else if (has_type(left, "identifier") && scope.globals.count(std::string(text(left)))) {
      name = text(left);
      // `global client; client = boto3.client("s3")` (or `...resource("dynamodb").Table(t)`),
      // and `if cache is None: cache = load()`: made once, then reused.
      if (!augmented && (makes_client(right, scope) || lazy_init(n, name) || is_flag(right)))
        return;
      add_mutation(fi, n, name,
                   augmented ? "`" + std::string(text(field(n, "operator"))) + "`" : "assignment",
                   declared_at(name, n));
    }
  }

  // "client" / "connection" for a call that makes an AWS SDK client or a database
  // connection; nullptr otherwise.
  const char* client_kind(TSNode call, const Scope& scope) const {
    TSNode fn = field(call, "function");
    const std::string name = canonical(dotted(fn), &scope);
    if (name == "boto3.client" || name == "boto3.resource") return "client";
    if (kConnections.count(name)) return "connection";
    if (has_type(fn, "attribute")) {
      const std::string_view method = text(field(fn, "attribute"));
      if (method != "client" && method != "resource") return nullptr;
      TSNode object = field(fn, "object");
      if (has_type(object, "call") &&
          kSessions.count(canonical(dotted(field(object, "function")), &scope)))
        return "client";
      std::vector<std::string> d = dotted(object);
      if (d.size() == 1 && kSessions.count(made_by(d[0], scope))) return "client";
    }
    return nullptr;
  }

  // A client construction, or a call on one (`boto3.resource("dynamodb").Table(name)`).
  bool makes_client(TSNode n, const Scope& scope) const {
    while (has_type(n, "call") || has_type(n, "attribute")) {
      if (has_type(n, "call") && client_kind(n, scope)) return true;
      n = has_type(n, "call") ? field(n, "function") : field(n, "object");
    }
    return false;
  }

  // ---- init-once guards (CodeWalk's hooks) ----

  static TSNode bare(TSNode n) { return n; }

  // The guards below look no further out than the function they are in.
  static bool ends_scope(TSNode n) { return has_type(n, "function_definition"); }
  static bool ends_lazy_scope(TSNode n) { return ends_scope(n); }

  // `if not ready:` / `if is_cold_start:` -> the flag's name.
  std::optional<std::string> once_flag(TSNode if_statement) const {
    TSNode cond = field(if_statement, "condition");
    if (has_type(cond, "not_operator") && named_children(cond).size() == 1)
      cond = named_children(cond)[0];
    if (!has_type(cond, "identifier")) return std::nullopt;
    return std::string(text(cond));
  }

  // `if not name:`, `if name is None:`.
  bool tests_unset(TSNode if_statement, const std::string& name) const {
    TSNode cond = field(if_statement, "condition");
    std::vector<TSNode> c = named_children(cond);
    if (has_type(cond, "not_operator") && c.size() == 1 && has_type(c[0], "identifier") &&
        text(c[0]) == name) {
      return true;
    }
    return has_type(cond, "comparison_operator") && c.size() == 2 && text(c[0]) == name &&
           has_type(c[1], "none");
  }

  // `_initialised = True`: a flag (True, False or None) set the same way by every invocation.
  static bool is_flag(TSNode value) {
    return has_type(value, "true") || has_type(value, "false") || has_type(value, "none");
  }

  // `if name: return name` (or `if name is not None:` / `raise`): what follows runs only
  // while the name is unset.
  bool guards_set(TSNode statement, const std::string& name) const {
    return has_type(statement, "if_statement") && tests_set(field(statement, "condition"), name) &&
           ends_function(field(statement, "consequence"));
  }

  // `name`, `name is not None`.
  bool tests_set(TSNode cond, const std::string& name) const {
    if (has_type(cond, "identifier")) return text(cond) == name;
    std::vector<TSNode> c = named_children(cond);
    return has_type(cond, "comparison_operator") && c.size() == 2 && text(c[0]) == name &&
           has_type(c[1], "none") && text(cond).find(" not ") != std::string_view::npos;
  }

  bool ends_function(TSNode block) const {
    for (TSNode s : named_children(block))
      if (has_type(s, "return_statement") || has_type(s, "raise_statement")) return true;
    return false;
  }

  // The call a name was assigned from, in this body or at module level.
  std::string made_by(const std::string& name, const Scope& scope) const {
    auto local = scope.made_by.find(name);
    if (local != scope.made_by.end()) return local->second;
    if (is_local(scope, name)) return "";
    auto m = module_names_.find(name);
    return m == module_names_.end() ? "" : m->second.made_by;
  }

  std::vector<TSNode> arguments(TSNode call) const {
    TSNode args = field(call, "arguments");
    return has_type(args, "argument_list") ? named_children(args) : std::vector<TSNode>{};
  }

  // The argument at `position` or by keyword `name`.
  TSNode argument(TSNode call, size_t position, std::string_view name) const {
    size_t i = 0;
    for (TSNode a : arguments(call)) {
      if (has_type(a, "keyword_argument")) {
        if (text(field(a, "name")) == name) return field(a, "value");
      } else if (!has_type(a, "list_splat") && !has_type(a, "dictionary_splat")) {
        if (i++ == position) return a;
      }
    }
    return TSNode{};
  }

  static bool writes(const std::string& mode) {
    return mode.find_first_of("wax+") != std::string::npos;
  }

  // What the statement holding `call` assigns it to (`t = Thread(...)`), as written.
  std::string assigned_name(TSNode call) const {
    TSNode parent = ts_node_parent(call);
    if (!has_type(parent, "assignment")) return "";
    std::vector<std::string> d = dotted(field(parent, "left"));
    return d.empty() ? "" : join(d, 0, 99, '.');
  }

  // The class an object was made of, as written: `svc` of `svc = Service()` (here or at module
  // level), `Service()` itself, `self.client` of `self.client = Client()` in a method.
  std::vector<std::string> class_of(TSNode object, const Scope& scope) const {
    if (has_type(object, "call")) return dotted(field(object, "function"));
    std::vector<std::string> d = dotted(object);
    if (d.size() == 1) {
      auto local = scope.instances.find(d[0]);
      if (local != scope.instances.end()) return local->second;
      if (is_local(scope, d[0])) return {};
      auto m = module_names_.find(d[0]);
      return m != module_names_.end() ? m->second.made_of : std::vector<std::string>{};
    }
    if (d.size() == 2 && d[0] == "self" && !scope.class_name.empty()) {
      auto cls = members_.find(scope.class_name);
      if (cls == members_.end()) return {};
      auto member = cls->second.find(d[1]);
      if (member != cls->second.end()) return member->second;
    }
    return {};
  }

  // A method called on an object whose class is known: `Service().run()`, `svc.run()`,
  // `self.client.run()`.
  void method_edges(TSNode object, std::string_view method, size_t fi, Scope& scope) {
    std::vector<std::string> cls = class_of(object, scope);
    if (cls.empty()) return;
    cls.emplace_back(method);
    add_calls(fi, scope.called, resolve(cls, nullptr));
  }

  // A call as the checks below read it.
  struct Call {
    TSNode node;
    TSNode fn;                       // what is called
    std::vector<std::string> parts;  // `fn` as written: {"boto3", "client"}
    std::string name;                // `fn` through imports: "boto3.client"
    std::string_view method;         // `x.m(...)`: "m"; else empty
    TSNode object;                   // `x.m(...)`: x; else null
  };

  Call read_call(TSNode n, const Scope& scope) const {
    Call c{n, field(n, "function"), {}, {}, {}, TSNode{}};
    c.parts = dotted(c.fn);
    c.name = canonical(c.parts, &scope);
    if (has_type(c.fn, "attribute")) {
      c.method = text(field(c.fn, "attribute"));
      c.object = field(c.fn, "object");
    }
    return c;
  }

  void call(TSNode n, size_t fi, Scope& scope, std::vector<size_t>& loops) {
    const Call c = read_call(n, scope);
    call_edges(c, fi, scope);
    call_sleep(c, fi, scope, loops);
    if (!c.method.empty()) method_edges(c.object, c.method, fi, scope);
    dropped_future(c, fi, scope);
    container_mutation(c, fi, scope);
    file_write(c, fi, scope);
    thread_start(c, fi, scope);
    server_call(c, fi, scope);
    client_call(c, fi, scope);
  }

  // Calls, and functions passed on (`Thread(target=work)`, `executor.submit(work)`).
  void call_edges(const Call& c, size_t fi, Scope& scope) {
    auto edge = [&](const std::vector<std::string>& p) {
      add_calls(fi, scope.called, resolve(p, &scope));
    };
    edge(c.parts);
    for (TSNode a : arguments(c.node)) {
      TSNode v = has_type(a, "keyword_argument") ? field(a, "value") : a;
      if (has_type(v, "identifier") || has_type(v, "attribute")) edge(dotted(v));
    }
  }

  // A sleep, or a call of a module-level function that sleeps.
  void call_sleep(const Call& c, size_t fi, const Scope& scope, std::vector<size_t>& loops) {
    if (kSleeps.count(c.name)) {
      add_sleep(fi, c.node, loops, c.name);
    } else if (auto helper = sleepers_.find(c.name);
               helper != sleepers_.end() && c.parts.size() == 1 && !is_local(scope, c.name)) {
      add_sleep(fi, c.node, loops, c.name + "() (which calls " + helper->second + ")");
    }
  }

  // Work handed to a thread pool that nobody waits for: the future is dropped, the pool is
  // not a `with` block's and is not shut down.
  void dropped_future(const Call& c, size_t fi, const Scope& scope) {
    if ((c.method != "submit" && c.method != "map") ||
        !has_type(ts_node_parent(c.node), "expression_statement"))
      return;
    std::vector<std::string> receiver = dotted(c.object);
    const std::string shown = join(receiver, 0, 99, '.');
    if (receiver.size() == 1 && kExecutors.count(made_by(receiver[0], scope)) &&
        !scope.managed.count(shown) && !scope.shut_down.count(shown)) {
      function(fi).threads.push_back({range(c.node), shown + "." + std::string(c.method),
                                      "never waited for (its future is dropped)"});
    }
  }

  // Module-level containers changed in place.
  void container_mutation(const Call& c, size_t fi, const Scope& scope) {
    if (!kMutators.count(c.method)) return;
    std::string changed;
    if (const ModuleName* m = module_container(c.object, scope, changed))
      add_mutation(fi, c.node, changed, "call to " + std::string(c.method) + "()", m->declared);
  }

  // Inside the quotes of a path's literal, where a fix writes another path.
  std::optional<ValueSlot> path_slot(TSNode literal, const std::string& path) const {
    return string_contents_slot(range(literal), text(literal), path);
  }

  // Files opened for writing: `open(path, "w")`, `Path(path).write_text(...)`.
  void file_write(const Call& c, size_t fi, const Scope& scope) {
    CodeFunction& f = function(fi);
    if (kOpens.count(c.name)) {
      TSNode path_node = argument(c.node, 0, "file");
      std::optional<std::string> path = literal(path_node);
      std::optional<std::string> mode = literal(argument(c.node, 1, "mode"));
      if (path && mode && writes(*mode)) {
        f.file_writes.push_back({range(c.node), c.name, *path, path_slot(path_node, *path)});
      }
    } else if (kPathWrites.count(c.method) && has_type(c.object, "call") &&
               kPaths.count(canonical(dotted(field(c.object, "function")), &scope))) {
      TSNode path_node = argument(c.object, 0, "");
      std::optional<std::string> path = literal(path_node);
      bool writing = c.method != "open";
      if (c.method == "open") {
        std::optional<std::string> mode = literal(argument(c.node, 0, "mode"));
        writing = mode && writes(*mode);
      }
      if (path && writing)
        f.file_writes.push_back({range(c.node), "pathlib.Path." + std::string(c.method), *path,
                                 path_slot(path_node, *path)});
    }
  }

  // A thread started here or later, and whether it is joined.
  void thread_start(const Call& c, size_t fi, const Scope& scope) {
    if (!kThreads.count(c.name)) return;
    TSNode daemon = argument(c.node, 99, "daemon");
    const std::string assigned = assigned_name(c.node);
    const TSNode parent = ts_node_parent(c.node);
    const bool started_here =
        has_type(parent, "attribute") && text(field(parent, "attribute")) == "start";
    bool started = started_here, joined = false;
    if (!assigned.empty()) {
      started = started || scope.started.count(assigned);
      joined = this->joined(assigned, scope);
    } else if (!started_here) {  // kept in a list or passed on: any start/join counts
      started = scope.any_start;
      joined = scope.any_join;
    }
    if (!started) return;
    const bool is_daemon = has_type(daemon, "true") || scope.daemons.count(assigned);
    std::string outlives = joined ? "" : is_daemon ? "never joined (daemon=True)" : "never joined";
    function(fi).threads.push_back({range(c.node), c.name, std::move(outlives)});
  }

  // Servers: a known serving call, or `app.run()` of a Flask app, `s.listen()` of a socket,
  // `serve_forever()`.
  void server_call(const Call& c, size_t fi, const Scope& scope) {
    CodeFunction& f = function(fi);
    if (kServers.count(c.name)) {
      f.server_calls.push_back({range(c.node), c.name});
      return;
    }
    if (c.method.empty()) return;
    std::vector<std::string> receiver = dotted(c.object);
    const bool made_here = has_type(c.object, "call");
    const std::string maker = receiver.size() == 1 ? made_by(receiver[0], scope)
                              : made_here ? canonical(dotted(field(c.object, "function")), &scope)
                                          : "";
    const bool server =
        (c.method == "run" && maker == "flask.Flask") ||
        ((c.method == "listen" || c.method == "bind") && maker == "socket.socket") ||
        c.method == "serve_forever";
    if (!server) return;
    std::string shown = !receiver.empty() ? join(receiver, 0, 99, '.') + "."
                        : made_here ? std::string(text(field(c.object, "function"))) + "(...)."
                                    : std::string();
    shown += c.method;
    f.server_calls.push_back({range(c.node), std::move(shown)});
  }

  // Clients and connections, and whether they are made once per execution environment.
  void client_call(const Call& c, size_t fi, const Scope& scope) {
    const char* kind = client_kind(c.node, scope);
    if (!kind) return;
    const bool is_client = std::string_view(kind) == "client";
    std::string type = !is_client ? c.name
                       : c.name == "boto3.client" || c.name == "boto3.resource"
                           ? c.name
                           : std::string(text(c.fn));
    if (is_client) {
      if (std::optional<std::string> service = literal(argument(c.node, 0, "service_name")))
        type += "('" + *service + "')";
    }
    TSNode statement = c.node;
    while (has_type(ts_node_parent(statement), "attribute") ||
           has_type(ts_node_parent(statement), "call")) {
      statement = ts_node_parent(statement);
    }
    std::string assigned = assigned_name(statement);
    const bool once = scope.cached || (!assigned.empty() && scope.globals.count(assigned));
    add_client(fi, c.node, std::move(type), once, kind,
               once ? std::nullopt : hoisted(statement, assigned, scope));
  }

  // `s3 = boto3.client("s3")` moved to module level: a statement of a module-level function's
  // body that binds a name no other statement binds and no module-level one has, its value
  // using none of the function's own names, nor await/yield, and another statement left.
  std::optional<Hoist> hoisted(TSNode value, const std::string& assigned,
                               const Scope& scope) const {
    TSNode assignment = ts_node_parent(value);
    TSNode statement = ts_node_parent(assignment);
    if (ts_node_is_null(scope.anchor) || !has_type(assignment, "assignment") ||
        !ts_node_eq(field(assignment, "right"), value) ||
        !has_type(field(assignment, "left"), "identifier") ||
        !has_type(statement, "expression_statement") ||
        !ts_node_eq(ts_node_parent(statement), scope.body) ||
        ts_node_named_child_count(statement) != 1)
      return std::nullopt;
    size_t statements = 0;
    for (TSNode s : named_children(scope.body)) statements += has_type(s, "comment") ? 0 : 1;
    auto imports = scope_imports_.find(scope.qualified);
    const bool local_import = imports != scope_imports_.end() && imports->second.count(assigned);
    if (statements < 2 || binds(scope.body, assigned) != 1 || module_names_.count(assigned) ||
        module_defs_.count(assigned) || module_imports_.count(assigned) || local_import ||
        !free_of_locals(value, scope))
      return std::nullopt;
    return hoist(statement, scope.anchor, "\n\n", "#");
  }

  // How many assignments in `n` bind `name` (nested functions included: a stricter count).
  size_t binds(TSNode n, const std::string& name) const {
    size_t count = 0;
    for (TSNode c : named_children(n)) {
      if ((has_type(c, "assignment") || has_type(c, "augmented_assignment")) &&
          names(field(c, "left"), name))
        ++count;
      count += binds(c, name);
    }
    return count;
  }

  // Whether the target `n` (`x`, `x, y`, `[x, *y]`) binds `name`.
  bool names(TSNode n, const std::string& name) const {
    if (has_type(n, "identifier")) return text(n) == name;
    if (has_type(n, "attribute") || has_type(n, "subscript")) return false;
    for (TSNode c : named_children(n))
      if (names(c, name)) return true;
    return false;
  }

  // Whether `value` reads none of the function's parameters, locals, imports or nested
  // definitions and neither awaits nor yields.
  bool free_of_locals(TSNode value, const Scope& scope) const {
    auto imports = scope_imports_.find(scope.qualified);
    for (TSNode c : named_children(value)) {
      const std::string_view type = ts_node_type(c);
      if (type == "await" || type == "yield" || type == "lambda") return false;
      const TSNode parent = ts_node_parent(c);
      const bool named_here =
          (has_type(parent, "attribute") && ts_node_eq(field(parent, "attribute"), c)) ||
          (has_type(parent, "keyword_argument") && ts_node_eq(field(parent, "name"), c));
      if (type == "identifier" && !named_here) {
        const std::string name(text(c));
        if (scope.locals.count(name) || scope.nested.count(name) ||
            (imports != scope_imports_.end() && imports->second.count(name)))
          return false;
      }
      if (!free_of_locals(c, scope)) return false;
    }
    return true;
  }

  std::vector<std::string> dir_parts_;
  std::map<std::string, Binding> module_imports_;
  std::map<std::string, std::map<std::string, Binding>> scope_imports_;
  std::map<std::string, bool> module_defs_;  // name -> is a class
  std::map<std::string, ModuleName> module_names_;
  // class -> attribute -> the class of the object a method assigns to it (`self.x = X()`)
  std::map<std::string, std::map<std::string, std::vector<std::string>>> members_;
  std::map<std::string, std::string> sleepers_;  // module-level function -> the sleep it calls
  std::vector<const Scope*> scope_chain_;
  mutable std::vector<std::string> names_defined_;
};

}  // namespace

bool is_python_source(std::string_view path) {
  return path.size() > 3 && path.substr(path.size() - 3) == ".py";
}

std::string python_usr(const std::string& file, const std::string& qualified_name) {
  return code_usr("py", file, qualified_name);
}

std::string handler_usr(const std::string& code_dir, const std::string& handler) {
  const size_t dot = handler.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == handler.size()) return "";
  std::string module = handler.substr(0, dot);
  std::replace(module.begin(), module.end(), '.', '/');
  // A code directory that is one file (Terraform's archive_file source_file) holds it.
  std::filesystem::path dir(code_dir);
  if (is_python_source(code_dir)) dir = dir.parent_path();
  return python_usr((dir / (module + ".py")).string(), handler.substr(dot + 1));
}

FileFacts parse_python(const std::string& path, std::string_view text, const ParseLimits& limits) {
  return Collector(path, text, limits).run();
}

std::vector<Suppression> python_suppressions(const std::string& path, std::string_view text) {
  return comment_suppressions(path, text, {"#"}, {});
}

}  // namespace rightfit::python
