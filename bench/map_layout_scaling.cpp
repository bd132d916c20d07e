// How laying the workload map out with Graphviz's dot grows with the number of nodes (issue
// 27): the bound past which the map is drawn one node per file (kMapNodeLimit) comes from it.
// A synthetic map of N nodes, generated here, in files of seven nodes as a SAM application
// has them (API -> function -> database, queue -> worker, schedule -> job), one link in ten
// crossing to the next file (a queue another file drains), every name 20-40 characters wide.
// Prints one JSON line per size: {"nodes":N,"files":F,"median_ms":...,"width":...,"height":...}.
//
//   rightfit_map_layout_scaling ROUNDS N [N...]
// With ROUNDS 1 under `valgrind --tool=callgrind --toggle-collect='*lay_out_map*'` the
// instruction count of one layout at one size.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "integrations/report/map_layout.h"

namespace {

using rightfit::LayoutRequest;

LayoutRequest synthetic_map(size_t nodes) {
  LayoutRequest request;
  const size_t files = (nodes + 6) / 7;
  for (size_t f = 0; f < files; ++f)
    request.clusters.push_back("services/team/svc" + std::to_string(f) + "/template.yaml");
  for (size_t i = 0; i < nodes; ++i) {
    const double width = 7.3 * static_cast<double>(20 + (i * 7) % 21) + 20;
    request.boxes.push_back({width, 45, i / 7});
  }
  // Within a file of seven: 0 -> 1 -> 2, 3 -> 4, 5 -> 6; every tenth file's queue (3) also
  // feeds the next file's worker (4).
  for (size_t i = 0; i + 1 < nodes; ++i) {
    const size_t k = i % 7;
    if (k == 0 || k == 1 || k == 3 || k == 5) request.links.push_back({i, i + 1});
    if (k == 3 && (i / 7) % 10 == 0 && i + 8 < nodes) request.links.push_back({i, i + 8});
  }
  return request;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: rightfit_map_layout_scaling ROUNDS N [N...]\n");
    return 2;
  }
  const int rounds = std::max(1, std::atoi(argv[1]));
  std::vector<size_t> sizes;
  for (int i = 2; i < argc; ++i) sizes.push_back(std::strtoul(argv[i], nullptr, 10));
  for (size_t n : sizes) {
    const LayoutRequest request = synthetic_map(n);
    std::vector<double> ms;
    rightfit::MapLayout last;
    for (int r = 0; r < rounds; ++r) {
      const auto start = std::chrono::steady_clock::now();
      rightfit::Result<rightfit::MapLayout> layout = rightfit::lay_out_map(request);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
      if (!layout.ok()) {
        std::fprintf(stderr, "%zu nodes: %s\n", n, layout.problem().message.c_str());
        return 1;
      }
      last = *layout;
    }
    std::sort(ms.begin(), ms.end());
    std::printf("{\"nodes\":%zu,\"files\":%zu,\"median_ms\":%.1f,\"width\":%.0f,\"height\":%.0f}\n",
                n, request.clusters.size(), ms[ms.size() / 2], last.width, last.height);
  }
  return 0;
}
