// The language server: LSP 3.17 over JSON-RPC. Messages are handled as they arrive; analysis
// runs on a worker thread that coalesces pending changes, so a slow analysis never holds up
// reading (or answering) the next message.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/discovery.h"
#include "analyzer/finding.h"
#include "analyzer/rule_info.h"
#include "analyzer/workload_graph.h"
#include "integrations/lsp/message_reader.h"
#include "integrations/lsp/text_document.h"

namespace rightfit::lsp {

struct WorkspaceAnalysis {
  std::vector<Finding> findings;
  std::shared_ptr<const WorkloadGraph> graph;
  Config config;
  std::string error;  // why the workspace could not be analysed (e.g. a bad .rightfit.yaml)
};

// Analyses the project in `root` reading `overlays` (absolute path -> unsaved text) instead
// of the disk. Supplied by the driver, which owns the engine.
using AnalyzeWorkspace = std::function<WorkspaceAnalysis(
    const std::string& root, const std::map<std::string, std::string>& overlays)>;
// Markdown shown on hover over a resource; nullopt: no hover.
using HoverText =
    std::function<std::optional<std::string>(const WorkloadGraph&, const Config&, const EntityId&)>;

// The default hover: the resource's type and name, nothing more.
std::optional<std::string> resource_hover_text(const WorkloadGraph& graph, const Config& config,
                                               const EntityId& id);

struct LspFix;
// Told, before the analyses that follow, what may have changed on disk since the last ones
// (never DiskChange::None): from the client's file events, saves, opens and closes.
using NoticeDiskChange = std::function<void(DiskChange)>;

struct ServerOptions {
  AnalyzeWorkspace analyze;
  NoticeDiskChange disk_changed = [](DiskChange) {};
  HoverText hover = resource_hover_text;
  std::vector<RuleInfo> rules;  // for codeDescription links
  std::string version;
};

// Sends one message body; the caller frames it. Called from two threads, never at once.
using SendMessage = std::function<void(const std::string& body)>;

class Server {
 public:
  Server(ServerOptions options, SendMessage send);
  ~Server();  // stops the analysis worker (an analysis in progress is finished first)
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void handle(const FramedMessage& message);
  bool exited() const { return exited_; }
  // 0 after `shutdown` then `exit`; 1 for `exit` (or end of input) without `shutdown`.
  int exit_code() const { return shutdown_ ? 0 : 1; }
  // Blocks until no analysis is pending or running.
  void wait_idle();

 private:
  struct Request;
  struct OpenFile {
    std::string uri;
    int64_t version = 0;
  };
  void send(const std::string& body);
  void handle_json(const std::string& body);
  void dispatch(const Request& request);
  std::string initialize(const Request& request);
  std::optional<std::string> hover(const Request& request);
  std::optional<std::string> code_action(const Request& request);
  // The fixes of the findings in `path` (absolute), placed for the editor; caller holds mutex_.
  std::vector<LspFix> fixes_in(const std::string& path) const;
  void notification(const Request& request);
  void note_disk_change(DiskChange change);  // caller holds mutex_
  void watch_files();
  void schedule_analysis();
  void analysis_worker();
  std::vector<std::string> diagnostics_messages(const std::vector<Finding>& findings,
                                                const std::map<std::string, std::string>& overlays,
                                                const std::map<std::string, OpenFile>& open,
                                                const ParseLimits& limits);
  std::string text_of(const std::string& path) const;  // caller holds mutex_

  ServerOptions options_;
  SendMessage send_;
  std::mutex send_mutex_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
  bool document_changes_ = false;  // the client takes WorkspaceEdit.documentChanges
  bool client_watches_ = false;    // the client registers file watchers dynamically

  // Shared with the worker, guarded by mutex_.
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  DocumentStore documents_;
  // Absolute project directories analysed, none below another: the workspace folders, and
  // the project of an opened file outside them.
  std::vector<std::string> roots_;
  std::map<std::string, std::shared_ptr<const WorkspaceAnalysis>> latest_;  // by root
  std::map<std::string, std::string> published_;  // URI -> the last publishDiagnostics params
  // The worker's alone: the disk texts of the files with findings (for UTF-16 columns), kept
  // until the client reports a disk change, so an edit reads no file to publish.
  std::map<std::string, std::string> disk_texts_;
  // The disk changes the client reported since the last analysis began.
  DiskChange disk_change_ = DiskChange::None;
  bool pending_ = false;
  bool running_ = false;
  bool stopping_ = false;
  // The worker's alone: the previous analyses, freed beside the next one (a large
  // workspace's graph takes as long to free as to link).
  std::thread freeing_;
  std::thread worker_;  // last: started once everything above exists
};

// Reads messages from `in_fd` and answers on `out_fd` until `exit` or the end of input.
// Returns the process exit code.
int serve(int in_fd, int out_fd, ServerOptions options);

}  // namespace rightfit::lsp
