// Issue 24, medium class "open nothing that is not a regular file of a sane size": a FIFO
// blocked rightfit forever, /dev/zero (or a symlink to it) and a huge sparse file exhausted its
// memory. Every read path gets each of them and must answer within 10 s with a message naming
// the file and the cause.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <string>
#include <thread>

#include "analyzer/baseline.h"
#include "driver/analysis_setup.h"
#include "driver/code_cache.h"
#include "driver/engine.h"
#include "parsers/cpp/compile_flags.h"
#include "parsers/file_reader.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

// Runs `work` and fails (ending the process: a blocked read cannot be cancelled) when it takes
// more than 10 s.
template <class T>
T within_ten_seconds(const std::function<T()>& work, const std::string& what) {
  std::packaged_task<T()> task(work);
  std::future<T> result = task.get_future();
  std::thread(std::move(task)).detach();
  if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    std::fprintf(stderr, "%s: no answer within 10 s\n", what.c_str());
    std::_Exit(1);
  }
  return result.get();
}

class HostileSpecialFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rightfit-special-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path fifo(const std::string& name) const {
    const fs::path p = root_ / name;
    fs::create_directories(p.parent_path());
    EXPECT_EQ(::mkfifo(p.c_str(), 0600), 0) << p;
    return p;
  }
  fs::path link_to_zero(const std::string& name) const {
    const fs::path p = root_ / name;
    fs::create_directories(p.parent_path());
    fs::create_symlink("/dev/zero", p);
    return p;
  }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((root_ / name).parent_path());
    std::ofstream(root_ / name, std::ios::binary) << text;
  }
  Analysis run() const {
    AnalysisRequest request;
    request.paths = {root_.string()};
    request.root = root_.string();
    return within_ten_seconds<Analysis>([&] { return analyze(request); }, "analyze");
  }
  // The message of the RF001 on `name`, "" when there is none.
  std::string rf001_on(const Analysis& a, const std::string& name) const {
    for (const Finding& f : a.findings) {
      if (f.rule_id == "RF001" && f.location.file == (root_ / name).string()) return f.message;
    }
    return "";
  }
  fs::path root_;
};

TEST_F(HostileSpecialFiles, TemplatesThatAreNoRegularFilesAreParseErrors) {
  fifo("template.yaml");
  link_to_zero("zero.yaml");
  const Analysis a = run();
  EXPECT_NE(rf001_on(a, "template.yaml").find("not a regular file"), std::string::npos);
  EXPECT_NE(rf001_on(a, "zero.yaml").find("not a regular file"), std::string::npos);
}

TEST_F(HostileSpecialFiles, TheReaderOfEveryPathRefusesThemByTheirType) {
  const std::string pipe = fifo("a.yaml").string();
  const std::string zero = link_to_zero("z.yaml").string();
  const ParseLimits limits;
  for (const std::string& path :
       {pipe, zero, std::string("/dev/zero"), std::string("/dev/stdin")}) {
    SourceText text =
        within_ten_seconds<SourceText>([&] { return read_source_file(path, limits); }, path);
    ASSERT_FALSE(text.ok()) << path;
    EXPECT_EQ(text.problem().message.rfind("not a regular file (", 0), 0u)
        << path << ": " << text.problem().message;
    EXPECT_FALSE(within_ten_seconds<std::optional<std::string>>(
        [&] { return read_file_from_disk(path, limits); }, path))
        << path;
  }
  EXPECT_EQ(read_source_file(pipe, limits).problem().message, "not a regular file (a FIFO)");
  EXPECT_EQ(read_source_file(zero, limits).problem().message, "not a regular file (a device)");
}

TEST_F(HostileSpecialFiles, AConfigurationThatIsNoRegularFileIsAnErrorNamingIt) {
  for (const bool as_fifo : {true, false}) {
    fs::remove(root_ / ".rightfit.yaml");
    const fs::path config = as_fifo ? fifo(".rightfit.yaml") : link_to_zero(".rightfit.yaml");
    ConfigResult found = within_ten_seconds<ConfigResult>(
        [&] { return find_config("", root_.string()); }, config.string());
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.problem().message,
              config.string() + ": not a regular file (" + (as_fifo ? "a FIFO" : "a device") + ")");
  }
  ConfigResult named = within_ten_seconds<ConfigResult>(
      [&] { return find_config("/dev/stdin", root_.string()); }, "/dev/stdin");
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.problem().message.rfind("/dev/stdin: ", 0), 0u) << named.problem().message;
}

TEST_F(HostileSpecialFiles, ABaselineThatIsNoRegularFileIsAnErrorNamingIt) {
  for (const std::string& path :
       {fifo("baseline.json").string(), link_to_zero("zero.json").string()}) {
    BaselineResult baseline =
        within_ten_seconds<BaselineResult>([&] { return load_baseline(path); }, path);
    ASSERT_FALSE(baseline.ok());
    EXPECT_EQ(baseline.problem().message.rfind(path + ": cannot be read: not a regular file", 0),
              0u)
        << baseline.problem().message;
  }
}

TEST_F(HostileSpecialFiles, ACdkJsonIsReadAsAnyInput) {
  fifo("fifo/cdk.json");
  write("huge/cdk.json", "{}");
  fs::resize_file(root_ / "huge/cdk.json", 3ULL << 30);  // sparse: costs no disk
  const Analysis a = run();
  EXPECT_NE(rf001_on(a, "fifo/cdk.json").find("not a regular file"), std::string::npos);
  EXPECT_NE(rf001_on(a, "huge/cdk.json").find("file too large: 3221225472 bytes"),
            std::string::npos)
      << rf001_on(a, "huge/cdk.json");
}

// A forged, truncated or special cache entry (or dependency) is a miss, never facts.
TEST_F(HostileSpecialFiles, ACacheEntryOrDependencyThatIsNoSaneFileIsAMiss) {
  const CodeCache cache((root_ / "cache").string());
  write("dep.h", "int x;\n");
  cpp::CppParse parse;
  parse.facts.file = (root_ / "a.cpp").string();
  parse.dependencies.push_back({(root_ / "dep.h").string(), cpp::content_hash("int x;\n")});
  cache.store("entry", parse);
  ASSERT_TRUE(cache.load("entry"));
  const fs::path entry = root_ / "cache/entry.json";
  std::string json;
  {
    std::ifstream in(entry, std::ios::binary);
    json.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (const std::string& forged : {json.substr(0, json.size() / 2),
                                    std::string("{\"format\":\"x\"}"), std::string(100000, '[')}) {
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << forged;
    EXPECT_FALSE(cache.load("entry")) << forged.substr(0, 40);
  }
  fs::remove(entry);
  fs::create_symlink("/dev/zero", entry);
  EXPECT_FALSE(within_ten_seconds<bool>([&] { return cache.load("entry").has_value(); }, "zero"));
  fs::remove(entry);
  cache.store("entry", parse);
  fs::remove(root_ / "dep.h");
  fifo("dep.h");
  EXPECT_FALSE(within_ten_seconds<bool>([&] { return cache.load("entry").has_value(); }, "fifo"));
}

TEST_F(HostileSpecialFiles, AnIncludedFileThatIsNoRegularFileIsDropped) {
  for (const std::string& file : {fifo("pre.h").string(), link_to_zero("zero.h").string()}) {
    cpp::SanitizedCommand c = cpp::sanitize_compile_command(
        {"c++", "-include", file, "-c", "a.cpp"}, root_.string(), root_.string());
    EXPECT_EQ(std::find(c.argv.begin(), c.argv.end(), file), c.argv.end()) << file;
  }
}

}  // namespace
}  // namespace rightfit
