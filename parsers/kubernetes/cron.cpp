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

// The five fields of a schedule as sets of matching values.
struct Schedule {
  std::bitset<64> minutes;
  std::bitset<64> hours;
  std::bitset<64> days_of_month;
  std::bitset<64> months;
  std::bitset<64> days_of_week;
  bool dom_star = false;
  bool dow_star = false;
};

// The five fields parsed, or why not (the first field that is not understood).
std::optional<Schedule> parse_schedule(const std::vector<std::string_view>& w, std::string& why) {
  if (w.size() != 5) {
    why = "a cron schedule has 5 fields, not " + std::to_string(w.size());
    return std::nullopt;
  }
  Schedule s;
  bool other = false;
  const std::array<std::optional<std::bitset<64>>, 5> fields = {
      parse_field(w[0], kMinute, other), parse_field(w[1], kHour, other),
      parse_field(w[2], kDayOfMonth, s.dom_star), parse_field(w[3], kMonth, other),
      parse_field(w[4], kDayOfWeek, s.dow_star)};
  static constexpr std::array<const char*, 5> kNames = {"minute", "hour", "day-of-month", "month",
                                                        "day-of-week"};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!fields[i]) {
      why =
          "its " + std::string(kNames[i]) + " field '" + std::string(w[i]) + "' is not understood";
      return std::nullopt;
    }
  }
  std::array<std::bitset<64>*, 5> targets = {&s.minutes, &s.hours, &s.days_of_month, &s.months,
                                             &s.days_of_week};
  for (std::size_t i = 0; i < fields.size(); ++i) *targets[i] = fields[i].value_or(0);
  if (s.days_of_week.test(7)) s.days_of_week.set(0);  // 7 is Sunday too
  return s;
}

// Whether the schedule fires on a date: cron matches a day when both day fields match, or
// either one when both are restricted.
bool matches_day(const Schedule& s, int y, int m, int d) {
  if (!s.months.test(static_cast<std::size_t>(m))) return false;
  const long days = days_from_civil(y, m, d);
  const int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01: Thursday
  const bool dom_ok = s.days_of_month.test(static_cast<std::size_t>(d));
  const bool dow_ok = s.days_of_week.test(static_cast<std::size_t>(weekday));
  return s.dom_star || s.dow_star ? dom_ok && dow_ok : dom_ok || dow_ok;
}

// Days the schedule fires on over 2024-2027 (a leap cycle), out of all days.
struct DayCount {
  long matching = 0;
  long total = 0;
};

DayCount count_matching_days(const Schedule& s) {
  DayCount c;
  for (int y = 2024; y <= 2027; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= days_in_month(y, m); ++d) {
        ++c.total;
        if (matches_day(s, y, m, d)) ++c.matching;
      }
    }
  }
  return c;
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
  if (w[0].starts_with('@')) {
    const std::string_view macro = w[0];
    if (macro == "@every") {
      std::optional<double> hours = w.size() == 2 ? duration_hours(w[1]) : std::nullopt;
      if (!hours || *hours <= 0) return fail("'@every' needs a duration such as 5m or 1h");
      return hours_per_month / *hours;
    }
    if (w.size() != 1) return fail("'" + std::string(macro) + "' takes no fields");
    const std::optional<std::string_view> spec = cron_macro_fields(macro);
    if (!spec) return fail("'" + std::string(macro) + "' is not a cron macro");
    w = words(*spec);
  }
  std::string reason;
  const std::optional<Schedule> s = parse_schedule(w, reason);
  if (!s) return fail(std::move(reason));
  const double per_day = static_cast<double>(s->minutes.count() * s->hours.count());
  const double days_per_month = hours_per_month / 24;
  const DayCount days = count_matching_days(*s);
  return per_day * static_cast<double>(days.matching) / static_cast<double>(days.total) *
         days_per_month;
}

std::optional<std::string_view> cron_macro_fields(std::string_view macro) {
  if (macro == "@yearly" || macro == "@annually") return "0 0 1 1 *";
  if (macro == "@monthly") return "0 0 1 * *";
  if (macro == "@weekly") return "0 0 * * 0";
  if (macro == "@daily" || macro == "@midnight") return "0 0 * * *";
  if (macro == "@hourly") return "0 * * * *";
  return std::nullopt;
}

}  // namespace rightfit::k8s
