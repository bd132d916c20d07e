// The workload map's layout through Graphviz's C API (libcgraph builds the graph, libgvc runs
// the `dot` engine): gvc(3) and cgraph(3), Graphviz 2.42 as Debian 12 ships it, read
// 2026-12-07 (graphviz.org/pdf/gvc.3.pdf, graphviz.org/pdf/cgraph.3.pdf).
//
// The dot layout plugin is linked in and handed to gvContextPlugins() as the one built-in
// (the way Graphviz's own static `dot` lists its lt_preloaded_symbols), with demand loading
// off: Graphviz then neither reads its plugin configuration (config6a) nor scans or writes
// anything, and loads no text layout plugin (pango, fontconfig and their caches). Labels are
// ours: every box comes with its size (fixedsize), so dot only places boxes and routes splines.
#include "integrations/report/map_layout.h"

#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>

extern "C" {
// Defined by libgvplugin_dot_layout (Debian's libgvc6 declares it in its shlibs).
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;  // NOLINT: Graphviz's name
}

namespace rightfit {

namespace {

constexpr double kPointsPerInch = 72;

// Graphviz keeps global state (its error hook, the layout's scratch memory): one layout at
// a time in the process. The messages of the running layout go to `messages`.
std::mutex& graphviz_lock() {
  static std::mutex lock;
  return lock;
}
std::string* messages = nullptr;  // NOLINT: guarded by graphviz_lock(), set only during a layout

// Graphviz's error hook. Without one, messages below the reporting level are kept in a
// tmpfile() and the rest printed on stderr: neither is wanted.
int collect_message(char* text) {
  if (messages != nullptr && text != nullptr) messages->append(text);
  return 0;
}

// cgraph's API predates const.
char* text(const char* s) { return const_cast<char*>(s); }
void set(void* object, const char* name, const std::string& value) {
  agsafeset(object, text(name), text(value.c_str()), text(""));
}

std::string number(double v) {
  char out[32];
  std::snprintf(out, sizeof out, "%.4f", v);
  return out;
}

struct ContextDeleter {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};
struct GraphDeleter {
  void operator()(Agraph_t* g) const { agclose(g); }
};

// Frees the layout before the graph, as gvFreeLayout() must come first.
class LaidOutGraph {
 public:
  LaidOutGraph(GVC_t* gvc, Agraph_t* g) : gvc_(gvc), g_(g) {}
  LaidOutGraph(const LaidOutGraph&) = delete;
  LaidOutGraph& operator=(const LaidOutGraph&) = delete;
  ~LaidOutGraph() { gvFreeLayout(gvc_, g_); }

