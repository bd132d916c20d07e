// The benchmark's floor: what rightfit's parsers alone cost on a tree, without linking,
// evaluation or checks. Walks the paths like `rightfit check` (same discovery, same --jobs
// pool), reads every file and parses it into a tree only: YAML/JSON with the document
// loaders, Terraform with tree-sitter-hcl (or the JSON loader for *.tf.json), Dockerfiles with
// the Dockerfile parser. Prints the file count, bytes and wall milliseconds as one JSON line.
//
//   rightfit_parse_floor [--jobs N] PATH...
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analyzer/discovery.h"
#include "parsers/dockerfile/dockerfile_parser.h"
#include "parsers/document/document.h"
#include "parsers/parallel_for.h"
#include "parsers/parse_limits.h"
#include "parsers/terraform/hcl_ast.h"
#include "parsers/terraform/tf_json.h"

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Parses one file into its tree; returns its size in bytes (0 when unreadable).
std::size_t parse_one(const std::string& path) {
  const rightfit::ParseLimits limits;
  rightfit::SourceText source = rightfit::read_source_file(path, limits);
  if (!source.ok()) return 0;
  const std::string& text = *source;
  if (rightfit::dockerfile::is_dockerfile(path)) {
    rightfit::dockerfile::parse_dockerfile(path, text);
  } else if (ends_with(path, ".tf") || ends_with(path, ".tfvars")) {
    rightfit::hcl::parse_hcl(text);
  } else if (ends_with(path, ".json")) {
    (void)rightfit::doc::load_json(text);  // parsed only: the floor under every front-end
  } else {
    (void)rightfit::doc::load_yaml(text);
  }
  return text.size();
}

}  // namespace

int main(int argc, char** argv) {
  unsigned jobs = 0;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--jobs" && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: rightfit_parse_floor [--jobs N] PATH...\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const rightfit::Discovery found =
      rightfit::discover(paths, paths.size() == 1 ? paths[0] : ".", rightfit::ExcludeMatcher({}));
  std::vector<std::size_t> sizes(found.files.size());
  rightfit::parallel_for(sizes.size(), jobs,
                         [&](std::size_t i) { sizes[i] = parse_one(found.files[i].path); });
  std::size_t bytes = 0;
  for (std::size_t s : sizes) bytes += s;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"files\": %zu, \"bytes\": %zu, \"ms\": %.3f}\n", sizes.size(), bytes, ms);
  return 0;
}
