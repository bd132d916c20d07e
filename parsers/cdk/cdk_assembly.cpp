#include "parsers/cdk/cdk_assembly.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <system_error>

#include "parsers/document/document.h"

namespace rightfit::cdk {

namespace {

namespace fs = std::filesystem;
using doc::Entry;
using doc::Node;

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

std::optional<uint32_t> to_number(std::string_view text) {
  uint32_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n == 0) return std::nullopt;
  return n;
}

const std::string* scalar(const Node* node) {
  return node && node->is_scalar() ? &node->text : nullptr;
}

// Frames of one metadata entry: its `trace` (older CDK records one on every entry) or, for
// `aws:cdk:creationStack`, its data.
std::vector<SourceRange> frames_of(const Node& entry) {
  std::vector<SourceRange> frames;
  const std::string* type = scalar(entry.find("type"));
  const Node* trace = entry.find("trace");
  if (type && *type == "aws:cdk:creationStack") trace = entry.find("data");
  if (!trace || !trace->is_sequence()) return frames;
  for (const Node& frame : trace->items) {
    if (!frame.is_scalar()) continue;
    if (std::optional<SourceRange> at = parse_trace_frame(frame.text)) frames.push_back(*at);
  }
  return frames;
}

// `/Stack/Construct/Resource: [{type, data, trace?}, ...]` -> a trace, when the entries say
// anything about where the construct was made.
void read_construct(const std::string& path, const Entry& e, std::vector<ConstructTrace>& out) {
  if (!e.value.is_sequence() || e.key.text.empty() || e.key.text[0] != '/') return;
  ConstructTrace trace;
  trace.assembly = fs::path(path).parent_path().generic_string();
  trace.construct = e.key.text.substr(1);
  trace.declared = SourceRange{path, e.key.span};
  for (const Node& entry : e.value.items) {
    const std::string* type = scalar(entry.find("type"));
    if (type && *type == "aws:cdk:logicalId") {
      if (const std::string* id = scalar(entry.find("data"))) trace.logical_id = *id;
    }
    if (type && type->starts_with("aws:cdk:is-custom-resource-handler")) {
      trace.library_handler = true;
    }
    if (trace.frames.empty()) trace.frames = frames_of(entry);
  }
  if (!trace.logical_id.empty() || !trace.frames.empty() || trace.library_handler) {
    out.push_back(std::move(trace));
  }
}

// `dockerImages: {<id>: {source: {directory, dockerFile?}}}`, paths relative to the assembly.
void read_image_assets(const std::string& path, const Node& root, FileFacts& facts) {
  const Node* images = root.find("dockerImages");
  if (!images || !images->is_mapping()) return;
  const fs::path assembly = fs::path(path).parent_path();
  for (const Entry& e : images->entries) {
    const Node* source = e.value.find("source");
    const std::string* directory = scalar(source ? source->find("directory") : nullptr);
    if (!directory) continue;  // an image built by a command (`executable`): nothing to read
    const std::string* file = scalar(source->find("dockerFile"));
    const fs::path dockerfile = assembly / *directory / (file ? *file : "Dockerfile");
    facts.image_assets.push_back({assembly.generic_string(), e.key.text,
                                  dockerfile.lexically_normal().generic_string(),
                                  SourceRange{path, e.key.span}});
  }
}

void read_metadata_map(const std::string& path, const Node& map, FileFacts& facts) {
  if (!map.is_mapping()) return;
  for (const Entry& e : map.entries) read_construct(path, e, facts.construct_traces);
}

}  // namespace

// A manifest.json alone is no evidence (web app manifests share the name): an assembly also
// holds the `cdk.out` version marker, or at least its tree.json.
bool is_cloud_assembly(const std::string& directory) {
  const fs::path dir(directory);
  std::error_code ec;
  if (!fs::is_regular_file(dir / "manifest.json", ec)) return false;
  return fs::is_regular_file(dir / "cdk.out", ec) || fs::is_regular_file(dir / "tree.json", ec);
}

std::string assembly_directory(std::string_view cdk_json_text) {
  doc::LoadResult loaded = doc::load_json(cdk_json_text);
  const Node* output = loaded.ok() ? loaded->find("output") : nullptr;
  if (output && output->is_scalar() && !output->text.empty()) return output->text;
  return "cdk.out";
}

bool in_cloud_assembly(const std::string& path) {
  return is_cloud_assembly(fs::path(path).parent_path().string());
}

bool is_assembly_metadata(const std::string& path) {
  const std::string name = file_name(path);
  return (name == "manifest.json" || name.ends_with(".metadata.json") ||
          name.ends_with(".assets.json")) &&
         in_cloud_assembly(path);
}

bool is_assembly_bookkeeping(const std::string& path) {
  static constexpr std::array<std::string_view, 3> kNames = {"tree.json", "validation-report.json",
                                                             "performance-counters.json"};
  const std::string name = file_name(path);
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end() && in_cloud_assembly(path);
}

std::optional<SourceRange> parse_trace_frame(std::string_view frame) {
  while (!frame.empty() && frame.back() == ' ') frame.remove_suffix(1);
  if (frame.starts_with("at ")) frame.remove_prefix(3);
  if (frame.ends_with(")")) {  // "name (location)": the location is in the last parentheses
    const size_t open = frame.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    frame = frame.substr(open + 1, frame.size() - open - 2);
  }
  if (frame.starts_with("file://")) frame.remove_prefix(7);
  if (frame.starts_with("node:") || frame.find("node_modules/") != std::string_view::npos) {
    return std::nullopt;
  }
  // file:line:column, the file itself may hold ':'
  const size_t col_at = frame.rfind(':');
  if (col_at == std::string_view::npos || col_at == 0) return std::nullopt;
  const size_t line_at = frame.rfind(':', col_at - 1);
  if (line_at == std::string_view::npos || line_at == 0) return std::nullopt;
  std::optional<uint32_t> line = to_number(frame.substr(line_at + 1, col_at - line_at - 1));
  std::optional<uint32_t> column = to_number(frame.substr(col_at + 1));
  if (!line || !column) return std::nullopt;
  const Position at{*line, *column};
  return SourceRange{std::string(frame.substr(0, line_at)), Span{at, at}};
}

std::optional<FileFacts> parse_assembly_metadata(const std::string& path, std::string_view text,
                                                 const ParseLimits& limits) {
  doc::LoadResult loaded = doc::load_json(text, doc::load_limits_of(limits));
  FileFacts facts;
  facts.file = path;
  if (!loaded.ok()) {
    std::string message =
        doc::describe_load_error(loaded.problem(), "invalid JSON in CDK assembly metadata: ");
    const Position where = loaded.problem().where;
    facts.parse_errors.push_back({SourceRange{path, Span{where, where}}, std::move(message)});
    return facts;
  }
  if (!loaded->is_mapping()) return std::nullopt;
  if (file_name(path).ends_with(".assets.json")) {
    read_image_assets(path, *loaded, facts);
  } else if (file_name(path) == "manifest.json") {
    const Node* artifacts = loaded->find("artifacts");
    if (!artifacts || !artifacts->is_mapping()) return std::nullopt;
    for (const Entry& artifact : artifacts->entries) {
      if (const Node* metadata = artifact.value.find("metadata")) {
        read_metadata_map(path, *metadata, facts);
      }
    }
  } else {
    read_metadata_map(path, *loaded, facts);
  }
  return facts;
}

}  // namespace rightfit::cdk
