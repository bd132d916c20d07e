// Issue 24, critical class: a repository's compile_commands.json must not make rightfit
// write a file or print on stdout, whatever spelling a flag takes. Each spelling below made
// the in-process Clang write (a dependency file with `-MT` text verbatim overwrote an
// executable, mode kept) or print a layout dump into `-f json` before the allowlist.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "parsers/cpp/compile_flags.h"
#include "tests/host_process.h"
#include "tests/loop_handler.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using Args = std::vector<std::string>;
using testing_support::read_text;
using testing_support::write_text;

bool has(const Args& args, const std::string& arg) {
  return std::find(args.begin(), args.end(), arg) != args.end();
}

// ---- the allowlist, flag by flag ----

TEST(CompileFlagAllowlist, KeepsFlagsThatOnlyChangeHowCodeParsesInBothSpellings) {
  cpp::SanitizedCommand c = cpp::sanitize_compile_command({"g++",
                                                           "-Iinc",
                                                           "-I",
                                                           "inc2",
                                                           "-isystem",
                                                           "sys",
                                                           "-isystemsys2",
                                                           "-iquote",
                                                           "q",
                                                           "-DA=1",
                                                           "-D",
                                                           "B",
                                                           "-UC",
                                                           "-U",
                                                           "D",
                                                           "-std=c++17",
                                                           "-x",
                                                           "c++",
                                                           "--target=x86_64-linux-gnu",
                                                           "-fno-rtti",
                                                           "-fno-exceptions",
                                                           "-m64",
                                                           "-march=x86-64",
                                                           "-O2",
                                                           "a.cpp"});
  EXPECT_EQ(c.argv, (Args{"clang++",    "-fsyntax-only",
                          "-Iinc",      "-I",
                          "inc2",       "-isystem",
                          "sys",        "-isystemsys2",
                          "-iquote",    "q",
                          "-DA=1",      "-D",
                          "B",          "-UC",
                          "-U",         "D",
                          "-std=c++17", "-x",
                          "c++",        "--target=x86_64-linux-gnu",
                          "-fno-rtti",  "-fno-exceptions",
                          "-m64",       "-march=x86-64",
                          "-O2",        "a.cpp"}));
  EXPECT_TRUE(c.dropped.empty()) << c.dropped.front();
}

TEST(CompileFlagAllowlist, RejectsEveryPassThroughAndEveryFlagThatWritesOrReadsFlags) {
  const Args hostile = {"-Xclang",
                        "-dependency-file",
                        "-Xclang",
                        "/tmp/x.d",
                        "-Xclang=-MT",
                        "-Wp,-MD,/tmp/y.d",
                        "-Wp,-MMD,/tmp/z.d",
                        "--config=evil.cfg",
                        "--config",
                        "evil2.cfg",
                        "@flags.rsp",
                        "-Xpreprocessor",
                        "-MD",
                        "-mllvm",
                        "-stats",
                        "-fmodules-cache-path=/tmp/m",
                        "-fmodules",
                        "-fdump-record-layouts",
                        "-ftime-trace=/tmp/t.json",
                        "-save-temps=obj",
                        "-MD",
                        "-MF",
                        "/tmp/w.d",
                        "-o",
                        "/tmp/a.o",
                        "-fplugin=./p.so",
                        "-include",
                        "/etc/passwd",
                        "-ivfsoverlay",
                        "o.yaml",
                        "-"};
  Args argv = {"clang++"};
  argv.insert(argv.end(), hostile.begin(), hostile.end());
  argv.push_back("a.cpp");
  cpp::SanitizedCommand c = cpp::sanitize_compile_command(argv, "/tmp", "/tmp");
  EXPECT_EQ(c.argv, (Args{"clang++", "-fsyntax-only", "a.cpp"}));
  for (const char* written :
       {"-Xclang -dependency-file", "-Xclang /tmp/x.d", "-Wp,-MD,/tmp/y.d", "--config=evil.cfg",
        "@flags.rsp", "-fmodules-cache-path=/tmp/m", "-include /etc/passwd", "-"}) {
    EXPECT_TRUE(has(c.dropped, written)) << written;
  }
}

TEST(CompileFlagAllowlist, IncludeIsKeptOnlyForAFileInsideTheTree) {
  const fs::path tree = fs::temp_directory_path() / ("rf-flags-" + std::to_string(::getpid()));
  fs::remove_all(tree);
  write_text(tree / "config.h", "#define X 1\n");
  write_text(tree / "../rf-flags-outside.h", "#define Y 1\n");
  fs::create_symlink("/etc/hostname", tree / "link.h");
  const std::string dir = tree.string();
  auto kept = [&](const std::string& file) {
    return has(cpp::sanitize_compile_command({"cc", "-include", file, "a.cpp"}, dir, dir).argv,
               "-include");
  };
  EXPECT_TRUE(kept("config.h"));
  EXPECT_TRUE(kept(dir + "/config.h"));
  EXPECT_FALSE(kept("../rf-flags-outside.h"));
  EXPECT_FALSE(kept("/etc/passwd"));
  EXPECT_FALSE(kept("link.h"));  // a symlink out of the tree
  EXPECT_FALSE(
      has(cpp::sanitize_compile_command({"cc", "-include", "config.h"}, dir, "").argv, "-include"));
  fs::remove_all(tree);
  fs::remove(tree.parent_path() / "rf-flags-outside.h");
}

