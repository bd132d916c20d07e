// What one file of each front-end costs rightfit: every file of a group is analysed alone,
// in this process (no process start-up in the figure), through the same `analyze()` that
// `rightfit check` runs (read, parse, link, check), on one thread, `--rounds` times; the
// median of the rounds is reported per group as one JSON line:
//   {"group":"serverless","units":24,"bytes":51234,"us_per_unit":812.4,"us_per_kb":388.1}
// (a unit is a file; for Terraform, a module directory).
//
//   rightfit_frontend_cost [--rounds R] GROUP=PATH[,PATH...]...
// A PATH is a file or a directory (discovered as `rightfit check` does; a `*.tf` file's
// module is its directory, so Terraform groups should name directories).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/discovery.h"
#include "analyzer/driver/engine.h"

namespace {

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

// One analysis unit per file, except Terraform: a module is its directory.
std::vector<std::string> units_of(const Group& g, std::uintmax_t& bytes) {
  namespace fs = std::filesystem;
  rightfit::Discovery found = rightfit::discover(g.paths, ".", rightfit::ExcludeMatcher({}));
  std::vector<std::string> units;
  for (const rightfit::DiscoveredFile& f : found.files) {
    std::error_code ec;
    bytes += fs::file_size(f.path, ec);
    const bool terraform = f.path.ends_with(".tf") || f.path.ends_with(".tfvars");
    units.push_back(terraform ? fs::path(f.path).parent_path().string() : f.path);
  }
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  return units;
}

double analyse_all_seconds(const std::vector<std::string>& units) {
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& unit : units) {
    rightfit::AnalysisRequest request{{unit}, ".", rightfit::Config{}, 1, {}};
    rightfit::analyze(request);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  std::vector<Group> groups;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (const std::size_t eq = arg.find('='); eq != std::string::npos) {
      groups.push_back({arg.substr(0, eq), split(arg.substr(eq + 1))});
    } else {
      std::fprintf(stderr, "usage: rightfit_frontend_cost [--rounds R] GROUP=PATH[,PATH...]...\n");
      return 2;
    }
  }
  for (const Group& g : groups) {
    std::uintmax_t bytes = 0;
    const std::vector<std::string> units = units_of(g, bytes);
    if (units.empty()) {
      std::fprintf(stderr, "%s: no files\n", g.name.c_str());
      return 1;
    }
    analyse_all_seconds(units);  // warm-up: page cache, allocator
    std::vector<double> times;
    for (int r = 0; r < rounds; ++r) times.push_back(analyse_all_seconds(units));
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    std::printf(
        "{\"group\":\"%s\",\"units\":%zu,\"bytes\":%ju,\"us_per_unit\":%.1f,\"us_per_kb\":%.1f}\n",
        g.name.c_str(), units.size(), bytes, median * 1e6 / static_cast<double>(units.size()),
        median * 1e6 / (static_cast<double>(bytes) / 1024.0));
  }
  return 0;
}
