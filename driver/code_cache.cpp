#include "driver/code_cache.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <filesystem>

#include "analyzer/output_file.h"
#include "analyzer/project_scope.h"
#include "parsers/parse_limits.h"

namespace rightfit {

namespace {

namespace fs = std::filesystem;
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using Json = rapidjson::Value;

// Bump when the shape of the cached facts changes, or what the C++ parser finds in the same
// text (2: C connection functions declared when their headers are absent; 4: a client's kind;
// 5: XXH3-128 content hashes instead of SHA-256; 6: where a fix rewrites a written path; 7: where a
// fix makes a client static; 8: clients from factories, Aws::MakeShared without the SDK).
constexpr int kFormat = 8;

// A cache entry or a header it depends on is data from disk: read like any analysed file (a
// regular file only: /dev/zero or a FIFO would exhaust memory or hang) within a sane size.
std::optional<std::string> read_text(const std::string& path) {
  ParseLimits limits;
  limits.max_file_bytes = 64U << 20;
  SourceText source = read_source_file(path, limits);
  if (!source.ok()) return std::nullopt;
  return std::move(source).value();
}

// ---- writing ----

void put(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}
void put(Writer& w, const char* key, bool value) {
  w.Key(key);
  w.Bool(value);
}
void put(Writer& w, const char* key, const SourceRange& r) {
  w.Key(key);
  w.StartArray();
  w.String(r.file.c_str(), static_cast<rapidjson::SizeType>(r.file.size()));
  for (uint32_t n : {r.span.begin.line, r.span.begin.column, r.span.end.line, r.span.end.column})
    w.Uint(n);
  w.EndArray();
}
void put(Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& v : values)
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
}
template <class T, class F>
void put_all(Writer& w, const char* key, const std::vector<T>& items, const F& each) {
  w.Key(key);
  w.StartArray();
  for (const T& item : items) {
    w.StartObject();
    each(item);
    w.EndObject();
  }
  w.EndArray();
}

void put_function(Writer& w, const CodeFunction& f) {
  put(w, "usr", f.usr);
  put(w, "name", f.name);
  put(w, "where", f.where);
  put(w, "is_handler", f.is_handler);
  put(w, "calls_run_handler", f.calls_run_handler);
  put(w, "handlers", f.handlers);
  put(w, "calls", f.calls);
  put(w, "init_calls", f.init_calls);
  put(w, "overrides", f.overrides);
  put_all(w, "loops", f.loops, [&](const CodeLoop& l) {
    put(w, "keyword", l.keyword);
    put(w, "kind", l.kind);
    put(w, "always_true", l.condition_always_true);
    put(w, "has_exit", l.has_exit);
    if (l.sleep_call) put(w, "sleep_call", *l.sleep_call);
    put(w, "sleep_name", l.sleep_name);
    put(w, "reads_deadline", l.reads_deadline);
    put(w, "over_event", l.over_event);
  });
  put_all(w, "static_mutations", f.static_mutations, [&](const StaticMutation& m) {
    put(w, "where", m.where);
    put(w, "variable", m.variable);
    put(w, "storage", m.storage);
    put(w, "operation", m.operation);
    put(w, "declared", m.declared);
  });
  put_all(w, "file_writes", f.file_writes, [&](const FileWrite& x) {
    put(w, "where", x.where);
    put(w, "api", x.api);
    put(w, "path", x.path);
    if (x.path_slot) put(w, "path_slot", x.path_slot->range);
  });
  put_all(w, "threads", f.threads, [&](const ThreadStart& t) {
    put(w, "where", t.where);
    put(w, "api", t.api);
    put(w, "outlives", t.outlives);
  });
  put_all(w, "server_calls", f.server_calls, [&](const ServerCall& c) {
    put(w, "where", c.where);
    put(w, "call", c.call);
  });
  put_all(w, "clients", f.clients, [&](const ClientConstruction& c) {
    put(w, "where", c.where);
    put(w, "type", c.type);
    put(w, "once", c.once);
    put(w, "kind", c.kind);
    if (c.once_slot) {
      put(w, "once_slot", c.once_slot->range);
      put(w, "once_text", c.once_slot->before);
    }
  });
}

// ---- reading (a malformed entry is a miss, never an error) ----

struct Reader {
  bool ok = true;

