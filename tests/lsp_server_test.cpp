// The language server in process, with the engine replaced by a scripted analysis: the
// worker never blocks message handling, pending changes are coalesced, and findings become
// diagnostics, hovers and code actions.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "driver/lsp_command.h"
#include "integrations/lsp/server.h"
#include "integrations/lsp/uri.h"
#include "tests/host_process.h"

namespace rightfit::lsp {
namespace {

// Collects what the server sends. A wait is bounded only so a broken server fails the test
// instead of hanging it; nothing is asserted about time.
class Outbox {
 public:
  void push(const std::string& body) {
    std::lock_guard lock(mutex_);
    messages_.push_back(body);
    changed_.notify_all();
  }
  // The first message (from index `from`) containing `needle`; a failure naming it when none
  // comes within 30 s (far above what an answer here takes, under ASan on a loaded machine).
  std::string wait_for(const std::string& needle, std::size_t from = 0) {
    constexpr std::chrono::seconds kWait{30};
    std::unique_lock lock(mutex_);
    std::string found;
    const bool came = changed_.wait_for(lock, kWait, [&] {
      for (std::size_t i = from; i < messages_.size(); ++i) {
        if (messages_[i].find(needle) != std::string::npos) {
          found = messages_[i];
          return true;
        }
      }
      return false;
    });
    if (!came) {
      ADD_FAILURE() << "the server sent no message containing " << needle << " within "
                    << kWait.count() << " s (" << messages_.size() << " sent)";
    }
    return found;
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return messages_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> messages_;
};

FramedMessage json(const std::string& body) { return FramedMessage{body, {}}; }

const char* kPath = "/project/template.yaml";

std::string did_open(const std::string& text) {
  return R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":")" +
         uri_from_path(kPath) + R"(","languageId":"yaml","version":1,"text":")" + text + R"("}}})";
}

std::string did_change(int version, const std::string& text) {
  return R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")" +
         uri_from_path(kPath) + R"(","version":)" + std::to_string(version) +
         R"(},"contentChanges":[{"text":")" + text + R"("}]}})";
}

const char* kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///project"}})";

TEST(LspServer, AnalysisRunsBesideMessageHandlingAndCoalescesChanges) {
  std::promise<void> release, entered;
  std::shared_future<void> gate = release.get_future().share();
  std::future<void> first_analysis = entered.get_future();
  std::mutex seen_mutex;
  std::vector<std::string> seen_texts;  // the buffer each analysis read
  ServerOptions options;
  options.analyze = [&](const std::string& root,
                        const std::map<std::string, std::string>& overlays) {
    EXPECT_EQ(root, "/project");
    {
      std::lock_guard lock(seen_mutex);
      seen_texts.push_back(overlays.at(kPath));
      if (seen_texts.size() == 1) entered.set_value();
    }
    gate.wait();
    return WorkspaceAnalysis{};
  };
  Outbox out;
  Server server(options, [&](const std::string& body) { out.push(body); });
  server.handle(json(kInitialize));
  server.handle(json(R"({"jsonrpc":"2.0","method":"initialized","params":{}})"));
  server.handle(json(did_open("v1")));
  first_analysis.wait();
  // The first analysis is now held at the gate; requests are still answered.
  server.handle(json(R"({"jsonrpc":"2.0","id":2,"method":"no/such"})"));
  EXPECT_NE(out.wait_for(R"("id":2,"error":{"code":-32601)"), "");
  server.handle(json(did_change(2, "v2")));
  server.handle(json(did_change(3, "v3")));
  server.handle(json(did_change(4, "v4")));
  release.set_value();
  server.wait_idle();
  std::lock_guard lock(seen_mutex);
  EXPECT_EQ(seen_texts, (std::vector<std::string>{"v1", "v4"}));
}

