// The language server keeps its walk, its parses and its Terraform evaluations between
// analyses: after any sequence of edits, file events and renames, its diagnostics must equal
// those of a fresh server that opens the same buffers over the same disk.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "driver/lsp_command.h"
#include "integrations/lsp/json_rpc.h"
#include "integrations/lsp/server.h"
#include "integrations/lsp/uri.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using lsp::json_string;
using testing_support::write_text;

std::string to_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  v.Accept(w);
  return b.GetString();
}

const char* kTemplate =
    "Transform: AWS::Serverless-2016-10-31\n"
    "Resources:\n"
    "  Api:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      Timeout: 60\n"
    "      Events:\n"
    "        Get:\n"
    "          Type: Api\n"
    "          Properties: {Path: /x, Method: get}\n";

const char* kModule =
    "variable \"timeout\" {\n"
    "  type = number\n"
    "}\n"
    "resource \"aws_lambda_function\" \"fn\" {\n"
    "  function_name = \"fn\"\n"
    "  timeout       = var.timeout\n"
    "}\n";

const char* kRoot =
    "module \"fn\" {\n"
    "  source  = \"../modules/fn\"\n"
    "  timeout = 30\n"
    "}\n";

const char* kOtherRoot =
    "resource \"aws_lambda_function\" \"other\" {\n"
    "  function_name = \"other\"\n"
    "  timeout       = 1000\n"
    "}\n";

// One in-process server wired to the engine, and what it published last for each URI.
class Editor {
 public:
  Editor(const fs::path& root, bool watches)
      : server_(language_server_options(), [this](const std::string& body) { receive(body); }) {
    const std::string capabilities =
        watches ? R"({"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}})" : "{}";
    send(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":)" +
         json_string(lsp::uri_from_path(root.string())) + R"(,"capabilities":)" + capabilities +
         "}}");
    send(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  }

  void send(const std::string& body) { server_.handle(lsp::FramedMessage{body, {}}); }
  void open(const fs::path& path, const std::string& text) {
    versions_[path.string()] = 1;
    send(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":)" +
         json_string(lsp::uri_from_path(path.string())) +
         R"(,"languageId":"","version":1,"text":)" + json_string(text) + "}}}");
  }
  void change(const fs::path& path, const std::string& text) {
    send(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":)" +
         json_string(lsp::uri_from_path(path.string())) + R"(,"version":)" +
         std::to_string(++versions_[path.string()]) + R"(},"contentChanges":[{"text":)" +
         json_string(text) + "}]}}");
  }
  // didChangeWatchedFiles with (path, FileChangeType) events.
  void files_changed(const std::vector<std::pair<fs::path, int>>& events) {
    std::string changes;
    for (const auto& [path, type] : events) {
      changes += std::string(changes.empty() ? "" : ",") + R"({"uri":)" +
                 json_string(lsp::uri_from_path(path.string())) + R"(,"type":)" +
                 std::to_string(type) + "}";
    }
    send(R"({"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[)" +
         changes + "]}}");
  }
  void save(const fs::path& path) {
    send(R"({"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":)" +
         json_string(lsp::uri_from_path(path.string())) + "}}}");
  }

  // URI -> its diagnostics (JSON), files without any left out.
  std::map<std::string, std::string> diagnostics() {
    server_.wait_idle();
    std::lock_guard lock(mutex_);
    std::map<std::string, std::string> nonempty;
    for (const auto& [uri, list] : latest_) {
      if (list != "[]") nonempty[uri] = list;
    }
    return nonempty;
  }
  bool asked_to_watch() {
    std::lock_guard lock(mutex_);
    return asked_to_watch_;
  }

 private:
  void receive(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    std::lock_guard lock(mutex_);
    if (!d.IsObject() || !d.HasMember("method")) return;
    const std::string method = d["method"].GetString();
    if (method == "client/registerCapability") asked_to_watch_ = true;
    if (method != "textDocument/publishDiagnostics") return;
    latest_[d["params"]["uri"].GetString()] = to_text(d["params"]["diagnostics"]);
  }

  std::mutex mutex_;
  std::map<std::string, std::string> latest_;
  bool asked_to_watch_ = false;
  std::map<std::string, int> versions_;
  lsp::Server server_;  // last: its worker calls receive()
};

class LspIncremental : public testing_support::ScratchDirectory {
 protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    write_text(dir_ / "template.yaml", kTemplate);
    write_text(dir_ / "tf" / "modules" / "fn" / "main.tf", kModule);
    write_text(dir_ / "tf" / "app" / "main.tf", kRoot);
  }

  // The diagnostics of a fresh server that opens `buffers` (path -> text).
  std::map<std::string, std::string> from_scratch(const std::map<fs::path, std::string>& buffers) {
    Editor fresh(dir_, false);
    for (const auto& [path, text] : buffers) fresh.open(path, text);
    return fresh.diagnostics();
  }
};

