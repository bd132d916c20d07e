// The language server in a real editor: Neovim (headless) with its built-in LSP client opens
// the demo fixture, receives diagnostics equal to the fixture's `# expect:` annotations,
// hovers, asks for a code action, edits the buffer without saving, and applies a quick fix's
// WorkspaceEdit to the buffer; and the snippet that docs/editors.md shows attaches to every
// kind of file rightfit reads.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/fixture_expectations.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::run_command;
using testing_support::shell_quote;
using testing_support::write_text;

class NeovimLsp : public testing_support::ScratchDirectory {
 protected:
  // Runs tests/neovim/`script` in a headless Neovim without user configuration, in `cwd`,
  // with its home and state in the scratch directory and `env` added.
  testing_support::CommandResult run_neovim(
      const std::string& script, const fs::path& cwd,
      const std::vector<std::pair<std::string, std::string>>& env, int timeout_seconds) const {
    std::string command = "cd " + shell_quote(cwd.string()) + " && env";
    for (const char* name : {"HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"})
      command += std::string(" ") + name + "=" + shell_quote(dir_.string());
    for (const auto& [name, value] : env) command += " " + name + "=" + shell_quote(value);
    const fs::path lua = fs::path(RIGHTFIT_SOURCE_DIR) / "tests/neovim" / script;
    return run_command(command + " timeout " + std::to_string(timeout_seconds) +
                       " nvim --headless -n -i NONE -u NONE -c " +
                       shell_quote("luafile " + lua.string()));
  }
};

TEST_F(NeovimLsp, DiagnosticsHoverCodeActionAndUnsavedEdits) {
  const fs::path source = RIGHTFIT_SOURCE_DIR;
  const fs::path fixture = source / "fixtures" / "demo" / "template.yaml";
  const std::string before = read_text(fixture);
  // The RF105 line `      Timeout: 60 # expect: RF105`: make it 20 in the buffer.
  const std::string needle = "Timeout: 60 # expect: RF105";
  const std::size_t at = before.find(needle);
  ASSERT_NE(at, std::string::npos);
  const unsigned rf105_line = 1 + std::count(before.begin(), before.begin() + at, '\n');
  const std::size_t column = at - before.rfind('\n', at) - 1 + std::string("Timeout: ").size();
  const std::string edit = std::to_string(rf105_line - 1) + "," + std::to_string(column) + "," +
                           std::to_string(column + 2) + ",20";

  const fs::path out = dir_ / "received.json";
  const testing_support::CommandResult nvim =
      run_neovim("lsp_client.lua", dir_,
                 {{"RIGHTFIT_BIN", RIGHTFIT_BINARY},
                  {"RF_ROOT", fixture.parent_path().string()},
                  {"RF_FILE", fixture.string()},
                  {"RF_OUT", out.string()},
                  {"RF_EDIT", edit},
                  {"RF_FIX_RULE", "RF106"}},
                 180);
  ASSERT_EQ(nvim.exit_code, 0) << nvim.output;
  const std::string received = read_text(out);
  rapidjson::Document report;
  report.Parse(received.c_str());
  ASSERT_TRUE(report.IsObject()) << received << nvim.output;
  ASSERT_EQ(report["errors"].Size(), 0u) << received;
  ASSERT_TRUE(report["opened_received"].GetBool()) << received;

  // Diagnostics on open: exactly the fixture's expectations for this file.
  std::set<std::pair<unsigned, std::string>> expected, opened, edited;
  for (const testing::Expected& e : testing::expectations_of(fixture.string()))
    expected.insert({e.line, e.rule});
  ASSERT_TRUE(expected.count({rf105_line, "RF105"}));
  for (const auto& d : report["opened"].GetArray()) {
    opened.insert({d["range"]["start"]["line"].GetUint() + 1, d["code"].GetString()});
    EXPECT_STREQ(d["source"].GetString(), "rightfit");
    EXPECT_TRUE(d.HasMember("codeDescription"));
  }
  EXPECT_EQ(opened, expected) << received;
  // Neovim's own diagnostic store has them too.
  EXPECT_EQ(report["client_diagnostics"].Size(), expected.size()) << received;

  // Hover on the first finding's resource, and its quick fix.
  ASSERT_TRUE(report["hover"].IsObject()) << received;
  EXPECT_NE(std::string(report["hover"]["contents"]["value"].GetString()).find("InvoiceApi"),
            std::string::npos)
      << received;
  ASSERT_GE(report["code_actions"].Size(), 1u) << received;
  EXPECT_NE(std::string(report["code_actions"][0]["title"].GetString()).find("rightfit:ignore"),
            std::string::npos);

  // After the unsaved edit: RF105 is gone, the rest remain, the file on disk is untouched.
  ASSERT_TRUE(report["edited_received"].GetBool()) << received;
  for (const auto& d : report["edited"].GetArray())
    edited.insert({d["range"]["start"]["line"].GetUint() + 1, d["code"].GetString()});
  std::set<std::pair<unsigned, std::string>> remaining = expected;
  remaining.erase({rf105_line, "RF105"});
  EXPECT_EQ(edited, remaining) << received;
  EXPECT_TRUE(report["modified"].GetBool());

  // RF106's quick fix applied in the buffer: the queue gets its VisibilityTimeout under a new
  // Properties block, the rest of the buffer is as edited, and the server no longer reports it.
  EXPECT_NE(std::string(report["fix_title"].GetString()).find("VisibilityTimeout"),
            std::string::npos)
      << received;
  std::string expected_text = before;
  expected_text.replace(at + std::string("Timeout: ").size(), 2, "20");
  const std::string queue = "  OrderEvents: # expect: RF106\n    Type: AWS::SQS::Queue\n";
  const std::size_t queue_at = expected_text.find(queue);
  ASSERT_NE(queue_at, std::string::npos);
  expected_text.insert(queue_at + queue.size(), "    Properties:\n      VisibilityTimeout: 720\n");
  EXPECT_EQ(report["fixed_text"].GetString(), expected_text);
  ASSERT_TRUE(report["fixed_received"].GetBool()) << received;
  std::set<std::string> fixed_rules;
  for (const auto& d : report["fixed"].GetArray()) fixed_rules.insert(d["code"].GetString());
  EXPECT_FALSE(fixed_rules.count("RF106")) << received;
  EXPECT_EQ(report["fixed"].Size() + 1, remaining.size()) << received;
  EXPECT_EQ(read_text(fixture), before);
  EXPECT_TRUE(report["stopped"].GetBool()) << received;
}

