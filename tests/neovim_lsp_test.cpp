// The language server in a real editor: Neovim (headless) with its built-in LSP client opens
// the demo fixture, receives diagnostics equal to the fixture's `# expect:` annotations,
// hovers, asks for a quick fix, and edits the buffer without saving.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <set>
#include <string>

#include "tests/fixture_expectations.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::run_command;
using testing_support::shell_quote;

class NeovimLsp : public testing_support::ScratchDirectory {};

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
  const testing_support::CommandResult nvim = run_command(
      "cd " + shell_quote(dir_.string()) + " && env HOME=" + shell_quote(dir_.string()) +
      " XDG_STATE_HOME=" + shell_quote(dir_.string()) + " XDG_DATA_HOME=" +
      shell_quote(dir_.string()) + " RIGHTFIT_BIN=" + shell_quote(RIGHTFIT_BINARY) +
      " RF_ROOT=" + shell_quote(fixture.parent_path().string()) +
      " RF_FILE=" + shell_quote(fixture.string()) + " RF_OUT=" + shell_quote(out.string()) +
      " RF_EDIT=" + shell_quote(edit) + " timeout 180 nvim --headless -n -i NONE -u NONE -c " +
      shell_quote("luafile " + (source / "tests/neovim/lsp_client.lua").string()));
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
  EXPECT_EQ(read_text(fixture), before);
  EXPECT_TRUE(report["stopped"].GetBool()) << received;
}

}  // namespace
}  // namespace rightfit
