// `rightfit lsp` driven through pipes as an editor drives it: framing and JSON errors, the
// initialize/shutdown/exit life cycle, incremental edits of unsaved buffers, diagnostics of
// linked files, hover and code actions.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "integrations/lsp/message_reader.h"
#include "integrations/lsp/uri.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::write_text;

// A `rightfit lsp` child process. Waits are bounded so a hung server fails the test.
class LspProcess {
 public:
  // How long one wait_for may take: every answer here is to a small workspace, so this is
  // far above what a loaded machine needs (and under ASan), and a silent server fails in it.
  static constexpr std::chrono::seconds kWait{10};

  explicit LspProcess(const fs::path& cwd) {
    int to_child[2], from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(to_child[0], STDIN_FILENO);
      ::dup2(from_child[1], STDOUT_FILENO);
      ::close(to_child[1]);
      ::close(from_child[0]);
      if (::chdir(cwd.c_str()) != 0) ::_exit(126);
      ::execl(RIGHTFIT_BINARY, RIGHTFIT_BINARY, "lsp", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
  }
  ~LspProcess() {
    if (in_ >= 0) ::close(in_);
    if (out_ >= 0) ::close(out_);
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  void send_raw(const std::string& bytes) {
    ASSERT_EQ(::write(in_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  void send(const std::string& body) {
    send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }

  // The next message whose text contains `needle` (others are kept for later waits). A
  // server that stays silent, or says only other things, fails the test after kWait; once a
  // wait has failed, later ones fail at once, so a silent server costs one kWait, not many.
  std::string wait_for(const std::string& needle) {
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    for (;;) {
      for (auto it = received_.begin(); it != received_.end(); ++it) {
        if (it->find(needle) != std::string::npos) {
          std::string found = *it;
          received_.erase(it);
          return found;
        }
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (timed_out_ || left.count() <= 0 || !read_more(left)) {
        ADD_FAILURE() << "the server sent no message containing " << needle
                      << (timed_out_ ? " (an earlier wait timed out)" : "") << " within "
                      << kWait.count() << " s (" << received_.size() << " others kept)";
        timed_out_ = true;
        return "";
      }
    }
  }

  // Closes stdin and waits for the exit code (-1 when it did not exit in time).
  int wait_exit() {
    for (int i = 0; i < 300; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      ::poll(nullptr, 0, 100);
    }
    return -1;
  }

 private:
  // Reads what the server has sent within `wait`; false when it sent nothing (or closed).
  bool read_more(std::chrono::milliseconds wait) {
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
    char buffer[65536];
    ssize_t n = ::read(out_, buffer, sizeof buffer);
    if (n <= 0) return false;
    reader_.feed(std::string_view(buffer, static_cast<size_t>(n)));
    while (auto m = reader_.next()) received_.push_back(m->ok() ? m->body : "FRAMING " + m->error);
    return true;
  }

  pid_t pid_ = -1;
  bool reaped_ = false;
  bool timed_out_ = false;  // a wait_for failed: the server is taken to be silent
  int in_ = -1, out_ = -1;
  lsp::MessageReader reader_;
  std::vector<std::string> received_;
};

std::string json_string(const std::string& s) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  return b.GetString();
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  return d;
}

const char* kTemplate =
    "Transform: AWS::Serverless-2016-10-31\n"
    "Resources:\n"
    "  InvoiceApi:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      Description: \"Rendu des factures 😀\"\n"
    "      Timeout: 60\n"
    "      Events:\n"
    "        Render:\n"
    "          Type: Api\n"
    "          Properties: {Path: /invoice, Method: get}\n"
    "  Worker:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      PackageType: Image\n"
    "      Timeout: 20\n"
    "    Metadata:\n"
    "      Dockerfile: Dockerfile\n"
    "      DockerContext: ./worker\n";

class LspProtocol : public testing_support::ScratchDirectory {
 protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    write_text(dir_ / "template.yaml", kTemplate);
    write_text(dir_ / "worker" / "Dockerfile",
               "FROM python:3.12-slim\nRUN pip install requests\nCMD [\"python\", \"main.py\"]\n");
    template_uri_ = lsp::uri_from_path((dir_ / "template.yaml").string());
    dockerfile_uri_ = lsp::uri_from_path((dir_ / "worker" / "Dockerfile").string());
  }

  std::string initialize() {
    return R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,)"
           R"("rootUri":)" +
           json_string(lsp::uri_from_path(dir_.string())) + R"(,"capabilities":{}}})";
  }
  std::string did_open() {
    return R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{)"
           R"("uri":)" +
           json_string(template_uri_) + R"(,"languageId":"yaml","version":1,"text":)" +
           json_string(kTemplate) + "}}}";
  }
  std::string did_change(int version, int line, int from, int to, const std::string& text) {
    return R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{)"
           R"("uri":)" +
           json_string(template_uri_) + R"(,"version":)" + std::to_string(version) +
           R"(},"contentChanges":[{"range":{"start":{"line":)" + std::to_string(line) +
           R"(,"character":)" + std::to_string(from) + R"(},"end":{"line":)" +
           std::to_string(line) + R"(,"character":)" + std::to_string(to) + R"(}},"text":)" +
           json_string(text) + "}]}}";
  }
  // The next diagnostics published for `uri`.
  rapidjson::Document diagnostics_for(LspProcess& server, const std::string& uri) {
    return parse(server.wait_for(R"("method":"textDocument/publishDiagnostics","params":{"uri":)" +
                                 json_string(uri)));
  }

  std::string template_uri_, dockerfile_uri_;
};

TEST_F(LspProtocol, ErrorsKeepTheServerRunning) {
  LspProcess server(dir_);
  server.send(R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}})");
  EXPECT_NE(server.wait_for(R"("id":1,"error":{"code":-32002)"), "") << "request before initialize";
  server.send_raw("Content-Length: many\r\n\r\n");
  EXPECT_NE(
      server.wait_for(R"("id":null,"error":{"code":-32700,"message":"malformed message header)"),
      "");
  server.send("{\"jsonrpc\":\"2.0\",\"id\":2,");
  EXPECT_NE(server.wait_for(R"("id":null,"error":{"code":-32700,"message":"invalid JSON)"), "");
  server.send(R"([1,2])");
  EXPECT_NE(server.wait_for(R"("error":{"code":-32600)"), "");
  server.send(initialize());
  std::string init = server.wait_for(R"("id":1,"result")");
  rapidjson::Document d = parse(init);
  ASSERT_TRUE(d.IsObject()) << init;
  EXPECT_EQ(d["result"]["capabilities"]["textDocumentSync"]["change"].GetInt(), 2);
  EXPECT_TRUE(d["result"]["capabilities"]["hoverProvider"].GetBool());
  server.send(R"({"jsonrpc":"2.0","id":"s","method":"workspace/symbol","params":{}})");
  EXPECT_NE(server.wait_for(R"("id":"s","error":{"code":-32601)"), "");
  server.send(R"({"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}})");
  EXPECT_NE(server.wait_for(R"("id":3,"error":{"code":-32602)"), "");
  server.send(R"({"jsonrpc":"2.0","id":4,"method":"shutdown"})");
  EXPECT_NE(server.wait_for(R"("id":4,"result":null)"), "");
  server.send(R"({"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{}})");
  EXPECT_NE(server.wait_for(R"("id":5,"error":{"code":-32600)"), "") << "request after shutdown";
  server.send(R"({"jsonrpc":"2.0","method":"exit"})");
  EXPECT_EQ(server.wait_exit(), 0);
}

