// The VS Code extension as users install it: integrations/vscode/package.mjs packages it with
// the pinned @vscode/vsce, offline, into a .vsix (a zip); the test opens the zip and checks
// the manifest, the license and the document selector the packaged extension.js hands to the
// language client (run under Node with stand-ins for VS Code's modules).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <set>
#include <string>

#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::run_command;
using testing_support::shell_quote;
using testing_support::write_text;

// Loads the packaged extension.js with `vscode` and `vscode-languageclient/node` replaced by
// stand-ins, activates it and prints the client options' documentSelector as JSON.
const char* kSelectorProbe = R"(
const Module = require('module');
const load = Module._load;
let options;
const vscode = {
  workspace: {
    getConfiguration: () => ({ get: (_key, fallback) => fallback }),
    createFileSystemWatcher: (glob) => ({ glob }),
  },
};
const client = {
  LanguageClient: class { constructor(_id, _name, _server, o) { options = o; } start() {} },
  TransportKind: { stdio: 0 },
};
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return client;
  return load.call(this, request, ...rest);
};
require(process.argv[2]).activate({ subscriptions: [] });
process.stdout.write(JSON.stringify(options.documentSelector));
)";

class VscodePackage : public testing_support::KeptTestDirectory {};

TEST_F(VscodePackage, TheVsixHoldsTheManifestTheLicenseAndEverySelector) {
  const fs::path source = RIGHTFIT_SOURCE_DIR;
  const fs::path out = dir_ / "out";
  const testing_support::CommandResult packaged =
      run_command("node " + shell_quote((source / "integrations/vscode/package.mjs").string()) +
                  " " + shell_quote(out.string()));
  ASSERT_EQ(packaged.exit_code, 0) << packaged.output;
  const fs::path vsix = out / "rightfit-0.1.0.vsix";
  ASSERT_TRUE(fs::is_regular_file(vsix)) << packaged.output;

  const fs::path unpacked = dir_ / "unpacked";
  fs::remove_all(unpacked);
  const testing_support::CommandResult unzip = run_command(
      "unzip -q " + shell_quote(vsix.string()) + " -d " + shell_quote(unpacked.string()));
  ASSERT_EQ(unzip.exit_code, 0) << unzip.output;

  rapidjson::Document manifest;
  const std::string manifest_text = read_text(unpacked / "extension/package.json");
  manifest.Parse(manifest_text.c_str());
  ASSERT_TRUE(manifest.IsObject()) << manifest_text;
  EXPECT_STREQ(manifest["license"].GetString(), "Apache-2.0");
  EXPECT_EQ(read_text(unpacked / "extension/LICENSE.txt"), read_text(source / "LICENSE"));
  // The language client is packaged with it: the extension runs without `npm install`.
  EXPECT_TRUE(
      fs::is_regular_file(unpacked / "extension/node_modules/vscode-languageclient/node.js"));

  const std::set<std::string> languages = {
      "yaml",   "json",       "terraform",       "hcl",        "dockerfile",
      "python", "javascript", "javascriptreact", "typescript", "typescriptreact",
      "cpp",    "c"};
  std::set<std::string> activated;
  for (const auto& event : manifest["activationEvents"].GetArray()) {
    const std::string e = event.GetString();
    if (e.rfind("onLanguage:", 0) == 0)
      activated.insert(e.substr(std::string("onLanguage:").size()));
  }
  EXPECT_EQ(activated, languages);

  write_text(dir_ / "probe.js", kSelectorProbe);
  const testing_support::CommandResult probe =
      run_command("node " + shell_quote((dir_ / "probe.js").string()) + " " +
                  shell_quote((unpacked / "extension/extension.js").string()));
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  rapidjson::Document selector;
  selector.Parse(probe.output.c_str());
  ASSERT_TRUE(selector.IsArray()) << probe.output;
  std::set<std::string> selected, patterns;
  for (const auto& s : selector.GetArray()) {
    EXPECT_STREQ(s["scheme"].GetString(), "file");
    if (s.HasMember("language")) selected.insert(s["language"].GetString());
    if (s.HasMember("pattern")) patterns.insert(s["pattern"].GetString());
  }
  EXPECT_EQ(selected, languages) << probe.output;
  EXPECT_EQ(patterns, std::set<std::string>{"**/*.{template,tf,tfvars}"}) << probe.output;
}

}  // namespace
}  // namespace rightfit
