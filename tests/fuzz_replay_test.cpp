// Replays the fuzz targets' inputs through every parser entry point: the crash inputs kept in
// fuzz/regressions/ (each once made a parser crash, hang or misbehave) and every fixture, fed
// to every parser whatever its format; and the fuzz target over the front-end list's seeds
// and crash inputs (fuzz/seeds/frontends, fuzz/regressions/frontends). In build-asan this runs
// under ASan+UBSan, so the regressions stay fixed in every `make test`, not only in the fuzz runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_frontends.h"
#include "parsers/cdk/cdk_assembly.h"
#include "parsers/cloudformation/template_parser.h"
#include "parsers/dockerfile/dockerfile_parser.h"
#include "parsers/document/document.h"
#include "parsers/node/node_parser.h"
#include "parsers/parse_limits.h"
#include "parsers/python/python_parser.h"
#include "parsers/serverless/serverless_parser.h"
#include "parsers/terraform/module_instance.h"
#include "parsers/terraform/resource_facts.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_under(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// What every parser makes of `text`, summarised: the first error (or "ok") of each.
std::string parse_everything(const std::string& text) {
  std::string summary;
  auto note = [&summary](const std::string& what, const std::optional<std::string>& error) {
    summary += what + ": " + error.value_or("ok") + "\n";
  };
  auto load_error = [](const doc::LoadResult& r) -> std::optional<std::string> {
    if (r.ok()) return std::nullopt;
    return std::to_string(r.problem().where.line) + ":" + std::to_string(r.problem().where.column) +
           " " + r.problem().message;
  };
  auto facts_error = [](const std::optional<FileFacts>& f) -> std::optional<std::string> {
    if (!f) return "not a template";
    if (f->parse_errors.empty()) return std::nullopt;
    return f->parse_errors.front().message;
  };
  note("yaml", load_error(doc::load_yaml(text)));
  note("json", load_error(doc::load_json(text)));
  if (!check_text_encoding(text)) {  // the engine hands only text to these two
    note("template.yaml", facts_error(cfn::parse_template("template.yaml", text)));
    note("template.json", facts_error(cfn::parse_template("template.json", text)));
    note("Dockerfile", facts_error(dockerfile::parse_dockerfile("Dockerfile", text)));
    note("manifest.json", facts_error(cdk::parse_assembly_metadata("cdk.out/manifest.json", text)));
    note("Shop.assets.json",
         facts_error(cdk::parse_assembly_metadata("cdk.out/Shop.assets.json", text)));
    const FileReader none = [](const std::string&, const ParseLimits&) {
      return SourceText{fail_with(SourceProblem{{}, "not read"})};
    };
    for (const char* name : {"serverless.yml", "serverless.json"}) {
      note(name, facts_error(sls::parse_serverless(name, text, ParseLimits{}, none)));
    }
    const ParseLimits limits;
    note("handler.py", facts_error(python::parse_python("pkg/handler.py", text, limits)));
    for (const char* name : {"src/handler.js", "src/handler.ts", "src/view.tsx"})
      note(name, facts_error(node::parse_node(name, text, limits)));
  }
  for (const char* name : {"main.tf", "main.tf.json"}) {
    const std::string dir = "/nonexistent-rightfit-replay";
    tf::ModuleLibrary library;
    auto parsed = tf::parse_terraform_text(dir + "/" + name, text);
    std::optional<std::string> error;
    if (parsed->rejected) error = parsed->rejected->message;
    if (!error && parsed->ast.error) error = parsed->ast.error->message;
    library.add(std::move(parsed));
    if (const tf::ModuleSource* source = library.load(dir)) {
      tf::ModuleInstance root(library, *source, "", {}, 0);
      FileFacts facts;
      tf::collect_resource_facts(root, dir, facts);
    }
    note(name, error);
  }
  return summary;
}

TEST(FuzzReplay, RegressionsAndFixturesParseTheSameTwiceInEveryParser) {
  const fs::path source = RIGHTFIT_SOURCE_DIR;
  std::vector<fs::path> files = inputs_under(source / "fuzz" / "regressions");
  const std::size_t regressions = files.size();
  for (const fs::path& f : inputs_under(source / "fixtures")) files.push_back(f);
  ASSERT_GT(files.size(), regressions + 50) << "the fixtures are missing";
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string text = bytes_of(file);
    EXPECT_EQ(parse_everything(text), parse_everything(text));
  }
}

// What the front-end list's fuzz target makes of `input`: the first error (or "ok"), or
// "not parsed".
std::string parse_as_fuzzed(const std::string& input) {
  const std::optional<FileFacts> facts = fuzz::parse_selected(input);
  if (!facts) return "not parsed";
  return facts->parse_errors.empty() ? "ok" : facts->parse_errors.front().message;
}

TEST(FuzzReplay, FrontendListSeedsAndRegressionsParseTheSameTwice) {
  const fs::path source = RIGHTFIT_SOURCE_DIR;
  std::vector<fs::path> files = inputs_under(source / "fuzz" / "seeds" / "frontends");
  ASSERT_EQ(files.size(), fuzz::text_frontends().size()) << "one seed per front-end";
  for (const fs::path& f : inputs_under(source / "fuzz" / "regressions" / "frontends"))
    files.push_back(f);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string input = bytes_of(file);
    EXPECT_EQ(parse_as_fuzzed(input), parse_as_fuzzed(input));
  }
}

// Each seed is named after its front-end's sample path and starts with the byte that selects
// that front-end, so a change to the list's order shows here; and it is a valid input.
TEST(FuzzReplay, EachFrontendListSeedSelectsItsFrontendAndParsesCleanly) {
  const fs::path seeds = fs::path(RIGHTFIT_SOURCE_DIR) / "fuzz" / "seeds" / "frontends";
  for (const Frontend* frontend : fuzz::text_frontends()) {
    std::string name(frontend->sample_path());
    std::replace(name.begin(), name.end(), '/', '_');
    SCOPED_TRACE(name);
    const std::string input = bytes_of(seeds / name);
    ASSERT_FALSE(input.empty()) << "no seed for " << frontend->name();
    EXPECT_EQ(&fuzz::frontend_selected_by(static_cast<uint8_t>(input.front())), frontend);
    EXPECT_EQ(parse_as_fuzzed(input), "ok");
  }
}

}  // namespace
}  // namespace rightfit
