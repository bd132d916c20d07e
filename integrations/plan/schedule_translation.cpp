#include "integrations/plan/schedule_translation.h"

#include <array>
#include <bitset>
#include <cctype>
#include <cmath>
#include <optional>
#include <vector>

#include "parsers/aws_schedule.h"
#include "parsers/kubernetes/cron.h"

namespace rightfit {

namespace {

constexpr double kMinutesPerHour = 60;
constexpr double kMinutesPerDay = 1440;
// Any month length: the translations are checked to parse, not priced.
constexpr double kHoursPerMonth = 730;

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0)
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0)
    text.remove_suffix(1);
  return std::string(text);
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == by)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts, const char* by) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : by) + p;
  return out;
}

std::optional<int> whole_number(const std::string& text) {
  if (text.empty() || text.size() > 6) return std::nullopt;
  int v = 0;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// --- EventBridge -> CronJob ---

// "every N <unit>" in minutes, or nullopt for what rate() does not take.
std::optional<double> rate_minutes(const std::string& inner) {
  const std::vector<std::string> w = words(inner);
  if (w.size() != 2) return std::nullopt;
  const std::optional<int> n = whole_number(w[0]);
  if (!n || *n <= 0) return std::nullopt;
  const std::string unit = w[1].ends_with('s') ? w[1].substr(0, w[1].size() - 1) : w[1];
  if (unit == "minute") return *n;
  if (unit == "hour") return *n * kMinutesPerHour;
  if (unit == "day") return *n * kMinutesPerDay;
  return std::nullopt;
}

std::string every(int n) { return n == 1 ? "*" : "*/" + std::to_string(n); }

// A step that does not divide its period starts again with the next period: the gap before
// that restart is shorter than the others.
std::string restart_todo(const std::string& source, const std::string& expression, int step,
                         int period, const char* unit, const char* restarts_at) {
  const int gap = period - (period - 1) / step * step;
  return source + " has no exact five-field form: `" + expression + "` starts again at " +
         restarts_at + ", " + std::to_string(gap) + " " + unit + " after the run before it";
}

TranslatedSchedule from_rate(const std::string& source, double minutes) {
  if (minutes < kMinutesPerHour) {
    const int m = static_cast<int>(minutes);
    TranslatedSchedule t{every(m) + " * * * *", ""};
    if (60 % m != 0) t.todo = restart_todo(source, t.expression, m, 60, "minutes", "each hour");
    return t;
  }
  if (minutes < kMinutesPerDay) {
    const int h = std::max(1, static_cast<int>(std::lround(minutes / kMinutesPerHour)));
    TranslatedSchedule t{"0 " + every(h) + " * * *", ""};
    if (std::fmod(minutes, kMinutesPerHour) != 0)
      t.todo = source + " has no exact five-field form: `" + t.expression + "` runs every " +
               std::to_string(h) + " hours instead";
    else if (24 % h != 0)
      t.todo = restart_todo(source, t.expression, h, 24, "hours", "midnight UTC");
    return t;
  }
  const int d = std::max(1, static_cast<int>(std::lround(minutes / kMinutesPerDay)));
  TranslatedSchedule t{"0 0 " + every(d) + " * *", ""};
  if (std::fmod(minutes, kMinutesPerDay) != 0)
    t.todo = source + " has no exact five-field form: `" + t.expression + "` runs every " +
             std::to_string(d) + " days instead";
  else if (d > 1)
    t.todo = source + " has no exact five-field form: `" + t.expression +
             "` starts again on the 1st of each month";
  return t;
}

// AWS's `L`, `W` and `#` have no five-field form: what stands in for an item that uses them
// (the day it names, else the 28th / Saturday), or the item itself.
std::string without_aws_specials(const std::string& item, bool day_of_week) {
  if (item.find_first_of("LW#") == std::string::npos) return item;
  std::string digits;
  for (char c : item) {
    if (c == '#') break;
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) digits += c;
  }
  if (!digits.empty()) return digits;
  return day_of_week ? "7" : "28";
}

// Day-of-week 1-7 (SUN-SAT) becomes 0-6; names are the same on both sides.
std::string cron_job_weekday(const std::string& value) {
  const std::optional<int> n = whole_number(value);
  return n ? std::to_string(*n - 1) : value;
}

std::string cron_job_day_of_week(const std::string& field) {
  std::vector<std::string> items;
  for (const std::string& raw : split(field, ',')) {
    const std::string item = without_aws_specials(raw, true);
    const size_t slash = item.find('/');
    const std::string base = item.substr(0, slash);
    const std::string step = slash == std::string::npos ? "" : item.substr(slash);
    const size_t dash = base.find('-');
    std::string shifted = cron_job_weekday(base.substr(0, dash));
    if (dash != std::string::npos) shifted += "-" + cron_job_weekday(base.substr(dash + 1));
    items.push_back(shifted + step);
  }
  return joined(items, ",");
}

std::string cron_job_day_of_month(const std::string& field) {
  std::vector<std::string> items;
  for (const std::string& item : split(field, ','))
    items.push_back(without_aws_specials(item, false));
  return joined(items, ",");
}

TranslatedSchedule from_aws_cron(const std::string& source, const std::vector<std::string>& f) {
  const std::string dom = f[2] == "?" ? "*" : cron_job_day_of_month(f[2]);
  const std::string dow = f[4] == "?" ? "*" : cron_job_day_of_week(f[4]);
  TranslatedSchedule t{joined({f[0], f[1], dom, f[3], dow}, " "), ""};
  std::vector<std::string> lost;
  if ((f[2] + f[4]).find_first_of("LW#") != std::string::npos)
    lost.push_back("`L`, `W` and `#` (the job runs on the days `" + dom + "` / `" + dow +
                   "` name instead)");
  if (f[5] != "*") lost.push_back("a Year (the job runs every year)");
  if (!lost.empty())
    t.todo = source + " has no exact five-field form: five-field cron has no " +
             joined(lost, " and no ");
  return t;
}

