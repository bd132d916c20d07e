#include "parsers/units/units.h"

#include <cctype>
#include <charconv>
#include <string>

namespace rightfit {

namespace {

// A plain decimal amount ("256", "0.25"); nullopt for anything else (as the formats' number
// parsers, at most 64 characters).
std::optional<double> parse_amount(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Splits "0.25 vCPU" into 0.25 and "vcpu" (lower case, spaces dropped).
std::optional<std::pair<double, std::string>> amount_and_unit(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  std::optional<double> amount = parse_amount(text.substr(0, i));
  if (!amount) return std::nullopt;
  std::string unit;
  for (char c : text.substr(i)) {
    if (c != ' ') unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return std::make_pair(*amount, unit);
}

}  // namespace

std::optional<double> parse_cpu_units(std::string_view text) {
  auto parsed = amount_and_unit(text);
  if (!parsed) return std::nullopt;
  if (parsed->second.empty()) return parsed->first;
  if (parsed->second == "vcpu") return parsed->first * 1024;
  return std::nullopt;
}

std::optional<double> parse_memory_mb(std::string_view text) {
  auto parsed = amount_and_unit(text);
  if (!parsed) return std::nullopt;
  const std::string& unit = parsed->second;
  if (unit.empty() || unit == "mb" || unit == "mib") return parsed->first;
  if (unit == "gb" || unit == "gib") return parsed->first * 1024;
  return std::nullopt;
}

bool names_queue_metric(std::string_view field, std::string_view value) {
  if (field == "Namespace" || field == "namespace") return value == "AWS/SQS";
  if (field != "MetricName" && field != "metric_name") return false;
  return value.starts_with("ApproximateNumberOfMessages") ||
         value.starts_with("ApproximateAgeOfOldestMessage");
}

}  // namespace rightfit
