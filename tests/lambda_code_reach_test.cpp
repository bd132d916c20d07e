// Only C++ a Lambda can reach goes to Clang (issue 23): the glance at the text, the include
// connections, the code directories the IaC names, and what the engine reports as not parsed.
#include "analyzer/lambda_code_reach.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "driver/engine.h"
#include "parsers/cpp/code_glance.h"
#include "parsers/cpp/compile_database.h"
#include "parsers/frontends.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

TEST(CppGlance, NamesTheEntryPointsAsWholeIdentifiersOnly) {
  EXPECT_TRUE(cpp::glance_at_cpp("int main() { run_handler(h); }", 8).names_entry_point);
  EXPECT_TRUE(cpp::glance_at_cpp("void f(invocation_request const& r);", 8).names_entry_point);
  EXPECT_FALSE(cpp::glance_at_cpp("void my_run_handler_2();", 8).names_entry_point);
  EXPECT_FALSE(cpp::glance_at_cpp("int main() { return serve(); }", 8).names_entry_point);
}

TEST(CppGlance, ListsQuotedAndAngleIncludesApart) {
  const CodeGlance g = cpp::glance_at_cpp(
      "#include <vector>\n#include \"db/table.h\"\n  #  include   \"util.h\"\n"
      "// #include \"commented.h\" is not a directive\nint x;\n#include \"last.h\"\n"
      "#include <aws/lambda-runtime/runtime.h>\n#include <unclosed\n",
      5);
  EXPECT_EQ(g.includes, (std::vector<std::string>{"db/table.h", "util.h", "last.h"}));
  EXPECT_EQ(g.angle_includes, (std::vector<std::string>{"vector", "aws/lambda-runtime/runtime.h"}));
  EXPECT_TRUE(g.includes_complete);
}

// Past the bound the list stops and says so: what the file connects to is not known.
TEST(CppGlance, MoreIncludesThanTheBoundLeaveTheListIncomplete) {
  const CodeGlance g = cpp::glance_at_cpp("#include \"a.h\"\n#include \"b.h\"\n", 1);
  EXPECT_EQ(g.includes, (std::vector<std::string>{"a.h"}));
  EXPECT_FALSE(g.includes_complete);
}

