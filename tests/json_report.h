// Reading rightfit's JSON reports (`cost -f json`, `report -f json`) in tests.
#pragma once

#include <rapidjson/document.h>

#include <string>

namespace rightfit::testing_support {

inline rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  return doc;
}

// The entry of `workloads` called `name`; null when the report has none.
inline const rapidjson::Value* workload(const rapidjson::Document& report,
                                        const std::string& name) {
  if (!report.IsObject() || !report.HasMember("workloads")) return nullptr;
  for (const auto& w : report["workloads"].GetArray()) {
    if (name == w["name"].GetString()) return &w;
  }
  return nullptr;
}

}  // namespace rightfit::testing_support
