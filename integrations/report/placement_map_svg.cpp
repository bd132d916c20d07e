// The workload map: every workload of the report with what invokes it (APIs, load balancers,
// event sources), the queues between fronts and workers and the data stores they use. Laid
// out by Graphviz's dot (map_layout.cpp) from left (entry points) to right (data), each file's
// nodes in a box of their own, and drawn here as inline SVG (no script) with data-*
// attributes tests and readers can find: workloads are coloured by recommendation. Names are
// whole (Terraform's module path included), wrapped in their box; past kMapNodeLimit nodes
// the map is one node per file, which keeps the page readable and dot's time bounded.
#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "integrations/report/map_layout.h"
#include "integrations/report/placement.h"

namespace rightfit {

namespace {

class MapBuilder {
 public:
  explicit MapBuilder(PlacementReport& report) : report_(report) {}

  size_t node(const std::string& scope, const std::string& key, const std::string& kind,
              const std::string& label, int column, std::optional<size_t> workload = std::nullopt) {
    auto [it, inserted] = index_.emplace(key, report_.nodes.size());
    if (inserted) report_.nodes.push_back(MapNode{key, kind, label, workload, column, scope});
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
  if (w.kind == "cronjob" || w.kind == "scheduled-task") return "job";
  return "service";
}

size_t queue_node(MapBuilder& map, const Queue& q) {
  return map.node(q.id.scope, scoped("queue", q.id.scope, q.id.name), "queue", q.id.name, 2);
}

void link_function(const WorkloadGraph& graph, const Function& fn, size_t at, MapBuilder& map) {
  for (const ApiIntegration* api : graph.api_integrations_of(fn)) {
    map.edge(map.node(fn.id.scope, scoped("api", fn.id.scope, api->kind), "api",
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
    map.edge(map.node(fn.id.scope, scoped("event", fn.id.scope, fn.id.name + "|" + label), "event",
                      label, 0),
             at, "triggers");
  }
  for (const WorkloadGraph::DatabaseUse& use : graph.databases_used_by(fn)) {
    const Database& db = *use.database;
    map.edge(
        at, map.node(db.id.scope, scoped("db", db.id.scope, db.id.name), "database", db.id.name, 4),
        "uses");
  }
}

void link_service(const WorkloadGraph& graph, const Service& s, size_t at, MapBuilder& map) {
  if (s.load_balancers) {
    map.edge(map.node(s.id.scope, scoped("lb", s.id.scope, s.id.name), "load-balancer",
                      "load balancer", 0),
             at, "routes");
  }
  for (const Queue* q : queues_named_by(graph, s)) {
    if (s.load_balancers) {
      map.edge(at, queue_node(map, *q), "sends");
    } else {
      map.edge(queue_node(map, *q), at, "drains");
    }
  }
}

std::string schedule_label(const Property<std::string>& schedule) {
  return "schedule" + (schedule.value ? " " + *schedule.value : std::string());
}

// A CronJob or an ECS task a rule starts: the schedule (or event pattern) that runs it.
void link_schedule(const EntityId& id, const std::string& label, size_t at, MapBuilder& map) {
  map.edge(map.node(id.scope, scoped("event", id.scope, id.name), "event", label, 0), at, "runs");
}

void link_data(const WorkloadGraph& graph, MapBuilder& map) {
  for (const Queue& q : graph.queues) queue_node(map, q);
  for (const Database& db : graph.databases)
    map.node(db.id.scope, scoped("db", db.id.scope, db.id.name), "database", db.id.name, 4);
  for (const DatabaseProxy& proxy : graph.database_proxies) {
    const size_t at = map.node(proxy.id.scope, scoped("proxy", proxy.id.scope, proxy.id.name),
                               "proxy", proxy.id.name, 4);
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
    at.push_back(map.node(w.id.scope, workload_key(w.id), node_kind(w), w.id.name,
                          workload_column(graph, w), i));
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
      if (job.id == w.id) link_schedule(job.id, schedule_label(job.schedule), at[i], map);
    }
    for (const ScheduledTask& task : graph.scheduled_tasks) {
      if (task.id == w.id)
        link_schedule(task.id, task.on_events() ? "event pattern" : schedule_label(task.schedule),
                      at[i], map);
    }
  }
  link_data(graph, map);
}

// --- drawing ---

namespace {

// Text is monospace, so a label's width follows from its characters without font metrics:
// 0.6 em a column (DejaVu Sans Mono, Menlo, Consolas: 0.60-0.61), wide characters two.
constexpr double kColumnEm = 0.61;
constexpr double kNameSize = 12;
constexpr double kDetailSize = 11;
constexpr double kCaptionSize = 11;
constexpr size_t kNameColumns = 30;  // a name wraps past this, after a '.', '/', '_' or '-'
constexpr size_t kNameLines = 3;     // and is elided past this many lines (whole in <title>)
constexpr size_t kDetailColumns = 34;
constexpr size_t kCaptionColumns = 64;
constexpr double kPadX = 10;
constexpr double kPadY = 8;
constexpr double kLineHeight = 15;
constexpr double kDetailHeight = 14;
constexpr double kMinWidth = 96;
constexpr double kMargin = 16;
constexpr double kNoteHeight = 26;
constexpr double kLegendHeight = 34;
constexpr const char* kFont = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

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
    case Recommendation::MoveToLambdaManagedInstances:
      return {"#fef3c7", "#b45309"};
    case Recommendation::UseStepFunctions:
      return {"#fce7f3", "#be185d"};
  }
  return {"#ffffff", "#6b7280"};
}

NodeStyle style_of(const PlacementReport& report, const MapNode& n) {
  if (n.workload) return recommendation_style(report.workloads[*n.workload].recommendation);
  if (n.kind == "database" || n.kind == "proxy") return {"#f3f4f6", "#4b5563"};
  if (n.kind == "queue") return {"#fefce8", "#a16207"};
  return {"#ffffff", "#9ca3af"};
}

// --- text measured in columns ---

size_t next_char(std::string_view text, size_t at) {
  ++at;
  while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  return at;
}

// Two columns from U+1100 on (Hangul, CJK, emoji: the wide ones start there); one before.
size_t columns_at(std::string_view text, size_t at) {
  return static_cast<unsigned char>(text[at]) >= 0xE1 ? 2 : 1;
}

size_t columns(std::string_view text) {
  size_t n = 0;
  for (size_t at = 0; at < text.size(); at = next_char(text, at)) n += columns_at(text, at);
  return n;
}

// Where a name may wrap: after a '.', '/' or ' ' (between a module path's parts), or, when
// none is in the second half of the line, after a '_' or '-'.
bool strong_break(char c) { return c == '.' || c == '/' || c == ' '; }
bool weak_break(char c) { return c == '_' || c == '-'; }

// The end of the longest run from `start` within `limit` columns; `*soft` the end of the
// longest one that ends after a break character (`start` when none does).
size_t fit(std::string_view text, size_t start, size_t limit, size_t* soft) {
  size_t at = start;
  size_t used = 0;
  size_t strong = start;
  size_t weak = start;
  while (at < text.size() && used + columns_at(text, at) <= limit) {
    used += columns_at(text, at);
    const char c = text[at];
    at = next_char(text, at);
    if (strong_break(c)) strong = at;
    if (weak_break(c)) weak = at;
  }
  *soft = (strong - start) * 2 >= at - start ? strong : std::max(strong, weak);
  return at;
}

// `text` in lines of at most `width` columns, cut after a break character where one fits and
// on a character boundary always; past `max_lines`, the last line ends in an ellipsis.
std::vector<std::string> wrapped(std::string_view text, size_t width, size_t max_lines) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t soft = 0;
    size_t end = fit(text, start, width, &soft);
    if (end < text.size() && lines.size() + 1 == max_lines) {
      end = fit(text, start, width - 1, &soft);
      lines.push_back(std::string(text.substr(start, end - start)) + "\u2026");
      break;
    }
    if (end < text.size() && soft > start) end = soft;
    lines.emplace_back(text.substr(start, end - start));
    start = end;
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

// A path longer than `limit` columns keeps its end (the file name): "…/api/template.yaml".
std::string path_end(const std::string& path, size_t limit) {
  if (columns(path) <= limit) return path;
  size_t start = 0;
  while (columns(std::string_view(path).substr(start)) > limit - 1) start = next_char(path, start);
  return "\u2026" + path.substr(start);
}

std::string caption_of(const std::string& scope) { return path_end(scope, kCaptionColumns); }

// The directory every path is in ("" when they share none), with its final '/'.
std::string common_directory(const std::vector<std::string>& paths) {
  if (paths.size() < 2) return "";
  std::string prefix = paths.front();
  for (const std::string& p : paths) {
    size_t n = 0;
    while (n < prefix.size() && n < p.size() && prefix[n] == p[n]) ++n;
    prefix.resize(n);
  }
  const size_t slash = prefix.rfind('/');
  return slash == std::string::npos ? "" : prefix.substr(0, slash + 1);
}

// --- what is drawn: nodes with their text, links between them, files around them ---

struct DrawnNode {
  std::vector<std::string> name;  // its lines
  std::string detail;
  std::string title;       // the whole text, shown on hover
  std::string attributes;  // kind, workload, recommendation, counts
  NodeStyle style;
  bool workload = false;
  bool dashed = false;
  std::optional<size_t> cluster;

