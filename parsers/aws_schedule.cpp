#include "parsers/aws_schedule.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <utility>
#include <vector>

namespace rightfit::aws {

namespace {

using Names = std::array<std::string_view, 12>;  // names[i] stands for min + i

struct Field {
  std::string_view name;
  int min;
  int max;
  Names names;
};

constexpr Field kMinutes{"Minutes", 0, 59, {}};
constexpr Field kHours{"Hours", 0, 23, {}};
constexpr Field kDayOfMonth{"Day-of-month", 1, 31, {}};
constexpr Field kMonth{
    "Month",
    1,
    12,
    {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}};
constexpr Field kDayOfWeek{"Day-of-week", 1, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}};

std::optional<int> number(std::string_view text, int min, int max) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < min || v > max) return std::nullopt;
  return v;
}

std::optional<int> value_of(std::string_view text, const Field& f) {
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < f.names.size(); ++i) {
    if (!f.names[i].empty() && f.names[i] == upper) return f.min + static_cast<int>(i);
  }
  return number(text, f.min, f.max);
}

std::vector<std::string_view> split(std::string_view text, char by) {
  std::vector<std::string_view> out;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find(by, begin);
    out.push_back(text.substr(begin, end == std::string_view::npos ? end : end - begin));
    if (end == std::string_view::npos) return out;
    begin = end + 1;
  }
}

// One plain item: `*`, `5`, `MON`, `1-5`, `*/10`, `1/10` (from 1 to the end, every 10th),
// `10-40/5`; its values are set in `out`.
bool plain_item(std::string_view item, const Field& f, std::bitset<64>& out) {
  int step = 1;
  const std::size_t slash = item.find('/');
  if (slash != std::string_view::npos) {
    const std::optional<int> s = number(item.substr(slash + 1), 1, f.max + 1);
    if (!s) return false;
    step = *s;
    item = item.substr(0, slash);
  }
  int lo = f.min;
  int hi = f.max;
  if (item != "*") {
    const std::size_t dash = item.find('-');
    const std::optional<int> a = value_of(item.substr(0, dash), f);
    if (!a) return false;
    lo = *a;
    if (dash != std::string_view::npos) {
      const std::optional<int> b = value_of(item.substr(dash + 1), f);
      if (!b || *b < *a) return false;
      hi = *b;
    } else if (slash == std::string_view::npos) {
      hi = *a;
    }
  }
  for (int v = lo; v <= hi; v += step) out.set(static_cast<std::size_t>(v));
  return true;
}

// Whether `read` takes every comma-separated item of `text`.
template <class Read>
bool all_items(std::string_view text, Read read) {
  for (std::string_view item : split(text, ',')) {
    if (!read(item)) return false;
  }
  return true;
}

std::optional<std::bitset<64>> plain_field(std::string_view text, const Field& f) {
  std::bitset<64> out;
  if (!all_items(text, [&](std::string_view item) { return plain_item(item, f, out); }))
    return std::nullopt;
  return out;
}

// A date in the counted years, with what the day fields ask of it.
struct Date {
  int day = 1;  // of the month
  int days_in_month = 31;
  int weekday = 1;  // 1 = Sunday ... 7 = Saturday, as Day-of-week counts
};

// Day-of-month: plain days, `L` (the last day), `LW` (the last weekday), `nW` (the weekday
// nearest day n, within the month).
struct DayOfMonth {
  std::bitset<64> days;
  bool last = false;
  bool last_weekday = false;
  std::vector<int> nearest_weekday;