TEST(LspServer, FindingsBecomeDiagnosticsHoverAndCodeActions) {
  const std::string text =
      "Resources:\\n  Fn:\\n    Type: AWS::Lambda::Function\\n"
      "    Properties:\\n      Timeout: 700\\n";
  ServerOptions options;
  options.rules = {RuleInfo{"RF104",
                            "lambda-timeout-near-limit",
                            Severity::Warning,
                            "s",
                            "h",
                            "checks/lambda_timeout_near_limit.md",
                            {},
                            std::nullopt,
                            {}}};
  auto graph = std::make_shared<WorkloadGraph>();
  Function fn;
  fn.id = {kPath, "Fn"};
  fn.type = "AWS::Lambda::Function";
  fn.header = {kPath, {{2, 3}, {2, 5}}};
  fn.last_line = 5;
  graph->functions.push_back(fn);
  options.analyze = [&](const std::string&, const std::map<std::string, std::string>&) {
    Finding f;
    f.rule_id = "RF104";
    f.severity = Severity::Warning;
    f.message = "near the limit";
    f.location = {kPath, {{5, 7}, {5, 19}}};  // "Timeout: 700"
    f.related.push_back({{kPath, {{2, 3}, {2, 5}}}, "the function"});
    WorkspaceAnalysis a;
    a.findings.push_back(f);
    a.graph = graph;
    return a;
  };
  options.hover = [](const WorkloadGraph&, const Config&, const EntityId& id) {
    return std::optional<std::string>("cost of " + id.name);
  };
  Outbox out;
  Server server(options, [&](const std::string& body) { out.push(body); });
  server.handle(json(kInitialize));
  server.handle(json(did_open(text)));
  server.wait_idle();
  std::string published = out.wait_for("publishDiagnostics");
  rapidjson::Document d;
  d.Parse(published.c_str());
  ASSERT_TRUE(d.IsObject()) << published;
  const auto& params = d["params"];
  EXPECT_EQ(std::string(params["uri"].GetString()), uri_from_path(kPath));
  EXPECT_EQ(params["version"].GetInt(), 1);
  const auto& diagnostic = params["diagnostics"][0];
  EXPECT_STREQ(diagnostic["code"].GetString(), "RF104");
  EXPECT_EQ(diagnostic["severity"].GetInt(), 2);
  EXPECT_EQ(diagnostic["range"]["start"]["line"].GetInt(), 4);
  EXPECT_EQ(diagnostic["range"]["start"]["character"].GetInt(), 6);
  EXPECT_EQ(diagnostic["range"]["end"]["character"].GetInt(), 18);
  EXPECT_NE(std::string(diagnostic["codeDescription"]["href"].GetString())
                .find("checks/lambda_timeout_near_limit.md"),
            std::string::npos);
  EXPECT_STREQ(diagnostic["relatedInformation"][0]["message"].GetString(), "the function");

  server.handle(json(R"({"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{)"
                     R"("textDocument":{"uri":")" +
                     uri_from_path(kPath) + R"("},"position":{"line":4,"character":8}}})"));
  EXPECT_NE(out.wait_for(R"("id":7,"result":{"contents":{"kind":"markdown","value":"cost of Fn"})"),
            "");

  rapidjson::StringBuffer diag_json;
  rapidjson::Writer<rapidjson::StringBuffer> w(diag_json);
  diagnostic.Accept(w);
  server.handle(
      json(R"({"jsonrpc":"2.0","id":8,"method":"textDocument/codeAction","params":{)"
           R"("textDocument":{"uri":")" +
           uri_from_path(kPath) +
           R"("},"range":{"start":{"line":4,"character":6},"end":{"line":4,"character":6}},)"
           R"("context":{"diagnostics":[)" +
           diag_json.GetString() + "]}}}"));
  std::string action = out.wait_for(R"("id":8)");
  EXPECT_NE(action.find(R"("newText":"      # rightfit:ignore RF104\n")"), std::string::npos)
      << action;
  EXPECT_NE(
      action.find(R"("range":{"start":{"line":4,"character":0},"end":{"line":4,"character":0}})"),
      std::string::npos)
      << action;
}

TEST(LspServer, AFailedAnalysisIsReportedAndTheNextOneRuns) {
  int calls = 0;
  ServerOptions options;
  options.analyze = [&](const std::string&, const std::map<std::string, std::string>& overlays) {
    if (++calls == 1) throw std::runtime_error("disk on fire");
    WorkspaceAnalysis a;
    Finding f;
    f.rule_id = "RF104";
    f.location = {kPath, {{1, 1}, {1, 3}}};
    f.message = "from " + overlays.at(kPath);
    a.findings.push_back(f);
    return a;
  };
  Outbox out;
  Server server(options, [&](const std::string& body) { out.push(body); });
  server.handle(json(kInitialize));
  server.handle(json(did_open("v1")));
  EXPECT_NE(out.wait_for(R"("method":"window/showMessage")"), "");
  EXPECT_NE(out.wait_for("the analysis failed: disk on fire"), "");
  server.handle(json(did_change(2, "v2")));
  EXPECT_NE(out.wait_for(R"("message":"from v2")"), "");
}

TEST(LspServer, NoHashCommentQuickFixInACdkAppSource) {
  // A finding on a synthesized resource moved to the CDK app's JavaScript: a `#` comment
  // would break the file and is not read there (the resource's Metadata suppresses it).
  const std::string app_js = "/project/lib/billing.js";
  ServerOptions options;
  options.analyze = [&](const std::string&, const std::map<std::string, std::string>&) {
    WorkspaceAnalysis a;
    Finding f;
    f.rule_id = "RF106";
    f.location = {app_js, {{2, 1}, {2, 4}}};
    f.origin = SourceRange{"/project/cdk.out/Billing.template.json", {{6, 5}, {6, 24}}};
    f.message = "queue";
    a.findings.push_back(f);
    return a;
  };
  Outbox out;
  Server server(options, [&](const std::string& body) { out.push(body); });
  server.handle(json(kInitialize));
  server.handle(
      json(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":")" +
           uri_from_path(app_js) +
           R"(","languageId":"javascript","version":1,"text":"// app\nnew Queue();\n"}}})"));
  ASSERT_NE(out.wait_for(R"("code":"RF106")"), "");
  server.handle(json(
      R"({"jsonrpc":"2.0","id":9,"method":"textDocument/codeAction","params":{"textDocument":{"uri":")" +
      uri_from_path(app_js) +
      R"("},"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":0}},)"
      R"("context":{"diagnostics":[{"range":{"start":{"line":1,"character":0},)"
      R"("end":{"line":1,"character":3}},"source":"rightfit","code":"RF106","message":"queue"}]}}})"));
  EXPECT_NE(out.wait_for(R"("id":9,"result":[])"), "");
}

