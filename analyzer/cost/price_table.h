// The prices the cost model uses: a dated built-in table for us-east-1 (on-demand, Linux, free
// tier excluded), which `.rightfit.yaml` may replace per region (see config.cpp, `prices:`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rightfit {

enum class Arch { X86_64, Arm64 };

// "arm64", "ARM64", "aarch64" are Arm; anything else (x86_64, X86_64, absent) is x86.
Arch arch_from_name(std::string_view name);
const char* arch_name(Arch arch);  // "x86_64" | "arm64"

// What one CPU architecture costs, in USD.
struct ArchPrices {
  double lambda_gb_second = 0;                       // on-demand duration
  double lambda_provisioned_gb_second = 0;           // provisioned concurrency, while enabled
  double lambda_provisioned_duration_gb_second = 0;  // duration of invocations it serves
  double fargate_vcpu_hour = 0;
  double fargate_gb_hour = 0;
};

// One EC2 instance type Lambda Managed Instances can run on: its size and on-demand Linux price.
struct Ec2InstancePrice {
  std::string type;  // "m7g.large"
  Arch arch = Arch::X86_64;
  double vcpu = 0;
  double memory_gb = 0;
  double hourly = 0;  // USD per instance-hour, on demand
};

struct PriceTable {
  std::string region;
  std::string as_of;  // when the figures were last checked against AWS's price list
  double lambda_requests_per_million = 0;
  ArchPrices x86_64;
  ArchPrices arm64;
  // Fargate Spot's price as a fraction off on-demand; AWS moves it with supply and demand
  // ("up to 70% off"), so it is a setting rather than a fact.
  double fargate_spot_discount = 0;
  // How many requests one Fargate task serves at once when it stands in for a function: 1 is
  // a Lambda environment's one at a time; a server that handles requests concurrently carries
  // more per task. A property of the application, not of AWS, so a setting.
  double fargate_requests_per_task = 1;
  double hours_per_month = 730;
  // Lambda Managed Instances: the instances' on-demand price, plus a management fee as a
  // fraction of it, plus a price per million requests. The instance types priced here (and in
  // `.rightfit.yaml` `prices.ec2_instances`) are the only ones the cost model sizes.
  double managed_instances_fee = 0;
  double managed_instances_requests_per_million = 0;
  std::vector<Ec2InstancePrice> ec2_instances;
  // Step Functions Standard: the price of one state transition.
  double step_functions_transition = 0;

  const ArchPrices& of(Arch arch) const { return arch == Arch::Arm64 ? arm64 : x86_64; }
  double seconds_per_month() const { return hours_per_month * 3600; }
};

// us-east-1 on-demand, the figures of rules.md.
PriceTable builtin_price_table();

inline constexpr std::string_view kBuiltinPriceRegion = "us-east-1";

}  // namespace rightfit
