// Where the workload map's boxes and arrows go, computed by Graphviz's `dot` (libgvc with the
// dot layout plugin linked in, not loaded from its configuration). Geometry only: the caller
// sizes each box from what it will write inside, and draws the SVG itself from the result.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "parsers/result.h"

namespace rightfit {

// Sizes and coordinates are SVG user units (Graphviz points: 72 to the inch).
struct LayoutBox {
  double width = 0;
  double height = 0;
  std::optional<size_t> cluster;  // index into LayoutRequest::clusters
};

struct LayoutLink {
  size_t from = 0;  // indexes into LayoutRequest::boxes
  size_t to = 0;
};

struct LayoutRequest {
  std::vector<LayoutBox> boxes;
  std::vector<LayoutLink> links;
  std::vector<std::string> clusters;  // each cluster's caption, drawn above its boxes
  double caption_size = 11;           // font size of the captions (monospace, 0.6 em a char)
};

struct LayoutPoint {
  double x = 0;
  double y = 0;
};

// A rectangle by its top-left corner, y downwards.
struct LayoutRect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

struct PlacedLink {
  // A cubic Bézier spline: the start, then three points per segment. From the edge of one
  // box to `tip`, where the arrowhead ends on the other box.
  std::vector<LayoutPoint> spline;
  LayoutPoint tip;
};

struct PlacedCluster {
  LayoutRect box;
  LayoutPoint caption;  // the caption's baseline start
};

struct MapLayout {
  std::vector<LayoutRect> boxes;  // as requested, in order
  std::vector<PlacedLink> links;  // as requested, in order
  std::vector<PlacedCluster> clusters;
  double width = 0;
  double height = 0;
};

// Lays the boxes out left to right along the links (dot's ranks), each cluster's boxes
// together; boxes that no link or cluster joins are laid out apart and packed in rows. A
// problem when the request is inconsistent or Graphviz cannot (with its own message).
Result<MapLayout> lay_out_map(const LayoutRequest& request);

}  // namespace rightfit