TEST(LspServer, TheIgnoreQuickFixInCppUsesASlashComment) {
  // The marker comes from the C++ front-end: a `#` line would not compile and is not read.
  const std::string handler = "/project/src/handler.cpp";
  ServerOptions options;
  RuleInfo state_rule{
      "RF201", "function-mutable-global-state", Severity::Warning, "s", "h", "", {}, {}, {}};
  options.rules = {state_rule.reading(RuleTag::HandlerCode)};
  options.analyze = [&](const std::string&, const std::map<std::string, std::string>&) {
    WorkspaceAnalysis a;
    Finding f;
    f.rule_id = "RF201";
    f.location = {handler, {{2, 3}, {2, 6}}};
    f.message = "state";
    a.findings.push_back(f);
    return a;
  };
  Outbox out;
  Server server(options, [&](const std::string& body) { out.push(body); });
  server.handle(json(kInitialize));
  server.handle(
      json(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":")" +
           uri_from_path(handler) +
           R"(","languageId":"cpp","version":1,"text":"void f() {\n  n++;\n}\n"}}})"));
  ASSERT_NE(out.wait_for(R"("code":"RF201")"), "");
  server.handle(json(
      R"({"jsonrpc":"2.0","id":10,"method":"textDocument/codeAction","params":{"textDocument":{"uri":")" +
      uri_from_path(handler) +
      R"("},"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":2}},)"
      R"("context":{"diagnostics":[{"range":{"start":{"line":1,"character":2},)"
      R"("end":{"line":1,"character":5}},"source":"rightfit","code":"RF201","message":"state"}]}}})"));
  const std::string action = out.wait_for(R"("id":10)");
  EXPECT_NE(action.find(R"("newText":"  // rightfit:ignore RF201\n")"), std::string::npos)
      << action;
  EXPECT_EQ(action.find("# rightfit:ignore"), std::string::npos) << action;
}

// Issue 24: a document outside the workspace folders is analysed alone, never by walking its
// directory (`file:///x.yaml` once made `/` a root: the whole file system, never finishing).
TEST(LspServer, EveryWorkspaceFolderIsAnalysedAndAFileOutsideThemAlone) {
  std::mutex mutex;
  std::set<std::string> roots;
  ServerOptions options;
  options.analyze = [&](const std::string& root, const std::map<std::string, std::string>&) {
    std::lock_guard lock(mutex);
    roots.insert(root);
    WorkspaceAnalysis a;
    Finding f;
    f.rule_id = "RF104";
    f.location = {root.ends_with(".yaml") ? root : root + "/t.yaml", {{1, 1}, {1, 2}}};
    f.message = "in " + root;
    a.findings.push_back(f);
    return a;
  };
  Outbox out;
  Server server(options, [&](const std::string& body) { out.push(body); });
  server.handle(json(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///ignored",)"
      R"("workspaceFolders":[{"uri":"file:///ws/a","name":"a"},{"uri":"file:///ws/b","name":"b"},)"
      R"({"uri":"file:///ws/a/inner","name":"inner"}]}})"));
  for (const char* uri : {"file:///elsewhere/x.yaml", "file:///x.yaml", "file:///ws/b/y.yaml"}) {
    server.handle(json(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{)"
                       R"("textDocument":{"uri":")" +
                       std::string(uri) + R"(","languageId":"yaml","version":1,"text":"x"}}})"));
  }
  server.handle(json(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{)"
                     R"("textDocument":{"uri":"file:///x.yaml","version":2},)"
                     R"("contentChanges":[{"text":"y"}]}})"));
  server.wait_idle();
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(roots, (std::set<std::string>{"/elsewhere/x.yaml", "/x.yaml", "/ws/a", "/ws/b"}));
  }
  for (const char* file : {"/elsewhere/x.yaml", "/x.yaml", "/ws/a/t.yaml", "/ws/b/t.yaml"}) {
    EXPECT_NE(out.wait_for(R"("uri":"file://)" + std::string(file) + R"(")"), "") << file;
  }
}

// A hover or code action may name any URI: nothing outside the roots is read from disk (a
// FIFO would block the server, /dev/zero exhaust its memory); the answer comes at once.
TEST(LspServer, RequestsNamingFilesOutsideTheRootsReadNothing) {
  ServerOptions options;
  options.analyze = [](const std::string&, const std::map<std::string, std::string>&) {
    WorkspaceAnalysis a;
    a.graph = std::make_shared<WorkloadGraph>();
    return a;
  };
  Outbox out;
  Server server(options, [&](const std::string& body) { out.push(body); });
  server.handle(json(kInitialize));
  server.handle(json(did_open("x")));
  server.wait_idle();
  const auto started = std::chrono::steady_clock::now();
  server.handle(json(R"({"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{)"
                     R"("textDocument":{"uri":"file:///dev/zero"},)"
                     R"("position":{"line":0,"character":0}}})"));
  EXPECT_NE(out.wait_for(R"("id":5,"result":null)"), "");
  server.handle(
      json(R"({"jsonrpc":"2.0","id":6,"method":"textDocument/codeAction","params":{)"
           R"("textDocument":{"uri":"file:///dev/zero"},)"
           R"("range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},)"
           R"("context":{"diagnostics":[{"source":"rightfit","code":"RF104",)"
           R"("range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}}}]}}})"));
  EXPECT_NE(out.wait_for(R"("id":6)"), "");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