// --- CronJob -> EventBridge ---

constexpr std::array<const char*, 7> kWeekdays = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

std::optional<int> cron_job_weekday_value(const std::string& text) {
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    if (upper(text) == kWeekdays[i]) return static_cast<int>(i);
  }
  const std::optional<int> n = whole_number(text);
  if (!n || *n > 7) return std::nullopt;
  return *n % 7;  // 7 is Sunday too
}

// The weekdays (0 = Sunday) a five-field Day-of-week names; nullopt when not understood.
std::optional<std::bitset<7>> cron_job_weekdays(const std::string& field) {
  std::bitset<7> days;
  for (const std::string& item : split(field, ',')) {
    const size_t slash = item.find('/');
    const std::string base = item.substr(0, slash);
    const std::optional<int> step =
        slash == std::string::npos ? std::optional<int>(1) : whole_number(item.substr(slash + 1));
    const size_t dash = base.find('-');
    std::optional<int> lo =
        base == "*" || base == "?" ? 0 : cron_job_weekday_value(base.substr(0, dash));
    std::optional<int> hi = base == "*" || base == "?" ? 6 : lo;
    if (dash != std::string::npos)
      hi = whole_number(base.substr(dash + 1)) == std::optional<int>(7)
               ? 7
               : cron_job_weekday_value(base.substr(dash + 1));
    if (!lo || !hi || !step || *step <= 0) return std::nullopt;
    if (slash != std::string::npos && dash == std::string::npos && base != "*") hi = 6;
    for (int d = *lo; d <= *hi; d += *step) days.set(static_cast<size_t>(d % 7));
  }
  return days;
}

// EventBridge's Day-of-week takes no step: the days as a list of 1-7 (SUN-SAT), runs as ranges.
std::string eventbridge_weekdays(const std::bitset<7>& days) {
  std::vector<std::string> items;
  for (size_t d = 0; d < days.size(); ++d) {
    if (!days.test(d)) continue;
    size_t end = d;
    while (end + 1 < days.size() && days.test(end + 1)) ++end;
    items.push_back(end == d ? std::to_string(d + 1)
                             : std::to_string(d + 1) + "-" + std::to_string(end + 1));
    d = end;
  }
  return joined(items, ",");
}

bool restricted(const std::string& field) { return field != "*" && field != "?"; }

TranslatedSchedule from_cron_job_fields(const std::string& source,
                                        const std::vector<std::string>& f) {
  const std::optional<std::bitset<7>> days = cron_job_weekdays(f[4]);
  if (!days) return {"", source + ": its Day-of-week is not understood"};
  TranslatedSchedule t;
  if (!restricted(f[4]) || days->all()) {
    t.expression =
        "cron(" + joined({f[0], f[1], f[2] == "?" ? "*" : f[2], f[3], "?", "*"}, " ") + ")";
    return t;
  }
  const std::string dom = restricted(f[2]) ? f[2] : "?";
  const std::string dow = restricted(f[2]) ? "?" : eventbridge_weekdays(*days);
  t.expression = "cron(" + joined({f[0], f[1], dom, f[3], dow, "*"}, " ") + ")";
  if (restricted(f[2]))
    t.todo = source + " runs on the days either day field names; EventBridge takes one of them: `" +
             t.expression + "` keeps Day-of-month only";
  return t;
}

}  // namespace

TranslatedSchedule cron_job_schedule(std::string_view eventbridge) {
  const std::string source = trimmed(eventbridge);
  TranslatedSchedule t;
  if (source.starts_with("rate(") && source.ends_with(")")) {
    if (std::optional<double> m = rate_minutes(source.substr(5, source.size() - 6)))
      t = from_rate(source, *m);
  } else if (source.starts_with("cron(") && source.ends_with(")")) {
    const std::vector<std::string> f = words(source.substr(5, source.size() - 6));
    if (f.size() == 6) t = from_aws_cron(source, f);
  }
  if (t.expression.empty() || !k8s::cron_runs_per_month(t.expression, kHoursPerMonth))
    return {"0 0 * * *", source + " could not be translated: `0 0 * * *` stands in for it"};
  return t;
}

TranslatedSchedule eventbridge_schedule(std::string_view cron_job) {
  std::string source = trimmed(cron_job);
  std::string zone_todo;
  if (source.starts_with("CRON_TZ=") || source.starts_with("TZ=")) {
    const size_t space = source.find(' ');
    zone_todo = "time zone " + source.substr(0, space) + " dropped: EventBridge rules run in UTC";
    source = space == std::string::npos ? "" : trimmed(source.substr(space));
  }
  TranslatedSchedule t;
  if (source.starts_with("@every")) {
    t = {"", source + " has no EventBridge form here"};
  } else {
    const std::string fields(k8s::cron_macro_fields(source).value_or(source));
    const std::vector<std::string> f = words(fields);
    if (f.size() == 5) t = from_cron_job_fields(source, f);
  }
  if (t.expression.empty() || !aws::schedule_runs_per_month(t.expression, kHoursPerMonth))
    t = {"cron(0 0 * * ? *)",
         source + " could not be translated: `cron(0 0 * * ? *)` stands in for it"};
  if (!zone_todo.empty()) t.todo = t.todo.empty() ? zone_todo : t.todo + "; " + zone_todo;
  return t;
}

}  // namespace rightfit