 private:
  GVC_t* gvc_;
  Agraph_t* g_;
};

void set_defaults(Agraph_t* g, const LayoutRequest& request) {
  set(g, "rankdir", "LR");  // entry points on the left, data stores on the right
  set(g, "nodesep", "0.25");
  set(g, "ranksep", "0.55");
  set(g, "splines", "spline");  // each edge its own curve around the boxes, never a shared bus
  set(g, "fontname", "Courier");
  set(g, "fontsize", number(request.caption_size));
  agattr(g, AGNODE, text("shape"), text("box"));
  agattr(g, AGNODE, text("fixedsize"), text("true"));
  agattr(g, AGNODE, text("label"), text(""));
}

std::vector<Agraph_t*> add_clusters(Agraph_t* g, const LayoutRequest& request) {
  std::vector<Agraph_t*> clusters;
  for (size_t i = 0; i < request.clusters.size(); ++i) {
    const std::string name = "cluster_" + std::to_string(i);
    Agraph_t* sub = agsubg(g, text(name.c_str()), 1);
    // The caption only reserves its room (Courier: Graphviz's metrics are 0.6 em a character,
    // as our monospace captions); it is drawn by the caller.
    set(sub, "label", request.clusters[i]);
    set(sub, "labeljust", "l");
    set(sub, "labelloc", "t");
    set(sub, "margin", "10");
    clusters.push_back(sub);
  }
  return clusters;
}

std::vector<Agnode_t*> add_boxes(Agraph_t* g, const std::vector<Agraph_t*>& clusters,
                                 const LayoutRequest& request) {
  std::vector<Agnode_t*> nodes;
  for (size_t i = 0; i < request.boxes.size(); ++i) {
    const LayoutBox& box = request.boxes[i];
    Agraph_t* owner = g;
    if (box.cluster && *box.cluster < clusters.size()) owner = clusters[*box.cluster];
    const std::string name = "n" + std::to_string(i);
    Agnode_t* n = agnode(owner, text(name.c_str()), 1);
    set(n, "width", number(box.width / kPointsPerInch));
    set(n, "height", number(box.height / kPointsPerInch));
    nodes.push_back(n);
  }
  return nodes;
}

// Graphviz's y grows upwards from the bounding box's lower-left corner; ours downwards.
struct Frame {
  boxf bb;
  LayoutPoint at(pointf p) const { return {p.x - bb.LL.x, bb.UR.y - p.y}; }
};

LayoutRect box_of(const Frame& frame, Agnode_t* n) {
  const double width = ND_width(n) * kPointsPerInch;
  const double height = ND_height(n) * kPointsPerInch;
  const LayoutPoint centre = frame.at(ND_coord(n));
  return {centre.x - width / 2, centre.y - height / 2, width, height};
}

// Straight from box to box when dot routed no spline (it reports why).
PlacedLink straight(const LayoutRect& a, const LayoutRect& b) {
  const LayoutPoint from{a.x + a.width, a.y + a.height / 2};
  const LayoutPoint to{b.x, b.y + b.height / 2};
  return {{from, from, to, to}, to};
}

PlacedLink link_of(const Frame& frame, Agedge_t* e, const LayoutRect& from, const LayoutRect& to) {
  const splines* spl = ED_spl(e);
  if (spl == nullptr || spl->size < 1 || spl->list[0].size < 4) return straight(from, to);
  const bezier& curve = spl->list[0];
  PlacedLink link;
  for (int i = 0; i < curve.size; ++i) link.spline.push_back(frame.at(curve.list[i]));
  link.tip = curve.eflag ? frame.at(curve.ep) : link.spline.back();
  return link;
}

PlacedCluster cluster_of(const Frame& frame, Agraph_t* sub, double caption_size) {
  const boxf bb = GD_bb(sub);
  const LayoutPoint top_left = frame.at(pointf{bb.LL.x, bb.UR.y});
  const LayoutRect box{top_left.x, top_left.y, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y};
  // Graphviz pads a caption by 8 points a side across and 4 above and below.
  return {box, {box.x + 8, box.y + 4 + caption_size}};
}

MapLayout read_back(Agraph_t* g, const std::vector<Agraph_t*>& clusters,
                    const std::vector<Agnode_t*>& nodes, const std::vector<Agedge_t*>& edges,
                    const LayoutRequest& request) {
  const Frame frame{GD_bb(g)};
  MapLayout out;
  out.width = frame.bb.UR.x - frame.bb.LL.x;
  out.height = frame.bb.UR.y - frame.bb.LL.y;
  for (Agnode_t* n : nodes) out.boxes.push_back(box_of(frame, n));
  for (size_t i = 0; i < edges.size(); ++i) {
    const LayoutLink& l = request.links[i];
    out.links.push_back(link_of(frame, edges[i], out.boxes[l.from], out.boxes[l.to]));
  }
  for (Agraph_t* sub : clusters)
    out.clusters.push_back(cluster_of(frame, sub, request.caption_size));
  return out;
}

Result<MapLayout> run_dot(GVC_t* gvc, const LayoutRequest& request) {
  const std::unique_ptr<Agraph_t, GraphDeleter> graph(agopen(text("map"), Agdirected, nullptr));
  Agraph_t* g = graph.get();
  set_defaults(g, request);
  const std::vector<Agraph_t*> clusters = add_clusters(g, request);
  const std::vector<Agnode_t*> nodes = add_boxes(g, clusters, request);
  std::vector<Agedge_t*> edges;
  edges.reserve(request.links.size());
  for (const LayoutLink& l : request.links)
    edges.push_back(agedge(g, nodes[l.from], nodes[l.to], nullptr, 1));
  if (gvLayout(gvc, g, "dot") != 0) return fail("Graphviz could not lay the map out");
  const LaidOutGraph laid_out(gvc, g);
  return read_back(g, clusters, nodes, edges, request);
}

// --- parts: what no link and no cluster joins is laid out apart, then packed in rows ---
// (dot's own `pack` with clusters reads freed memory in Graphviz 2.42: valgrind shows it.)

struct Part {
  LayoutRequest request;      // its boxes, links and clusters, numbered from 0
  std::vector<size_t> boxes;  // their numbers in the whole request
  std::vector<size_t> links;
  std::vector<size_t> clusters;
};

size_t root_of(std::vector<size_t>& parent, size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

// Boxes in the same cluster or linked are in the same part; parts in the order of their first
// box.
std::vector<Part> parts_of(const LayoutRequest& request) {
  const size_t n = request.boxes.size();
  std::vector<size_t> parent(n + request.clusters.size());
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  const auto join = [&](size_t a, size_t b) { parent[root_of(parent, a)] = root_of(parent, b); };
  for (size_t i = 0; i < n; ++i) {
    if (const std::optional<size_t>& c = request.boxes[i].cluster; c) join(i, n + *c);
  }
  for (const LayoutLink& l : request.links) join(l.from, l.to);
  std::vector<Part> parts;
  std::vector<size_t> part_of(parent.size(), SIZE_MAX);
  std::vector<size_t> local(n);
  std::vector<size_t> local_cluster(request.clusters.size(), SIZE_MAX);
  for (size_t i = 0; i < n; ++i) {
    size_t& at = part_of[root_of(parent, i)];
    if (at == SIZE_MAX) {
      at = parts.size();
      parts.emplace_back();
      parts.back().request.caption_size = request.caption_size;
    }
    Part& part = parts[at];
    LayoutBox box = request.boxes[i];
    if (box.cluster) {
      size_t& c = local_cluster[*box.cluster];
      if (c == SIZE_MAX) {
        c = part.clusters.size();
        part.clusters.push_back(*box.cluster);
        part.request.clusters.push_back(request.clusters[*box.cluster]);
      }
      box.cluster = c;
    }
    local[i] = part.boxes.size();
    part.boxes.push_back(i);
    part.request.boxes.push_back(box);
  }
  for (size_t k = 0; k < request.links.size(); ++k) {
    const LayoutLink& l = request.links[k];
    Part& part = parts[part_of[root_of(parent, l.from)]];
    part.links.push_back(k);
    part.request.links.push_back({local[l.from], local[l.to]});
  }
  return parts;
}

constexpr double kPartGap = 16;

LayoutPoint moved(LayoutPoint p, double dx, double dy) { return {p.x + dx, p.y + dy}; }

// Copies a part's layout into `out`, its top-left corner at (dx, dy).
void place(const Part& part, const MapLayout& laid, double dx, double dy, MapLayout& out) {
  for (size_t i = 0; i < part.boxes.size(); ++i) {
    LayoutRect box = laid.boxes[i];
    box.x += dx;
    box.y += dy;
    out.boxes[part.boxes[i]] = box;
  }
  for (size_t i = 0; i < part.links.size(); ++i) {
    PlacedLink link = laid.links[i];
    for (LayoutPoint& p : link.spline) p = moved(p, dx, dy);
    link.tip = moved(link.tip, dx, dy);
    out.links[part.links[i]] = std::move(link);
  }
  for (size_t i = 0; i < part.clusters.size(); ++i) {
    PlacedCluster c = laid.clusters[i];
    c.box.x += dx;
    c.box.y += dy;
    c.caption = moved(c.caption, dx, dy);
    out.clusters[part.clusters[i]] = c;
  }
}

// Rows of parts in their order, a row as wide as the widest part or 1.6 times the side of
// the square all parts would fill, whichever is more (a screen is wider than tall).
MapLayout packed(const LayoutRequest& request, const std::vector<Part>& parts,
                 const std::vector<MapLayout>& laid) {
  double area = 0;
  double widest = 0;
  for (const MapLayout& l : laid) {
    area += (l.width + kPartGap) * (l.height + kPartGap);
    widest = std::max(widest, l.width);
  }
  const double row_width = std::max(widest, 1.6 * std::sqrt(area));
  MapLayout out;
  out.boxes.resize(request.boxes.size());
  out.links.resize(request.links.size());
  out.clusters.resize(request.clusters.size());
  double x = 0;
  double y = 0;
  double row_height = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (x > 0 && x + laid[i].width > row_width) {
      x = 0;
      y += row_height + kPartGap;
      row_height = 0;
    }
    place(parts[i], laid[i], x, y, out);
    out.width = std::max(out.width, x + laid[i].width);
    out.height = std::max(out.height, y + laid[i].height);
    x += laid[i].width + kPartGap;
    row_height = std::max(row_height, laid[i].height);
  }
  return out;
}

Result<MapLayout> lay_out_parts(GVC_t* gvc, const LayoutRequest& request) {
  for (const LayoutLink& l : request.links) {
    if (l.from >= request.boxes.size() || l.to >= request.boxes.size())
      return fail("a link to no box");
  }
  for (const LayoutBox& b : request.boxes) {
    if (b.cluster && *b.cluster >= request.clusters.size()) return fail("a box in no cluster");
  }
  const std::vector<Part> parts = parts_of(request);
  std::vector<MapLayout> laid;
  for (const Part& part : parts) {
    Result<MapLayout> one = run_dot(gvc, part.request);
    if (!one.ok()) return one;
    laid.push_back(std::move(one).value());
  }
  return packed(request, parts, laid);
}

}  // namespace

Result<MapLayout> lay_out_map(const LayoutRequest& request) {
  if (request.boxes.empty()) return MapLayout{};
  const std::lock_guard<std::mutex> lock(graphviz_lock());
  std::string collected;
  messages = &collected;
  agusererrf previous = agseterrf(collect_message);
  static const lt_symlist_t builtins[] = {
      {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library}, {nullptr, nullptr}};
  Result<MapLayout> out = fail("Graphviz has no context");
  if (const std::unique_ptr<GVC_t, ContextDeleter> gvc(gvContextPlugins(builtins, 0)); gvc)
    out = lay_out_parts(gvc.get(), request);
  agseterrf(previous);
  messages = nullptr;
  if (!out.ok() && !collected.empty()) return fail(out.problem().message + ": " + collected);
  return out;
}

}  // namespace rightfit