// A JSON string literal of `text`.
std::string quoted_json(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return buffer.GetString();
}

// The real engine on a scratch root holding one file, opened by a client that takes versioned
// documentChanges: what a quick fix offers, and what the server says once it is applied.
class QuickFixSession {
 public:
  QuickFixSession(const std::string& name, std::string text) : text_(std::move(text)) {
    std::string pattern =
        (std::filesystem::path(::testing::TempDir()) / "rf_lspfix_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    const std::string path = root_ + "/" + name;
    testing_support::write_text(path, text_);
    uri_ = uri_from_path(path);
    ServerOptions options;
    options.analyze = [](const std::string& r, const std::map<std::string, std::string>& overlays) {
      return analyze_workspace(r, overlays);
    };
    server_ =
        std::make_unique<Server>(options, [this](const std::string& body) { out_.push(body); });
    server_->handle(
        json(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":)" +
             quoted_json(uri_from_path(root_)) +
             R"(,"capabilities":{"workspace":{"workspaceEdit":{"documentChanges":true}}}}})"));
    server_->handle(json(
        R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":)" +
        quoted_json(uri_) + R"(,"languageId":"plaintext","version":1,"text":)" +
        quoted_json(text_) + "}}}"));
    server_->wait_idle();
  }
  QuickFixSession(const QuickFixSession&) = delete;
  QuickFixSession& operator=(const QuickFixSession&) = delete;
  ~QuickFixSession() {
    server_.reset();
    std::filesystem::remove_all(root_);
  }

  const std::string& uri() const { return uri_; }
  const std::string& text() const { return text_; }

  // The diagnostics published on open, once one of `rule` is among them.
  rapidjson::Document opened(const std::string& rule) {
    rapidjson::Document published;
    published.Parse(out_.wait_for(R"("code":")" + rule + "\"").c_str());
    rapidjson::Document diagnostics;
    if (published.IsObject())
      diagnostics.CopyFrom(published["params"]["diagnostics"], diagnostics.GetAllocator());
    return diagnostics;
  }

