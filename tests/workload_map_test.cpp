// The workload map of `rightfit report -f html`, laid out by Graphviz's dot: the layout itself
// (boxes apart, links from box to box), names wrapped inside their boxes with Terraform's
// module path, the bound past which it is one node per file, and the page in headless
// Chromium (tests/browser/workload_map_check.mjs) on generated workspaces: one of 13 files
// drawn node by node, one as large as the shared corpus (300 SAM applications and a Terraform
// root calling one module ten times) drawn file by file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "integrations/report/map_layout.h"
#include "integrations/report/placement.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

bool overlap(const LayoutRect& a, const LayoutRect& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

// How far `p` is from the outline of `r`.
double off_outline(const LayoutPoint& p, const LayoutRect& r) {
  const double dx = std::max({r.x - p.x, 0.0, p.x - (r.x + r.width)});
  const double dy = std::max({r.y - p.y, 0.0, p.y - (r.y + r.height)});
  if (dx > 0 || dy > 0) return std::hypot(dx, dy);
  return std::min({p.x - r.x, r.x + r.width - p.x, p.y - r.y, r.y + r.height - p.y});
}

// Three files of a queue feeding a worker that uses a database, the third file's queue also
// fed by the first's worker; one box outside any file.
LayoutRequest three_files() {
  LayoutRequest request;
  request.clusters = {"a/template.yaml", "b/template.yaml", "modules/worker"};
  for (size_t i = 0; i < 9; ++i) request.boxes.push_back({120.0 + 10.0 * i, 45, i / 3});
  request.boxes.push_back({100, 40, std::nullopt});
  for (size_t f = 0; f < 3; ++f) {
    request.links.push_back({3 * f, 3 * f + 1});
    request.links.push_back({3 * f + 1, 3 * f + 2});
  }
  request.links.push_back({1, 6});
  request.links.push_back({9, 0});
  return request;
}

TEST(MapLayout, DotPlacesBoxesApartAndLinksFromBoxToBox) {
  const LayoutRequest request = three_files();
  Result<MapLayout> layout = lay_out_map(request);
  ASSERT_TRUE(layout.ok()) << layout.problem().message;
  ASSERT_EQ(layout->boxes.size(), request.boxes.size());
  ASSERT_EQ(layout->links.size(), request.links.size());
  ASSERT_EQ(layout->clusters.size(), 3u);
  for (size_t i = 0; i < request.boxes.size(); ++i) {
    const LayoutRect& box = layout->boxes[i];
    EXPECT_NEAR(box.width, request.boxes[i].width, 0.01) << i;  // sized as asked
    EXPECT_NEAR(box.height, request.boxes[i].height, 0.01) << i;
    EXPECT_GE(box.x, -0.01);
    EXPECT_LE(box.x + box.width, layout->width + 0.01);
    EXPECT_GE(box.y, -0.01);
    EXPECT_LE(box.y + box.height, layout->height + 0.01);
    for (size_t j = i + 1; j < request.boxes.size(); ++j)
      EXPECT_FALSE(overlap(box, layout->boxes[j])) << i << " and " << j;
    if (request.boxes[i].cluster) {
      const LayoutRect& around = layout->clusters[*request.boxes[i].cluster].box;
      EXPECT_TRUE(box.x >= around.x && box.y >= around.y &&
                  box.x + box.width <= around.x + around.width &&
                  box.y + box.height <= around.y + around.height)
          << i;
    }
  }
  for (size_t i = 0; i < request.links.size(); ++i) {
    const PlacedLink& link = layout->links[i];
    ASSERT_GE(link.spline.size(), 4u);
    EXPECT_EQ((link.spline.size() - 1) % 3, 0u) << "a cubic spline";
    EXPECT_LT(off_outline(link.spline.front(), layout->boxes[request.links[i].from]), 2.0) << i;
    EXPECT_LT(off_outline(link.tip, layout->boxes[request.links[i].to]), 2.0) << i;
  }
  // Left to right along the links: a worker right of its queue.
  EXPECT_LT(layout->boxes[0].x + layout->boxes[0].width, layout->boxes[1].x);
}

TEST(MapLayout, EmptyAndSameEveryTime) {
  Result<MapLayout> empty = lay_out_map(LayoutRequest{});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->boxes.empty());
  Result<MapLayout> first = lay_out_map(three_files());
  Result<MapLayout> second = lay_out_map(three_files());
  ASSERT_TRUE(first.ok() && second.ok());
  for (size_t i = 0; i < first->boxes.size(); ++i) {
    EXPECT_EQ(first->boxes[i].x, second->boxes[i].x);
    EXPECT_EQ(first->boxes[i].y, second->boxes[i].y);
  }
}

