#include "integrations/usage/compute_optimizer.h"

#include <rapidjson/document.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include "analyzer/config.h"
#include "integrations/usage/csv_table.h"
#include "parsers/aws_limits.h"

namespace rightfit::usage {

namespace {

using cloudwatch::NamedWorkload;
using cloudwatch::UsageReading;
using cloudwatch::WorkloadKind;

// "utilizationMetrics_Duration_MAXIMUM" and "UtilizationMetricsDurationMaximum" alike.
std::string column_key(std::string_view name) {
  std::string key;
  for (const char c : name) {
    if (c != '_' && c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

// Where a figure lands, and the largest value its unit allows.
struct Column {
  const char* key;  // column_key of the export's column / the API's field
  std::optional<double> MeasuredUsage::*field;
  double max;
  const char* max_text;
};

constexpr double kMaxDurationMs = aws::kManagedInstancesMaxTimeoutS * 1000;

const std::vector<Column>& columns(OptimizerResource resource) {
  using M = MeasuredUsage;
  static const std::vector<Column> function = {
      {"utilizationmetricsdurationmaximum", &M::duration_max_ms, kMaxDurationMs,
       "5400000 ms, Lambda's longest timeout: is it in milliseconds?"},
      {"utilizationmetricsdurationaverage", &M::duration_avg_ms, kMaxDurationMs,
       "5400000 ms, Lambda's longest timeout: is it in milliseconds?"},
      {"utilizationmetricsmemorymaximum", &M::memory_used_max_mb, aws::kLambdaMaxMemoryMb,
       "10240 MB, Lambda's largest memory: is it in MB?"},
      {"utilizationmetricsmemoryaverage", &M::memory_used_avg_mb, aws::kLambdaMaxMemoryMb,
       "10240 MB, Lambda's largest memory: is it in MB?"},
      {"currentconfigurationmemorysize", &M::memory_configured_mb, aws::kLambdaMaxMemoryMb,
       "10240 MB, Lambda's largest memory: is it in MB?"},
      {"currentmemorysize", &M::memory_configured_mb, aws::kLambdaMaxMemoryMb,
       "10240 MB, Lambda's largest memory: is it in MB?"},
  };
  static const std::vector<Column> service = {
      {"utilizationmetricscpumaximum", &M::cpu_max_percent, kOptionCeiling.value, "1e9"},
      {"utilizationmetricscpuaverage", &M::cpu_avg_percent, kOptionCeiling.value, "1e9"},
      {"utilizationmetricsmemorymaximum", &M::memory_max_percent, kOptionCeiling.value, "1e9"},
      {"utilizationmetricsmemoryaverage", &M::memory_avg_percent, kOptionCeiling.value, "1e9"},
  };
  return resource == OptimizerResource::Function ? function : service;
}

const char* kInvocations = "numberofinvocations";
const char* kLookback = "lookbackperiodindays";

// One recommendation: the resource's ARN and its numbers by column_key.
struct Recommendation {
  std::string where;  // "line 3", "lambdaFunctionRecommendations[2]"
  std::string arn;
  std::string error;  // Compute Optimizer's errorCode / errorMessage, when it made none
  std::map<std::string, double> numbers;
};

// The function name of "arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]".
std::string function_name(const std::string& arn) {
  const std::size_t at = arn.find(":function:");
  if (at == std::string::npos) return arn;
  const std::string rest = arn.substr(at + 10);
  return rest.substr(0, rest.find(':'));
}

class Recorder {
 public:
  Recorder(const std::string& file, OptimizerResource resource,
           const std::vector<NamedWorkload>& workloads, double hours_per_month,
           UsageReading& reading)
      : file_(file),
        resource_(resource),
        workloads_(workloads),
        hours_per_month_(hours_per_month),
        reading_(reading) {}

  // Checks every number first: a file with a value no measurement gives is refused whole.
  std::string problem_in(const Recommendation& r) const {
    for (const auto& [key, value] : r.numbers) {
      if (!std::isfinite(value) || value < 0) return r.where + ": " + key + " is not a number >= 0";
      if (const Column* c = column(key); c && value > c->max)
        return r.where + ": " + key + " " + std::to_string(value) + " is above " + c->max_text;
    }
    if (auto it = r.numbers.find(kInvocations);
        it != r.numbers.end() && it->second > kRequestsCeiling.value)
      return r.where + ": numberOfInvocations is above the ceiling of " +
             std::string(kRequestsCeiling.text);
    if (auto it = r.numbers.find(kLookback);
        it != r.numbers.end() && it->second > aws::kComputeOptimizerMaxLookbackDays)
      return r.where + ": lookbackPeriodInDays is above Compute Optimizer's 93 days";
    return "";
  }

  void record(const Recommendation& r) {
    if (!r.error.empty())
      return warn(r.where + ": Compute Optimizer says " + r.error + "; ignored");
    const NamedWorkload* workload = workload_of(r.arn);
    if (!workload) return;
    auto lookback = r.numbers.find(kLookback);
    if (lookback == r.numbers.end() || lookback->second <= 0)
      return warn(r.where + ": no lookbackPeriodInDays; not measured");
    MeasuredUsage& usage = reading_.measured[workload->id];
    if (!usage.file.empty())
      return warn(r.where + ": " + workload->physical_name + " is measured by " + usage.file +
                  " already; ignored");
    usage.file = file_;
    usage.source = "AWS Compute Optimizer";
    usage.window_days = lookback->second;
    for (const auto& [key, value] : r.numbers) {
      if (const Column* c = column(key)) usage.*(c->field) = value;
    }
    if (auto it = r.numbers.find(kInvocations);
        it != r.numbers.end() && resource_ == OptimizerResource::Function)
      usage.invocations_per_month = it->second * hours_per_month_ / (lookback->second * 24);
  }

 private:
  void warn(const std::string& what) { reading_.warnings.push_back(file_ + ": " + what); }

  const Column* column(const std::string& key) const {
    for (const Column& c : columns(resource_)) {
      if (key == c.key) return &c;
    }
    return nullptr;
  }

  const NamedWorkload* find(WorkloadKind kind, const std::string& name) const {
    for (const NamedWorkload& w : workloads_) {
      if (w.kind == kind && w.physical_name == name) return &w;
    }
    return nullptr;
  }

  // The analysed workload `arn` names (an ECS service by "<cluster>/<service>"), else a warning.
  const NamedWorkload* workload_of(const std::string& arn) {
    std::string name = function_name(arn);
    WorkloadKind kind = WorkloadKind::Function;
    if (resource_ == OptimizerResource::Service) {
      const cloudwatch::ServiceArn service = cloudwatch::parse_service_arn(arn);
      name = service.cluster + "/" + service.name;
      kind = WorkloadKind::Service;
    }
    const NamedWorkload* w = arn.empty() ? nullptr : find(kind, name);
    if (!w) warn("'" + arn + "': no analysed workload is named '" + name + "'; ignored");
    return w;
  }

  const std::string& file_;
  OptimizerResource resource_;
  const std::vector<NamedWorkload>& workloads_;
  double hours_per_month_;
  UsageReading& reading_;
};

std::string record_all(const std::vector<Recommendation>& recommendations, Recorder& recorder) {
  for (const Recommendation& r : recommendations) {
    if (std::string problem = recorder.problem_in(r); !problem.empty()) return problem;
  }
  for (const Recommendation& r : recommendations) recorder.record(r);
  return "";
}

// A CSV field as a number: nullopt for an empty field, NaN for one that is not a number.
std::optional<double> csv_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() ? value : std::nan("");
}

std::string field(const CsvRow& row, std::optional<std::size_t> at) {
  return at && *at < row.fields.size() ? row.fields[*at] : std::string();
}

}  // namespace

std::optional<OptimizerResource> optimizer_csv_resource(const std::vector<std::string>& header) {
  for (const std::string& name : header) {
    if (column_key(name) == "functionarn") return OptimizerResource::Function;
    if (column_key(name) == "servicearn") return OptimizerResource::Service;
  }
  return std::nullopt;
}

std::string read_optimizer_csv(const std::string& file, std::string_view text,
                               const std::vector<NamedWorkload>& workloads, double hours_per_month,
                               UsageReading& reading) {
  Result<CsvTable> table = parse_csv(text);
  if (!table.ok()) return table.problem().message;
  const std::optional<OptimizerResource> resource = optimizer_csv_resource(table->header);
  if (!resource) return "no functionArn or serviceArn column";
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < table->header.size(); ++i) at[column_key(table->header[i])] = i;
  auto index = [&](const char* key) -> std::optional<std::size_t> {
    auto it = at.find(key);
    return it == at.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  };
  const auto arn = index(*resource == OptimizerResource::Function ? "functionarn" : "servicearn");
  std::vector<Recommendation> recommendations;
  for (const CsvRow& row : table->rows) {
    Recommendation r{"line " + std::to_string(row.line), field(row, arn), "", {}};
    if (std::string code = field(row, index("errorcode")); !code.empty())
      r.error = code + ": " + field(row, index("errormessage"));
    for (const char* key : {kInvocations, kLookback}) {
      if (std::optional<double> v = csv_number(field(row, index(key)))) r.numbers[key] = *v;
    }
    for (const Column& c : columns(*resource)) {
      if (std::optional<double> v = csv_number(field(row, index(c.key)))) r.numbers[c.key] = *v;
    }
    recommendations.push_back(std::move(r));
  }
  Recorder recorder(file, *resource, workloads, hours_per_month, reading);
  return record_all(recommendations, recorder);
}

namespace {

std::string json_text(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

// A number the API gives as one; NaN for a value of another type.
double json_number(const rapidjson::Value& v) {
  return v.IsNumber() ? v.GetDouble() : std::nan("");
}

Recommendation json_recommendation(const rapidjson::Value& item, const std::string& where,
                                   const char* arn_key) {
  Recommendation r{where, json_text(item, arn_key), "", {}};
  for (const char* key : {"numberOfInvocations", "lookbackPeriodInDays", "currentMemorySize"}) {
    auto it = item.FindMember(key);
    if (it != item.MemberEnd()) r.numbers[column_key(key)] = json_number(it->value);
  }
  auto metrics = item.FindMember("utilizationMetrics");
  if (metrics == item.MemberEnd() || !metrics->value.IsArray()) return r;
  for (const rapidjson::Value& m : metrics->value.GetArray()) {
    if (!m.IsObject() || !m.HasMember("value")) continue;
    r.numbers[column_key("utilizationMetrics" + json_text(m, "name") + json_text(m, "statistic"))] =
        json_number(m["value"]);
  }
  return r;
}

}  // namespace

std::string read_optimizer_json(const std::string& file, std::string_view text,
                                const std::vector<NamedWorkload>& workloads, double hours_per_month,
                                UsageReading& reading) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return "not a JSON object";
  const bool functions = doc.HasMember("lambdaFunctionRecommendations");
  const char* list = functions ? "lambdaFunctionRecommendations" : "ecsServiceRecommendations";
  if (!doc.HasMember(list) || !doc[list].IsArray())
    return std::string(list) + " must be a list of recommendations";
  std::vector<Recommendation> recommendations;
  rapidjson::SizeType i = 0;
  for (const rapidjson::Value& item : doc[list].GetArray()) {
    const std::string where = std::string(list) + "[" + std::to_string(i++) + "]";
    if (!item.IsObject()) return where + " is not an object";
    recommendations.push_back(
        json_recommendation(item, where, functions ? "functionArn" : "serviceArn"));
  }
  Recorder recorder(file, functions ? OptimizerResource::Function : OptimizerResource::Service,
                    workloads, hours_per_month, reading);
  return record_all(recommendations, recorder);
}

}  // namespace rightfit::usage