class LambdaCodeReach : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rightfit-reach-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  // vendor/include/api/lambda_api.h, and an entry and a handler in directories of their own
  // that include it as `#include <open>api/lambda_api.h<close>`.
  std::pair<std::string, std::string> entry_and_handler(char open, char close) {
    const std::string include = std::string("#include ") + open + "api/lambda_api.h" + close + "\n";
    write("vendor/include/api/lambda_api.h", "#pragma once\nint handle();\n");
    return {write("svc/entry/main.cc", include + "int main() { run_handler(handle); }\n"),
            write("svc/orders/handle.cc", include + "int handle() { return 1; }\n")};
  }
  // compile_commands.json compiling each of `files` with `flags` (JSON strings, comma-separated).
  void write_commands(const std::vector<std::string>& files, const std::string& flags) {
    std::string commands = "[";
    for (const std::string& file : files) {
      commands += std::string(commands.size() > 1 ? "," : "") + "{\"directory\": \"" +
                  dir_.string() + "\", \"file\": \"" + file + "\", \"arguments\": [\"c++\", " +
                  flags + ", \"-c\", \"" + file + "\"]}";
    }
    write("compile_commands.json", commands + "]");
  }

  Analysis run(std::map<std::string, std::string> overlays = {}) {
    AnalysisRequest request;
    request.paths = {dir_.string()};
    request.root = dir_.string();
    request.jobs = 2;
    request.overlays = std::move(overlays);
    return analyze(request);
  }

  // The files of `a` not parsed, relative to the test directory, sorted.
  std::vector<std::string> not_parsed(const Analysis& a) const {
    std::vector<std::string> out;
    for (const std::string& line : a.not_parsed) {
      const std::string path = line.substr(0, line.find(": "));
      out.push_back(fs::path(path).lexically_relative(dir_).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
};

const char* kPythonFunction = R"(AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: functions/orders/
)";

// A library of C++ that includes itself every which way, next to a template whose function is
// Python: not one C++ file goes to Clang, and --verbose names each of them.
TEST_F(LambdaCodeReach, ALibraryNoLambdaReachesIsNotParsedAtAll) {
  write("template.yaml", kPythonFunction);
  write("functions/orders/app.py", "def handler(event, context):\n    return {}\n");
  std::vector<std::string> expected;
  for (int i = 0; i < 12; ++i) {
    const std::string name = "table" + std::to_string(i);
    write("db/" + name + ".h", "#pragma once\n#include \"util/coding.h\"\nint " + name + "();\n");
    write("db/" + name + ".cc", "#include \"db/" + name + ".h\"\n#include \"util/coding.h\"\n" +
                                    "int " + name + "() { for (;;) {} }\n");
    expected.push_back("db/" + name + ".cc");
  }
  write("util/coding.h", "#pragma once\nint decode(const char* p);\n");
  write("util/coding.cc", "#include \"util/coding.h\"\nint decode(const char* p) { return *p; }\n");
  expected.push_back("util/coding.cc");
  std::sort(expected.begin(), expected.end());
  const Analysis a = run();
  EXPECT_EQ(not_parsed(a), expected);
  ASSERT_FALSE(a.not_parsed.empty());
  EXPECT_NE(a.not_parsed.front().find("no Lambda reaches it"), std::string::npos);
  for (const CodeFunction& c : a.graph->code_functions) EXPECT_NE(c.language, "c++") << c.name;
  EXPECT_EQ(a.files_analyzed, expected.size() + 2);  // still counted: looked at, then left
}

// A C++ file in a function's code directory is parsed even when it names no entry point.
TEST_F(LambdaCodeReach, CodeInAFunctionsCodeDirectoryIsParsed) {
  write("template.yaml", std::string(kPythonFunction) + R"(  Native:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      Handler: bootstrap
      CodeUri: native/
)");
  write("native/work.cpp", "int work() { return 1; }\n");
  write("tools/gen.cpp", "int main() { return 0; }\n");
  EXPECT_EQ(not_parsed(run()), (std::vector<std::string>{"tools/gen.cpp"}));
}

// The handler is defined in a file that names no entry point, outside the directory of the
// file that calls run_handler: it is reached through the header they share, and its finding
// is reported.
TEST_F(LambdaCodeReach, AHandlerReachedOnlyThroughAnIncludeIsParsedAndReported) {
  write("lambda/entry.h",
        "#pragma once\n#include <aws/lambda-runtime/runtime.h>\n"
        "using Request = aws::lambda_runtime::invocation_request;\n"
        "using Response = aws::lambda_runtime::invocation_response;\n"
        "Response handle_order(Request const& request);\n");
  write("lambda/main.cpp",
        "#include \"entry.h\"\n"
        "int main() { aws::lambda_runtime::run_handler(handle_order); }\n");
  write("orders/handler.cpp",
        "#include \"../lambda/entry.h\"\n"
        "Response handle_order(Request const&) {\n"
        "  for (;;) {\n"
        "  }\n"
        "  return Response::success(\"ok\", \"text/plain\");\n"
        "}\n");
  write("tools/unrelated.cpp", "int helper() { for (;;) {} }\n");
  const Analysis a = run();
  EXPECT_EQ(not_parsed(a), (std::vector<std::string>{"tools/unrelated.cpp"}));
  const auto loop = std::find_if(a.findings.begin(), a.findings.end(), [](const Finding& f) {
    return f.rule_id == "RF102" && f.location.file.ends_with("handler.cpp");
  });
  ASSERT_NE(loop, a.findings.end());
  EXPECT_EQ(loop->location.line(), 3u);
}

// The gate reads what the editor shows: a buffer that now calls run_handler is parsed.
TEST_F(LambdaCodeReach, AnUnsavedBufferThatNamesTheEntryPointIsParsed) {
  const std::string file = write("main.cpp", "int main() { return 0; }\n");
  EXPECT_EQ(not_parsed(run()), (std::vector<std::string>{"main.cpp"}));
  const std::string edited =
      "#include <aws/lambda-runtime/runtime.h>\n"
      "using namespace aws::lambda_runtime;\n"
      "static invocation_response h(invocation_request const&) {\n"
      "  return invocation_response::success(\"ok\", \"text/plain\");\n"
      "}\n"
      "int main() { run_handler(h); }\n";
  const std::string key = fs::absolute(file).lexically_normal().string();
  EXPECT_TRUE(not_parsed(run({{key, edited}})).empty());
}

// `#include "db/table.h"` in db/table.cc names the file from a directory above (an `-I` of
// the build): found there, it connects the entry point's file to the library's.
TEST_F(LambdaCodeReach, QuotedIncludesResolveInTheDirectoriesAbove) {
  write("db/table.h", "#pragma once\nint lookup();\n");
  const std::string table =
      write("db/table.cc", "#include \"db/table.h\"\nint lookup() { return 1; }\n");
  const std::string main =
      write("app/main.cc", "#include \"db/table.h\"\nint main() { run_handler(h); }\n");
  const std::string tool =
      write("tools/dump.cc", "#include \"missing/nowhere.h\"\nint main() {}\n");
  const Frontend* cpp = claimants("x.cc").front();
  const std::vector<bool> reached = reachable_by_lambda({{table, cpp}, {main, cpp}, {tool, cpp}},
                                                        {}, read_within_limits, ParseLimits{});
  EXPECT_EQ(reached, (std::vector<bool>{true, true, false}));
}

// The scan of QuotedIncludesResolveInTheDirectoriesAbove's files under lowered bounds.
class ReachBounded : public LambdaCodeReach {
 protected:
  std::vector<bool> reached(const ReachBounds& bounds) {
    write("db/table.h", "#pragma once\nint lookup();\n");
    const std::string table =
        write("db/table.cc", "#include \"db/table.h\"\nint lookup() { return 1; }\n");
    const std::string main =
        write("app/main.cc", "#include \"db/table.h\"\nint main() { run_handler(h); }\n");
    const std::string tool = write("tools/dump.cc",
                                   "#include \"missing/nowhere.h\"\n#include \"gone.h\"\n"
                                   "int main() {}\n");
    const Frontend* cpp = claimants("x.cc").front();
    return reachable_by_lambda({{table, cpp}, {main, cpp}, {tool, cpp}}, {}, read_within_limits,
                               ParseLimits{}, bounds);
  }
};

const std::vector<bool> kScanned = {true, true, false};
const std::vector<bool> kEverything = {true, true, true};

TEST_F(ReachBounded, WithinTheBoundsTheScanDecides) {
  // The tool's two includes, one header, and the paths tried: exactly what these files need.
  ReachBounds tight;
  tight.includes_per_file = 2;
  tight.included_files = 1;
  EXPECT_EQ(reached(tight), kScanned);
  EXPECT_EQ(reached(ReachBounds{}), kScanned);
}

TEST_F(ReachBounded, MoreIncludesInAFileThanTheBoundParseEverything) {
  ReachBounds bounds;
  bounds.includes_per_file = 1;
  EXPECT_EQ(reached(bounds), kEverything);
}

TEST_F(ReachBounded, MoreHeadersThanTheBoundParseEverything) {
  ReachBounds bounds;
  bounds.included_files = 0;
  EXPECT_EQ(reached(bounds), kEverything);
}

TEST_F(ReachBounded, MoreLookupsThanTheBoundParseEverything) {
  ReachBounds bounds;
  bounds.lookups = 3;
  EXPECT_EQ(reached(bounds), kEverything);
}

// A candidate whose text the caller read is not read again (the engine hands the same text
// to the parse): the reader refuses it, the scan still sees the entry point.
TEST_F(LambdaCodeReach, ACandidatesTextIsTakenAsGivenNotReadAgain) {
  const std::string main = (dir_ / "app/main.cc").string();
  std::vector<std::string> reads;
  const FileReader read = [&reads](const std::string& path, const ParseLimits&) -> SourceText {
    reads.push_back(path);
    return fail_with(SourceProblem{{1, 1}, "not on disk"});
  };
  const Frontend* cpp = claimants("x.cc").front();
  std::vector<CodeCandidate> candidates;
  candidates.push_back({main, cpp, SourceText{std::string("int main() { run_handler(h); }\n")}});
  EXPECT_EQ(reachable_by_lambda(candidates, {}, read, ParseLimits{}), (std::vector<bool>{true}));
  EXPECT_EQ(std::count(reads.begin(), reads.end(), main), 0);
}

// `#include <api/lambda_api.h>` is found only through the build's angle directories (`-I`,
// `-isystem`, `-idirafter`), never next to the file nor in the quote-only `-iquote` ones.
TEST_F(LambdaCodeReach, AngleIncludesResolveOnlyInTheAngleDirectories) {
  const auto [entry, handler] = entry_and_handler('<', '>');
  write("svc/entry/api/lambda_api.h", "#pragma once\n");  // beside: not where <> looks
  const Frontend* cpp = claimants("x.cc").front();
  const std::string vendor = (dir_ / "vendor/include").string();
  auto reached = [&](const IncludeDirs& dirs) {
    return reachable_by_lambda(
        {{entry, cpp, std::nullopt, dirs}, {handler, cpp, std::nullopt, dirs}}, {},
        read_within_limits, ParseLimits{});
  };
  EXPECT_EQ(reached(IncludeDirs{{vendor}, {}}), (std::vector<bool>{true, false}));
  EXPECT_EQ(reached(IncludeDirs{{}, {}}), (std::vector<bool>{true, false}));
  EXPECT_EQ(reached(IncludeDirs{{vendor}, {vendor}}), (std::vector<bool>{true, true}));
}

// The engine passes `-isystem` and `-idirafter` directories too: a handler that includes the
// entry's header by an angle name through either is reached.
TEST_F(LambdaCodeReach, TheEngineResolvesAngleIncludesThroughIsystemAndIdirafter) {
  write("third_party/include/api/lambda_api.h", "#pragma once\nint handle();\n");
  write("late/include/api/clock.h", "#pragma once\nint now();\n");
  write("svc/entry/main.cc",
        "#include <api/lambda_api.h>\n#include <api/clock.h>\n"
        "int main() { run_handler(handle); }\n");
  write("svc/orders/handle.cc", "#include <api/lambda_api.h>\nint handle() { return 1; }\n");
  write("svc/clock/clock.cc", "#include <api/clock.h>\nint now() { return 1; }\n");
  EXPECT_EQ(not_parsed(run()),
            (std::vector<std::string>{"svc/clock/clock.cc", "svc/orders/handle.cc"}));
  write_commands({"svc/entry/main.cc", "svc/orders/handle.cc", "svc/clock/clock.cc"},
                 "\"-isystem\", \"third_party/include\", \"-idirafter\", \"late/include\"");
  const Analysis a = run();
  EXPECT_EQ(a.errors, std::vector<std::string>{});
  EXPECT_TRUE(not_parsed(a).empty()) << not_parsed(a).front();
}

// `#include "api/lambda_api.h"` found only through the build's `-I vendor/include` (not next to
// the file nor above it) connects the handler to the entry point.
TEST_F(LambdaCodeReach, QuotedIncludesResolveInTheBuildsIncludeDirectories) {
  const auto [entry, handler] = entry_and_handler('"', '"');
  const Frontend* cpp = claimants("x.cc").front();
  const IncludeDirs none;
  const IncludeDirs dirs{{(dir_ / "vendor/include").string()}, {}};
  EXPECT_EQ(
      reachable_by_lambda({{entry, cpp, std::nullopt, none}, {handler, cpp, std::nullopt, none}},
                          {}, read_within_limits, ParseLimits{}),
      (std::vector<bool>{true, false}));
  EXPECT_EQ(
      reachable_by_lambda({{entry, cpp, std::nullopt, dirs}, {handler, cpp, std::nullopt, dirs}},
                          {}, read_within_limits, ParseLimits{}),
      (std::vector<bool>{true, true}));
}

// The engine passes each file's directories from compile_commands.json to the scan: with
// the database the handler is reached through `-I vendor/include`, without it not.
TEST_F(LambdaCodeReach, TheEngineResolvesIncludesWithTheCompileCommandsDirectories) {
  entry_and_handler('"', '"');
  EXPECT_EQ(not_parsed(run()), (std::vector<std::string>{"svc/orders/handle.cc"}));
  write_commands({"svc/entry/main.cc", "svc/orders/handle.cc"}, "\"-Ivendor/include\"");
  const Analysis a = run();
  EXPECT_EQ(a.errors, std::vector<std::string>{});
  EXPECT_EQ(a.files_analyzed, 3u);
  EXPECT_TRUE(not_parsed(a).empty());
}

// The C++ front-end reads those directories from the file's sanitised compile command: for a
// quoted name `-iquote` first, then the angle list: `-I`, `-isystem`, `-idirafter`, each in
// the command's order; relative ones against the command's directory.
TEST(CppIncludeDirs, TheCompileCommandsDirectoriesInThePreprocessorsOrder) {
  cpp::FileCommand command;
  command.directory = "/build";
  command.argv = {"clang++",
                  "-fsyntax-only",
                  "-I",
                  "include",
                  "-I/opt/sdk/include",
                  "-iquote",
                  "quoted",
                  "--include-directory=gen",
                  "--include-directory-after=late",
                  "-isystem",
                  "sys",
                  "-idirafter/after",
                  "-I=sysroot-relative",
                  "-iquote../up",
                  "-isystem/opt/sys2",
                  "-I",
                  "last",
                  "/src/handler.cc"};
  const std::vector<std::string> angle = {
      "/build/include", "/opt/sdk/include", "/build/gen",  "/build/last",
      "/build/sys",     "/opt/sys2",        "/build/late", "/after"};
  std::vector<std::string> quote = {"/build/quoted", "/up"};
  quote.insert(quote.end(), angle.begin(), angle.end());
  EXPECT_EQ(cpp::include_dirs(command), (IncludeDirs{quote, angle}));
  const cpp::CompileDatabase database("/build/compile_commands.json",
                                      {{"/src/handler.cc", command}});
  const ParseLimits limits;
  const ParseContext context{limits, read_within_limits, &database};
  const Frontend* frontend = claimants("handler.cc").front();
  EXPECT_EQ(frontend->include_dirs("/src/handler.cc", context), cpp::include_dirs(command));
  EXPECT_EQ(frontend->include_dirs("/src/other.cc", context), IncludeDirs{});
  EXPECT_EQ(frontend->include_dirs("/src/handler.cc", ParseContext{limits, read_within_limits}),
            IncludeDirs{});
}

TEST(LambdaCodePaths, CodeDirectoriesImageContextsAndConfiguredPaths) {
  FileFacts facts;
  facts.file = "/repo/template.yaml";
  Function zip;
  zip.code_dir = "/repo/functions/a/";
  Function image;
  image.dockerfile.value = "/repo/images/b/Dockerfile";
  facts.functions = {zip, image};
  const std::vector<std::string> paths =
      lambda_code_paths({&facts}, "/repo", {{"C", "native/c"}}, {{"D", "docker/d/Dockerfile"}});
  EXPECT_EQ(paths, (std::vector<std::string>{"/repo/docker/d", "/repo/functions/a",
                                             "/repo/images/b", "/repo/native/c"}));
}

}  // namespace
}  // namespace rightfit
