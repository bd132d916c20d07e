#include "parsers/kubernetes/cron.h"

#include <array>
#include <bitset>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

namespace rightfit::k8s {

namespace {

struct Field {
  int min;
  int max;
  std::array<std::string_view, 12> names;  // names[i] means min + i ("JAN" = 1, "SUN" = 0)
};

constexpr Field kMinute{0, 59, {}};
constexpr Field kHour{0, 23, {}};
constexpr Field kDayOfMonth{1, 31, {}};
constexpr Field kMonth{
    1, 12, {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}};
constexpr Field kDayOfWeek{0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}};

std::optional<int> value_of(std::string_view text, const Field& f) {
  if (text.empty()) return std::nullopt;
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < f.names.size(); ++i) {
    if (!f.names[i].empty() && f.names[i] == upper) return f.min + static_cast<int>(i);
  }
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || v > 1000) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < f.min || v > f.max) return std::nullopt;
  return v;
}

// One field into the set of values it matches; `star` tells whether it is `*` (or `?`).
std::optional<std::bitset<64>> parse_field(std::string_view text, const Field& f, bool& star) {
  std::bitset<64> out;
  star = text == "*" || text == "?";
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t comma = text.find(',', begin);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(begin, comma - begin);
    int step = 1;
    if (std::size_t slash = part.find('/'); slash != std::string_view::npos) {
      std::optional<int> s = value_of(part.substr(slash + 1), Field{1, 1000, {}});
      if (!s) return std::nullopt;
      step = *s;
      part = part.substr(0, slash);
    }
    int lo = 0, hi = 0;
    if (part == "*" || part == "?") {
      lo = f.min;
      hi = f.max;
    } else if (std::size_t dash = part.find('-'); dash != std::string_view::npos) {
      std::optional<int> a = value_of(part.substr(0, dash), f);
      std::optional<int> b = value_of(part.substr(dash + 1), f);
      if (!a || !b || *a > *b) return std::nullopt;
      lo = *a;
      hi = *b;
    } else {
      std::optional<int> a = value_of(part, f);
      if (!a) return std::nullopt;
      lo = *a;
      hi = step > 1 ? f.max : *a;  // `5/15` means 5-max/15
    }
    for (int v = lo; v <= hi; v += step) out.set(static_cast<std::size_t>(v));
    begin = comma + 1;
  }
  return out;
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Go's time.ParseDuration for what @every takes: "1h30m", "90s", "5m".
std::optional<double> duration_hours(std::string_view text) {
  double hours = 0;
  std::size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == '.')) ++j;
    if (j == i) return std::nullopt;
    const std::string number(text.substr(i, j - i));
    char* end = nullptr;
    const double n = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return std::nullopt;
    std::size_t k = j;
    while (k < text.size() && std::isalpha(static_cast<unsigned char>(text[k]))) ++k;
    const std::string_view unit = text.substr(j, k - j);
    if (unit == "h")
      hours += n;
    else if (unit == "m")
      hours += n / 60;
    else if (unit == "s")
      hours += n / 3600;
    else if (unit == "ms")
      hours += n / 3.6e6;
    else
      return std::nullopt;
    i = k;
  }
  return hours;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::optional<double> cron_runs_per_month(std::string_view schedule, double hours_per_month,
                                          std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<double> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  std::vector<std::string_view> w = words(schedule);
  if (!w.empty() && (w[0].starts_with("CRON_TZ=") || w[0].starts_with("TZ="))) w.erase(w.begin());
  if (w.empty()) return fail("the schedule is empty");
  const double days_per_month = hours_per_month / 24;
  std::string spec;
  if (w[0].starts_with('@')) {
    const std::string_view macro = w[0];
    if (macro == "@every") {
      std::optional<double> hours = w.size() == 2 ? duration_hours(w[1]) : std::nullopt;
      if (!hours || *hours <= 0) return fail("'@every' needs a duration such as 5m or 1h");
      return hours_per_month / *hours;
    }
    if (w.size() != 1) return fail("'" + std::string(macro) + "' takes no fields");
    if (macro == "@yearly" || macro == "@annually")
      spec = "0 0 1 1 *";
    else if (macro == "@monthly")
      spec = "0 0 1 * *";
    else if (macro == "@weekly")
      spec = "0 0 * * 0";
    else if (macro == "@daily" || macro == "@midnight")
      spec = "0 0 * * *";
    else if (macro == "@hourly")
      spec = "0 * * * *";
    else
      return fail("'" + std::string(macro) + "' is not a cron macro");
    w = words(spec);
  }
  if (w.size() != 5) return fail("a cron schedule has 5 fields, not " + std::to_string(w.size()));
  bool dom_star = false, dow_star = false, other = false;
  auto minutes = parse_field(w[0], kMinute, other);
  auto hours = parse_field(w[1], kHour, other);
  auto dom = parse_field(w[2], kDayOfMonth, dom_star);
  auto months = parse_field(w[3], kMonth, other);
  auto dow = parse_field(w[4], kDayOfWeek, dow_star);
  const char* names[] = {"minute", "hour", "day-of-month", "month", "day-of-week"};
  const std::optional<std::bitset<64>>* fields[] = {&minutes, &hours, &dom, &months, &dow};
  for (int i = 0; i < 5; ++i) {
    if (!*fields[i])
      return fail("its " + std::string(names[i]) + " field '" + std::string(w[i]) +
                  "' is not understood");
  }
  if (dow->test(7)) dow->set(0);  // 7 is Sunday too
  const double per_day = static_cast<double>(minutes->count() * hours->count());
  // Matching days over 2024-2027 (a leap cycle); cron matches a day when both day fields
  // match, or either one when both are restricted.
  long matching = 0, total = 0;
  for (int y = 2024; y <= 2027; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= days_in_month(y, m); ++d) {
        ++total;
        if (!months->test(static_cast<std::size_t>(m))) continue;
        const long days = days_from_civil(y, m, d);
        const int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01: Thursday
        const bool dom_ok = dom->test(static_cast<std::size_t>(d));
        const bool dow_ok = dow->test(static_cast<std::size_t>(weekday));
        const bool day_ok = dom_star || dow_star ? dom_ok && dow_ok : dom_ok || dow_ok;
        if (day_ok) ++matching;
      }
    }
  }
  return per_day * static_cast<double>(matching) / static_cast<double>(total) * days_per_month;
}

}  // namespace rightfit::k8s
