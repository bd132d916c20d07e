#include "integrations/lsp/server.h"

#include <rapidjson/error/en.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <exception>
#include <utility>

#include "integrations/lsp/diagnostics.h"
#include "integrations/lsp/json_rpc.h"
#include "integrations/lsp/uri.h"
#include "parsers/document/document.h"
#include "parsers/file_reader.h"
#include "parsers/frontends.h"

namespace rightfit::lsp {

namespace {

// The comment that starts a `rightfit:ignore` read in `path` for `rule`: its front-end's
// (parsers/frontends.h); empty where none is: JSON has no comments; in code that uses `//`
// (C++, JavaScript/TypeScript) only handler code findings read them (a finding on a CDK app's
// synthesized resource is suppressed in the resource's Metadata).
std::string_view ignore_marker(const std::string& path, std::string_view rule,
                               const std::vector<RuleInfo>& rules) {
  const std::string_view marker = comment_marker(path);
  if (marker != "//") return marker;
  const RuleInfo* info = find_rule(rules, rule);
  return info && info->reads(RuleTag::HandlerCode) ? marker : "";
}

// Whether `path` is `dir` or below it (both absolute and normal).
bool is_within(const std::string& path, const std::string& dir) {
  if (path.rfind(dir, 0) != 0) return false;
  return path.size() == dir.size() || dir.back() == '/' || path[dir.size()] == '/';
}

// Adds a project directory unless one already covers it; drops those it covers.
void add_root(std::vector<std::string>& roots, const std::string& root) {
  for (const std::string& r : roots) {
    if (is_within(root, r)) return;
  }
  std::erase_if(roots, [&](const std::string& r) { return is_within(r, root); });
  roots.push_back(root);
}

const ResourceFact* resource_at(const WorkloadGraph& graph, const std::string& path,
                                uint32_t line) {
  const ResourceFact* best = nullptr;
  auto consider = [&](const ResourceFact& r) {
    if (!r.header.known() || absolute_path(r.header.file) != path) return;
    uint32_t last = std::max(r.last_line, r.header.line());
    if (line < r.header.line() || line > last) return;
    if (!best || r.header.line() > best->header.line()) best = &r;  // the innermost
  };
  for (const Function& f : graph.functions) consider(f);
  for (const Service& s : graph.services) consider(s);
  for (const TaskDefinition& t : graph.task_definitions) consider(t);
  return best;
}

}  // namespace

std::optional<std::string> resource_hover_text(const WorkloadGraph& graph, const Config&,
                                               const EntityId& id) {
  for (const Function& f : graph.functions) {
    if (f.id == id) return "**" + f.type + "** `" + id.name + "`";
  }
  for (const Service& s : graph.services) {
    if (s.id == id) return "**" + s.type + "** `" + id.name + "`";
  }
  for (const TaskDefinition& t : graph.task_definitions) {
    if (t.id == id) return "**" + t.type + "** `" + id.name + "`";
  }
  return std::nullopt;
}

// A parsed JSON-RPC message.
struct Server::Request {
  std::string method;
  std::optional<std::string> id;  // JSON text of the id; none for a notification
  const rapidjson::Value* params = nullptr;
};

Server::Server(ServerOptions options, SendMessage send)
    : options_(std::move(options)), send_(std::move(send)) {
  worker_ = std::thread([this] { analysis_worker(); });
}

Server::~Server() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
  if (freeing_.joinable()) freeing_.join();
}

void Server::send(const std::string& body) {
  std::lock_guard lock(send_mutex_);
  send_(body);
}

void Server::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return stopping_ || (!running_ && (!pending_ || roots_.empty())); });
}

void Server::handle(const FramedMessage& message) {
  if (!message.ok()) {
    send(error_response("null", kParseError, "malformed message header: " + message.error));
    return;
  }
  handle_json(message.body);
}

