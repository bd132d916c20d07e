#include "integrations/cloudwatch/stack_resources.h"

#include <rapidjson/document.h>

namespace rightfit::cloudwatch {

namespace {

const rapidjson::Value* string_member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return nullptr;
  return &it->value;
}

Result<std::vector<StackResource>> read_stack_file(const std::string& file,
                                                   const ParseLimits& limits) {
  SourceText text = read_source_file(file, limits);
  if (!text.ok()) return fail(file + ": " + text.problem().message);
  rapidjson::Document doc;
  doc.Parse(text->data(), text->size());
  const char* shape =
      ": not `aws cloudformation describe-stack-resources` output (a JSON object with "
      "StackResources[] of LogicalResourceId, PhysicalResourceId, ResourceType)";
  if (doc.HasParseError() || !doc.IsObject()) return fail(file + shape);
  auto list = doc.FindMember("StackResources");
  if (list == doc.MemberEnd() || !list->value.IsArray()) return fail(file + shape);
  std::vector<StackResource> out;
  for (const rapidjson::Value& r : list->value.GetArray()) {
    if (!r.IsObject()) return fail(file + shape);
    const rapidjson::Value* logical = string_member(r, "LogicalResourceId");
    const rapidjson::Value* type = string_member(r, "ResourceType");
    if (!logical || !type) return fail(file + shape);
    // A resource still being created has no physical id yet: nothing to name.
    const rapidjson::Value* physical = string_member(r, "PhysicalResourceId");
    if (!physical) continue;
    out.push_back({logical->GetString(), physical->GetString(), type->GetString()});
  }
  return out;
}

}  // namespace

Result<std::vector<StackResource>> load_stack_resources(const std::vector<std::string>& files,
                                                        const ParseLimits& limits) {
  std::vector<StackResource> all;
  for (const std::string& file : files) {
    Result<std::vector<StackResource>> one = read_stack_file(file, limits);
    if (!one.ok()) return one;
    all.insert(all.end(), one->begin(), one->end());
  }
  return all;
}

}  // namespace rightfit::cloudwatch
