// What one file of each front-end costs rightfit, in this process (no process start-up in
// the figures), through the same `analyze()` that `rightfit check` runs (read, parse, link,
// check), on one thread, median of `--rounds` rounds:
//   - together: one analysis of all the group's files, as `rightfit check DIR` does, less
//     the cost of an analysis of one empty file, divided by the file count;
//   - alone: every file analysed by itself (as a pre-commit hook on one changed file does),
//     fixed cost included.
// The first line is that fixed cost: an empty YAML file that no front-end claims (discovery,
// configuration, linking and every check around nothing). One JSON line per group:
//   {"group":"serverless","units":21,"bytes":20480,"together_us_per_unit":190.2,
//    "together_us_per_kb":195.0,"alone_us_per_unit":1648.0}
// A unit is a file; for Terraform, a module directory.
//
//   rightfit_frontend_cost [--rounds R] [GROUP=PATH[,PATH...]]... [PATH]...
// A PATH is a file or a directory (discovered as `rightfit check` does). A GROUP names its
// files; the files of the PATHs given alone are grouped by the front-end of the list
// (parsers/frontends.h) that parses each, in the list's order, each group named after it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/discovery.h"
#include "driver/engine.h"
#include "parsers/file_reader.h"
#include "parsers/frontends.h"

namespace {

namespace fs = std::filesystem;

struct Group {
  std::string name;
  std::vector<std::string> paths;
};

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= list.size()) {
    const std::size_t end = std::min(list.find(',', at), list.size());
    if (end > at) out.push_back(list.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// One analysis unit per file, except for project-level front-ends (Terraform): a module is its
// directory.
std::vector<std::string> units_of(const Group& g, std::uintmax_t& bytes) {
  rightfit::Discovery found = rightfit::discover(g.paths, ".", rightfit::ExcludeMatcher({}));
  std::vector<std::string> units;
  for (const rightfit::DiscoveredFile& f : found.files) {
    std::error_code ec;
    bytes += fs::file_size(f.path, ec);
    const bool project = rightfit::project_frontend_of(f.path) != nullptr;
    units.push_back(project ? fs::path(f.path).parent_path().string() : f.path);
  }
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  return units;
}

// The front-end that parses `path`: the project-level one that claims it, else the one whose
// peek at the content accepts it (null: none).
const rightfit::Frontend* frontend_of(const std::string& path) {
  if (const rightfit::Frontend* project = rightfit::project_frontend_of(path)) return project;
  const std::vector<const rightfit::Frontend*> found = rightfit::claimants(path);
  if (found.size() == 1) return found.front();
  const std::optional<std::string> text = rightfit::read_file_from_disk(path);
  return text ? rightfit::claimant_of(path, *text) : nullptr;
}

// The files under `paths`, one group per front-end of the list that parses some of them.
std::vector<Group> groups_by_frontend(const std::vector<std::string>& paths) {
  std::vector<Group> groups;
  for (const auto& frontend : rightfit::frontends())
    groups.push_back({std::string(frontend->name()), {}});
  for (const rightfit::DiscoveredFile& f :
       rightfit::discover(paths, ".", rightfit::ExcludeMatcher({})).files) {
    const rightfit::Frontend* frontend = frontend_of(f.path);
    if (!frontend) continue;
    const auto at = std::find_if(groups.begin(), groups.end(),
                                 [frontend](const Group& g) { return g.name == frontend->name(); });
    at->paths.push_back(f.path);
  }
  std::erase_if(groups, [](const Group& g) { return g.paths.empty(); });
  return groups;
}

void analyse(std::vector<std::string> paths) {
  rightfit::analyze(rightfit::AnalysisRequest{std::move(paths), ".", rightfit::Config{}, 1, {}});
}

// Median wall seconds of `rounds` runs of `work`, after one warm-up run.
double median_seconds(int rounds, const std::function<void()>& work) {
  work();
  std::vector<double> times;
  for (int r = 0; r < rounds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// One analysis of an empty file: what analyze() costs around any input.
double fixed_cost_seconds(int rounds) {
  const fs::path empty = fs::temp_directory_path() / "rightfit-frontend-cost-empty.yaml";
  std::FILE* f = std::fopen(empty.c_str(), "w");
  if (!f) return 0;
  std::fputs("{}\n", f);
  std::fclose(f);
  const double seconds = median_seconds(rounds * 20, [&] { analyse({empty.string()}); });
  std::error_code ec;
  fs::remove(empty, ec);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  std::vector<Group> groups;
  std::vector<std::string> by_frontend;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (const std::size_t eq = arg.find('='); eq != std::string::npos) {
      groups.push_back({arg.substr(0, eq), split(arg.substr(eq + 1))});
    } else if (!arg.starts_with("-")) {
      by_frontend.push_back(arg);
    } else {
      std::fprintf(stderr,
                   "usage: rightfit_frontend_cost [--rounds R] [GROUP=PATH[,PATH...]]... "
                   "[PATH]...\n");
      return 2;
    }
  }
  if (!by_frontend.empty()) {
    for (Group& g : groups_by_frontend(by_frontend)) groups.push_back(std::move(g));
  }
  const double fixed = fixed_cost_seconds(rounds);
  std::printf(
      "{\"group\":\"(an empty file)\",\"units\":1,\"bytes\":3,\"together_us_per_unit\":0,"
      "\"together_us_per_kb\":0,\"alone_us_per_unit\":%.1f}\n",
      fixed * 1e6);
  for (const Group& g : groups) {
    std::uintmax_t bytes = 0;
    const std::vector<std::string> units = units_of(g, bytes);
    if (units.empty()) {
      std::fprintf(stderr, "%s: no files\n", g.name.c_str());
      return 1;
    }
    const double n = static_cast<double>(units.size());
    const double together = std::max(0.0, median_seconds(rounds, [&] { analyse(units); }) - fixed);
    const double alone = median_seconds(rounds, [&] {
      for (const std::string& u : units) analyse({u});
    });
    std::printf(
        "{\"group\":\"%s\",\"units\":%zu,\"bytes\":%ju,\"together_us_per_unit\":%.1f,"
        "\"together_us_per_kb\":%.1f,\"alone_us_per_unit\":%.1f}\n",
        g.name.c_str(), units.size(), bytes, together * 1e6 / n,
        together * 1e6 / (static_cast<double>(bytes) / 1024.0), alone * 1e6 / n);
  }
  return 0;
}
