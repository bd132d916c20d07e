// What `exclude:` patterns cost during discovery (issue 24: 2,000 patterns over 200,000 files
// took more than 300 s). The paths and the patterns are generated here, in memory, and asked
// of ExcludeMatcher in the order the walker asks: each directory once, then the files of the
// directories not excluded.
//
//   rightfit_exclude_patterns FILES PATTERNS
// Prints one JSON line: {"files":...,"patterns":...,"excluded":...,"ms":...}. Under
// `valgrind --tool=callgrind --toggle-collect='*ExcludeMatcher::excluded*'` the instruction
// count of the matching alone.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/discovery.h"

namespace {

// A .gitignore a large monorepo could have: names at any depth, extensions, directories,
// anchored build outputs, and re-included files.
std::vector<std::string> patterns_of(std::size_t count) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    switch (i % 6) {
      case 0:
        out.push_back("scratch" + n + ".yaml");
        break;
      case 1:
        out.push_back("*.gen" + n);
        break;
      case 2:
        out.push_back("cache" + n + "/");
        break;
      case 3:
        out.push_back("app" + std::to_string(i % 97) + "/build" + n + "/**");
        break;
      case 4:
        out.push_back("/tools/vendor" + n);
        break;
      default:
        out.push_back("!keep" + n + ".yaml");
        break;
    }
  }
  return out;
}

struct Tree {
  std::vector<std::string> directories;            // each once, parents before children
  std::vector<std::size_t> parent_of;              // index into directories; npos at the top
  std::vector<std::vector<std::string>> files_of;  // per directory
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::size_t add_directory(Tree& tree, std::unordered_map<std::string, std::size_t>& index,
                          const std::string& path, std::size_t parent) {
  auto [it, fresh] = index.emplace(path, tree.directories.size());
  if (fresh) {
    tree.directories.push_back(path);
    tree.parent_of.push_back(parent);
    tree.files_of.emplace_back();
  }
  return it->second;
}

// app<a>/pkg<b>/<kind><c>/ holding 20 files each; some names match a pattern.
Tree tree_of(std::size_t files) {
  Tree tree;
  std::unordered_map<std::string, std::size_t> index;
  const std::size_t per_directory = 20;
  const std::size_t leaves = (files + per_directory - 1) / per_directory;
  const char* kinds[] = {"src", "build", "cache", "lib"};
  const char* ext[] = {".yaml", ".tf", ".json", ".gen"};
  std::size_t made = 0;
  for (std::size_t leaf = 0; leaf < leaves; ++leaf) {
    const std::string app = "app" + std::to_string(leaf % 97);
    const std::string pkg = app + "/pkg" + std::to_string(leaf % 13);
    const std::string dir = pkg + "/" + kinds[leaf % 4] + std::to_string(leaf % 1000);
    const std::size_t a = add_directory(tree, index, app, kNone);
    const std::size_t p = add_directory(tree, index, pkg, a);
    const std::size_t d = add_directory(tree, index, dir, p);
    for (std::size_t k = 0; k < per_directory && made < files; ++k, ++made) {
      const std::string n = std::to_string(made % 3000);
      const std::string stem = k % 7 == 0 ? "scratch" : k % 11 == 0 ? "keep" : "file";
      tree.files_of[d].push_back(dir + "/" + stem + n + ext[k % 4] + (k % 4 == 3 ? n : ""));
    }
  }
  return tree;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: rightfit_exclude_patterns FILES PATTERNS\n");
    return 2;
  }
  const std::size_t files = std::strtoull(argv[1], nullptr, 10);
  const std::size_t count = std::strtoull(argv[2], nullptr, 10);
  const Tree tree = tree_of(files);
  const rightfit::ExcludeMatcher matcher(patterns_of(count));
  const auto start = std::chrono::steady_clock::now();
  std::size_t excluded = 0;
  std::vector<bool> pruned(tree.directories.size(), false);
  for (std::size_t d = 0; d < tree.directories.size(); ++d) {
    const std::size_t parent = tree.parent_of[d];
    pruned[d] = (parent != kNone && pruned[parent]) || matcher.excluded(tree.directories[d], true);
    if (pruned[d]) {
      excluded += tree.files_of[d].size();
      continue;
    }
    for (const std::string& file : tree.files_of[d]) excluded += matcher.excluded(file, false);
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"files\":%zu,\"patterns\":%zu,\"excluded\":%zu,\"ms\":%.1f}\n", files, count,
              excluded, ms);
  return 0;
}