  double width() const {
    size_t name_columns = 0;
    for (const std::string& line : name) name_columns = std::max(name_columns, columns(line));
    const auto across = [](size_t n, double size) {
      return static_cast<double>(n) * kColumnEm * size + 2 * kPadX;
    };
    return std::max(
        {kMinWidth, across(name_columns, kNameSize), across(columns(detail), kDetailSize)});
  }
  double height() const {
    return 2 * kPadY + static_cast<double>(name.size()) * kLineHeight + kDetailHeight;
  }
};

struct DrawnMap {
  std::vector<DrawnNode> nodes;
  std::vector<MapEdge> edges;
  std::vector<std::string> clusters;  // their captions
  std::string note;                   // above the map, when it is collapsed
};

DrawnNode drawn_node(const PlacementReport& report, const MapNode& n) {
  DrawnNode out;
  out.name = wrapped(n.label, kNameColumns, kNameLines);
  out.style = style_of(report, n);
  out.attributes = "data-kind=\"" + escape_markup(n.kind) + "\"";
  out.detail = n.kind;
  out.title = n.label + " (" + n.kind + ")";
  if (n.workload) {
    const PlacedWorkload& w = report.workloads[*n.workload];
    out.workload = true;
    out.attributes += " data-workload=\"" + escape_markup(workload_key(w.id)) +
                      "\" data-recommendation=\"" + recommendation_name(w.recommendation) + "\"";
    out.detail = w.platform + ": " + recommendation_name(w.recommendation);
    out.title = w.id.name + " on " + w.platform + ": " + recommendation_name(w.recommendation) +
                " (" + confidence_name(w.confidence) + " confidence)";
  }
  out.detail = wrapped(out.detail, kDetailColumns, 1).front();
  out.dashed = n.kind == "event" || n.kind == "load-balancer" || n.kind == "api";
  return out;
}

// Every node, in a cluster per file.
DrawnMap full_map(const PlacementReport& report) {
  DrawnMap map;
  std::map<std::string, size_t> cluster_of;
  std::vector<std::string> scopes;
  for (const MapNode& n : report.nodes) {
    DrawnNode node = drawn_node(report, n);
    if (!n.scope.empty()) {
      auto [it, added] = cluster_of.emplace(n.scope, scopes.size());
      if (added) scopes.push_back(n.scope);
      node.cluster = it->second;
    }
    map.nodes.push_back(std::move(node));
  }
  // Captions below the directory all the files share, named once above the map.
  const std::string directory = common_directory(scopes);
  for (const std::string& scope : scopes)
    map.clusters.push_back(caption_of(scope.substr(directory.size())));
  if (!directory.empty()) map.note = "Files in " + directory;
  map.edges = report.edges;
  return map;
}

struct FileCounts {
  size_t workloads = 0;
  size_t others = 0;
  std::map<Recommendation, size_t> recommended;
};

// A file's node shows its path below `directory`, its end when too long.
DrawnNode file_node(const std::string& scope, const std::string& directory,
                    const FileCounts& counts) {
  DrawnNode out;
  const std::string shown = scope.empty() ? "(no file)" : scope.substr(directory.size());
  out.name = wrapped(path_end(shown, kNameColumns * kNameLines - 1), kNameColumns, kNameLines);
  out.style = {"#f8fafc", "#475569"};
  out.attributes = "data-kind=\"file\" data-file=\"" + escape_markup(scope) +
                   "\" data-workloads=\"" + std::to_string(counts.workloads) + "\"";
  out.detail =
      std::to_string(counts.workloads) + " workloads, " + std::to_string(counts.others) + " other";
  out.title = scope + ": " + out.detail;
  for (const auto& [r, n] : counts.recommended)
    out.title += "; " + std::to_string(n) + " " + recommendation_name(r);
  return out;
}

// One node per file, with its counts; one link per pair of files that any node links.
DrawnMap collapsed_map(const PlacementReport& report) {
  std::map<std::string, size_t> index;
  std::vector<std::pair<std::string, FileCounts>> files;
  std::vector<size_t> file_of;
  for (const MapNode& n : report.nodes) {
    auto [it, added] = index.emplace(n.scope, files.size());
    if (added) files.emplace_back(n.scope, FileCounts{});
    FileCounts& counts = files[it->second].second;
    if (n.workload) {
      ++counts.workloads;
      ++counts.recommended[report.workloads[*n.workload].recommendation];
    } else {
      ++counts.others;
    }
    file_of.push_back(it->second);
  }
  std::vector<std::string> scopes;
  scopes.reserve(files.size());
  for (const auto& file : files) scopes.push_back(file.first);
  const std::string directory = common_directory(scopes);
  DrawnMap map;
  for (const auto& [scope, counts] : files)
    map.nodes.push_back(file_node(scope, directory, counts));
  std::map<std::pair<size_t, size_t>, size_t> links;
  for (const MapEdge& e : report.edges) {
    if (file_of[e.from] != file_of[e.to]) ++links[{file_of[e.from], file_of[e.to]}];
  }
  for (const auto& [ends, n] : links)
    map.edges.push_back(MapEdge{ends.first, ends.second, std::to_string(n) + " links"});
  map.note = std::to_string(report.nodes.size()) + " nodes, more than the " +
             std::to_string(kMapNodeLimit) + " drawn one by one: one box per file (" +
             std::to_string(files.size()) + " files" +
             (directory.empty() ? "" : " in " + directory) + "); the table lists every workload.";
  return map;
}

// --- SVG ---

std::string draw_cluster(const PlacedCluster& c, const std::string& caption, double dx, double dy) {
  return "<g class=\"map-cluster\"><rect x=\"" + num(c.box.x + dx) + "\" y=\"" + num(c.box.y + dy) +
         "\" width=\"" + num(c.box.width) + "\" height=\"" + num(c.box.height) +
         "\" rx=\"6\" fill=\"#f9fafb\" stroke=\"#d1d5db\"/><text x=\"" + num(c.caption.x + dx) +
         "\" y=\"" + num(c.caption.y + dy) + "\" font-size=\"" + num(kCaptionSize) +
         "\" fill=\"#4b5563\">" + escape_markup(caption) + "</text></g>";
}

std::string draw_edge(const MapEdge& e, const PlacedLink& link, double dx, double dy) {
  std::string d;
  for (size_t i = 0; i < link.spline.size(); ++i) {
    d += i == 0 ? "M" : (i % 3 == 1 ? " C" : " ");
    d += num(link.spline[i].x + dx) + "," + num(link.spline[i].y + dy);
  }
  d += " L" + num(link.tip.x + dx) + "," + num(link.tip.y + dy);
  return "<path class=\"map-edge\" data-from=\"" + std::to_string(e.from) + "\" data-to=\"" +
         std::to_string(e.to) + "\" data-label=\"" + escape_markup(e.label) + "\" d=\"" + d +
         "\" fill=\"none\" stroke=\"#6b7280\" stroke-width=\"1.3\" "
         "marker-end=\"url(#rf-map-arrow)\"><title>" +
         escape_markup(e.label) + "</title></path>";
}

std::string draw_node(const DrawnNode& n, size_t index, const LayoutRect& box) {
  std::string out = "<g class=\"map-node\" data-node=\"" + std::to_string(index) + "\" " +
                    n.attributes + "><title>" + escape_markup(n.title) + "</title><rect x=\"" +
                    num(box.x) + "\" y=\"" + num(box.y) + "\" width=\"" + num(box.width) +
                    "\" height=\"" + num(box.height) + "\" rx=\"" + (n.workload ? "8" : "3") +
                    "\" fill=\"" + n.style.fill + "\" stroke=\"" + n.style.stroke +
                    "\" stroke-width=\"" + (n.workload ? "2" : "1.2") + "\"" +
                    (n.dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>";
  const double x = box.x + kPadX;
  double baseline = box.y + kPadY + kNameSize;
  for (const std::string& line : n.name) {
    out += "<text x=\"" + num(x) + "\" y=\"" + num(baseline) + "\" font-size=\"" + num(kNameSize) +
           "\" font-weight=\"600\">" + escape_markup(line) + "</text>";
    baseline += kLineHeight;
  }
  baseline += kDetailSize - kNameSize;
  return out + "<text x=\"" + num(x) + "\" y=\"" + num(baseline) + "\" font-size=\"" +
         num(kDetailSize) + "\" fill=\"#4b5563\">" + escape_markup(n.detail) + "</text></g>";
}

std::string legend(double y) {
  std::string out = "<g class=\"map-legend\">";
  double x = kMargin;
  for (Recommendation r : {Recommendation::Stay, Recommendation::MoveToFargate,
                           Recommendation::MoveToLambda, Recommendation::Split}) {
    const NodeStyle style = recommendation_style(r);
    out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) +
           "\" width=\"14\" height=\"14\" rx=\"3\" fill=\"" + style.fill + "\" stroke=\"" +
           style.stroke + "\" stroke-width=\"2\"/><text x=\"" + num(x + 20) + "\" y=\"" +
           num(y + 12) + "\" font-size=\"12\">" + recommendation_name(r) + "</text>";
    x += 160;
  }
  return out + "</g>";
}

LayoutRequest request_of(const DrawnMap& map) {
  LayoutRequest request;
  request.caption_size = kCaptionSize;
  request.clusters = map.clusters;
  for (const DrawnNode& n : map.nodes) request.boxes.push_back({n.width(), n.height(), n.cluster});
  for (const MapEdge& e : map.edges) request.links.push_back({e.from, e.to});
  return request;
}

std::string svg_open(double width, double height, bool collapsed) {
  return "<svg class=\"workload-map\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"" +
         std::string(collapsed ? " data-collapsed=\"by-file\"" : "") + " viewBox=\"0 0 " +
         num(width) + " " + num(height) + "\" width=\"" + num(width) + "\" height=\"" +
         num(height) + "\" font-family=\"" + kFont +
         "\"><title>Workload map</title>"
         "<defs><marker id=\"rf-map-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" "
         "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path "
         "d=\"M0,0 L10,5 L0,10 z\" fill=\"#6b7280\"/></marker></defs>"
         "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";
}

std::string note(double y, const std::string& text) {
  return "<text class=\"map-note\" x=\"" + num(kMargin) + "\" y=\"" + num(y) +
         "\" font-size=\"12\" fill=\"#4b5563\">" + escape_markup(text) + "</text>";
}

}  // namespace

std::string placement_map_svg(const PlacementReport& report) {
  const bool collapsed = report.nodes.size() > kMapNodeLimit;
  const DrawnMap map = collapsed ? collapsed_map(report) : full_map(report);
  Result<MapLayout> layout = lay_out_map(request_of(map));
  std::string message = map.note;
  if (!layout.ok()) message = "The map could not be laid out: " + layout.problem().message;
  const MapLayout placed = layout.ok() ? std::move(layout).value() : MapLayout{};
  const double top = kMargin + (message.empty() ? 0 : kNoteHeight);
  const double width = std::max(placed.width, 4 * 160.0) + 2 * kMargin;
  const double height = top + placed.height + kMargin + kLegendHeight;
  std::string out = svg_open(width, height, collapsed);
  if (!message.empty()) out += note(kMargin + 12, message);
  for (size_t i = 0; i < placed.clusters.size(); ++i)
    out += draw_cluster(placed.clusters[i], map.clusters[i], kMargin, top);
  for (size_t i = 0; i < placed.links.size(); ++i)
    out += draw_edge(map.edges[i], placed.links[i], kMargin, top);
  for (size_t i = 0; i < placed.boxes.size(); ++i) {
    LayoutRect box = placed.boxes[i];
    box.x += kMargin;
    box.y += top;
    out += draw_node(map.nodes[i], i, box);
  }
  out += legend(top + placed.height + kMargin);
  return out + "</svg>";
}

}  // namespace rightfit
