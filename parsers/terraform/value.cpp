#include "parsers/terraform/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace rightfit::tf {

Value::Value() = default;
Value::Value(const Value&) = default;
Value::Value(Value&&) noexcept = default;
Value& Value::operator=(const Value&) = default;
Value& Value::operator=(Value&&) noexcept = default;
Value::~Value() = default;

namespace {
constexpr std::string_view kSetByCallers = " is set by the callers of this reusable module";
}  // namespace

Value Value::set_by_callers(const std::string& variable) {
  return unknown("var." + variable + std::string(kSetByCallers));
}

bool Value::decided_by_callers(std::string_view why) {
  return why.find(kSetByCallers) != std::string_view::npos;
}

Value Value::unknown(std::string why) {
  Value v;
  v.string = std::move(why);
  return v;
}

Value Value::null() {
  Value v;
  v.kind = Kind::Null;
  return v;
}

Value Value::of(bool b) {
  Value v;
  v.kind = Kind::Bool;
  v.boolean = b;
  return v;
}

Value Value::of(double n) {
  Value v;
  v.kind = Kind::Number;
  v.number = n;
  return v;
}

Value Value::of(std::string s) {
  Value v;
  v.kind = Kind::String;
  v.string = std::move(s);
  return v;
}

const Value* Value::get(const std::string& key) const {
  if (kind != Kind::Map) return nullptr;
  for (const auto& [k, v] : map) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::optional<double> Value::as_number() const {
  if (kind == Kind::Number) return number;
  if (kind != Kind::String || string.empty()) return std::nullopt;
  // Decimal notation only, as Terraform reads it: no spaces, hex, "inf" or "nan".
  if (string.find_first_not_of("0123456789+-.eE") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  double n = std::strtod(string.c_str(), &end);
  if (end != string.c_str() + string.size()) return std::nullopt;
  return n;
}

std::optional<std::string> Value::as_string() const {
  switch (kind) {
    case Kind::String:
      return string;
    case Kind::Bool:
      return std::string(boolean ? "true" : "false");
    case Kind::Number: {
      char buf[64];
      if (std::fabs(number - std::round(number)) < 1e-9 && std::fabs(number) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", number);
        return std::string(buf);
      }
      // The shortest text that reads back as the same number (1.1, not 1.1000000000000001).
      for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, number);
        if (std::strtod(buf, nullptr) == number) break;
      }
      return std::string(buf);
    }
    default:
      return std::nullopt;
  }
}

std::optional<bool> Value::as_bool() const {
  if (kind == Kind::Bool) return boolean;
  if (kind == Kind::String && (string == "true" || string == "false")) return string == "true";
  return std::nullopt;
}

}  // namespace rightfit::tf