// ---- end to end: the binary on a repository whose compile commands try every spelling ----

std::string json_array(const Args& items) {
  std::string out = "[";
  for (const std::string& item : items) {
    out += (out.size() > 1 ? ", " : "") + std::string("\"");
    for (char ch : item)
      out += (ch == '"' || ch == '\\') ? std::string("\\") + ch : std::string(1, ch);
    out += "\"";
  }
  return out + "]";
}

// Every file under `dir`, with its size and mode.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    struct stat info {};
    ::lstat(entry.path().c_str(), &info);
    files[entry.path().string()] =
        std::to_string(info.st_size) + " " + std::to_string(info.st_mode) + " " +
        (entry.is_regular_file() ? read_text(entry.path()) : std::string());
  }
  return files;
}

class HostileCompileFlags : public testing_support::ScratchDirectory {};

TEST_F(HostileCompileFlags, NoSpellingWritesAFileOrPrintsOnStdout) {
  const fs::path repo = dir_ / "repo", victim = dir_ / "victim";
  const std::string v = victim.string();
  write_text(victim / "tool.sh", "#!/bin/sh\necho original\n");
  fs::permissions(victim / "tool.sh", fs::perms::owner_all);
  write_text(repo / "evil.cfg", "-MD -MF " + v + "/from-config.d\n");
  write_text(repo / "flags.rsp", "-MD -MF " + v + "/from-response.d\n");
  const std::string shell = "echo pwned";
  const std::vector<Args> spellings = {
      {"-Xclang", "-dependency-file", "-Xclang", v + "/tool.sh", "-Xclang", "-MT", "-Xclang",
       shell},
      {"-Xclang=-dependency-file", "-Xclang=" + v + "/eq.d", "-Xclang=-MT", "-Xclang=x"},
      {"-Wp,-MD," + v + "/wp-md.d"},
      {"-Wp,-MMD," + v + "/wp-mmd.d"},
      {"--config=" + (repo / "evil.cfg").string()},
      {"--config", (repo / "evil.cfg").string()},
      {"@" + (repo / "flags.rsp").string()},
      {"-H", "-Xclang", "-header-include-file", "-Xclang", v + "/headers.txt"},
      {"-Xclang", "-dependency-dot", "-Xclang", v + "/deps.dot"},
      {"-Xclang", "-stats-file=" + v + "/stats.json", "-Xclang", "-print-stats"},
      {"-fmodules", "-fmodules-cache-path=" + v + "/modules"},
      {"-Xpreprocessor", "-MD", "-Xpreprocessor", "-MF", "-Xpreprocessor", v + "/xpp.d"},
      {"-MD", "-MF", v + "/md.d"},
      {"-ftime-trace=" + v + "/trace.json"},
      {"-Xclang", "-fdump-record-layouts"},
      {"-fdump-record-layouts"},
      {"-Xclang", "-fdump-record-layouts-simple"},
      {"-mllvm", "-info-output-file=" + v + "/info.txt", "-mllvm", "-stats"},
  };
  std::string database = "[";
  for (size_t i = 0; i < spellings.size(); ++i) {
    const std::string name = "h" + std::to_string(i) + ".cpp";
    write_text(repo / name, testing_support::handler_looping_if_kept(std::to_string(i)));
    Args argv = {"clang++", "-DKEPT"};
    argv.insert(argv.end(), spellings[i].begin(), spellings[i].end());
    argv.push_back(name);
    database += std::string(i ? ",\n" : "") + "{\"directory\": \"" + repo.string() +
                "\", \"file\": \"" + name + "\", \"arguments\": " + json_array(argv) + "}";
  }
  write_text(repo / "compile_commands.json", database + "]\n");
  const auto repo_before = snapshot(repo), victim_before = snapshot(victim);

  const fs::path report = dir_ / "report.json";
  const testing_support::BoundedRun run =
      testing_support::run_bounded({RIGHTFIT_BINARY, "check", "--no-cache", "-j", "2", "-f", "json",
                                    "-o", report.string(), repo.string()},
                                   dir_, static_cast<int>(spellings.size()));

  testing_support::expect_well_behaved(run);
  EXPECT_EQ(run.out, "") << "bytes on stdout";
  EXPECT_EQ(snapshot(repo), repo_before) << "a file in the repository changed";
  EXPECT_EQ(snapshot(victim), victim_before) << "a file outside it changed";
  // Every command was used (its -DKEPT reached Clang): one RF102 per handler.
  const std::string json = read_text(report);
  size_t loops = 0;
  for (size_t at = json.find("\"RF102\""); at != std::string::npos;
       at = json.find("\"RF102\"", at + 1)) {
    ++loops;
  }
  EXPECT_EQ(loops, spellings.size()) << run.err;
}

}  // namespace
}  // namespace rightfit
