#include "parsers/cdk/cdk_template.h"

#include <filesystem>

namespace rightfit::cdk {

namespace {

namespace fs = std::filesystem;
using doc::Entry;
using doc::Node;

const Entry* scalar_entry(const Node* mapping, std::string_view key) {
  const Entry* e = mapping ? mapping->find_entry(key) : nullptr;
  return e && e->value.is_scalar() && !e->value.text.empty() ? e : nullptr;
}

// An asset path as written: relative to the assembly, or absolute (`cdk synth --no-staging`
// points at the source itself).
std::string asset_path(const std::string& template_path, const std::string& written) {
  fs::path p(written);
  if (p.is_relative()) p = fs::path(template_path).parent_path() / p;
  std::string out = p.lexically_normal().generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// Links `f` to its asset: Lambda code (`Code`) -> code_dir; an image (`Code.ImageUri`) -> the
// Dockerfile inside the asset directory (the Docker build context).
void link_asset(const std::string& path, const Node& metadata, Function& f) {
  const Entry* asset = scalar_entry(&metadata, "aws:asset:path");
  const Entry* property = scalar_entry(&metadata, "aws:asset:property");
  if (!asset || !property) return;
  const std::string dir = asset_path(path, asset->value.text);
  const SourceRange declared{path, asset->key.span};
  if (property->value.text == "Code") {
    f.code_uri = Property<std::string>{asset->value.text, declared, "", std::nullopt};
    f.code_dir = dir;
  } else if (property->value.text == "Code.ImageUri") {
    const Entry* file = scalar_entry(&metadata, "aws:asset:dockerfile-path");
    const std::string dockerfile = file ? file->value.text : "Dockerfile";  // docker's default
    f.docker_context = Property<std::string>{dir, declared, "", std::nullopt};
    f.dockerfile = Property<std::string>{
        (fs::path(dir) / dockerfile).lexically_normal().generic_string(),
        file ? SourceRange{path, file->key.span} : declared, "", std::nullopt};
  }
}

// `{"Fn::Sub": "...container-assets-...:<id>"}`: the image CDK's default synthesizer publishes
// for a local Docker image asset, tagged with the asset's ID.
std::optional<std::string> image_asset_id(const Node& image) {
  const Node* sub = image.find("Fn::Sub");
  if (!sub || !sub->is_scalar() || sub->text.find("container-assets") == std::string::npos) {
    return std::nullopt;
  }
  const size_t colon = sub->text.rfind(':');
  if (colon == std::string::npos || colon + 1 == sub->text.size()) return std::nullopt;
  return sub->text.substr(colon + 1);
}

void link_image_asset(const std::string& path, const Node& properties, TaskDefinition& td) {
  const Node* containers = properties.find("ContainerDefinitions");
  if (!containers || !containers->is_sequence()) return;
  for (const Node& container : containers->items) {
    const Entry* image = container.find_entry("Image");
    if (!image) continue;
    if (std::optional<std::string> id = image_asset_id(image->value)) {
      td.image_asset = Property<std::string>{std::move(id), SourceRange{path, image->key.span}, "",
                                             std::nullopt};
      return;  // the model has one image per task: the first container's that is built here
    }
  }
}

}  // namespace

void read_cdk_metadata(const std::string& path, const doc::Node& root, FileFacts& facts) {
  const Node* resources = root.find("Resources");
  if (!resources || !resources->is_mapping()) return;
  for (const Entry& e : resources->entries) {
    const Node* properties = e.value.find("Properties");
    for (TaskDefinition& td : facts.task_definitions) {
      if (td.id.name == e.key.text && properties) link_image_asset(path, *properties, td);
    }
    const Node* metadata = e.value.find("Metadata");
    if (!metadata || !metadata->is_mapping()) continue;
    if (const Entry* construct = scalar_entry(metadata, "aws:cdk:path")) {
      facts.synthesized_resources.push_back({EntityId{path, e.key.text}, construct->value.text,
                                             SourceRange{path, e.key.span}, e.value.last_line()});
    }
    for (Function& f : facts.functions) {
      // A SAM function's own Metadata (Dockerfile/DockerContext) stays as SAM reads it.
      if (f.id.name == e.key.text && !f.dockerfile.is_written() && !f.code_dir) {
        link_asset(path, *metadata, f);
      }
    }
  }
}

}  // namespace rightfit::cdk