  static int weekday_of(const Date& date, int day) {
    return ((date.weekday - 1 + (day - date.day)) % 7 + 7) % 7 + 1;
  }
  // The weekday AWS runs an `nW` on: n itself on Monday-Friday, else the Friday before or the
  // Monday after, never crossing into another month.
  static int nearest(const Date& date, int n) {
    if (n > date.days_in_month) return 0;  // `31W` in a 30-day month: no run that month
    const int target = n;
    const int wd = weekday_of(date, target);
    if (wd == 7) return target == 1 ? 3 : target - 1;                            // Saturday
    if (wd == 1) return target == date.days_in_month ? target - 2 : target + 1;  // Sunday
    return target;
  }
  bool matches(const Date& date) const {
    if (days.test(static_cast<std::size_t>(date.day))) return true;
    if (last && date.day == date.days_in_month) return true;
    if (last_weekday) {
      int d = date.days_in_month;
      while (weekday_of(date, d) == 1 || weekday_of(date, d) == 7) --d;
      if (date.day == d) return true;
    }
    for (int n : nearest_weekday) {
      if (date.day == nearest(date, n)) return true;
    }
    return false;
  }
};

// Day-of-week: plain days, `L` (Saturday, the week's last day), `nL` (the month's last such
// day), `n#k` (the month's k-th such day).
struct DayOfWeek {
  std::bitset<64> days;
  std::vector<int> last_of;
  std::vector<std::pair<int, int>> nth;

  bool matches(const Date& date) const {
    if (days.test(static_cast<std::size_t>(date.weekday))) return true;
    for (int wd : last_of) {
      if (wd == date.weekday && date.day + 7 > date.days_in_month) return true;
    }
    for (const auto& [wd, k] : nth) {
      if (wd == date.weekday && (date.day - 1) / 7 + 1 == k) return true;
    }
    return false;
  }
};

bool day_of_month_item(std::string_view item, DayOfMonth& out) {
  if (item == "L" || item == "LW") {
    (item == "L" ? out.last : out.last_weekday) = true;
    return true;
  }
  if (item.size() > 1 && item.back() == 'W') {
    const std::optional<int> n = number(item.substr(0, item.size() - 1), 1, 31);
    if (n) out.nearest_weekday.push_back(*n);
    return n.has_value();
  }
  return plain_item(item, kDayOfMonth, out.days);
}

bool day_of_week_item(std::string_view item, DayOfWeek& out) {
  if (item == "L") {
    out.days.set(7);
    return true;
  }
  if (const std::size_t hash = item.find('#'); hash != std::string_view::npos) {
    const std::optional<int> wd = value_of(item.substr(0, hash), kDayOfWeek);
    const std::optional<int> k = number(item.substr(hash + 1), 1, 5);
    if (wd && k) out.nth.emplace_back(*wd, *k);
    return wd && k;
  }
  if (item.size() > 1 && item.back() == 'L') {
    const std::optional<int> wd = value_of(item.substr(0, item.size() - 1), kDayOfWeek);
    if (wd) out.last_of.push_back(*wd);
    return wd.has_value();
  }
  return plain_item(item, kDayOfWeek, out.days);
}

struct Cron {
  std::bitset<64> minutes;
  std::bitset<64> hours;
  std::bitset<64> months;
  // Exactly one day field decides; the other is `?`.
  bool by_day_of_month = true;
  DayOfMonth day_of_month;
  DayOfWeek day_of_week;
};

std::string not_understood(const Field& f, std::string_view text) {
  return "its " + std::string(f.name) + " field '" + std::string(text) + "' is not understood";
}

