// The language server in process, with the engine replaced by a scripted analysis: the
// worker never blocks message handling, pending changes are coalesced, and findings become
// diagnostics, hovers and code actions.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
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

// With the real engine: a finding's fix is offered as a quick fix (before the suppression), as
// versioned documentChanges when the client takes them; applying its edit to the buffer makes
// the diagnostic go away.
TEST(LspServer, AFixIsAQuickFixWhoseEditRemovesTheDiagnostic) {
  std::string pattern = (std::filesystem::path(::testing::TempDir()) / "rf_lspfix_XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const std::string root = pattern;
  const std::string path = root + "/template.yaml";
  std::string text =
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
      "      FunctionName: !Ref Worker\n";
  testing_support::write_text(path, text);
  ServerOptions options;
  options.analyze = [](const std::string& r, const std::map<std::string, std::string>& overlays) {
    return analyze_workspace(r, overlays);
  };
  Outbox out;
  Server server(options, [&](const std::string& body) { out.push(body); });
  const std::string uri = uri_from_path(path);
  server.handle(
      json(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":)" +
           quoted_json(uri_from_path(root)) +
           R"(,"capabilities":{"workspace":{"workspaceEdit":{"documentChanges":true}}}}})"));
  server.handle(
      json(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":)" +
           quoted_json(uri) + R"(,"languageId":"yaml","version":1,"text":)" + quoted_json(text) +
           "}}}"));
  server.wait_idle();
  rapidjson::Document published;
  published.Parse(out.wait_for("RF106").c_str());
  ASSERT_TRUE(published.IsObject());
  rapidjson::StringBuffer diagnostics;
  rapidjson::Writer<rapidjson::StringBuffer> w(diagnostics);
  published["params"]["diagnostics"].Accept(w);
  server.handle(
      json(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{)"
           R"("textDocument":{"uri":)" +
           quoted_json(uri) +
           R"(},"range":{"start":{"line":5,"character":6},"end":{"line":5,"character":6}},)"
           R"("context":{"diagnostics":)" +
           diagnostics.GetString() + "}}}"));
  rapidjson::Document reply;
  reply.Parse(out.wait_for(R"("id":2)").c_str());
  ASSERT_TRUE(reply.IsObject() && reply["result"].IsArray());
  const auto& actions = reply["result"];
  ASSERT_GE(actions.Size(), 2u);
  const auto& fix = actions[0];
  EXPECT_STREQ(fix["title"].GetString(), "Set VisibilityTimeout to 120");
  EXPECT_STREQ(fix["kind"].GetString(), "quickfix");
  EXPECT_TRUE(fix["isPreferred"].GetBool());
  const auto& change = fix["edit"]["documentChanges"][0];
  EXPECT_EQ(std::string(change["textDocument"]["uri"].GetString()), uri);
  EXPECT_EQ(change["textDocument"]["version"].GetInt(), 1);
  EXPECT_NE(std::string(actions[1]["title"].GetString()).find("Ignore RF106"), std::string::npos);

  // The editor applies the edit and sends the new text.
  std::vector<ContentChange> edits;
  for (const auto& e : change["edits"].GetArray()) {
    const auto& r = e["range"];
    edits.push_back({LspRange{{r["start"]["line"].GetUint(), r["start"]["character"].GetUint()},
                              {r["end"]["line"].GetUint(), r["end"]["character"].GetUint()}},
                     e["newText"].GetString()});
  }
  ASSERT_EQ(edits.size(), 1u);
  apply_changes(text, edits);
  EXPECT_NE(text.find("      VisibilityTimeout: 120  # too short\n"), std::string::npos) << text;
  const std::size_t before = out.size();
  server.handle(json(
      R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":)" +
      quoted_json(uri) + R"(,"version":2},"contentChanges":[{"text":)" + quoted_json(text) +
      "}]}}"));
  server.wait_idle();
  const std::string republished = out.wait_for(R"("version":2)", before);
  ASSERT_NE(republished, "");
  EXPECT_EQ(republished.find("RF106"), std::string::npos) << republished;
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace rightfit::lsp