  // The code actions offered for the first diagnostic of `rule` among `diagnostics`, with the
  // cursor on it (the context holds the diagnostics under the cursor: that one).
  rapidjson::Document actions_for(const rapidjson::Value& diagnostics, const std::string& rule) {
    rapidjson::Document reply;
    for (const auto& d : diagnostics.GetArray()) {
      if (d["code"].GetString() != rule) continue;
      const auto& start = d["range"]["start"];
      const std::string position = R"({"line":)" + std::to_string(start["line"].GetUint()) +
                                   R"(,"character":)" +
                                   std::to_string(start["character"].GetUint()) + "}";
      rapidjson::StringBuffer context;
      rapidjson::Writer<rapidjson::StringBuffer> w(context);
      w.StartArray();
      d.Accept(w);
      w.EndArray();
      const std::string id = std::to_string(++request_);
      server_->handle(
          json(R"({"jsonrpc":"2.0","id":)" + id +
               R"(,"method":"textDocument/codeAction","params":{"textDocument":{"uri":)" +
               quoted_json(uri_) + R"(},"range":{"start":)" + position + R"(,"end":)" + position +
               R"(},"context":{"diagnostics":)" + context.GetString() + "}}}"));
      reply.Parse(out_.wait_for(R"("id":)" + id + ",").c_str());
      break;
    }
    return reply;
  }

  // Applies a code action's edits of this document to the buffer as the editor does (each
  // range refers to the text before any of them: the last applied first); returns how many.
  std::size_t apply(const rapidjson::Value& action) {
    std::vector<ContentChange> edits;
    for (const auto& change : action["edit"]["documentChanges"].GetArray()) {
      if (change["textDocument"]["uri"].GetString() != uri_) continue;
      for (const auto& e : change["edits"].GetArray()) {
        const auto& r = e["range"];
        edits.push_back({LspRange{{r["start"]["line"].GetUint(), r["start"]["character"].GetUint()},
                                  {r["end"]["line"].GetUint(), r["end"]["character"].GetUint()}},
                         e["newText"].GetString()});
      }
    }
    std::stable_sort(edits.begin(), edits.end(),
                     [](const ContentChange& a, const ContentChange& b) {
                       return std::tie(a.range->start.line, a.range->start.character) <
                              std::tie(b.range->start.line, b.range->start.character);
                     });
    apply_changes(text_, std::vector<ContentChange>(edits.rbegin(), edits.rend()));
    return edits.size();
  }

  // Sends the buffer as version 2; returns the diagnostics' codes published for it.
  std::multiset<std::string> codes_after_change() {
    const std::size_t before = out_.size();
    server_->handle(json(
        R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":)" +
        quoted_json(uri_) + R"(,"version":2},"contentChanges":[{"text":)" + quoted_json(text_) +
        "}]}}"));
    server_->wait_idle();
    rapidjson::Document republished;
    republished.Parse(out_.wait_for(R"("version":2)", before).c_str());
    std::multiset<std::string> codes;
    if (!republished.IsObject()) {
      ADD_FAILURE() << "no diagnostics published for version 2";
      return codes;
    }
    for (const auto& d : republished["params"]["diagnostics"].GetArray())
      codes.insert(d["code"].GetString());
    return codes;
  }

 private:
  Outbox out_;
  std::string root_;
  std::string uri_;
  std::string text_;
  int request_ = 1;
  std::unique_ptr<Server> server_;  // last: stopped before the outbox it sends to
};

std::multiset<std::string> codes_of(const rapidjson::Value& diagnostics) {
  std::multiset<std::string> codes;
  for (const auto& d : diagnostics.GetArray()) codes.insert(d["code"].GetString());
  return codes;
}

