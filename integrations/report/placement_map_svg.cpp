// The workload map: every workload of the report with what invokes it (APIs, load balancers,
// event sources), the queues between fronts and workers and the data stores they use, laid
// out in five columns from entry points to data. Drawn as inline SVG (no script) with
// data-* attributes tests and readers can find: workloads are coloured by recommendation.
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "integrations/report/placement.h"

namespace rightfit {

namespace {

class MapBuilder {
 public:
  explicit MapBuilder(PlacementReport& report) : report_(report) {}

  size_t node(const std::string& key, const std::string& kind, const std::string& label, int column,
              std::optional<size_t> workload = std::nullopt) {
    auto [it, inserted] = index_.emplace(key, report_.nodes.size());
    if (inserted) report_.nodes.push_back(MapNode{key, kind, label, workload, column});
    return it->second;
  }
  void edge(size_t from, size_t to, const std::string& label) {
    if (edges_.insert({from, to}).second) report_.edges.push_back(MapEdge{from, to, label});
  }
  std::optional<size_t> find(const std::string& key) const {
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  PlacementReport& report_;
  std::map<std::string, size_t> index_;
  std::set<std::pair<size_t, size_t>> edges_;  // drawn once per pair, whatever the label
};

std::string scoped(const char* kind, const std::string& scope, const std::string& name) {
  return std::string(kind) + "|" + scope + "#" + name;
}

int workload_column(const WorkloadGraph& graph, const PlacedWorkload& w) {
  if (w.kind == "function") {
    const Function* fn = graph.function(w.id.scope, w.id.name);
    if (!fn) return 1;
    for (const Trigger* t : graph.triggers_of(*fn)) {
      if (t->kind == "SQS") return 3;
    }
    return 1;
  }
  for (const Service& s : graph.services) {
    if (s.id == w.id && !s.load_balancers && !queues_named_by(graph, s).empty()) return 3;
  }
  return 1;
}

std::string node_kind(const PlacedWorkload& w) {
  if (w.kind == "function") return "function";
  if (w.kind == "cronjob") return "job";
  return "service";
}

size_t queue_node(MapBuilder& map, const Queue& q) {
  return map.node(scoped("queue", q.id.scope, q.id.name), "queue", q.id.name, 2);
}

void link_function(const WorkloadGraph& graph, const Function& fn, size_t at, MapBuilder& map) {
  for (const ApiIntegration* api : graph.api_integrations_of(fn)) {
    map.edge(map.node(scoped("api", fn.id.scope, api->kind), "api",
                      "API Gateway (" + api->kind + ")", 0),
             at, "invokes");
  }
  for (const Trigger* t : graph.triggers_of(fn)) {
    const Queue* q = t->source ? graph.queue(t->scope, *t->source) : nullptr;
    if (q) {
      map.edge(queue_node(map, *q), at, t->kind);
      continue;
    }
    const std::string label = t->kind + (t->source ? " " + *t->source : "");
    map.edge(map.node(scoped("event", fn.id.scope, fn.id.name + "|" + label), "event", label, 0),
             at, "triggers");
  }
  for (const WorkloadGraph::DatabaseUse& use : graph.databases_used_by(fn)) {
    const Database& db = *use.database;
    map.edge(at, map.node(scoped("db", db.id.scope, db.id.name), "database", db.id.name, 4),
             "uses");
  }
}

void link_service(const WorkloadGraph& graph, const Service& s, size_t at, MapBuilder& map) {
  if (s.load_balancers) {
    map.edge(map.node(scoped("lb", s.id.scope, s.id.name), "load-balancer", "load balancer", 0), at,
             "routes");
  }
  for (const Queue* q : queues_named_by(graph, s)) {
    if (s.load_balancers) {
      map.edge(at, queue_node(map, *q), "sends");
    } else {
      map.edge(queue_node(map, *q), at, "drains");
    }
  }
}

void link_job(const ScheduledJob& job, size_t at, MapBuilder& map) {
  const std::string label =
      "schedule" + (job.schedule.value ? " " + *job.schedule.value : std::string());
  map.edge(map.node(scoped("event", job.id.scope, job.id.name), "event", label, 0), at, "runs");
}

void link_data(const WorkloadGraph& graph, MapBuilder& map) {
  for (const Queue& q : graph.queues) queue_node(map, q);
  for (const Database& db : graph.databases)
    map.node(scoped("db", db.id.scope, db.id.name), "database", db.id.name, 4);
  for (const DatabaseProxy& proxy : graph.database_proxies) {
    const size_t at =
        map.node(scoped("proxy", proxy.id.scope, proxy.id.name), "proxy", proxy.id.name, 4);
    for (const std::string& target : proxy.targets) {
      if (std::optional<size_t> db = map.find(scoped("db", proxy.id.scope, target)))
        map.edge(at, *db, "fronts");
    }
  }
}

}  // namespace

void build_workload_map(const WorkloadGraph& graph, PlacementReport& report) {
  MapBuilder map(report);
  std::vector<size_t> at;
  for (size_t i = 0; i < report.workloads.size(); ++i) {
    const PlacedWorkload& w = report.workloads[i];
    at.push_back(
        map.node(workload_key(w.id), node_kind(w), w.id.name, workload_column(graph, w), i));
  }
  for (size_t i = 0; i < report.workloads.size(); ++i) {
    const PlacedWorkload& w = report.workloads[i];
    if (const Function* fn = graph.function(w.id.scope, w.id.name); fn && w.kind == "function") {
      link_function(graph, *fn, at[i], map);
      continue;
    }
    for (const Service& s : graph.services) {
      if (s.id == w.id) link_service(graph, s, at[i], map);
    }
    for (const ScheduledJob& job : graph.scheduled_jobs) {
      if (job.id == w.id) link_job(job, at[i], map);
    }
  }
  link_data(graph, map);
}

// --- drawing ---

namespace {

constexpr double kColumnWidth = 210;
constexpr double kNodeWidth = 180;
constexpr double kNodeHeight = 44;
constexpr double kRowHeight = 60;
constexpr double kTop = 44;
constexpr double kMargin = 16;
constexpr int kColumns = 5;
constexpr size_t kLabelChars = 24;
constexpr const char* kColumnTitles[kColumns] = {"entry points", "fronts", "queues", "workers",
                                                 "data stores"};

struct Box {
  double x = 0;
  double y = 0;
};

std::string num(double v) { return svg_number(v); }

struct NodeStyle {
  const char* fill;
  const char* stroke;
};

NodeStyle recommendation_style(Recommendation r) {
  switch (r) {
    case Recommendation::Stay:
      return {"#ecfdf5", "#047857"};
    case Recommendation::MoveToFargate:
      return {"#dbeafe", "#1d4ed8"};
    case Recommendation::MoveToLambda:
      return {"#ffedd5", "#c2410c"};
    case Recommendation::Split:
      return {"#ede9fe", "#7c3aed"};
  }
  return {"#ffffff", "#6b7280"};
}

NodeStyle style_of(const PlacementReport& report, const MapNode& n) {
  if (n.workload) return recommendation_style(report.workloads[*n.workload].recommendation);
  if (n.kind == "database" || n.kind == "proxy") return {"#f3f4f6", "#4b5563"};
  if (n.kind == "queue") return {"#fefce8", "#a16207"};
  return {"#ffffff", "#9ca3af"};
}

// A label longer than kLabelChars bytes ends in an ellipsis, cut on a UTF-8 character
// boundary (names may hold any text).
std::string shortened(const std::string& text) {
  if (text.size() <= kLabelChars) return text;
  size_t cut = kLabelChars - 1;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\u2026";
}

std::vector<Box> layout(const PlacementReport& report, size_t* rows) {
  std::vector<Box> boxes;
  int used[kColumns] = {0, 0, 0, 0, 0};
  for (const MapNode& n : report.nodes) {
    const int column = std::clamp(n.column, 0, kColumns - 1);
    boxes.push_back(Box{kMargin + column * kColumnWidth, kTop + used[column] * kRowHeight});
    ++used[column];
  }
  *rows = static_cast<size_t>(*std::max_element(std::begin(used), std::end(used)));
  return boxes;
}

std::string draw_edge(const MapEdge& e, const std::vector<Box>& boxes) {
  const Box& a = boxes[e.from];
  const Box& b = boxes[e.to];
  const double ay = a.y + kNodeHeight / 2;
  const double by = b.y + kNodeHeight / 2;
  std::string d;
  if (b.x > a.x + kColumnWidth) {
    // Past the columns between: along the gap below the lower row, so it never seems to
    // pass through the nodes it skips.
    const double x1 = a.x + kNodeWidth;
    const double gap = std::max(a.y, b.y) + kNodeHeight + (kRowHeight - kNodeHeight) / 2;
    d = "M" + num(x1) + "," + num(ay) + " C" + num(x1 + 15) + "," + num(ay) + " " + num(x1 + 15) +
        "," + num(gap) + " " + num(x1 + 30) + "," + num(gap) + " L" + num(b.x - 30) + "," +
        num(gap) + " C" + num(b.x - 15) + "," + num(gap) + " " + num(b.x - 15) + "," + num(by) +
        " " + num(b.x - 2) + "," + num(by);
  } else if (b.x > a.x) {
    const double x1 = a.x + kNodeWidth;
    const double mid = (x1 + b.x) / 2;
    d = "M" + num(x1) + "," + num(ay) + " C" + num(mid) + "," + num(ay) + " " + num(mid) + "," +
        num(by) + " " + num(b.x - 2) + "," + num(by);
  } else {
    // Same or an earlier column: around the right side.
    const double x = std::max(a.x, b.x) + kNodeWidth;
    d = "M" + num(a.x + kNodeWidth) + "," + num(ay) + " C" + num(x + 24) + "," + num(ay) + " " +
        num(x + 24) + "," + num(by) + " " + num(b.x + kNodeWidth + 2) + "," + num(by);
  }
  return "<path class=\"map-edge\" data-label=\"" + escape_markup(e.label) + "\" d=\"" + d +
         "\" fill=\"none\" stroke=\"#6b7280\" stroke-width=\"1.5\" "
         "marker-end=\"url(#rf-map-arrow)\"><title>" +
         escape_markup(e.label) + "</title></path>";
}

std::string draw_node(const PlacementReport& report, const MapNode& n, const Box& box) {
  const NodeStyle style = style_of(report, n);
  std::string attributes = "class=\"map-node\" data-kind=\"" + escape_markup(n.kind) + "\"";
  std::string detail = n.kind;
  std::string title = n.label + " (" + n.kind + ")";
  if (n.workload) {
    const PlacedWorkload& w = report.workloads[*n.workload];
    attributes += " data-workload=\"" + escape_markup(workload_key(w.id)) +
                  "\" data-recommendation=\"" + recommendation_name(w.recommendation) + "\"";
    detail = w.platform + ": " + recommendation_name(w.recommendation);
    title = w.id.name + " on " + w.platform + ": " + recommendation_name(w.recommendation) + " (" +
            confidence_name(w.confidence) + " confidence)";
  }
  const bool dashed = n.kind == "event" || n.kind == "load-balancer" || n.kind == "api";
  return "<g " + attributes + "><title>" + escape_markup(title) + "</title><rect x=\"" +
         num(box.x) + "\" y=\"" + num(box.y) + "\" width=\"" + num(kNodeWidth) + "\" height=\"" +
         num(kNodeHeight) + "\" rx=\"" + (n.workload ? "8" : "3") + "\" fill=\"" + style.fill +
         "\" stroke=\"" + style.stroke + "\" stroke-width=\"" + (n.workload ? "2" : "1.2") + "\"" +
         (dashed ? " stroke-dasharray=\"4 3\"" : "") + "/><text x=\"" + num(box.x + 8) + "\" y=\"" +
         num(box.y + 18) + "\" font-size=\"13\" font-weight=\"600\">" +
         escape_markup(shortened(n.label)) + "</text><text x=\"" + num(box.x + 8) + "\" y=\"" +
         num(box.y + 35) + "\" font-size=\"11\" fill=\"#4b5563\">" +
         escape_markup(shortened(detail)) + "</text></g>";
}

std::string legend(double y) {
  std::string out = "<g class=\"map-legend\">";
  double x = kMargin;
  for (Recommendation r : {Recommendation::Stay, Recommendation::MoveToFargate,
                           Recommendation::MoveToLambda, Recommendation::Split}) {
    const NodeStyle style = recommendation_style(r);
    out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) +
           "\" width=\"14\" height=\"14\" rx=\"3\" "
           "fill=\"" +
           style.fill + "\" stroke=\"" + style.stroke + "\" stroke-width=\"2\"/>" + "<text x=\"" +
           num(x + 20) + "\" y=\"" + num(y + 12) + "\" font-size=\"12\">" + recommendation_name(r) +
           "</text>";
    x += 150;
  }
  return out + "</g>";
}

}  // namespace

std::string placement_map_svg(const PlacementReport& report) {
  size_t rows = 0;
  const std::vector<Box> boxes = layout(report, &rows);
  const double width = 2 * kMargin + (kColumns - 1) * kColumnWidth + kNodeWidth + 40;
  const double legend_y = kTop + static_cast<double>(std::max<size_t>(rows, 1)) * kRowHeight + 8;
  const double height = legend_y + 32;
  std::string out =
      "<svg class=\"workload-map\" xmlns=\"http://www.w3.org/2000/svg\" "
      "role=\"img\" viewBox=\"0 0 " +
      num(width) + " " + num(height) + "\" width=\"" + num(width) + "\" height=\"" + num(height) +
      "\" font-family=\"system-ui, sans-serif\"><title>Workload map</title>"
      "<defs><marker id=\"rf-map-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" "
      "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path "
      "d=\"M0,0 L10,5 L0,10 z\" fill=\"#6b7280\"/></marker></defs>"
      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";
  for (int c = 0; c < kColumns; ++c) {
    out += "<text x=\"" + num(kMargin + c * kColumnWidth) +
           "\" y=\"24\" font-size=\"12\" fill=\"#6b7280\">" + kColumnTitles[c] + "</text>";
  }
  for (const MapEdge& e : report.edges) out += draw_edge(e, boxes);
  for (size_t i = 0; i < report.nodes.size(); ++i)
    out += draw_node(report, report.nodes[i], boxes[i]);
  out += legend(legend_y);
  return out + "</svg>";
}

}  // namespace rightfit