TEST(MapLayout, ALinkToNoBoxIsAProblem) {
  LayoutRequest request = three_files();
  request.links.push_back({0, 42});
  Result<MapLayout> layout = lay_out_map(request);
  ASSERT_FALSE(layout.ok());
  EXPECT_NE(layout.problem().message.find("no box"), std::string::npos);
}

// --- the SVG ---

MapNode node(const std::string& scope, const std::string& label, const std::string& kind) {
  return MapNode{kind + "|" + scope + "#" + label, kind, label, std::nullopt, 0, scope};
}

TEST(WorkloadMap, ModulePathsAreWholeAndWrapBetweenTheirParts) {
  PlacementReport report;
  report.nodes.push_back(
      node("stacks/tf", "module.billing_pipeline_1.aws_sqs_queue.jobs", "queue"));
  report.nodes.push_back(
      node("stacks/tf", "module.billing_pipeline_1.aws_lambda_function.handler", "database"));
  report.edges.push_back(MapEdge{0, 1, "feeds"});
  const std::string svg = placement_map_svg(report);
  EXPECT_NE(svg.find(">module.billing_pipeline_1.</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">aws_lambda_function.handler</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>module.billing_pipeline_1.aws_lambda_function.handler (database)"),
            std::string::npos);
  EXPECT_EQ(count(svg, "class=\"map-cluster\""), 1u);
  EXPECT_NE(svg.find(">stacks/tf</text>"), std::string::npos);
  EXPECT_NE(svg.find("data-from=\"0\" data-to=\"1\""), std::string::npos);
  EXPECT_EQ(svg.find("data-collapsed"), std::string::npos);
}

TEST(WorkloadMap, PastTheLimitOneNodePerFileWithItsCounts) {
  PlacementReport report;
  for (size_t i = 0; i <= kMapNodeLimit; ++i) {
    const std::string scope = "svc" + std::to_string(i % 3) + "/template.yaml";
    report.nodes.push_back(node(scope, "Queue" + std::to_string(i), "queue"));
    if (i >= 3) report.edges.push_back(MapEdge{i - 3, i, "feeds"});  // within a file
  }
  report.edges.push_back(MapEdge{0, 1, "feeds"});  // across files: svc0 -> svc1
  report.edges.push_back(MapEdge{3, 4, "feeds"});  // the same two files
  const std::string svg = placement_map_svg(report);
  EXPECT_NE(svg.find("data-collapsed=\"by-file\""), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"map-node\""), 3u);
  EXPECT_EQ(count(svg, "data-kind=\"file\""), 3u);
  EXPECT_EQ(count(svg, "class=\"map-edge\""), 1u);
  EXPECT_NE(svg.find("data-label=\"2 links\""), std::string::npos);
  EXPECT_NE(svg.find("data-file=\"svc0/template.yaml\" data-workloads=\"0\""), std::string::npos);
  EXPECT_NE(svg.find(std::to_string(kMapNodeLimit + 1) + " nodes, more than the " +
                     std::to_string(kMapNodeLimit)),
            std::string::npos);
}

// --- in Chromium, on generated workspaces ---

// tests/support/workload_map/: a SAM application ({n} its number) and a Terraform module, shared
// with bench/workload_map.sh.
std::string support_file(const std::string& name) {
  return testing_support::read_text(fs::path(RIGHTFIT_SOURCE_DIR) / "tests/support/workload_map" /
                                    name);
}

std::string numbered(std::string text, size_t n) {
  for (size_t at = text.find("{n}"); at != std::string::npos; at = text.find("{n}", at))
    text.replace(at, 3, std::to_string(n));
  return text;
}

// `calls` module blocks calling the settlement module from one root.
void write_terraform(const fs::path& root, size_t calls) {
  testing_support::write_text(root / "modules/settlement/main.tf", support_file("settlement.tf"));
  std::string calling;
  for (size_t i = 1; i <= calls; ++i) {
    calling += numbered(
        "module \"settlement_pipeline_{n}\" {\n  source = \"../../modules/settlement\"\n"
        "  name   = \"settle{n}\"\n}\n",
        i);
  }
  testing_support::write_text(root / "stacks/payments/main.tf", calling);
}

