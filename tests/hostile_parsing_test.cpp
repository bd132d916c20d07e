// Issue 24, "silent or wrong parsing": files that were skipped without a word, valid input
// reported as broken, a file nobody owns reported for its size, and a broken compile database
// that stopped the run and echoed itself. Each test failed before its fix.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "driver/engine.h"
#include "parsers/wide_text.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::read_text;
using testing_support::write_text;

// ---- UTF-16 and UTF-32 ----

enum class Wide { Utf16Le, Utf16Be, Utf32Le, Utf32Be, Utf16LeWithoutMark };

// `utf8` (ASCII and BMP characters, or any with `astral`) in `form`, with a byte order mark
// unless the form has none.
std::string encode(std::u32string_view text, Wide form) {
  const bool big = form == Wide::Utf16Be || form == Wide::Utf32Be;
  const std::size_t unit = form == Wide::Utf32Le || form == Wide::Utf32Be ? 4 : 2;
  std::string out;
  const auto put = [&](char32_t value) {
    for (std::size_t k = 0; k < unit; ++k) {
      const std::size_t shift = 8 * (big ? unit - 1 - k : k);
      out += static_cast<char>((value >> shift) & 0xFF);
    }
  };
  if (form != Wide::Utf16LeWithoutMark) put(0xFEFF);
  for (char32_t c : text) {
    if (unit == 2 && c > 0xFFFF) {
      put(0xD800 + ((c - 0x10000) >> 10));
      put(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      put(c);
    }
  }
  return out;
}

TEST(WideText, EveryFormBecomesTheSameUtf8) {
  const std::u32string text = U"a: \u00e9\u4e2d\U0001F600\nb: 1\n";
  const std::string utf8 = "a: \xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80\nb: 1\n";
  const std::string mark = "\xEF\xBB\xBF";
  for (Wide form : {Wide::Utf16Le, Wide::Utf16Be, Wide::Utf32Le, Wide::Utf32Be}) {
    SCOPED_TRACE(static_cast<int>(form));
    EXPECT_EQ(utf8_of_wide_text(encode(text, form)), mark + utf8);
  }
  EXPECT_EQ(utf8_of_wide_text(encode(text, Wide::Utf16LeWithoutMark)), utf8);
}

TEST(WideText, Utf8AndBinaryAreLeftAlone) {
  EXPECT_EQ(utf8_of_wide_text("a: 1\n"), std::nullopt);
  EXPECT_EQ(utf8_of_wide_text("\xEF\xBB\xBF"
                              "a: 1\n"),
            std::nullopt);
  EXPECT_EQ(utf8_of_wide_text(std::string("\x7F"
                                          "ELF\x02\x01",
                                          6)),
            std::nullopt);
  EXPECT_EQ(utf8_of_wide_text(""), std::nullopt);
}

TEST(WideText, BrokenCodeUnitsBecomeReplacementCharacters) {
  // A lone high surrogate, a lone low one, and a last odd byte.
  const std::string lone_high(
      "\xFF\xFE"
      "a\x00\x00\xD8"
      "b\x00",
      8);
  EXPECT_EQ(utf8_of_wide_text(lone_high),
            "\xEF\xBB\xBF"
            "a\xEF\xBF\xBD"
            "b");
  const std::string lone_low(
      "\xFE\xFF\xDC\x00\x00"
      "c",
      6);
  EXPECT_EQ(utf8_of_wide_text(lone_low),
            "\xEF\xBB\xBF\xEF\xBF\xBD"
            "c");
  const std::string odd(
      "\xFF\xFE"
      "a\x00"
      "b",
      5);
  EXPECT_EQ(utf8_of_wide_text(odd),
            "\xEF\xBB\xBF"
            "a\xEF\xBF\xBD");
}

class HostileParsing : public testing_support::ScratchDirectory {
 protected:
  Analysis analyse(const fs::path& root) const {
    AnalysisRequest request;
    request.paths = {root.string()};
    request.root = root.string();
    return analyze(request);
  }

  // Every finding as "file:line:column RULE", the file relative to `root`.
  std::set<std::string> findings_in(const fs::path& root) const {
    std::set<std::string> out;
    for (const Finding& f : analyse(root).findings) {
      out.insert(fs::path(f.location.file).lexically_relative(root).generic_string() + ":" +
                 std::to_string(f.location.span.begin.line) + ":" +
                 std::to_string(f.location.span.begin.column) + " " + f.rule_id);
    }
    return out;
  }
};

// The same three inputs in UTF-8 and in each wide form give the same findings on the same
// lines and columns (a non-ASCII character before each value tests the columns).
const std::vector<std::pair<std::string, std::string>> kInputs = {
    {"template.yaml",
     "AWSTemplateFormatVersion: '2010-09-09'\n"
     "Description: caf\u00e9 \u4e2d\n"
     "Resources:\n"
     "  Fn:\n"
     "    Type: AWS::Lambda::Function\n"
     "    Properties: {Description: \u00e9, Timeout: 700}\n"},
    {"template.json",
     "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n"
     " \"Resources\": {\"Fn\": {\"Type\": \"AWS::Lambda::Function\",\n"
     "   \"Properties\": {\"Description\": \"\u00e9\", \"Timeout\": 1000}}}}\n"},
    {"main.tf",
     "resource \"aws_lambda_function\" \"f\" {\n"
     "  description = \"\u00e9\"\n"
     "  function_name = \"f\"\n"
     "  timeout = 1000\n"
     "}\n"},
};

std::u32string decode_utf8(const std::string& utf8) {
  std::u32string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : b & (0xFF >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (utf8[i + k] & 0x3F);
    out += c;
    i += n;
  }
  return out;
}

TEST_F(HostileParsing, Utf16And32FilesAreAnalysedLikeTheirUtf8) {
  for (const auto& [name, text] : kInputs) write_text(dir_ / "utf8" / name, text);
  const std::set<std::string> expected = findings_in(dir_ / "utf8");
  ASSERT_EQ(expected, (std::set<std::string>{"main.tf:4:3 RF101", "template.json:3:39 RF101",
                                             "template.yaml:6:34 RF104"}));
  const std::vector<std::pair<Wide, std::string>> forms = {
      {Wide::Utf16Le, "utf16le"},
      {Wide::Utf16Be, "utf16be"},
      {Wide::Utf32Le, "utf32le"},
      {Wide::Utf32Be, "utf32be"},
      {Wide::Utf16LeWithoutMark, "utf16le-no-bom"}};
  for (const auto& [form, label] : forms) {
    SCOPED_TRACE(label);
    for (const auto& [name, text] : kInputs)
      write_text(dir_ / label / name, encode(decode_utf8(text), form));
    EXPECT_EQ(findings_in(dir_ / label), expected);
  }
}

// ---- a file no front-end claims is never too large ----

// A package-lock.json of about `bytes` (the shape npm writes: one entry per package).
std::string package_lock(std::size_t bytes) {
  std::string text = "{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n";
  for (std::size_t i = 0; text.size() < bytes; ++i) {
    const std::string n = std::to_string(i);
    text += "    \"node_modules/pkg-" + n + "\": {\"version\": \"1.0." + n +
            "\", \"resolved\": \"https://example.invalid/pkg-" + n +
            ".tgz\", \"integrity\": "
            "\"sha512-" +
            std::string(64, 'x') + "\"},\n";
  }
  return text + "    \"\": {}\n  }\n}\n";
}

TEST_F(HostileParsing, ALargeJsonFileThatNoFormatClaimsIsIgnoredWhateverItsSize) {
  write_text(dir_ / "package-lock.json", package_lock(5u << 20));
  write_text(dir_ / "big-template.json",
             "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Description\": \"" +
                 std::string(5u << 20, 'x') + "\", \"Resources\": {}}\n");
  write_text(dir_ / "big-manifest.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  x: \"" +
                                             std::string(5u << 20, 'y') + "\"\n");
  EXPECT_EQ(findings_in(dir_),
            (std::set<std::string>{"big-manifest.yaml:1:1 RF001", "big-template.json:1:1 RF001"}));
}

// ---- a broken compile_commands.json found in the tree ----

constexpr const char* kLoopingHandler =
    "#include <aws/lambda-runtime/runtime.h>\n"
    "using namespace aws::lambda_runtime;\n"
    "static invocation_response handle(invocation_request const&) {\n"
    "  for (;;) {\n"
    "  }\n"
    "}\n"
    "int main() { run_handler(handle); }\n";

// 50 MB on one line, with terminal escapes in it, that is not JSON.
std::string broken_database() {
  std::string text = "[{\"directory\": \"/src\", \"file\": \"h.cpp\", \"command\": \"";
  text += "\x1b]0;owned\x07\x1b[31m";
  text += std::string(50u << 20, 'A');
  return text + "\"\n";
}

TEST_F(HostileParsing, ABrokenFoundCompileDatabaseIsOneShortWarningAndTheRunGoesOn) {
  write_text(dir_ / "repo" / "h.cpp", kLoopingHandler);
  const auto check = [&] {
    return testing_support::run_bounded(
        {RIGHTFIT_BINARY, "check", "--no-cache", (dir_ / "repo").string()}, dir_);
  };
  const testing_support::BoundedRun without = check();
  testing_support::expect_well_behaved(without);
  ASSERT_EQ(without.exit_code, 1) << without.err;  // RF102 on the loop
  write_text(dir_ / "repo" / "compile_commands.json", broken_database());

  const testing_support::BoundedRun with = check();
  testing_support::expect_well_behaved(with);
  EXPECT_EQ(with.exit_code, without.exit_code);
  EXPECT_EQ(with.out, without.out);
  EXPECT_LT(with.err.size(), 1024u) << with.err.substr(0, 2048);
  EXPECT_NE(with.err.find("warning: " + (dir_ / "repo" / "compile_commands.json").string() +
                          ": not a usable compile database: invalid JSON at byte"),
            std::string::npos)
      << with.err.substr(0, 2048);
  EXPECT_NE(with.err.find("without compile commands"), std::string::npos);
}

// A compile command's `-include` is read like any file: past the size limit (the default
// 4 MiB here) it is dropped with one short warning, and the handler is parsed without it.
TEST_F(HostileParsing, AnIncludeOverTheFileSizeLimitIsDroppedWithAWarning) {
  const fs::path repo = dir_ / "repo";
  write_text(repo / "h.cpp", kLoopingHandler);
  std::string big = "#error the forced include was read\n";
  while (big.size() <= ParseLimits{}.max_file_bytes) big += "// " + std::string(77, 'x') + "\n";
  write_text(repo / "big.h", big);
  write_text(repo / "compile_commands.json",
             "[{\"directory\": \"" + repo.string() +
                 "\", \"file\": \"h.cpp\", \"arguments\": [\"c++\", \"-include\", \"big.h\", "
                 "\"-c\", \"h.cpp\"]}]\n");
  const testing_support::BoundedRun run =
      testing_support::run_bounded({RIGHTFIT_BINARY, "check", "--no-cache", repo.string()}, dir_);
  testing_support::expect_well_behaved(run);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;  // RF102 on the loop: parsed without it
  EXPECT_NE(run.out.find("RF102"), std::string::npos) << run.out;
  EXPECT_LT(run.err.size(), 1024u) << run.err.substr(0, 2048);
  EXPECT_NE(run.err.find("big.h: -include of it dropped ("), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("over limits.max_file_bytes (4194304)"), std::string::npos) << run.err;
}

TEST_F(HostileParsing, ABrokenNamedCompileDatabaseIsAnErrorOfBoundedLength) {
  write_text(dir_ / "repo" / "h.cpp", kLoopingHandler);
  write_text(dir_ / "db" / "compile_commands.json", broken_database());
  const testing_support::BoundedRun run = testing_support::run_bounded(
      {RIGHTFIT_BINARY, "check", "--no-cache", "--compile-commands",
       (dir_ / "db" / "compile_commands.json").string(), (dir_ / "repo").string()},
      dir_);
  testing_support::expect_well_behaved(run);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_LT(run.err.size(), 1024u) << run.err.substr(0, 2048);
  EXPECT_NE(run.err.find("not a usable compile database"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace rightfit