// The snippet users copy is integrations/neovim/rightfit.lua, and docs/editors.md shows it
// verbatim: the test runs that file, so what the docs show is what was tested. On Debian 12's
// Neovim 0.7.2 (no vim.lsp.start) it takes the start_client + buf_attach_client branch.
TEST_F(NeovimLsp, TheDocumentedSnippetAttachesToEveryKindOfFileRightfitReads) {
  const fs::path source = RIGHTFIT_SOURCE_DIR;
  const fs::path snippet = source / "integrations/neovim/rightfit.lua";
  const std::string docs = read_text(source / "docs/editors.md");
  EXPECT_NE(docs.find("```lua\n" + read_text(snippet) + "```\n"), std::string::npos)
      << "docs/editors.md does not show " << snippet << " verbatim";

  const fs::path project = dir_ / "project";
  write_text(project / ".rightfit.yaml", "rules: {}\n");
  write_text(project / "infra/main.tf",
             "resource \"aws_lambda_function\" \"f\" {\n"
             "  function_name = \"f\"\n"
             "  timeout       = 1000\n"
             "}\n");
  const std::map<std::string, std::string> filetype_of = {
      {"infra/main.tf", "terraform"},      {"handlers/app.py", "python"},
      {"template.yaml", "yaml"},           {"events.json", "json"},
      {"infra/backend.hcl", "hcl"},        {"Dockerfile", "dockerfile"},
      {"handlers/index.js", "javascript"}, {"handlers/index.ts", "typescript"},
      {"native/handler.cpp", "cpp"},       {"native/util.c", "c"}};
  std::string files;
  for (const auto& [name, filetype] : filetype_of) {
    if (!fs::exists(project / name)) write_text(project / name, "\n");
    files += (project / name).string() + "\n";
  }
  const fs::path out = dir_ / "attached.json";
  // `rightfit` on PATH, as the snippet expects; its cache beside the test's files.
  const char* inherited = std::getenv("PATH");
  const std::string path = fs::path(RIGHTFIT_BINARY).parent_path().string() + ":" +
                           (inherited ? inherited : "/usr/bin:/bin");
  const testing_support::CommandResult nvim =
      run_neovim("snippet_attach.lua", project,
                 {{"PATH", path},
                  {"XDG_CACHE_HOME", dir_.string()},
                  {"RF_SNIPPET", snippet.string()},
                  {"RF_FILES", files},
                  {"RF_DIAGNOSED", (project / "infra/main.tf").string()},
                  {"RF_OUT", out.string()}},
                 120);
  ASSERT_EQ(nvim.exit_code, 0) << nvim.output;
  const std::string received = read_text(out);
  rapidjson::Document report;
  report.Parse(received.c_str());
  ASSERT_TRUE(report.IsObject()) << received << nvim.output;
  ASSERT_EQ(report["errors"].Size(), 0u) << received;

  // Every buffer has the filetype Neovim gives it and one rightfit client: the same one, the
  // project's (.rightfit.yaml marks it).
  ASSERT_EQ(report["buffers"].Size(), filetype_of.size()) << received;
  std::set<int> clients;
  for (const auto& b : report["buffers"].GetArray()) {
    const std::string name = fs::relative(b["file"].GetString(), project).string();
    EXPECT_EQ(b["filetype"].GetString(), filetype_of.at(name)) << name;
    ASSERT_TRUE(b["client"].IsInt()) << name << " has no rightfit client: " << received;
    clients.insert(b["client"].GetInt());
  }
  EXPECT_EQ(clients.size(), 1u) << received;

  // The server analyses the project: the Terraform buffer gets its RF101 on line 3.
  ASSERT_TRUE(report["diagnosed"].GetBool()) << received;
  std::set<std::pair<unsigned, std::string>> diagnostics;
  for (const auto& d : report["diagnostics"].GetArray())
    diagnostics.insert({d["range"]["start"]["line"].GetUint() + 1, d["code"].GetString()});
  EXPECT_EQ(diagnostics, (std::set<std::pair<unsigned, std::string>>{{3, "RF101"}})) << received;
  EXPECT_TRUE(report["stopped"].GetBool()) << received;
}

}  // namespace
}  // namespace rightfit