// A wrong Content-Length used to desynchronise the server for good: not even `shutdown` was
// answered afterwards.
TEST_F(LspProtocol, AWrongContentLengthDoesNotSilenceTheServer) {
  LspProcess server(dir_);
  server.send_raw("Content-Length: 5\r\n\r\n" + initialize());
  server.send(initialize());
  EXPECT_NE(server.wait_for(R"("id":1,"result")"), "");
  server.send_raw("Content-Length: -1\r\n\r\n{}");
  server.send(R"({"jsonrpc":"2.0","id":4,"method":"shutdown"})");
  EXPECT_NE(server.wait_for(R"("id":4,"result":null)"), "");
  server.send(R"({"jsonrpc":"2.0","method":"exit"})");
  EXPECT_EQ(server.wait_exit(), 0);
}

TEST_F(LspProtocol, ExitWithoutShutdownIsExitCodeOne) {
  LspProcess server(dir_);
  server.send(initialize());
  EXPECT_NE(server.wait_for(R"("id":1,"result")"), "");
  server.send(R"({"jsonrpc":"2.0","method":"exit"})");
  EXPECT_EQ(server.wait_exit(), 1);
}

TEST_F(LspProtocol, UnsavedEditsRefreshDiagnosticsOfLinkedFiles) {
  LspProcess server(dir_);
  server.send(initialize());
  ASSERT_NE(server.wait_for(R"("id":1,"result")"), "");
  server.send(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  server.send(did_open());

  rapidjson::Document opened = diagnostics_for(server, template_uri_);
  ASSERT_TRUE(opened.IsObject());
  const auto& rf105 = opened["params"]["diagnostics"][0];
  EXPECT_STREQ(rf105["code"].GetString(), "RF105");
  EXPECT_STREQ(rf105["source"].GetString(), "rightfit");
  EXPECT_EQ(rf105["severity"].GetInt(), 2);
  EXPECT_EQ(rf105["range"]["start"]["line"].GetInt(), 6);
  EXPECT_EQ(rf105["range"]["start"]["character"].GetInt(), 6);
  EXPECT_NE(std::string(rf105["codeDescription"]["href"].GetString()).find(".md"),
            std::string::npos);
  EXPECT_EQ(rf105["relatedInformation"][0]["location"]["range"]["start"]["line"].GetInt(), 8);
  // The Dockerfile's finding exists only because the template links it.
  rapidjson::Document docker = diagnostics_for(server, dockerfile_uri_);
  ASSERT_TRUE(docker.IsObject());
  EXPECT_STREQ(docker["params"]["diagnostics"][0]["code"].GetString(), "RF303");

  // Hover over the function, and the quick fix for its diagnostic.
  server.send(
      R"({"jsonrpc":"2.0","id":10,"method":"textDocument/hover","params":{"textDocument":{"uri":)" +
      json_string(template_uri_) + R"(},"position":{"line":6,"character":8}}})");
  std::string hover = server.wait_for(R"("id":10)");
  EXPECT_NE(hover.find("AWS::Serverless::Function** `InvoiceApi`"), std::string::npos) << hover;
  rapidjson::StringBuffer diagnostic;
  rapidjson::Writer<rapidjson::StringBuffer> w(diagnostic);
  rf105.Accept(w);
  server.send(
      R"({"jsonrpc":"2.0","id":11,"method":"textDocument/codeAction","params":{"textDocument":{"uri":)" +
      json_string(template_uri_) +
      R"(},"range":{"start":{"line":6,"character":6},"end":{"line":6,"character":6}},"context":{"diagnostics":[)" +
      diagnostic.GetString() + "]}}}");
  std::string action = server.wait_for(R"("id":11)");
  EXPECT_NE(action.find(R"("newText":"      # rightfit:ignore RF105\n")"), std::string::npos)
      << action;

  // An incremental edit after the emoji (2 UTF-16 units) on line 5 and one fixing the
  // Timeout, never saved: the analysis reads the buffer.
  server.send(did_change(2, 5, 41, 41, " !"));
  server.send(did_change(3, 6, 15, 17, "20"));
  rapidjson::Document fixed;
  for (int i = 0; i < 3; ++i) {  // changes may be coalesced: wait for the version 3 publish
    fixed = diagnostics_for(server, template_uri_);
    if (fixed.IsObject() && fixed["params"]["version"].GetInt() == 3) break;
  }
  ASSERT_TRUE(fixed.IsObject());
  EXPECT_EQ(fixed["params"]["version"].GetInt(), 3);
  EXPECT_EQ(fixed["params"]["diagnostics"].Size(), 0u);

  // Saving publishes the (unchanged) diagnostics again.
  server.send(
      R"({"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":)" +
      json_string(template_uri_) + "}}}");
  rapidjson::Document saved = diagnostics_for(server, template_uri_);
  ASSERT_TRUE(saved.IsObject());
  EXPECT_EQ(saved["params"]["version"].GetInt(), 3);

  // Unlinking the image (an edit in the template) clears the Dockerfile's diagnostics.
  server.send(did_change(4, 17, 18, 28, "Other.Dockerfile"));
  rapidjson::Document unlinked = diagnostics_for(server, dockerfile_uri_);
  ASSERT_TRUE(unlinked.IsObject());
  EXPECT_EQ(unlinked["params"]["diagnostics"].Size(), 0u);

  // Closing the unsaved buffer: the file on disk (Timeout 60) counts again.
  server.send(
      R"({"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":)" +
      json_string(template_uri_) + "}}}");
  rapidjson::Document closed;
  for (int i = 0; i < 3; ++i) {  // skip the publish of version 4 (the unlinking edit)
    closed = diagnostics_for(server, template_uri_);
    if (closed.IsObject() && !closed["params"].HasMember("version")) break;
  }
  ASSERT_TRUE(closed.IsObject());
  EXPECT_FALSE(closed["params"].HasMember("version"));
  ASSERT_GE(closed["params"]["diagnostics"].Size(), 1u);
  EXPECT_STREQ(closed["params"]["diagnostics"][0]["code"].GetString(), "RF105");

  server.send(R"({"jsonrpc":"2.0","id":20,"method":"shutdown"})");
  EXPECT_NE(server.wait_for(R"("id":20,"result":null)"), "");
  server.send(R"({"jsonrpc":"2.0","method":"exit"})");
  EXPECT_EQ(server.wait_exit(), 0);
}

// Python and TypeScript handler buffers: an unsaved edit that adds a violation is analysed
// as typed, and the quick fix writes the language's comment.
TEST_F(LspProtocol, PythonAndTypeScriptHandlerBuffersAreAnalysedAsTyped) {
  write_text(dir_ / "template.yaml",
             "Transform: AWS::Serverless-2016-10-31\n"
             "Resources:\n"
             "  PyWorker:\n"
             "    Type: AWS::Serverless::Function\n"
             "    Properties: {CodeUri: py/, Handler: app.handler, Runtime: python3.12}\n"
             "  TsWorker:\n"
             "    Type: AWS::Serverless::Function\n"
             "    Properties: {CodeUri: ts/, Handler: index.handler, Runtime: nodejs20.x}\n");
  const std::string py_clean = "def handler(event, context):\n    return event\n";
  const std::string ts_clean =
      "export const handler = async (event: unknown): Promise<unknown> => {\n"
      "  return event;\n"
      "};\n";
  write_text(dir_ / "py" / "app.py", py_clean);
  write_text(dir_ / "ts" / "index.ts", ts_clean);
  const std::string py_uri = lsp::uri_from_path((dir_ / "py" / "app.py").string());
  const std::string ts_uri = lsp::uri_from_path((dir_ / "ts" / "index.ts").string());
  auto open = [&](const std::string& uri, const char* language, const std::string& text) {
    return R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{)"
           R"("uri":)" +
           json_string(uri) + R"(,"languageId":")" + language + R"(","version":1,"text":)" +
           json_string(text) + "}}}";
  };
  auto change = [&](const std::string& uri, const std::string& text) {
    return R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{)"
           R"("uri":)" +
           json_string(uri) + R"(,"version":2},"contentChanges":[{"text":)" + json_string(text) +
           "}]}}";
  };
  LspProcess server(dir_);
  server.send(initialize());
  ASSERT_NE(server.wait_for(R"("id":1,"result")"), "");
  server.send(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  server.send(open(py_uri, "python", py_clean));
  server.send(open(ts_uri, "typescript", ts_clean));
  server.send(change(py_uri,
                     "import boto3\n\ndef handler(event, context):\n"
                     "    while True:\n        boto3.client('s3')\n"));
  server.send(change(ts_uri,
                     "export const handler = async (event: unknown): Promise<unknown> => {\n"
                     "  for (;;) {\n    console.log(event);\n  }\n};\n"));
  auto rules_of = [](const rapidjson::Document& d) {
    std::vector<std::string> out;
    if (!d.IsObject()) return out;
    for (const auto& diagnostic : d["params"]["diagnostics"].GetArray())
      out.push_back(std::string(diagnostic["code"].GetString()) + "@" +
                    std::to_string(diagnostic["range"]["start"]["line"].GetInt()));
    return out;
  };
  rapidjson::Document py, ts;
  for (int i = 0; i < 6 && rules_of(py).empty(); ++i) py = diagnostics_for(server, py_uri);
  for (int i = 0; i < 6 && rules_of(ts).empty(); ++i) ts = diagnostics_for(server, ts_uri);
  EXPECT_EQ(rules_of(py), (std::vector<std::string>{"RF102@3", "RF205@4"}));
  EXPECT_EQ(rules_of(ts), (std::vector<std::string>{"RF102@1"}));
  ASSERT_TRUE(ts.IsObject());
  rapidjson::StringBuffer diagnostic;
  rapidjson::Writer<rapidjson::StringBuffer> w(diagnostic);
  ts["params"]["diagnostics"][0].Accept(w);
  server.send(
      R"({"jsonrpc":"2.0","id":12,"method":"textDocument/codeAction","params":{"textDocument":{"uri":)" +
      json_string(ts_uri) +
      R"(},"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":2}},"context":{"diagnostics":[)" +
      diagnostic.GetString() + "]}}}");
  std::string action = server.wait_for(R"("id":12)");
  EXPECT_NE(action.find(R"("newText":"  // rightfit:ignore RF102\n")"), std::string::npos)
      << action;
  server.send(R"({"jsonrpc":"2.0","id":20,"method":"shutdown"})");
  EXPECT_NE(server.wait_for(R"("id":20,"result":null)"), "");
  server.send(R"({"jsonrpc":"2.0","method":"exit"})");
  EXPECT_EQ(server.wait_exit(), 0);
}

TEST_F(LspProtocol, BadConfigurationIsShownToTheUser) {
  write_text(dir_ / ".rightfit.yaml", "rules:\n  RF105: {severity: loud}\n");
  LspProcess server(dir_);
  server.send(initialize());
  ASSERT_NE(server.wait_for(R"("id":1,"result")"), "");
  server.send(did_open());
  std::string shown = server.wait_for(R"("method":"window/showMessage")");
  EXPECT_NE(shown.find(".rightfit.yaml"), std::string::npos) << shown;
  server.send(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})");
  EXPECT_NE(server.wait_for(R"("id":2,"result":null)"), "");
  server.send(R"({"jsonrpc":"2.0","method":"exit"})");
  EXPECT_EQ(server.wait_exit(), 0);
}

}  // namespace
}  // namespace rightfit