void Server::handle_json(const std::string& body) {
  // LSP messages nest a dozen levels; RapidJSON's parse and the echo of a client's diagnostic
  // (Accept) recurse once per level, so a deeper message is refused before either runs.
  constexpr std::size_t kMaxDepth = 256;
  if (doc::json_nests_deeper_than(body, kMaxDepth)) {
    send(error_response("null", kParseError,
                        "message nested deeper than " + std::to_string(kMaxDepth) + " levels"));
    return;
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(body.c_str(), body.size());
  if (doc.HasParseError()) {
    send(error_response("null", kParseError,
                        std::string("invalid JSON at byte ") +
                            std::to_string(doc.GetErrorOffset()) + ": " +
                            rapidjson::GetParseError_En(doc.GetParseError())));
    return;
  }
  Request request;
  const rapidjson::Value* id = member(&doc, "id");
  const bool valid_id = id && (id->IsString() || id->IsInt64() || id->IsNull());
  if (valid_id) request.id = to_json(*id);
  std::optional<std::string> method = string_at(&doc, "method");
  std::optional<std::string> version = string_at(&doc, "jsonrpc");
  if (!doc.IsObject() || version != "2.0" || (id && !valid_id)) {
    send(
        error_response(request.id.value_or("null"), kInvalidRequest, "not a JSON-RPC 2.0 message"));
    return;
  }
  if (!method) {
    if (member(&doc, "result") || member(&doc, "error")) return;  // a response: none expected
    send(error_response(request.id.value_or("null"), kInvalidRequest, "no \"method\""));
    return;
  }
  request.method = *method;
  request.params = member(&doc, "params");
  dispatch(request);
}

void Server::dispatch(const Request& request) {
  if (!request.id) {
    notification(request);
    return;
  }
  const std::string& id = *request.id;
  if (request.method == "initialize") {
    if (initialized_) {
      send(error_response(id, kInvalidRequest, "initialize was already received"));
      return;
    }
    send(response(id, initialize(request)));
    initialized_ = true;
    return;
  }
  if (!initialized_) {
    send(error_response(id, kServerNotInitialized, "the server is not initialized"));
    return;
  }
  if (shutdown_) {
    send(error_response(id, kInvalidRequest, "the server is shutting down"));
    return;
  }
  if (request.method == "shutdown") {
    shutdown_ = true;
    send(response(id, "null"));
    return;
  }
  std::optional<std::string> result;
  if (request.method == "textDocument/hover") {
    result = hover(request);
  } else if (request.method == "textDocument/codeAction") {
    result = code_action(request);
  } else {
    send(error_response(id, kMethodNotFound, "unsupported method: " + request.method));
    return;
  }
  if (result) {
    send(response(id, *result));
  } else {
    send(error_response(id, kInvalidParams, "invalid params for " + request.method));
  }
}

std::string Server::initialize(const Request& request) {
  // workspaceFolders supersede rootUri, which supersedes rootPath.
  std::vector<std::string> folders;
  if (const rapidjson::Value* list = member(request.params, "workspaceFolders");
      list && list->IsArray()) {
    for (const rapidjson::Value& folder : list->GetArray()) {
      std::optional<std::string> uri = string_at(&folder, "uri");
      if (std::optional<std::string> path = uri ? path_from_uri(*uri) : std::nullopt)
        folders.push_back(*path);
    }
  }
  if (folders.empty()) {
    std::optional<std::string> root_uri = string_at(request.params, "rootUri");
    std::optional<std::string> root = root_uri ? path_from_uri(*root_uri) : std::nullopt;
    if (!root) root = string_at(request.params, "rootPath");
    if (root) folders.push_back(*root);
  }
  {
    std::lock_guard lock(mutex_);
    for (const std::string& folder : folders) add_root(roots_, absolute_path(folder));
  }
  const rapidjson::Value* workspace_caps =
      member(member(request.params, "capabilities"), "workspace");
  // WorkspaceClientCapabilities.workspaceEdit.documentChanges: versioned edits.
  const rapidjson::Value* versioned =
      member(member(workspace_caps, "workspaceEdit"), "documentChanges");
  document_changes_ = versioned && versioned->IsBool() && versioned->GetBool();
  const rapidjson::Value* dynamic =
      member(member(workspace_caps, "didChangeWatchedFiles"), "dynamicRegistration");
  client_watches_ = dynamic && dynamic->IsBool() && dynamic->GetBool();
  rapidjson::StringBuffer buffer;
  Json w(buffer);
  w.StartObject();
  w.Key("capabilities");
  w.StartObject();
  w.Key("positionEncoding");
  w.String("utf-16");
  w.Key("textDocumentSync");
  w.StartObject();
  w.Key("openClose");
  w.Bool(true);
  w.Key("change");
  w.Int(2);  // incremental
  w.Key("save");
  w.StartObject();
  w.Key("includeText");
  w.Bool(false);
  w.EndObject();
  w.EndObject();
  w.Key("hoverProvider");
  w.Bool(true);
  w.Key("codeActionProvider");
  w.StartObject();
  w.Key("codeActionKinds");
  w.StartArray();
  w.String("quickfix");
  w.EndArray();
  w.EndObject();
  w.EndObject();
  w.Key("serverInfo");
  w.StartObject();
  w.Key("name");
  w.String("rightfit");
  w.Key("version");
  write(w, options_.version);
  w.EndObject();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

// Every file event below the workspace comes back as workspace/didChangeWatchedFiles: the
// server keeps its walk between analyses and walks again only when told (or when a
// directory's mtime says so, for clients that cannot watch).
void Server::watch_files() {
  send(R"({"jsonrpc":"2.0","id":"rightfit/watch","method":"client/registerCapability",)"
       R"("params":{"registrations":[{"id":"rightfit/watch",)"
       R"("method":"workspace/didChangeWatchedFiles",)"
       R"("registerOptions":{"watchers":[{"globPattern":"**/*"}]}}]}})");
}

void Server::note_disk_change(DiskChange change) { disk_change_ = std::max(disk_change_, change); }

namespace {

// The FileChangeType of each event: 1 created, 2 changed, 3 deleted.
DiskChange watched_change(const rapidjson::Value* params) {
  const rapidjson::Value* changes = member(params, "changes");
  if (!changes || !changes->IsArray()) return DiskChange::Entries;  // unknown: the safe side
  DiskChange change = DiskChange::Unknown;
  for (const rapidjson::Value& c : changes->GetArray()) {
    const rapidjson::Value* type = member(&c, "type");
    if (!type || !type->IsInt() || type->GetInt() != 2) change = DiskChange::Entries;
  }
  return change;
}

}  // namespace

void Server::notification(const Request& request) {
  const std::string& method = request.method;
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_ || shutdown_) return;  // dropped, as LSP requires
  if (method == "initialized") {
    if (client_watches_) watch_files();
    return;
  }
  const rapidjson::Value* document = member(request.params, "textDocument");
  std::optional<std::string> uri = string_at(document, "uri");
  if (method == "textDocument/didOpen") {
    std::optional<std::string> text = string_at(document, "text");
    std::optional<std::string> path = uri ? path_from_uri(*uri) : std::nullopt;
    const rapidjson::Value* version = member(document, "version");
    if (!text || !path) {
      send(log_message(kMessageError, "didOpen without a file URI and text: ignored"));
      return;
    }
    std::lock_guard lock(mutex_);
    const bool covered = std::any_of(roots_.begin(), roots_.end(),
                                     [&](const std::string& r) { return is_within(*path, r); });
    // A file outside the workspace is analysed alone: walking its directory (`/` for
    // `file:///x.yaml`) would read what the user never opened.
    if (!covered) add_root(roots_, *path);
    note_disk_change(DiskChange::Unknown);  // the file may be new: a directory check says
    documents_.open(*uri,
                    OpenDocument{*path, string_at(document, "languageId").value_or(""),
                                 version && version->IsInt64() ? version->GetInt64() : 0, *text});
  } else if (method == "textDocument/didChange") {
    const rapidjson::Value* changes = member(request.params, "contentChanges");
    const rapidjson::Value* version = member(document, "version");
    if (!uri || !changes || !changes->IsArray()) return;
    std::vector<ContentChange> edits;
    for (const rapidjson::Value& c : changes->GetArray()) {
      std::optional<std::string> text = string_at(&c, "text");
      if (!text) return;
      edits.push_back({range_at(&c, "range"), *text});
    }
    std::lock_guard lock(mutex_);
    if (!documents_.change(*uri, version && version->IsInt64() ? version->GetInt64() : 0, edits))
      return;
  } else if (method == "textDocument/didClose") {
    if (!uri) return;
    std::lock_guard lock(mutex_);
    note_disk_change(DiskChange::Unknown);  // the disk's text counts again
    documents_.close(*uri);
  } else if (method == "textDocument/didSave") {
    if (!uri) return;
    std::lock_guard lock(mutex_);
    note_disk_change(DiskChange::Unknown);
    published_.erase(*uri);  // diagnostics are published again on save, changed or not
  } else if (method == "workspace/didChangeWatchedFiles") {
    std::lock_guard lock(mutex_);
    note_disk_change(watched_change(request.params));
  } else {
    return;  // $/cancelRequest, $/setTrace, ...: nothing to do
  }
  schedule_analysis();
}

void Server::schedule_analysis() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_all();
}

std::string Server::text_of(const std::string& path) const {
  if (const OpenDocument* open = documents_.find_path(path)) return open->text;
  // A request may name any URI (`file:///dev/zero`): the disk is read only in a root, and
  // only a regular file within the limits its analysis read files with.
  for (const auto& [root, analysis] : latest_) {
    if (is_within(path, root))
      return read_file_from_disk(path, analysis->config.limits).value_or("");
  }
  return "";
}

void Server::analysis_worker() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || (pending_ && !roots_.empty()); });
    if (stopping_) break;
    pending_ = false;
    running_ = true;
    std::map<std::string, std::string> overlays = documents_.overlays();
    std::map<std::string, OpenFile> open;
    for (const auto& [uri, document] : documents_.documents())
      open[document.path] = OpenFile{uri, document.version};
    const std::vector<std::string> roots = roots_;
    std::map<std::string, std::shared_ptr<const WorkspaceAnalysis>> analyses = latest_;
    const DiskChange disk_change = std::exchange(disk_change_, DiskChange::None);
    lock.unlock();
    if (disk_change != DiskChange::None) {
      options_.disk_changed(disk_change);
      disk_texts_.clear();
    }

    std::vector<std::string> messages;
    for (const std::string& root : roots) {
      auto analysis = std::make_shared<WorkspaceAnalysis>();
      try {  // the worker must outlive a failed analysis: the editor keeps the server running
        *analysis = options_.analyze(root, overlays);
      } catch (const std::exception& e) {
        analysis->error = std::string("the analysis failed: ") + e.what();
      }
      if (analysis->error.empty()) {
        analyses[root] = std::move(analysis);
        continue;
      }
      // The root's last good findings stay published.
      messages.push_back(log_message(kMessageError, "rightfit: " + analysis->error));
      messages.push_back(notification_message(
          "window/showMessage",
          R"({"type":1,"message":)" + json_string("rightfit: " + analysis->error) + "}"));
    }
    std::erase_if(analyses, [&](const auto& entry) {
      return std::find(roots.begin(), roots.end(), entry.first) == roots.end();
    });
    std::vector<Finding> findings;
    for (const auto& [root, analysis] : analyses)
      findings.insert(findings.end(), analysis->findings.begin(), analysis->findings.end());
    // The files findings are in were read within their analysis' limits: so are their texts.
    ParseLimits limits;
    for (const auto& [root, analysis] : analyses)
      limits.max_file_bytes =
          std::max(limits.max_file_bytes, analysis->config.limits.max_file_bytes);
    std::vector<std::string> published = diagnostics_messages(findings, overlays, open, limits);
    messages.insert(messages.end(), published.begin(), published.end());
    lock.lock();
    latest_.swap(analyses);  // before the editor hears
    lock.unlock();
    for (const std::string& m : messages) send(m);
    // The previous analyses are freed after the editor heard, on another thread (waiting for
    // the free before, which is long done unless edits come faster than frees).
    // A std::thread, not std::async: std::future's shared state reaches libstdc++'s
    // thread-local state through the dynamic loader, a dependency of its own.
    if (freeing_.joinable()) freeing_.join();
    freeing_ = std::thread([old = std::move(analyses)]() mutable { old.clear(); });
    lock.lock();
    running_ = false;
    idle_.notify_all();
  }
  idle_.notify_all();
}

std::vector<std::string> Server::diagnostics_messages(
    const std::vector<Finding>& findings, const std::map<std::string, std::string>& overlays,
    const std::map<std::string, OpenFile>& open, const ParseLimits& limits) {
  std::map<std::string, std::string> disk_texts;  // of this publish; the disk read once per file
  std::function<const std::string&(const std::string&)> text =
      [&](const std::string& path) -> const std::string& {
    if (auto open_text = overlays.find(path); open_text != overlays.end()) return open_text->second;
    auto it = disk_texts.find(path);
    if (it != disk_texts.end()) return it->second;
    auto kept = disk_texts_.find(path);
    std::string read = kept != disk_texts_.end() ? std::move(kept->second)
                                                 : read_file_from_disk(path, limits).value_or("");
    return disk_texts.emplace(path, std::move(read)).first->second;
  };
  // An open file is published under the URI the editor used for it.
  std::function<std::string(const std::string&)> uri = [&](const std::string& path) {
    auto it = open.find(path);
    return it == open.end() ? uri_from_path(path) : it->second.uri;
  };
  std::map<std::string, const RuleInfo*> rules;
  for (const RuleInfo& r : options_.rules) rules[r.id] = &r;

  std::map<std::string, std::vector<std::string>> by_uri;  // uri -> diagnostics JSON
  for (const Finding& f : findings) {
    if (f.suppression) continue;
    const std::string path = absolute_path(f.location.file);
    auto rule = rules.find(f.rule_id);
    by_uri[uri(path)].push_back(
        diagnostic_json(f, rule == rules.end() ? nullptr : rule->second, text, uri));
  }

  // Open documents get a publish for each analysed version; a file that had diagnostics
  // and has none now gets an empty list. Unchanged publishes are not repeated.
  for (const auto& [path, file] : open) by_uri.try_emplace(file.uri);
  disk_texts_.swap(disk_texts);  // those of files without findings now are dropped
  std::lock_guard lock(mutex_);
  for (const auto& [u, params] : published_) by_uri.try_emplace(u);
  std::vector<std::string> messages;
  for (const auto& [u, diagnostics] : by_uri) {
    std::string params = R"({"uri":)" + json_string(u);
    bool is_open = false;
    for (const auto& [path, file] : open) {
      if (file.uri != u) continue;
      params += R"(,"version":)" + std::to_string(file.version);
      is_open = true;
    }
    params += R"(,"diagnostics":[)";
    for (std::size_t i = 0; i < diagnostics.size(); ++i) params += (i ? "," : "") + diagnostics[i];
    params += "]}";
    auto previous = published_.find(u);
    if (previous != published_.end() && previous->second == params) continue;
    messages.push_back(notification_message("textDocument/publishDiagnostics", params));
    if (diagnostics.empty() && !is_open) {
      published_.erase(u);
    } else {
      published_[u] = params;
    }
  }
  return messages;
}

std::optional<std::string> Server::hover(const Request& request) {
  const rapidjson::Value* document = member(request.params, "textDocument");
  std::optional<std::string> uri = string_at(document, "uri");
  std::optional<LspPosition> position = position_at(request.params, "position");
  std::optional<std::string> path = uri ? path_from_uri(*uri) : std::nullopt;
  if (!path || !position) return std::nullopt;
  std::shared_ptr<const WorkspaceAnalysis> analysis;
  std::string text;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [root, a] : latest_) {
      if (is_within(*path, root)) analysis = a;
    }
    text = text_of(*path);
  }
  if (!analysis || !analysis->graph) return "null";
  Position at = from_lsp_position(text, *position);
  const ResourceFact* resource = resource_at(*analysis->graph, *path, at.line);
  if (!resource) return "null";
  std::optional<std::string> markdown =
      options_.hover(*analysis->graph, analysis->config, resource->id);
  if (!markdown) return "null";
  rapidjson::StringBuffer buffer;
  Json w(buffer);
  w.StartObject();
  w.Key("contents");
  w.StartObject();
  w.Key("kind");
  w.String("markdown");
  w.Key("value");
  write(w, *markdown);
  w.EndObject();
  w.Key("range");
  write_range(w, lsp_range(text, resource->header.span));
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

// A fix's edit as the editor applies it.
struct LspEdit {
  std::string uri;
  std::optional<int64_t> version;  // of the open document; none: the file on disk
  LspRange range;
  std::string new_text;
};

// A fix of the finding published at (rule, line) of a document.
struct LspFix {
  std::string rule;
  uint32_t line = 0;
  std::string title;
  std::vector<LspEdit> edits;
};

namespace {

void write_edit_list(Json& w, const std::vector<const LspEdit*>& edits) {
  w.StartArray();
  for (const LspEdit* e : edits) {
    w.StartObject();
    w.Key("range");
    write_range(w, e->range);
    w.Key("newText");
    write(w, e->new_text);
    w.EndObject();
  }
  w.EndArray();
}

// A WorkspaceEdit: `documentChanges` (versioned, one TextDocumentEdit per document) when the
// client said it takes them, else `changes` by URI.
void write_workspace_edit(Json& w, const std::vector<LspEdit>& edits, bool document_changes) {
  std::map<std::string, std::vector<const LspEdit*>> by_uri;
  for (const LspEdit& e : edits) by_uri[e.uri].push_back(&e);
  w.Key("edit");
  w.StartObject();
  w.Key(document_changes ? "documentChanges" : "changes");
  if (document_changes) w.StartArray();
  if (!document_changes) w.StartObject();
  for (const auto& [uri, list] : by_uri) {
    if (document_changes) {
      w.StartObject();
      w.Key("textDocument");
      w.StartObject();
      w.Key("uri");
      write(w, uri);
      w.Key("version");
      const std::optional<int64_t> version = list.front()->version;
      if (version) {
        w.Int64(*version);
      } else {
        w.Null();
      }
      w.EndObject();
      w.Key("edits");
      write_edit_list(w, list);
      w.EndObject();
    } else {
      w.Key(uri.c_str(), static_cast<rapidjson::SizeType>(uri.size()));
      write_edit_list(w, list);
    }
  }
  if (document_changes) w.EndArray();
  if (!document_changes) w.EndObject();
  w.EndObject();
}

void write_action_head(Json& w, const std::string& title, const rapidjson::Value& diagnostic) {
  w.Key("title");
  write(w, title);
  w.Key("kind");
  w.String("quickfix");
  w.Key("diagnostics");
  w.StartArray();
  diagnostic.Accept(w);
  w.EndArray();
}

}  // namespace

std::vector<LspFix> Server::fixes_in(const std::string& path) const {
  std::vector<LspFix> fixes;
  std::map<std::string, std::string> texts;  // path -> text, each read once
  auto text = [&](const std::string& p) -> const std::string& {
    auto it = texts.find(p);
    return it != texts.end() ? it->second : texts.emplace(p, text_of(p)).first->second;
  };
  for (const auto& [root, analysis] : latest_) {
    if (!is_within(path, root)) continue;
    for (const Finding& f : analysis->findings) {
      if (f.suppression || f.fixes.empty() || absolute_path(f.location.file) != path) continue;
      const uint32_t line = to_lsp_position(text(path), f.location.span.begin).line;
      for (const Fix& fix : f.fixes) {
        LspFix out{f.rule_id, line, fix.title, {}};
        for (const TextEdit& e : fix.edits) {
          const std::string file = absolute_path(e.range.file);
          LspEdit edit{uri_from_path(file), std::nullopt,
                       LspRange{to_lsp_position(text(file), e.range.span.begin),
                                to_lsp_position(text(file), e.range.span.end)},
                       e.new_text};
          for (const auto& [uri, document] : documents_.documents()) {
            if (document.path == file) {  // an open file: the editor's URI and version
              edit.uri = uri;
              edit.version = document.version;
            }
          }
          out.edits.push_back(std::move(edit));
        }
        fixes.push_back(std::move(out));
      }
    }
  }
  return fixes;
}

std::optional<std::string> Server::code_action(const Request& request) {
  const rapidjson::Value* document = member(request.params, "textDocument");
  std::optional<std::string> uri = string_at(document, "uri");
  const rapidjson::Value* diagnostics = member(member(request.params, "context"), "diagnostics");
  std::optional<std::string> path = uri ? path_from_uri(*uri) : std::nullopt;
  if (!path || !diagnostics || !diagnostics->IsArray()) return std::nullopt;
  std::string text;
  std::vector<LspFix> fixes;
  {
    std::lock_guard lock(mutex_);
    text = text_of(*path);
    fixes = fixes_in(*path);
  }
  rapidjson::StringBuffer buffer;
  Json w(buffer);
  w.StartArray();
  std::set<std::pair<std::string, uint32_t>> offered;  // (rule, line)
  for (const rapidjson::Value& d : diagnostics->GetArray()) {
    std::optional<std::string> rule = string_at(&d, "code");
    std::optional<LspRange> range = range_at(&d, "range");
    if (string_at(&d, "source") != "rightfit" || !rule || !range) continue;
    if (!offered.insert({*rule, range->start.line}).second) continue;
    // The rule's own change first (preferred), then the suppression.
    for (const LspFix& fix : fixes) {
      if (fix.rule != *rule || fix.line != range->start.line) continue;
      w.StartObject();
      write_action_head(w, fix.title, d);
      w.Key("isPreferred");
      w.Bool(true);
      write_workspace_edit(w, fix.edits, document_changes_);
      w.EndObject();
    }
    const std::string_view marker = ignore_marker(*path, *rule, options_.rules);
    if (marker.empty()) continue;
    std::string_view line = line_text(text, range->start.line);
    std::string indent(line.substr(0, line.find_first_not_of(" \t")));
    if (indent.size() == line.size()) indent.clear();
    w.StartObject();
    write_action_head(w, "Ignore " + *rule + " here (rightfit:ignore comment)", d);
    const LspPosition start{range->start.line, 0};
    write_workspace_edit(w,
                         {{*uri, std::nullopt, LspRange{start, start},
                           indent + std::string(marker) + " rightfit:ignore " + *rule + "\n"}},
                         false);
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

namespace {

// Writes all of `data`, retrying after interruptions and short writes.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

int serve(int in_fd, int out_fd, ServerOptions options) {
  Server server(std::move(options), [out_fd](const std::string& body) {
    write_all(out_fd, "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  });
  MessageReader reader;
  char chunk[64 * 1024];
  while (!server.exited()) {
    ssize_t n = ::read(in_fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of input: the editor went away
    reader.feed(std::string_view(chunk, static_cast<std::size_t>(n)));
    while (!server.exited()) {
      std::optional<FramedMessage> message = reader.next();
      if (!message) break;
      server.handle(*message);
    }
  }
  return server.exit_code();
}

}  // namespace rightfit::lsp
