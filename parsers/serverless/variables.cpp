#include "parsers/serverless/variables.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "parsers/deep_stack.h"

namespace rightfit::sls {

namespace {

using doc::Entry;
using doc::Node;

// The text of a value that could not be resolved: kMark, the reason, kPartial, the text with
// each unknown part written as `*` (an ARN whose region is unknown still names its queue).
constexpr char kMark = '\x01';
constexpr char kPartial = '\x02';
constexpr int kMaxDepth = 32;           // variables resolving through variables
constexpr std::size_t kMaxFiles = 256;  // distinct files `${file(...)}` may read

// Where the nodes being copied are shown: an included file's at the `${file(...)}` that
// includes it (the line of the analysed file a user can see and suppress on).
struct Origin {
  std::optional<Span> site;
  std::string file;  // the file the nodes come from, for messages ("" = the serverless file)
};

struct Outcome {
  enum class Kind { Node, Text, Missing, Unknown };
  Kind kind = Kind::Unknown;
  const Node* node = nullptr;  // Kind::Node: an original node, to be resolved
  Origin origin;
  std::string text;  // Kind::Text
  bool quoted = false;
  std::string why;  // Missing / Unknown

  static Outcome missing(std::string why) {
    return {Kind::Missing, nullptr, {}, {}, false, std::move(why)};
  }
  static Outcome unknown(std::string why) {
    return {Kind::Unknown, nullptr, {}, {}, false, std::move(why)};
  }
  static Outcome literal(std::string text, bool quoted) {
    return {Kind::Text, nullptr, {}, std::move(text), quoted, {}};
  }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Whether `${content}` is a Serverless variable (`source:address`, `file(...)`) rather than
// text for CloudFormation's Fn::Sub (`${AWS::Region}`, `${Bucket.Arn}`), which stays as is.
bool is_variable(std::string_view content) {
  content = trim(content);
  std::size_t i = 0;
  while (i < content.size() &&
         (std::isalnum(static_cast<unsigned char>(content[i])) || content[i] == '_'))
    ++i;
  if (i == 0 || !std::isalpha(static_cast<unsigned char>(content[0]))) return false;
  if (i < content.size() && content[i] == '(') return content.substr(0, i) == "file";
  return i < content.size() && content[i] == ':' &&
         (i + 1 >= content.size() || content[i + 1] != ':');
}

// The index of the '}' closing the `${` at `open`, counting nested `${`; npos if none.
std::size_t closing_brace(std::string_view s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    if (s.compare(i, 2, "${") == 0) {
      ++depth;
      ++i;
    } else if (s[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Splits on the commas outside quotes and parentheses.
std::vector<std::string_view> split_candidates(std::string_view s) {
  std::vector<std::string_view> out;
  int parens = 0;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++parens;
    } else if (c == ')') {
      --parens;
    } else if (c == ',' && parens == 0) {
      out.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(trim(s.substr(start)));
  return out;
}

bool is_plain_literal(std::string_view s) {
  if (s == "true" || s == "false" || s == "null") return true;
  if (s.empty()) return false;
  return s.find_first_not_of("0123456789.-+eE") == std::string_view::npos &&
         std::isdigit(static_cast<unsigned char>(s.back()));
}

bool is_marked(const Node& n) { return n.is_scalar() && !n.text.empty() && n.text[0] == kMark; }

std::string reason_of(const Node& n) {
  std::size_t end = n.text.find(kPartial);
  return n.text.substr(1, end == std::string::npos ? std::string::npos : end - 1);
}

std::string partial_of(const Node& n) {
  std::size_t at = n.text.find(kPartial);
  return at == std::string::npos ? "*" : n.text.substr(at + 1);
}

Node marked(const std::string& why, const Span& where, const std::string& partial = "*") {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.style = Node::Style::Quoted;
  n.text = kMark + why + kPartial + partial;
  n.span = where;
  return n;
}

// Why a source's value is known only when deploying.
std::string deploy_time_reason(std::string_view source, std::string_view expression) {
  std::string what;
  if (source == "ssm") {
    what = "it is read from SSM Parameter Store when deploying";
  } else if (source == "cf") {
    what = "it is an output of another stack";
  } else if (source == "s3") {
    what = "it is read from S3 when deploying";
  } else if (source == "aws") {
    what = "it depends on the AWS account or region deployed to";
  } else if (source == "param") {
    what = "it is a parameter of the Serverless Dashboard";
  } else if (source == "construct") {
    what = "it is created by a Lift construct";
  } else if (source == "sls") {
    what = "it is known only when deploying";
  } else {
    what = "variable source '" + std::string(source) + "' is resolved only when deploying";
  }
  return what + " (${" + std::string(expression) + "})";
}

class Resolver {
 public:
  Resolver(const Node& root, const VariableContext& context)
      : root_(root), context_(context), deadline_(context.limits.deadline()) {}

  ResolvedDocument run() {
    ResolvedDocument out;
    Node resolved = resolve(root_, Origin{}, 0);
    if (error_) {
      out.error = error_;
      return out;
    }
    out.root = std::make_unique<Node>(std::move(resolved));
    collect_unresolved(*out.root, out.unresolved);
    return out;
  }

 private:
  // Counts a produced node against the limits; false once one is exceeded.
  bool spend() {
    if (error_) return false;
    if (++nodes_ > context_.limits.max_yaml_nodes) {
      error_ = "stopped at " + std::string(kMaxYamlNodesKey) +
               ": its variables expand to more than " +
               std::to_string(context_.limits.max_yaml_nodes) + " nodes; " +
               limit_hint(kMaxYamlNodesKey);
      return false;
    }
    if ((nodes_ & 255) == 0 && deadline_.passed()) {
      error_ = "stopped at " + std::string(kParseTimeoutKey) + ": resolving its variables took " +
               "too long; " + limit_hint(kParseTimeoutKey);
      return false;
    }
    return true;
  }

  static Span shown(const Node& n, const Origin& o) { return o.site ? *o.site : n.span; }

  // A whole-value variable: the scalar is exactly one `${...}`.
  static bool whole_variable(const Node& n) {
    if (!n.is_scalar() || n.text.size() < 4 || n.text.compare(0, 2, "${") != 0) return false;
    return closing_brace(n.text, 0) == n.text.size() - 1 &&
           is_variable(std::string_view(n.text).substr(2, n.text.size() - 3));
  }

  // Nesting of the resolved document (a variable inserts its target's depth): bounded like a
  // document's, so hostile input cannot exhaust the stack.
  struct Nesting {
    explicit Nesting(std::size_t& level) : level_(level) { ++level_; }
    ~Nesting() { --level_; }
    std::size_t& level_;
  };

  Node resolve(const Node& n, const Origin& o, int depth) {
    Nesting nesting(level_);
    note_nesting_limit();
    if (!spend()) return Node{};
    if (n.is_scalar()) {
      if (n.text.find("${") != std::string::npos && !is_marked(n))
        return resolve_scalar(n, o, depth);
      Node out = n;
      out.span = shown(n, o);
      return out;
    }
    Node out;
    out.kind = n.kind;
    out.style = n.style;
    out.span = shown(n, o);
    if (n.is_sequence()) {
      out.items.reserve(n.items.size());
      for (const Node& item : n.items) out.items.push_back(resolve(item, o, depth));
    } else if (n.is_mapping()) {
      // The entries are resolved here, not in a helper: one stack frame per nesting level, not
      // two (a document may nest up to the limit; ServerlessVariables.NestingIsBounded overflowed
      // the stack of the ASan build with two).
      std::vector<Entry> merged;
      out.entries.reserve(n.entries.size());
      for (const Entry& e : n.entries) {
        Entry r = resolved_entry(e, resolve(e.value, o, depth), o);
        if (is_merge_key(e.key)) {
          take_merged_entries(r.value, merged);
          continue;
        }
        out.entries.push_back(std::move(r));
      }
      append_merged(out.entries, std::move(merged));
    }
    return out;
  }

  // The first time values nest deeper than the limit: the error that stops the analysis.
  void note_nesting_limit() {
    if (level_ <= std::min(context_.limits.max_nesting_depth, kMaxNestingDepthCeiling) || error_)
      return;
    error_ = "stopped at " + std::string(kMaxNestingDepthKey) +
             ": its variables nest values more than " +
             std::to_string(context_.limits.max_nesting_depth) + " levels deep; " +
             limit_hint(kMaxNestingDepthKey);
  }

  // An entry whose value is resolved: a whole-value variable moves the setting's position to
  // where the value is written.
  Entry resolved_entry(const Entry& e, Node value, const Origin& o) const {
    Entry r;
    r.key = e.key;
    r.key.span = shown(e.key, o);
    r.value = std::move(value);
    if (whole_variable(e.value) && r.value.is_scalar() && r.value.span != shown(e.value, o)) {
      r.key.span = r.value.span;  // the value is written elsewhere: so is the setting
    }
    return r;
  }

  // YAML merge keys: `<<: *defaults`.
  static bool is_merge_key(const Node& key) {
    return key.is_scalar() && key.text == "<<" && key.style == Node::Style::Plain;
  }

  // The entries a merge key's value brings: a mapping's, or those of each mapping it lists.
  static void take_merged_entries(Node& value, std::vector<Entry>& merged) {
    if (value.is_mapping()) {
      for (Entry& m : value.entries) merged.push_back(std::move(m));
    } else if (value.is_sequence()) {
      for (Node& item : value.items) {
        for (Entry& m : item.entries) merged.push_back(std::move(m));
      }
    }
  }

  // Merged entries come after the mapping's own, each key once (its own and the first win).
  static void append_merged(std::vector<Entry>& entries, std::vector<Entry> merged) {
    if (merged.empty()) return;
    std::set<std::string> own;
    for (const Entry& e : entries) own.insert(e.key.text);
    std::vector<Entry> all;
    all.reserve(entries.size() + merged.size());
    for (Entry& e : entries) all.push_back(std::move(e));
    for (Entry& m : merged) {
      if (own.insert(m.key.text).second) all.push_back(std::move(m));
    }
    entries = std::move(all);
  }

  Node resolve_scalar(const Node& n, const Origin& o, int depth) {
    const Span here = shown(n, o);
    if (depth > kMaxDepth) {
      return marked("its variables nest more than " + std::to_string(kMaxDepth) + " levels deep",
                    here);
    }
    if (whole_variable(n)) {
      Outcome r = evaluate(std::string_view(n.text).substr(2, n.text.size() - 3), o, here, depth);
      return materialize(r, here, depth);
    }
    // Variables inside text.
    std::string text, partial, why;
    const std::string& s = n.text;
    for (std::size_t i = 0; i < s.size();) {
      std::size_t open = s.find("${", i);
      if (open == std::string::npos) {
        text += s.substr(i);
        partial += s.substr(i);
        break;
      }
      text += s.substr(i, open - i);
      partial += s.substr(i, open - i);
      std::size_t close = closing_brace(s, open);
      if (close == std::string::npos) {
        text += s.substr(open);
        partial += s.substr(open);
        break;
      }
      std::string_view content = std::string_view(s).substr(open + 2, close - open - 2);
      if (!is_variable(content)) {
        text += s.substr(open, close + 1 - open);
        partial += s.substr(open, close + 1 - open);
        i = close + 1;
        continue;
      }
      Node piece = materialize(evaluate(content, o, here, depth), here, depth);
      if (is_marked(piece)) {
        if (why.empty()) why = reason_of(piece);
        partial += "*";
      } else if (!piece.is_scalar()) {
        if (why.empty()) why = "${" + std::string(content) + "} is a list or mapping inside text";
        partial += "*";
      } else {
        text += piece.text;
        partial += piece.text;
      }
      i = close + 1;
    }
    if (!why.empty()) return marked(why, here, partial);
    Node out;
    out.kind = Node::Kind::Scalar;
    out.style = Node::Style::Quoted;
    out.text = std::move(text);
    out.span = here;
    return out;
  }

  // The value an outcome stands for, resolved.
  Node materialize(const Outcome& r, const Span& here, int depth) {
    switch (r.kind) {
      case Outcome::Kind::Node: {
        if (!in_progress_.insert(r.node).second) {
          return marked("its variables refer to each other in a cycle", here);
        }
        Node out = resolve(*r.node, r.origin, depth + 1);
        in_progress_.erase(r.node);
        return out;
      }
      case Outcome::Kind::Text: {
        Node out;
        out.kind = Node::Kind::Scalar;
        out.style = r.quoted ? Node::Style::Quoted : Node::Style::Plain;
        out.text = r.text;
        out.span = here;
        return out;
      }
      default:
        return marked(r.why, here);
    }
  }

  // `content` is what stands between `${` and `}`.
  Outcome evaluate(std::string_view content, const Origin& o, const Span& here, int depth) {
    if (depth > kMaxDepth) {
      return Outcome::unknown("its variables nest more than " + std::to_string(kMaxDepth) +
                              " levels deep");
    }
    // Nested variables first: `${self:custom.${opt:stage, 'dev'}.timeout}`.
    std::string expanded;
    for (std::size_t i = 0; i < content.size();) {
      std::size_t open = content.find("${", i);
      if (open == std::string_view::npos) {
        expanded += content.substr(i);
        break;
      }
      expanded += content.substr(i, open - i);
      std::size_t close = closing_brace(content, open);
      if (close == std::string_view::npos) return Outcome::unknown("a variable is not closed");
      Node piece =
          materialize(evaluate(content.substr(open + 2, close - open - 2), o, here, depth + 1),
                      here, depth + 1);
      if (is_marked(piece)) return Outcome::unknown(reason_of(piece));
      if (!piece.is_scalar()) return Outcome::unknown("a variable's address is not text");
      expanded += piece.text;
      i = close + 1;
    }
    std::string first_missing;
    for (std::string_view c : split_candidates(expanded)) {
      Outcome r = candidate(c, o, here, depth);
      if (r.kind != Outcome::Kind::Missing) return r;
      if (first_missing.empty()) first_missing = r.why;
    }
    return Outcome::unknown(first_missing);
  }

  Outcome candidate(std::string_view c, const Origin& o, const Span& here, int depth) {
    if (c.size() >= 2 && (c.front() == '\'' || c.front() == '"') && c.back() == c.front()) {
      return Outcome::literal(std::string(c.substr(1, c.size() - 2)), true);
    }
    if (is_plain_literal(c)) return Outcome::literal(std::string(c), false);
    if (c.empty()) return Outcome::missing("a variable is empty");
    if (c.rfind("file(", 0) == 0) return file_value(c, o, here, depth);
    std::size_t colon = c.find(':');
    if (colon == std::string_view::npos) {
      return Outcome::unknown("'" + std::string(c) + "' is not a variable rightfit knows");
    }
    std::string_view source = c.substr(0, colon);
    std::string_view address = trim(c.substr(colon + 1));
    if (source == "self") return lookup(root_, address, Origin{}, "serverless file", depth);
    if (source == "opt") {
      return Outcome::missing("it is given with --" + std::string(address) +
                              " on the command line");
    }
    if (source == "env") {
      return Outcome::missing("it is read from the environment variable " + std::string(address) +
                              " when deploying");
    }
    if (source == "sls" && address == "stage") return stage(depth);
    return Outcome::unknown(deploy_time_reason(source, c));
  }

  // `${sls:stage}`: the --stage option (not known), else provider.stage, else "dev".
  Outcome stage(int depth) {
    Outcome r = lookup(root_, "provider.stage", Origin{}, "serverless file", depth);
    if (r.kind == Outcome::Kind::Missing) return Outcome::literal("dev", true);
    if (r.kind != Outcome::Kind::Node) return r;
    Node value = materialize(r, r.node->span, depth);
    if (is_marked(value)) return Outcome::unknown(reason_of(value));
    if (!value.is_scalar()) return Outcome::unknown("provider.stage is not text");
    return Outcome::literal(value.text, true);
  }

  // `file(./config.yml):a.b` or `file(./config.yml)`.
  Outcome file_value(std::string_view c, const Origin& o, const Span& here, int depth) {
    std::size_t close = c.find(')');
    if (close == std::string_view::npos) return Outcome::unknown("malformed ${file(...)}");
    std::string name(trim(c.substr(5, close - 5)));
    if (name.size() >= 2 && (name.front() == '\'' || name.front() == '"') &&
        name.back() == name.front()) {
      name = name.substr(1, name.size() - 2);
    }
    std::string_view rest = trim(c.substr(close + 1));
    std::string_view address;
    if (!rest.empty()) {
      if (rest.front() != ':') return Outcome::unknown("malformed ${file(...)}");
      address = trim(rest.substr(1));
    }
    std::string ext = std::filesystem::path(name).extension().string();
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (ext == ".js" || ext == ".cjs" || ext == ".mjs" || ext == ".ts") {
      return Outcome::unknown("it is computed by JavaScript (" + name + ")");
    }
    if (name.empty() || name.front() == '/' || name.front() == '~') {
      return Outcome::unknown("'" + name + "' is not a file of the repository");
    }
    std::string why;
    bool missing = false;
    const Node* loaded = load(name, &why, &missing);
    if (!loaded) return missing ? Outcome::missing(why) : Outcome::unknown(why);
    Origin origin{o.site ? o.site : std::optional<Span>(here), name};
    return lookup(*loaded, address, origin, name, depth);
  }

  const Node* load(const std::string& name, std::string* why, bool* missing) {
    const std::string path = (std::filesystem::path(context_.path).parent_path() / name)
                                 .lexically_normal()
                                 .generic_string();
    auto found = files_.find(path);
    if (found == files_.end()) {
      if (files_.size() >= kMaxFiles) {
        *why = "it reads more than " + std::to_string(kMaxFiles) + " files";
        return nullptr;
      }
      found = files_.emplace(path, read_file(path, name)).first;
    }
    const Loaded& f = found->second;
    if (!f.root) {
      *why = f.why;
      *missing = f.missing;
    }
    return f.root.get();
  }

  struct Loaded {
    std::unique_ptr<Node> root;
    std::string why;
    bool missing = false;
  };

  Loaded read_file(const std::string& path, const std::string& name) {
    Loaded out;
    if (!context_.read) {
      out.why = "'" + name + "' is not read";
      return out;
    }
    SourceText source = (*context_.read)(path, context_.limits);
    if (!source.ok()) {
      out.why = "'" + name + "' cannot be read (" + source.problem().message + ")";
      out.missing = true;  // Serverless falls back when the file is absent
      return out;
    }
    if (std::optional<SourceProblem> bad = check_text_encoding(*source)) {
      out.why = "'" + name + "' is not text (" + bad->message + ")";
      return out;
    }
    const doc::LoadLimits limits{context_.limits.max_yaml_nodes, context_.limits.max_nesting_depth,
                                 deadline_};
    std::string ext = std::filesystem::path(name).extension().string();
    doc::LoadResult loaded =
        ext == ".json" ? doc::load_json(*source, limits) : doc::load_yaml(*source, limits);
    if (!loaded.ok()) {
      out.why = "'" + name + "' cannot be parsed (" + loaded.problem().message + ")";
      return out;
    }
    out.root = std::make_unique<Node>(std::move(*loaded));
    return out;
  }

  // The node at `address` ("custom.timeout", "list.0", "" for the whole) below `base`,
  // following whole-value variables on the way.
  Outcome lookup(const Node& base, std::string_view address, Origin origin, std::string_view what,
                 int depth) {
    const Node* at = &base;
    std::string walked;
    std::size_t start = 0;
    while (true) {
      // A value that is itself a variable stands for what it names.
      for (int hops = 0; whole_variable(*at); ++hops) {
        if (hops > kMaxDepth || !in_progress_.insert(at).second) {
          return Outcome::unknown("its variables refer to each other in a cycle");
        }
        Outcome r = evaluate(std::string_view(at->text).substr(2, at->text.size() - 3), origin,
                             shown(*at, origin), depth + 1);
        in_progress_.erase(at);
        if (r.kind != Outcome::Kind::Node) {
          if (start >= address.size() || r.kind != Outcome::Kind::Text) return r;
          return Outcome::missing("'" + walked + "' is not a mapping");
        }
        at = r.node;
        origin = r.origin;
      }
      if (start >= address.size()) break;
      std::size_t dot = address.find('.', start);
      if (dot == std::string_view::npos) dot = address.size();
      std::string_view key = address.substr(start, dot - start);
      walked += (walked.empty() ? "" : ".") + std::string(key);
      const Node* next = nullptr;
      if (at->is_mapping()) {
        next = at->find(key);
      } else if (at->is_sequence() && !key.empty() &&
                 key.find_first_not_of("0123456789") == std::string_view::npos && key.size() < 9) {
        std::size_t i = std::stoul(std::string(key));
        if (i < at->items.size()) next = &at->items[i];
      }
      if (!next) {
        return Outcome::missing("'" + walked + "' is not set in the " + std::string(what));
      }
      at = next;
      start = dot + 1;
    }
    Outcome r;
    r.kind = Outcome::Kind::Node;
    r.node = at;
    r.origin = origin;
    return r;
  }

  const Node& root_;
  const VariableContext& context_;
  Deadline deadline_;
  std::size_t nodes_ = 0;
  std::size_t level_ = 0;
  std::optional<std::string> error_;
  std::set<const Node*> in_progress_;  // original nodes being resolved: a cycle if met again
  std::map<std::string, Loaded> files_;
};

}  // namespace

ResolvedDocument resolve_variables(const doc::Node& root, const VariableContext& context) {
  // The walk recurses once per nesting level of the resolved document (up to the limit).
  return on_deep_stack([&] { return Resolver(root, context).run(); });
}

void collect_unresolved(const doc::Node& n,
                        std::unordered_map<const doc::Node*, std::string>& into) {
  if (is_marked(n)) into.emplace(&n, reason_of(n));
  for (const Node& item : n.items) collect_unresolved(item, into);
  for (const Entry& e : n.entries) collect_unresolved(e.value, into);
}

std::string partial_text(const doc::Node& node) {
  if (!is_marked(node)) return node.is_scalar() ? node.text : std::string("*");
  return partial_of(node);
}

}  // namespace rightfit::sls