TEST_F(LspIncremental, EditsAndFileEventsGiveTheDiagnosticsOfAFreshAnalysis) {
  const fs::path tmpl = dir_ / "template.yaml";
  const fs::path module = dir_ / "tf" / "modules" / "fn" / "main.tf";
  Editor editor(dir_, true);
  editor.open(tmpl, kTemplate);
  std::map<fs::path, std::string> buffers{{tmpl, kTemplate}};
  const std::map<std::string, std::string> opened = editor.diagnostics();
  EXPECT_TRUE(editor.asked_to_watch());
  EXPECT_EQ(opened, from_scratch(buffers));
  ASSERT_EQ(opened.count(lsp::uri_from_path(tmpl.string())), 1u);

  // An edit of the template (Timeout fixed): the Terraform evaluations are reused.
  std::string edited = kTemplate;
  edited.replace(edited.find("Timeout: 60"), 11, "Timeout: 20");
  editor.change(tmpl, edited);
  buffers[tmpl] = edited;
  EXPECT_EQ(editor.diagnostics(), from_scratch(buffers));
  EXPECT_EQ(editor.diagnostics().count(lsp::uri_from_path(tmpl.string())), 0u);

  // A module the root calls, edited in a buffer then saved to disk (RF101 in the module).
  std::string long_module = kModule;
  long_module.replace(long_module.find("var.timeout"), 11, "1000");
  editor.open(module, kModule);
  buffers[module] = kModule;
  EXPECT_EQ(editor.diagnostics(), from_scratch(buffers));
  editor.change(module, long_module);
  buffers[module] = long_module;
  const std::map<std::string, std::string> module_edited = editor.diagnostics();
  EXPECT_EQ(module_edited.count(lsp::uri_from_path(module.string())), 1u);
  EXPECT_EQ(module_edited, from_scratch(buffers));
  write_text(module, long_module);
  editor.save(module);
  EXPECT_EQ(editor.diagnostics(), from_scratch(buffers));

  // A file created, then one changed, on disk, as the client's watcher reports them.
  const fs::path other = dir_ / "tf" / "other" / "main.tf";
  write_text(other, kOtherRoot);
  editor.files_changed({{other, 1}});
  const std::map<std::string, std::string> created = editor.diagnostics();
  EXPECT_EQ(created.count(lsp::uri_from_path(other.string())), 1u);
  EXPECT_EQ(created, from_scratch(buffers));
  std::string shorter = kOtherRoot;
  shorter.replace(shorter.find("1000"), 4, "30");
  write_text(other, shorter);
  editor.files_changed({{other, 2}});
  EXPECT_EQ(editor.diagnostics(), from_scratch(buffers));

  // A rename (deleted + created), then a deletion.
  const fs::path renamed = dir_ / "tf" / "renamed" / "main.tf";
  fs::create_directories(renamed.parent_path());
  write_text(other, kOtherRoot);
  fs::rename(other, renamed);
  editor.files_changed({{other, 3}, {renamed, 1}});
  const std::map<std::string, std::string> moved = editor.diagnostics();
  EXPECT_EQ(moved.count(lsp::uri_from_path(renamed.string())), 1u);
  EXPECT_EQ(moved.count(lsp::uri_from_path(other.string())), 0u);
  EXPECT_EQ(moved, from_scratch(buffers));
  fs::remove(renamed);
  editor.files_changed({{renamed, 3}});
  const std::map<std::string, std::string> deleted = editor.diagnostics();
  EXPECT_EQ(deleted.count(lsp::uri_from_path(renamed.string())), 0u);
  EXPECT_EQ(deleted, from_scratch(buffers));
}

// A client that cannot watch files: a save makes the server check its directories' mtimes,
// and a file created in a new directory is analysed then.
TEST_F(LspIncremental, WithoutWatchersASaveNoticesACreatedDirectory) {
  const fs::path tmpl = dir_ / "template.yaml";
  Editor editor(dir_, false);
  editor.open(tmpl, kTemplate);
  std::map<fs::path, std::string> buffers{{tmpl, kTemplate}};
  EXPECT_EQ(editor.diagnostics(), from_scratch(buffers));
  EXPECT_FALSE(editor.asked_to_watch());

  const fs::path other = dir_ / "tf" / "new" / "main.tf";
  write_text(other, kOtherRoot);
  editor.save(tmpl);
  const std::map<std::string, std::string> saved = editor.diagnostics();
  EXPECT_EQ(saved.count(lsp::uri_from_path(other.string())), 1u);
  EXPECT_EQ(saved, from_scratch(buffers));
}

// Restores the working directory a test changed, whatever the test's end.
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const fs::path& to) : was_(fs::current_path()) { fs::current_path(to); }
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;
  ~WorkingDirectory() {
    std::error_code ec;
    fs::current_path(was_, ec);
  }

 private:
  fs::path was_;
};

// An editor that starts the server in the workspace: the walk shows each file relative to the
// working directory (`template.yaml`), the editor names it by its absolute path, and the
// buffer's text, not the disk's, is what the analyses read.
TEST_F(LspIncremental, AnOpenBufferIsFoundWhenTheServerRunsInsideTheWorkspace) {
  const fs::path root = fs::canonical(dir_);
  const WorkingDirectory inside(root);
  const fs::path tmpl = root / "template.yaml";
  const std::string uri = lsp::uri_from_path(tmpl.string());
  std::string fixed = kTemplate;
  fixed.replace(fixed.find("Timeout: 60"), 11, "Timeout: 20");
  Editor editor(root, false);
  editor.open(tmpl, fixed);  // the disk still says 60 s
  EXPECT_EQ(editor.diagnostics().count(uri), 0u);
  editor.change(tmpl, kTemplate);
  EXPECT_EQ(editor.diagnostics().count(uri), 1u);
  editor.change(tmpl, fixed);
  EXPECT_EQ(editor.diagnostics().count(uri), 0u);

  // A module a root module calls, fixed on disk and made slow in its buffer.
  const fs::path module = root / "tf" / "modules" / "fn" / "main.tf";
  std::string slow_module = kModule;
  slow_module.replace(slow_module.find("var.timeout"), 11, "1000");
  editor.open(module, slow_module);
  EXPECT_EQ(editor.diagnostics().count(lsp::uri_from_path(module.string())), 1u);
}

}  // namespace
}  // namespace rightfit