  std::string str(const Json& o, const char* key) {
    auto it = o.FindMember(key);
    if (it == o.MemberEnd() || !it->value.IsString()) return ok = false, std::string();
    return std::string(it->value.GetString(), it->value.GetStringLength());
  }
  bool flag(const Json& o, const char* key) {
    auto it = o.FindMember(key);
    if (it == o.MemberEnd() || !it->value.IsBool()) return ok = false;
    return it->value.GetBool();
  }
  SourceRange range(const Json& o, const char* key) {
    auto it = o.FindMember(key);
    SourceRange r;
    if (it == o.MemberEnd() || !it->value.IsArray() || it->value.Size() != 5 ||
        !it->value[0].IsString()) {
      ok = false;
      return r;
    }
    const Json& a = it->value;
    r.file = a[0].GetString();
    uint32_t* fields[] = {&r.span.begin.line, &r.span.begin.column, &r.span.end.line,
                          &r.span.end.column};
    for (unsigned i = 0; i < 4; ++i) {
      if (!a[i + 1].IsUint()) return ok = false, r;
      *fields[i] = a[i + 1].GetUint();
    }
    return r;
  }
  std::vector<std::string> strings(const Json& o, const char* key) {
    std::vector<std::string> out;
    auto it = o.FindMember(key);
    if (it == o.MemberEnd() || !it->value.IsArray()) return ok = false, out;
    for (const Json& v : it->value.GetArray()) {
      if (!v.IsString()) return ok = false, out;
      out.emplace_back(v.GetString(), v.GetStringLength());
    }
    return out;
  }
  template <class T, class F>
  std::vector<T> all(const Json& o, const char* key, const F& each) {
    std::vector<T> out;
    auto it = o.FindMember(key);
    if (it == o.MemberEnd() || !it->value.IsArray()) return ok = false, out;
    for (const Json& v : it->value.GetArray()) {
      if (!v.IsObject()) return ok = false, out;
      out.push_back(each(v));
    }
    return out;
  }

  CodeFunction function(const Json& o) {
    CodeFunction f;
    f.usr = str(o, "usr");
    f.name = str(o, "name");
    f.where = range(o, "where");
    f.is_handler = flag(o, "is_handler");
    f.calls_run_handler = flag(o, "calls_run_handler");
    f.handlers = strings(o, "handlers");
    f.calls = strings(o, "calls");
    f.init_calls = strings(o, "init_calls");
    f.overrides = strings(o, "overrides");
    f.loops = all<CodeLoop>(o, "loops", [&](const Json& v) {
      CodeLoop l;
      l.keyword = range(v, "keyword");
      l.kind = str(v, "kind");
      l.condition_always_true = flag(v, "always_true");
      l.has_exit = flag(v, "has_exit");
      if (v.HasMember("sleep_call")) l.sleep_call = range(v, "sleep_call");
      l.sleep_name = str(v, "sleep_name");
      l.reads_deadline = flag(v, "reads_deadline");
      l.over_event = flag(v, "over_event");
      return l;
    });
    f.static_mutations = all<StaticMutation>(o, "static_mutations", [&](const Json& v) {
      return StaticMutation{range(v, "where"), str(v, "variable"), str(v, "storage"),
                            str(v, "operation"), range(v, "declared")};
    });
    f.file_writes = all<FileWrite>(o, "file_writes", [&](const Json& v) {
      FileWrite write{range(v, "where"), str(v, "api"), str(v, "path"), std::nullopt};
      if (v.HasMember("path_slot")) write.path_slot = ValueSlot{range(v, "path_slot"), "", ""};
      return write;
    });
    f.threads = all<ThreadStart>(o, "threads", [&](const Json& v) {
      return ThreadStart{range(v, "where"), str(v, "api"), str(v, "outlives")};
    });
    f.server_calls = all<ServerCall>(o, "server_calls", [&](const Json& v) {
      return ServerCall{range(v, "where"), str(v, "call")};
    });
    f.clients = all<ClientConstruction>(o, "clients", [&](const Json& v) {
      ClientConstruction c{range(v, "where"), str(v, "type"), flag(v, "once"), str(v, "kind")};
      if (v.HasMember("once_slot"))
        c.once_slot = ValueSlot{range(v, "once_slot"), str(v, "once_text"), ""};
      return c;
    });
    return f;
  }
};

}  // namespace