// With the real engine: a finding's fix is offered as a quick fix (before the suppression), as
// versioned documentChanges when the client takes them; applying its edit to the buffer makes
// the diagnostic go away.
TEST(LspServer, AFixIsAQuickFixWhoseEditRemovesTheDiagnostic) {
  QuickFixSession session("template.yaml",
                          "AWSTemplateFormatVersion: '2010-09-09'\n"
                          "Resources:\n"
                          "  Jobs:\n"
                          "    Type: AWS::SQS::Queue\n"
                          "    Properties:\n"
                          "      VisibilityTimeout: 30  # too short\n"
                          "  Worker:\n"
                          "    Type: AWS::Lambda::Function\n"
                          "    Properties:\n"
                          "      Handler: worker.handler\n"
                          "      Runtime: python3.13\n"
                          "      Timeout: 20\n"
                          "  Mapping:\n"
                          "    Type: AWS::Lambda::EventSourceMapping\n"
                          "    Properties:\n"
                          "      EventSourceArn: !GetAtt Jobs.Arn\n"
                          "      FunctionName: !Ref Worker\n");
  rapidjson::Document diagnostics = session.opened("RF106");
  ASSERT_TRUE(diagnostics.IsArray());
  rapidjson::Document reply = session.actions_for(diagnostics, "RF106");
  ASSERT_TRUE(reply.IsObject() && reply["result"].IsArray());
  const auto& actions = reply["result"];
  ASSERT_GE(actions.Size(), 2u);
  const auto& fix = actions[0];
  EXPECT_STREQ(fix["title"].GetString(), "Set VisibilityTimeout to 120");
  EXPECT_STREQ(fix["kind"].GetString(), "quickfix");
  EXPECT_TRUE(fix["isPreferred"].GetBool());
  const auto& change = fix["edit"]["documentChanges"][0];
  EXPECT_EQ(std::string(change["textDocument"]["uri"].GetString()), session.uri());
  EXPECT_EQ(change["textDocument"]["version"].GetInt(), 1);
  EXPECT_NE(std::string(actions[1]["title"].GetString()).find("Ignore RF106"), std::string::npos);

  // The editor applies the edit and sends the new text.
  ASSERT_EQ(session.apply(fix), 1u);
  EXPECT_NE(session.text().find("      VisibilityTimeout: 120  # too short\n"), std::string::npos)
      << session.text();
  EXPECT_EQ(session.codes_after_change().count("RF106"), 0u);
}

// The fixes that add whole resources (RF405's scaling on CPU, RF401's scaling on a queue's
// depth from zero) reach the editor the same way: the quick fix's WorkspaceEdit, applied to
// the buffer, removes its finding and brings none.
TEST(LspServer, ScalingFixesAreQuickFixesThatRemoveTheirFinding) {
  const std::filesystem::path fixtures =
      std::filesystem::path(RIGHTFIT_SOURCE_DIR) / "fixtures/fixes";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"scaling_cloudformation/services.yaml", "RF405"},
      {"scaling_cloudformation/services.yaml", "RF401"},
      {"scaling_terraform/main.tf", "RF405"},
      {"scaling_terraform/main.tf", "RF401"},
      {"scaling_kubernetes/checkout.yaml", "RF405"},
  };
  for (const auto& [fixture, rule] : cases) {
    SCOPED_TRACE(fixture + " " + rule);
    QuickFixSession session(std::filesystem::path(fixture).filename().string(),
                            testing_support::read_text(fixtures / fixture));
    rapidjson::Document diagnostics = session.opened(rule);
    ASSERT_TRUE(diagnostics.IsArray());
    rapidjson::Document reply = session.actions_for(diagnostics, rule);
    ASSERT_TRUE(reply.IsObject() && reply["result"].IsArray());
    ASSERT_GE(reply["result"].Size(), 2u);
    const auto& fix = reply["result"][0];
    EXPECT_STREQ(fix["kind"].GetString(), "quickfix");
    EXPECT_TRUE(fix["isPreferred"].GetBool());
    EXPECT_NE(std::string(fix["title"].GetString()).find("Add a"), std::string::npos);
    ASSERT_EQ(session.apply(fix), 1u);
    std::multiset<std::string> expected = codes_of(diagnostics);
    expected.erase(expected.find(rule));
    EXPECT_EQ(session.codes_after_change(), expected) << session.text();
  }
}

}  // namespace
}  // namespace rightfit::lsp
