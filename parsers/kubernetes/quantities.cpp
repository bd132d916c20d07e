#include "parsers/kubernetes/quantities.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <string>

#include "parsers/fargate_sizes.h"

namespace rightfit::k8s {

namespace {

constexpr double kEpsilon = 1e-9;

// A decimal number with an optional exponent ("1.5", "129e6"), and the suffix after it.
std::optional<double> split_number(std::string_view text, std::string_view& suffix) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t digits_from = i;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  if (i == digits_from) return std::nullopt;
  // An exponent only when digits follow the `e` ("1e3"); "1E" is the exa suffix.
  if (i + 1 < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    if (j < text.size() && text[j] >= '0' && text[j] <= '9') {
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
      i = j;
    }
  }
  const std::string number(text.substr(0, i));
  char* end = nullptr;
  const double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(value) || value < 0)
    return std::nullopt;
  suffix = text.substr(i);
  return value;
}

std::optional<double> suffix_factor(std::string_view suffix) {
  struct Suffix {
    std::string_view text;
    double factor;
  };
  static constexpr std::array<Suffix, 14> kSuffixes = {{
      {"", 1},
      {"m", 1e-3},
      {"k", 1e3},
      {"M", 1e6},
      {"G", 1e9},
      {"T", 1e12},
      {"P", 1e15},
      {"E", 1e18},
      {"Ki", 1024.0},
      {"Mi", 1024.0 * 1024},
      {"Gi", 1024.0 * 1024 * 1024},
      {"Ti", 1024.0 * 1024 * 1024 * 1024},
      {"Pi", 1024.0 * 1024 * 1024 * 1024 * 1024},
      {"Ei", 1024.0 * 1024 * 1024 * 1024 * 1024 * 1024},
  }};
  for (const Suffix& s : kSuffixes) {
    if (s.text == suffix) return s.factor;
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> parse_cpu_quantity(std::string_view text) {
  std::string_view suffix;
  std::optional<double> number = split_number(text, suffix);
  if (!number) return std::nullopt;
  std::optional<double> factor = suffix_factor(suffix);
  if (!factor) return std::nullopt;
  return *number * *factor;
}

std::optional<double> parse_memory_quantity(std::string_view text) {
  std::optional<double> bytes = parse_cpu_quantity(text);  // same grammar, in bytes
  if (!bytes) return std::nullopt;
  return *bytes / (1024.0 * 1024);
}

std::optional<PodSize> fargate_pod_size(const PodRequests& requests) {
  const double memory_gb = (requests.memory_mb + kFargatePodOverheadMb) / 1024;
  for (const FargateCpuOption& option : kFargateSizes) {
    if (option.vcpu + kEpsilon < requests.vcpu) continue;
    for (double gb : fargate_memory_choices(option)) {
      if (gb + kEpsilon >= memory_gb) return PodSize{option.vcpu, gb};
    }
  }
  return std::nullopt;
}

}  // namespace rightfit::k8s