std::string CodeCache::key(std::string_view path, std::string_view text,
                           const std::vector<std::string>& command) {
  std::string material = std::string("rightfit ") + RIGHTFIT_VERSION + " format " +
                         std::to_string(kFormat) + "\n" + std::string(path) + "\n";
  for (const std::string& arg : command) material += arg + "\n";
  material += cpp::content_hash(text);
  return cpp::content_hash(material);
}

std::string code_facts_to_json(const cpp::CppParse& parse) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("format");
  w.Int(kFormat);
  put(w, "file", parse.facts.file);
  put_all(w, "dependencies", parse.dependencies, [&](const cpp::Dependency& d) {
    put(w, "path", d.path);
    put(w, "xxh3", d.content_hash);
  });
  put_all(w, "functions", parse.facts.code_functions,
          [&](const CodeFunction& f) { put_function(w, f); });
  w.EndObject();
  return buffer.GetString();
}

std::optional<cpp::CppParse> code_facts_from_json(std::string_view json) {
  rapidjson::Document doc;
  // Iterative: a deeply nested entry must not exhaust the stack.
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  auto format = doc.FindMember("format");
  if (format == doc.MemberEnd() || !format->value.IsInt() || format->value.GetInt() != kFormat)
    return std::nullopt;
  Reader r;
  cpp::CppParse parse;
  parse.facts.file = r.str(doc, "file");
  parse.dependencies = r.all<cpp::Dependency>(doc, "dependencies", [&](const Json& v) {
    return cpp::Dependency{r.str(v, "path"), r.str(v, "xxh3")};
  });
  parse.facts.code_functions =
      r.all<CodeFunction>(doc, "functions", [&](const Json& v) { return r.function(v); });
  if (!r.ok) return std::nullopt;
  return parse;
}

std::optional<cpp::CppParse> CodeCache::load(const std::string& key) const {
  if (!enabled()) return std::nullopt;
  std::optional<std::string> json = read_text((fs::path(directory_) / (key + ".json")).string());
  if (!json) return std::nullopt;
  std::optional<cpp::CppParse> parse = code_facts_from_json(*json);
  if (!parse) return std::nullopt;
  for (const cpp::Dependency& d : parse->dependencies) {
    std::optional<std::string> text = read_text(d.path);
    if (!text || cpp::content_hash(*text) != d.content_hash) return std::nullopt;
  }
  return parse;
}

void CodeCache::store(const std::string& key, const cpp::CppParse& parse) const {
  if (!enabled()) return;
  std::error_code ec;
  if (!fs::is_directory(directory_, ec)) {
    fs::create_directories(directory_, ec);
    if (ec) return;
    // Never committed by accident, as pytest does with its cache.
    write_file_atomically((fs::path(directory_) / ".gitignore").string(),
                          "# Created by rightfit: its cache of C++ facts.\n*\n");
  }
  write_file_atomically((fs::path(directory_) / (key + ".json")).string(),
                        code_facts_to_json(parse));
}

std::string default_cache_directory(const std::string& root) {
  std::error_code ec;
  fs::path base;
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg && fs::path(xdg).is_absolute()) {  // a relative one is to be ignored (XDG spec)
    base = xdg;
  } else if (home && *home && fs::path(home).is_absolute()) {
    base = fs::path(home) / ".cache";
  } else {
    return "";
  }
  const fs::path start = fs::weakly_canonical(fs::absolute(root, ec), ec);
  if (ec) return "";
  const fs::path top = repository_top(start).value_or(start);
  const std::string name = top.filename().empty() ? "root" : top.filename().string();
  return (base / "rightfit" / (name + "-" + cpp::content_hash(top.string()).substr(0, 16)))
      .string();
}

}  // namespace rightfit