// The six fields, or why not.
std::optional<Cron> parse_cron(const std::vector<std::string_view>& w, std::string& why) {
  if (w.size() != 6) {
    why = "a cron expression has 6 fields, not " + std::to_string(w.size());
    return std::nullopt;
  }
  Cron c;
  const std::array<std::pair<const Field*, std::bitset<64>*>, 3> plain = {
      {{&kMinutes, &c.minutes}, {&kHours, &c.hours}, {&kMonth, &c.months}}};
  const std::array<std::string_view, 3> texts = {w[0], w[1], w[3]};
  for (std::size_t i = 0; i < plain.size(); ++i) {
    const std::optional<std::bitset<64>> bits = plain_field(texts[i], *plain[i].first);
    if (!bits) {
      why = not_understood(*plain[i].first, texts[i]);
      return std::nullopt;
    }
    *plain[i].second = *bits;
  }
  if ((w[2] == "?") == (w[4] == "?")) {
    why = "one of its Day-of-month and Day-of-week fields must be '?' (and only one)";
    return std::nullopt;
  }
  c.by_day_of_month = w[2] != "?";
  const bool days_read =
      c.by_day_of_month
          ? all_items(w[2],
                      [&](std::string_view i) { return day_of_month_item(i, c.day_of_month); })
          : all_items(w[4], [&](std::string_view i) { return day_of_week_item(i, c.day_of_week); });
  if (!days_read) {
    why = c.by_day_of_month ? not_understood(kDayOfMonth, w[2]) : not_understood(kDayOfWeek, w[4]);
    return std::nullopt;
  }
  if (w[5] != "*") {
    why = "its Year field '" + std::string(w[5]) + "' limits it to some years";
    return std::nullopt;
  }
  return c;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// The fraction of the days of 2024-2027 the expression fires on.
double share_of_days(const Cron& c) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  long matching = 0;
  long total = 0;
  int weekday = 2;  // 2024-01-01 was a Monday
  for (int y = 2024; y <= 2027; ++y) {
    for (int m = 1; m <= 12; ++m) {
      const int length = m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
      for (int d = 1; d <= length; ++d, weekday = weekday % 7 + 1, ++total) {
        if (!c.months.test(static_cast<std::size_t>(m))) continue;
        const Date date{d, length, weekday};
        if (c.by_day_of_month ? c.day_of_month.matches(date) : c.day_of_week.matches(date))
          ++matching;
      }
    }
  }
  return static_cast<double>(matching) / static_cast<double>(total);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// `rate(5 minutes)`: minutes between runs.
std::optional<double> rate_minutes(std::string_view inside, std::string& why) {
  std::vector<std::string_view> w;
  for (std::string_view part : split(trim(inside), ' ')) {
    if (!part.empty()) w.push_back(part);
  }
  const std::optional<int> value = w.size() == 2 ? number(w[0], 1, 9999) : std::nullopt;
  static constexpr std::array<std::pair<std::string_view, double>, 6> kUnits = {
      {{"minute", 1}, {"minutes", 1}, {"hour", 60}, {"hours", 60}, {"day", 1440}, {"days", 1440}}};
  for (const auto& [unit, minutes] : kUnits) {
    if (value && w[1] == unit) return *value * minutes;
  }
  why = "a rate is a positive whole number and minute(s), hour(s) or day(s)";
  return std::nullopt;
}

}  // namespace

std::optional<double> schedule_runs_per_month(std::string_view expression, double hours_per_month,
                                              std::string* why) {
  std::string reason;
  auto fail = [&]() -> std::optional<double> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  const std::string_view text = trim(expression);
  const std::size_t open = text.find('(');
  if (open == std::string_view::npos || text.back() != ')') {
    reason = "'" + std::string(text) + "' is not rate(...) or cron(...)";
    return fail();
  }
  const std::string_view kind = text.substr(0, open);
  const std::string_view inside = text.substr(open + 1, text.size() - open - 2);
  if (kind == "rate") {
    const std::optional<double> minutes = rate_minutes(inside, reason);
    if (!minutes) return fail();
    return hours_per_month * 60 / *minutes;
  }
  if (kind == "cron") {
    std::vector<std::string_view> w;
    for (std::string_view part : split(trim(inside), ' ')) {
      if (!part.empty()) w.push_back(part);
    }
    const std::optional<Cron> c = parse_cron(w, reason);
    if (!c) return fail();
    const double per_day = static_cast<double>(c->minutes.count() * c->hours.count());
    return per_day * share_of_days(*c) * hours_per_month / 24;
  }
  reason = kind == "at" ? "at(...) runs once, not every month"
                        : "'" + std::string(kind) + "(...)' is not rate(...) or cron(...)";
  return fail();
}

}  // namespace rightfit::aws
