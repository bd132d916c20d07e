#include "parsers/document/block_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace rightfit::doc {
namespace {

bool is_scalar(const NewValue& v) {
  return v.kind != NewValue::Kind::Mapping && v.kind != NewValue::Kind::Sequence;
}

// A string YAML reads back as the same string when written plain: no indicator first, nothing
// that ends or comments it, and not a number, boolean or null.
bool plain_is_safe(std::string_view s) {
  if (s.empty()) return false;
  const unsigned char first = static_cast<unsigned char>(s.front());
  if (!std::isalpha(first) && first != '$' && first != '/') return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && std::string_view("_./:${}-@").find(c) == std::string_view::npos)
      return false;
  }
  if (s.back() == ':') return false;
  static constexpr std::array<std::string_view, 10> kReserved = {"true", "false", "yes", "no", "on",
                                                                 "off",  "null",  "y",   "n",  "~"};
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kReserved.begin(), kReserved.end(), lower) == kReserved.end();
}

std::string yaml_scalar(const NewValue& v) {
  if (v.kind == NewValue::Kind::String && !plain_is_safe(v.text)) return double_quoted(v.text);
  return v.text;
}

// `!Ref X`, `!Sub s`, `!GetAtt A.B` for the one-entry mappings that stand for them.
std::optional<std::string> short_intrinsic(const NewValue& v) {
  if (v.kind != NewValue::Kind::Mapping || v.entries.size() != 1) return std::nullopt;
  const NewEntry& e = v.entries.front();
  if ((e.key == "Ref" || e.key == "Fn::Sub") && is_scalar(e.value))
    return (e.key == "Ref" ? "!Ref " : "!Sub ") + yaml_scalar(e.value);
  if (e.key == "Fn::GetAtt" && e.value.items.size() == 2 && is_scalar(e.value.items[0]) &&
      is_scalar(e.value.items[1]))
    return "!GetAtt " + e.value.items[0].text + "." + e.value.items[1].text;
  return std::nullopt;
}

void write_yaml_entry(std::string& out, const NewEntry& e, const std::string& indent,
                      const std::string& step);

void write_yaml_item(std::string& out, const NewValue& item, const std::string& indent,
                     const std::string& step) {
  if (std::optional<std::string> tag = short_intrinsic(item)) {
    out += indent + "- " + *tag + "\n";
  } else if (is_scalar(item)) {
    out += indent + "- " + yaml_scalar(item) + "\n";
  } else if (item.kind == NewValue::Kind::Mapping && !item.entries.empty()) {
    // The first entry shares the dash's line; the others align with it.
    const std::string inner = indent + "  ";
    std::string entries;
    for (const NewEntry& e : item.entries) write_yaml_entry(entries, e, inner, step);
    out += indent + "- " + entries.substr(inner.size());
  } else {
    out += indent + "- " + (item.kind == NewValue::Kind::Mapping ? "{}" : "[]") + "\n";
  }
}

void write_yaml_entry(std::string& out, const NewEntry& e, const std::string& indent,
                      const std::string& step) {
  out += indent + e.key + ":";
  const NewValue& v = e.value;
  if (std::optional<std::string> tag = short_intrinsic(v)) {
    out += " " + *tag + "\n";
  } else if (is_scalar(v)) {
    out += " " + yaml_scalar(v) + "\n";
  } else if (v.kind == NewValue::Kind::Mapping && !v.entries.empty()) {
    out += "\n";
    for (const NewEntry& inner : v.entries) write_yaml_entry(out, inner, indent + step, step);
  } else if (v.kind == NewValue::Kind::Sequence && !v.items.empty()) {
    out += "\n";
    for (const NewValue& item : v.items) write_yaml_item(out, item, indent + step, step);
  } else {
    out += v.kind == NewValue::Kind::Mapping ? " {}\n" : " []\n";
  }
}

void write_json_value(std::string& out, const NewValue& v, const std::string& indent,
                      const std::string& step) {
  switch (v.kind) {
    case NewValue::Kind::Number:
      out += v.text;
      return;
    case NewValue::Kind::String:
    case NewValue::Kind::Expression:
      out += double_quoted(v.text);
      return;
    case NewValue::Kind::Mapping:
      out += "{";
      for (std::size_t i = 0; i < v.entries.size(); ++i) {
        out += i ? ",\n" : "\n";
        out += indent + step + double_quoted(v.entries[i].key) + ": ";
        write_json_value(out, v.entries[i].value, indent + step, step);
      }
      out += v.entries.empty() ? "}" : "\n" + indent + "}";
      return;
    case NewValue::Kind::Sequence:
      out += "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        out += i ? ",\n" : "\n";
        out += indent + step;
        write_json_value(out, v.items[i], indent + step, step);
      }
      out += v.items.empty() ? "]" : "\n" + indent + "]";
      return;
  }
}

}  // namespace

std::string yaml_entries(const std::vector<NewEntry>& entries, const std::string& indent,
                         const std::string& step) {
  std::string out;
  for (const NewEntry& e : entries) write_yaml_entry(out, e, indent, step);
  return out;
}

std::string json_members(const std::vector<NewEntry>& entries, const std::string& indent,
                         const std::string& step) {
  std::string out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    out += (i ? ",\n" : "\n") + indent + double_quoted(entries[i].key) + ": ";
    write_json_value(out, entries[i].value, indent, step);
  }
  return out;
}

}  // namespace rightfit::doc
