// Code functions shared between the language server's kept parses and the graphs linked from
// them (issue 23): a call resolves to the definitions of its USR nearest to the caller's file
// whatever the number of definitions, an edit of one file shares the other files' code
// unchanged, and what the linker decides about a handler never leaks into the kept parse.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/workload_graph.h"
#include "driver/engine.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::write_text;

CodeFunction code(const std::string& file, const std::string& usr, bool handler,
                  std::vector<std::string> calls = {}) {
  CodeFunction c;
  c.usr = usr;
  c.name = usr + " in " + file;
  c.where.file = file;
  c.where.span.begin = {1, 1};
  c.where.span.end = c.where.span.begin;
  c.is_handler = handler;
  c.calls = std::move(calls);
  return c;
}

FileFacts file_with(const std::string& file, std::vector<CodeFunction> functions) {
  FileFacts f;
  f.file = file;
  f.code_functions = std::move(functions);
  return f;
}

// The names of the handlers that reach each definition of `usr`, by the definition's file.
std::map<std::string, std::string> reached_by(const WorkloadGraph& g, const std::string& usr) {
  std::map<std::string, std::string> out;
  for (const CodeFunction& c : g.code_functions) {
    if (c.usr != usr) continue;
    const CodeFunction* h = g.reaching_handler(c);
    out[c.where.file] = h ? h->name : "none";
  }
  return out;
}

TEST(SharedCode, ACallResolvesToTheDefinitionsOfItsUsrNearestToTheCallersFile) {
  std::vector<FileFacts> files;
  // One USR defined in many directories, as `app.lambda_handler` is in a repository of samples.
  for (int i = 0; i < 40; ++i) {
    const std::string dir = "ws/p" + std::to_string(i);
    files.push_back(file_with(dir + "/app.py",
                              {code(dir + "/app.py", "h" + std::to_string(i), true, {"helper"}),
                               code(dir + "/app.py", "helper", false)}));
  }
  // No definition in the caller's file: the one sharing the most directories wins ...
  files.push_back(
      file_with("ws/p7/sub/deep.py", {code("ws/p7/sub/deep.py", "deep", true, {"util"})}));
  files.push_back(file_with("ws/p7/util.py", {code("ws/p7/util.py", "util", false)}));
  files.push_back(file_with("ws/p8/util.py", {code("ws/p8/util.py", "util", false)}));
  // ... and all of them on a tie (here: the workspace directory only).
  files.push_back(file_with("ws/top.py", {code("ws/top.py", "top", true, {"shared"})}));
  files.push_back(file_with("ws/a/s.py", {code("ws/a/s.py", "shared", false)}));
  files.push_back(file_with("ws/b/s.py", {code("ws/b/s.py", "shared", false)}));
  const WorkloadGraph g = WorkloadGraph::link(std::move(files));

  const std::map<std::string, std::string> helpers = reached_by(g, "helper");
  ASSERT_EQ(helpers.size(), 40u);
  for (int i = 0; i < 40; ++i) {
    const std::string dir = "ws/p" + std::to_string(i);
    EXPECT_EQ(helpers.at(dir + "/app.py"), "h" + std::to_string(i) + " in " + dir + "/app.py");
  }
  EXPECT_EQ(reached_by(g, "util"),
            (std::map<std::string, std::string>{{"ws/p7/util.py", "deep in ws/p7/sub/deep.py"},
                                                {"ws/p8/util.py", "none"}}));
  EXPECT_EQ(reached_by(g, "shared"),
            (std::map<std::string, std::string>{{"ws/a/s.py", "top in ws/top.py"},
                                                {"ws/b/s.py", "top in ws/top.py"}}));
}

TEST(SharedCode, ADirectoryIsSharedOnlyUpToASeparator) {
  // "ws/ab/x.py" and "ws/a/y.py" share the text "ws/a" but only the directory "ws".
  std::vector<FileFacts> files{file_with("ws/ab/x.py", {code("ws/ab/x.py", "caller", true, {"f"})}),
                               file_with("ws/a/y.py", {code("ws/a/y.py", "f", false)}),
                               file_with("ws/ab/sub/z.py", {code("ws/ab/sub/z.py", "f", false)})};
  const WorkloadGraph g = WorkloadGraph::link(std::move(files));
  EXPECT_EQ(reached_by(g, "f"),
            (std::map<std::string, std::string>{{"ws/a/y.py", "none"},
                                                {"ws/ab/sub/z.py", "caller in ws/ab/x.py"}}));
}

std::shared_ptr<const std::vector<CodeFunction>> kept_parse(std::vector<CodeFunction> functions) {
  return std::make_shared<const std::vector<CodeFunction>>(std::move(functions));
}

