#include "integrations/cloudwatch/metric_results.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <sstream>
#include <utility>

#include "analyzer/config.h"

namespace rightfit::cloudwatch {

namespace {

// Where a statistic lands in MeasuredUsage, and the bound the configuration puts on such a
// number. `per_month`: a count over the window, extrapolated to the model's month.
struct Figure {
  const char* key;  // MetricStat::key
  std::optional<double> MeasuredUsage::*field;
  const NumberCeiling* ceiling;
  bool per_month;
};

const std::vector<Figure>& figures() {
  using M = MeasuredUsage;
  static const std::vector<Figure> table = {
      {"invocations_sum", &M::invocations_per_month, &kRequestsCeiling, true},
      {"duration_avg", &M::duration_avg_ms, &kDurationCeiling, false},
      {"duration_p50", &M::duration_p50_ms, &kDurationCeiling, false},
      {"duration_p95", &M::duration_p95_ms, &kDurationCeiling, false},
      {"duration_p99", &M::duration_p99_ms, &kDurationCeiling, false},
      {"duration_max", &M::duration_max_ms, &kDurationCeiling, false},
      {"concurrency_max", &M::max_concurrency, &kOptionCeiling, false},
      {"errors_sum", &M::errors, &kRequestsCeiling, false},
      {"throttles_sum", &M::throttles, &kRequestsCeiling, false},
      {"cpu_avg", &M::cpu_avg_percent, &kOptionCeiling, false},
      {"cpu_max", &M::cpu_max_percent, &kOptionCeiling, false},
      {"memory_avg", &M::memory_avg_percent, &kOptionCeiling, false},
      {"memory_max", &M::memory_max_percent, &kOptionCeiling, false},
      {"tasks_avg", &M::tasks_avg, &kOptionCeiling, false},
      {"tasks_min", &M::tasks_min, &kOptionCeiling, false},
      {"tasks_max", &M::tasks_max, &kOptionCeiling, false},
      {"received_sum", &M::messages_per_month, &kRequestsCeiling, true},
      {"oldest_age_max", &M::oldest_message_age_max_s, &kOptionCeiling, false},
  };
  return table;
}

// A Label as metric_queries.h writes it: "<physical name> <MetricName> <Stat> <N>d".
struct ParsedLabel {
  std::string physical_name;
  const MetricStat* stat = nullptr;
  int days = 0;
};

std::optional<ParsedLabel> parse_label(const std::string& label) {
  std::istringstream in(label);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  if (words.size() < 4 || words.back().size() < 2 || words.back().back() != 'd') return {};
  ParsedLabel parsed;
  const std::string days = words.back().substr(0, words.back().size() - 1);
  if (days.size() > 3 || !std::all_of(days.begin(), days.end(), ::isdigit)) return {};
  parsed.days = std::stoi(days);
  const std::string& metric = words[words.size() - 3];
  const std::string& stat = words[words.size() - 2];
  for (const MetricStat& m : metric_stats()) {
    if (metric == m.metric && stat == m.stat) parsed.stat = &m;
  }
  if (!parsed.stat || parsed.days < 1) return {};
  parsed.physical_name = label.substr(0, label.rfind(metric));
  while (!parsed.physical_name.empty() && parsed.physical_name.back() == ' ')
    parsed.physical_name.pop_back();
  return parsed;
}

// The window's figure from its datapoints: counts add up, averages average, minima and maxima
// keep the extreme; a percentile keeps the highest period's (an upper bound: percentiles of
// periods do not combine into the window's).
double aggregate(const std::string& stat, const std::vector<double>& values) {
  if (stat == "Sum") return std::accumulate(values.begin(), values.end(), 0.0);
  if (stat == "Average")
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  if (stat == "Minimum") return *std::min_element(values.begin(), values.end());
  return *std::max_element(values.begin(), values.end());
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string text_member(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value* v = member(object, name);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

class Reader {
 public:
  Reader(const std::vector<NamedWorkload>& workloads, const ParseLimits& limits,
         double hours_per_month)
      : workloads_(workloads), limits_(limits), hours_per_month_(hours_per_month) {}

  std::string read_file(const std::string& file) {
    file_ = file;
    SourceText text = read_source_file(file, limits_);
    if (!text.ok()) return file + ": " + text.problem().message;
    rapidjson::Document doc;
    doc.Parse(text->data(), text->size());
    const rapidjson::Value* results =
        doc.HasParseError() || !doc.IsObject() ? nullptr : member(doc, "MetricDataResults");
    if (!results || !results->IsArray())
      return file +
             ": not `aws cloudwatch get-metric-data --output json` output (a JSON object with "
             "MetricDataResults[])";
    for (const rapidjson::Value& r : results->GetArray()) {
      if (std::string problem = read_result(r); !problem.empty())
        return file + ": " + std::move(problem);
    }
    read_messages(doc);
    return "";
  }

  UsageReading take() { return std::move(reading_); }

 private:
  void warn(const std::string& what) { reading_.warnings.push_back(file_ + ": " + what); }

  void read_messages(const rapidjson::Document& doc) {
    const rapidjson::Value* messages = member(doc, "Messages");
    if (!messages || !messages->IsArray()) return;
    for (const rapidjson::Value& m : messages->GetArray()) {
      if (m.IsObject())
        warn("CloudWatch says " + text_member(m, "Code") + ": " + text_member(m, "Value"));
    }
  }

  const NamedWorkload* workload_named(const std::string& name, WorkloadKind kind) const {
    for (const NamedWorkload& w : workloads_) {
      if (w.kind == kind && w.physical_name == name) return &w;
    }
    return nullptr;
  }

  // The datapoints of one result, or why they are not numbers.
  static std::string values_of(const rapidjson::Value& r, std::vector<double>& values) {
    const rapidjson::Value* v = member(r, "Values");
    const rapidjson::Value* t = member(r, "Timestamps");
    if (!v || !v->IsArray() || (t && (!t->IsArray() || t->Size() != v->Size())))
      return "result '" + text_member(r, "Id") +
             "': Values must be a list of numbers, one per "
             "Timestamp";
    for (const rapidjson::Value& x : v->GetArray()) {
      if (!x.IsNumber() || !std::isfinite(x.GetDouble()) || x.GetDouble() < 0)
        return "result '" + text_member(r, "Id") + "': a value is not a number >= 0";
      values.push_back(x.GetDouble());
    }
    return "";
  }

  std::string read_result(const rapidjson::Value& r) {
    if (!r.IsObject()) return "a MetricDataResults entry is not an object";
    std::vector<double> values;
    if (std::string problem = values_of(r, values); !problem.empty()) return problem;
    const std::string label = text_member(r, "Label");
    std::optional<ParsedLabel> parsed = parse_label(label);
    if (!parsed) {
      warn("result '" + text_member(r, "Id") + "' (label '" + label +
           "') is not one `rightfit usage query` asked for; ignored");
      return "";
    }
    const NamedWorkload* workload = workload_named(parsed->physical_name, parsed->stat->kind);
    if (!workload) {
      warn("'" + label + "': no analysed workload is named '" + parsed->physical_name +
           "'; ignored");
      return "";
    }
    const std::string status = text_member(r, "StatusCode");
    if (status != "Complete") {
      warn("'" + label + "': StatusCode " + (status.empty() ? "missing" : status) +
           ": not used (run the query again for the whole window)");
      return "";
    }
    if (values.empty()) {
      warn("'" + label + "': no datapoints in the window; not measured");
      return "";
    }
    return record(*workload, *parsed, aggregate(parsed->stat->stat, values), label);
  }

  std::string record(const NamedWorkload& workload, const ParsedLabel& parsed, double value,
                     const std::string& label) {
    const Figure* figure = nullptr;
    for (const Figure& f : figures()) {
      if (std::string_view(f.key) == parsed.stat->key) figure = &f;
    }
    if (!figure) return "";
    if (figure->per_month) value *= hours_per_month_ / (parsed.days * 24.0);
    if (value > figure->ceiling->value)
      return "'" + label + "': " + std::to_string(value) + " is above the ceiling of " +
             std::string(figure->ceiling->text);
    MeasuredUsage& usage = reading_.measured[workload.id];
    if (usage.file.empty() || usage.file == file_) {
      usage.file = file_;
      usage.source = "CloudWatch";
      usage.window_days = parsed.days;
    } else if (usage.window_days != parsed.days) {
      warn("'" + label + "': a different window than " + usage.file + "; ignored");
      return "";
    }
    if (usage.*(figure->field)) warn("'" + label + "' is measured twice; the later one is used");
    usage.*(figure->field) = value;
    return "";
  }

  const std::vector<NamedWorkload>& workloads_;
  const ParseLimits& limits_;
  double hours_per_month_;
  std::string file_;
  UsageReading reading_;
};

}  // namespace

Result<UsageReading> read_metric_data(const std::vector<std::string>& files,
                                      const std::vector<NamedWorkload>& workloads,
                                      const ParseLimits& limits, double hours_per_month) {
  Reader reader(workloads, limits, hours_per_month);
  for (const std::string& file : files) {
    if (std::string problem = reader.read_file(file); !problem.empty()) return fail(problem);
  }
  return reader.take();
}

}  // namespace rightfit::cloudwatch