class WorkloadMapInChromium : public testing_support::KeptTestDirectory {
 protected:
  // Writes the workspace, its report as HTML and JSON, and checks the page in Chromium;
  // returns the checker's summary.
  std::string check(size_t applications, size_t module_calls, const std::string& max_side) {
    const fs::path workspace = dir_ / "workspace";
    fs::remove_all(workspace);
    const std::string application = support_file("application.yaml");
    for (size_t i = 1; i <= applications; ++i) {
      const fs::path app =
          workspace / "services" / ("team" + std::to_string(i % 7)) / ("app" + std::to_string(i));
      testing_support::write_text(app / "template.yaml", numbered(application, i));
    }
    write_terraform(workspace, module_calls);
    html_ = dir_ / "report.html";
    const fs::path json = dir_ / "report.json";
    for (const auto& [format, file] : {std::pair{"html", html_}, std::pair{"json", json}}) {
      testing_support::SeparateOutputs written = rightfit(
          std::string("report -f ") + format + " -o " + file.string() + " " + workspace.string());
      EXPECT_EQ(written.exit_code, 0) << written.err;
      EXPECT_EQ(written.err, "");
    }
    png_ = dir_ / "workload_map.png";
    std::error_code ec;
    fs::remove(png_, ec);
    const fs::path script = fs::path(RIGHTFIT_SOURCE_DIR) / "tests/browser/workload_map_check.mjs";
    // 60 s for the page to load: the whole report of 910 workloads on a machine shared by
    // several builds; the map alone is drawn in well under a second.
    testing_support::SeparateOutputs browser =
        run("node " + script.string() + " " + html_.string() + " " + json.string() + " " +
            png_.string() + " " + max_side + " 60");
    EXPECT_EQ(browser.exit_code, 0) << browser.err << browser.out;
    EXPECT_EQ(browser.err, "");
    EXPECT_TRUE(fs::exists(png_) && fs::file_size(png_) > 5000u) << png_;
    return browser.out;
  }
  fs::path html_;
  fs::path png_;
};

TEST_F(WorkloadMapInChromium, ThirteenFilesNodeByNodeWithModulePaths) {
  const std::string summary = check(12, 3, "4000");
  EXPECT_NE(summary.find("ok: 90 nodes, 51 links, 13 files,"), std::string::npos) << summary;
  const std::string html = testing_support::read_text(html_);
  EXPECT_EQ(count(html, ">module.settlement_pipeline_2.</text>"), 2u);  // queue and function
  EXPECT_EQ(count(html, ">aws_lambda_function.handler</text>"), 3u);
}

TEST_F(WorkloadMapInChromium, CorpusSizedFileByFile) {
  const std::string summary = check(300, 10, "6000");
  EXPECT_NE(summary.find("ok: 301 nodes, 0 links, 0 files (collapsed by file)"), std::string::npos)
      << summary;
  EXPECT_NE(testing_support::read_text(html_).find("data-workloads=\"10\""), std::string::npos);
}

// The checker itself must fail on what it is there to catch.
TEST_F(WorkloadMapInChromium, CheckerFailsOnAnUnreadableMap) {
  const fs::path html = dir_ / "broken.html";
  const fs::path json = dir_ / "broken.json";
  testing_support::write_text(
      html,
      "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head><body>"
      "<svg class=\"workload-map\" width=\"9000\" height=\"300\">"
      "<g class=\"map-node\" data-node=\"0\" data-workload=\"t#A\"><rect x=\"10\" y=\"10\" "
      "width=\"50\" height=\"30\"/><text x=\"14\" y=\"30\">a label far too long for it</text></g>"
      "<g class=\"map-node\" data-node=\"1\"><rect x=\"40\" y=\"20\" width=\"50\" "
      "height=\"30\"/></g>"
      "<path class=\"map-edge\" data-from=\"0\" data-to=\"1\" d=\"M200,200 L300,250\"/>"
      "</svg></body></html>");
  testing_support::write_text(
      json, R"({"workloads":[{"id":"t#A"},{"id":"t#B"}],"map":{"nodes":[{},{}],"edges":[{}]}})");
  const fs::path script = fs::path(RIGHTFIT_SOURCE_DIR) / "tests/browser/workload_map_check.mjs";
  testing_support::SeparateOutputs browser =
      run("node " + script.string() + " " + html.string() + " " + json.string() + " " +
          (dir_ / "broken.png").string() + " 4000 60");
  EXPECT_EQ(browser.exit_code, 1);
  EXPECT_NE(browser.err.find("node 0 (a label far too long for it): label"), std::string::npos)
      << browser.err;
  EXPECT_NE(browser.err.find("nodes 0 and 1 overlap"), std::string::npos) << browser.err;
  EXPECT_NE(browser.err.find("link 0 (0 -> 1) ends"), std::string::npos) << browser.err;
  EXPECT_NE(browser.err.find("more than 4000 a side"), std::string::npos) << browser.err;
  EXPECT_NE(browser.err.find("t#B: not on the map"), std::string::npos) << browser.err;
}

}  // namespace
}  // namespace rightfit