// An editor's links of the code are reused while the linked code is the same kept parses,
// and made again when a parse is new: a definition nearer to the caller takes its call.
TEST(SharedCode, KeptCodeLinksFollowTheCodeTheyWereMadeOf) {
  const auto caller = kept_parse({code("ws/p/app.py", "h", true, {"f"})});
  const auto far = kept_parse({code("ws/q/f.py", "f", false)});
  const auto near = kept_parse({code("ws/p/f.py", "f", false)});
  KeptCodeLinks kept;
  auto link = [&kept](std::vector<SharedCode> shared) {
    return WorkloadGraph::link({}, {}, std::move(shared), &kept);
  };
  const std::map<std::string, std::string> only_far{{"ws/q/f.py", "h in ws/p/app.py"}};
  const std::map<std::string, std::string> with_near{{"ws/p/f.py", "h in ws/p/app.py"},
                                                     {"ws/q/f.py", "none"}};
  EXPECT_EQ(reached_by(link({{"ws/p/app.py", caller}, {"ws/q/f.py", far}}), "f"), only_far);
  EXPECT_EQ(reached_by(link({{"ws/p/app.py", caller}, {"ws/q/f.py", far}}), "f"), only_far);
  EXPECT_EQ(
      reached_by(link({{"ws/p/app.py", caller}, {"ws/p/f.py", near}, {"ws/q/f.py", far}}), "f"),
      with_near);
  EXPECT_EQ(reached_by(link({{"ws/p/app.py", caller}, {"ws/q/f.py", far}}), "f"), only_far);
  // The same code parsed again (other objects, as a file's own facts are) is linked anew.
  const auto caller_again = kept_parse({code("ws/p/app.py", "h", true, {"f"})});
  const WorkloadGraph again = link({{"ws/p/app.py", caller_again}, {"ws/q/f.py", far}});
  EXPECT_EQ(reached_by(again, "f"), only_far);
  EXPECT_EQ(reached_by(WorkloadGraph::link(
                           {file_with("ws/p/app.py", {code("ws/p/app.py", "h", true, {"f"})}),
                            file_with("ws/p/f.py", {code("ws/p/f.py", "f", false)})},
                           {}, {}, &kept),
                       "f"),
            (std::map<std::string, std::string>{{"ws/p/f.py", "h in ws/p/app.py"}}));
}

const char* const kTemplate =
    "Transform: AWS::Serverless-2016-10-31\n"
    "Resources:\n"
    "  Fn:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      CodeUri: src/\n"
    "      Handler: app.%s\n"
    "      Runtime: python3.12\n";

const char* const kHandlers =
    "def handler(event, context):\n"
    "    return helper()\n"
    "\n"
    "def other(event, context):\n"
    "    return 1\n"
    "\n"
    "def helper():\n"
    "    return 2\n";

std::string template_naming(const std::string& handler) {
  std::string text = kTemplate;
  text.replace(text.find("%s"), 2, handler);
  return text;
}

class SharedCodeInAnEditor : public testing_support::ScratchDirectory {
 protected:
  void SetUp() override {
    testing_support::ScratchDirectory::SetUp();
    write_text(dir_ / "template.yaml", template_naming("handler"));
    write_text(dir_ / "src" / "app.py", kHandlers);
  }
  Analysis analyze_with(std::map<std::string, std::string> overlays) {
    AnalysisRequest r{{dir_.string()}, dir_.string(), Config{}, 2, {}, {}, {}, std::move(overlays)};
    r.parse_cache = cache_;
    r.kept_walk = walk_;
    r.disk_change = first_ ? DiskChange::Unknown : DiskChange::None;
    first_ = false;
    return analyze(r);
  }
  std::string key(const std::string& relative) const {
    return (dir_ / relative).lexically_normal().string();
  }
  static const CodeFunction* named(const Analysis& a, const std::string& name) {
    for (const CodeFunction& c : a.graph->code_functions) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }

  std::shared_ptr<ParsedFileCache> cache_ = std::make_shared<ParsedFileCache>();
  std::shared_ptr<KeptWalk> walk_ = std::make_shared<KeptWalk>();
  bool first_ = true;
};

TEST_F(SharedCodeInAnEditor, AnEditOfATemplateSharesTheCodeAndKeepsEachGraphsHandlers) {
  const Analysis before = analyze_with({});
  const CodeFunction* helper = named(before, "helper");
  const CodeFunction* handler = named(before, "handler");
  const CodeFunction* other = named(before, "other");
  ASSERT_TRUE(helper && handler && other);
  EXPECT_TRUE(handler->is_handler);
  EXPECT_FALSE(other->is_handler);  // the Handler setting names another function

  // The template now names `other`: the code is not parsed again, and the functions the linker
  // left alone are the very objects of the first graph.
  const Analysis after = analyze_with({{key("template.yaml"), template_naming("other")}});
  ASSERT_TRUE(named(after, "helper") && named(after, "handler") && named(after, "other"));
  EXPECT_EQ(named(after, "helper"), helper);
  EXPECT_TRUE(named(after, "other")->is_handler);
  EXPECT_FALSE(named(after, "handler")->is_handler);
  EXPECT_EQ(named(after, "helper")->name, "helper");
  EXPECT_EQ(after.graph->reaching_handler(*named(after, "helper")), nullptr);
  // The first graph, still held (an editor's hover), says what it said.
  EXPECT_TRUE(handler->is_handler);
  EXPECT_FALSE(other->is_handler);
  EXPECT_EQ(before.graph->reaching_handler(*helper), handler);

  // Back to the disk's template: the kept parse was never changed by either link.
  const Analysis again = analyze_with({});
  EXPECT_TRUE(named(again, "handler")->is_handler);
  EXPECT_FALSE(named(again, "other")->is_handler);
  EXPECT_EQ(named(again, "helper"), helper);
}

TEST_F(SharedCodeInAnEditor, AnEditOfTheCodeParsesItAgainAndLeavesTheOldGraphAlone) {
  const Analysis before = analyze_with({});
  const CodeFunction* helper = named(before, "helper");
  ASSERT_NE(helper, nullptr);
  std::string edited = kHandlers;
  edited += "\ndef extra():\n    return 3\n";
  const Analysis after = analyze_with({{key("src/app.py"), edited}});
  ASSERT_NE(named(after, "extra"), nullptr);
  ASSERT_NE(named(after, "helper"), nullptr);
  EXPECT_NE(named(after, "helper"), helper);
  EXPECT_EQ(helper->name, "helper");
  EXPECT_EQ(named(before, "extra"), nullptr);
  EXPECT_NE(after.graph->reaching_handler(*named(after, "helper")), nullptr);
}

}  // namespace
}  // namespace rightfit
