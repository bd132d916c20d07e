#include "analyzer/cost/price_table.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace rightfit {

Arch arch_from_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "arm64" || lower == "aarch64" ? Arch::Arm64 : Arch::X86_64;
}

const char* arch_name(Arch arch) { return arch == Arch::Arm64 ? "arm64" : "x86_64"; }

// Sources: AWS Lambda and AWS Fargate pricing pages (us-east-1) and the AWS Price List
// (Lambda Provisioned-Concurrency, Lambda Duration-Provisioned and their -ARM forms).
PriceTable builtin_price_table() {
  PriceTable t;
  t.region = std::string(kBuiltinPriceRegion);
  t.as_of = "2026-11-27";
  t.lambda_requests_per_million = 0.20;
  t.x86_64 = ArchPrices{
      .lambda_gb_second = 0.0000166667,
      .lambda_provisioned_gb_second = 0.0000041667,
      .lambda_provisioned_duration_gb_second = 0.0000097222,
      .fargate_vcpu_hour = 0.04048,
      .fargate_gb_hour = 0.004445,
  };
  t.arm64 = ArchPrices{
      .lambda_gb_second = 0.0000133334,
      .lambda_provisioned_gb_second = 0.0000033334,
      .lambda_provisioned_duration_gb_second = 0.0000077778,
      .fargate_vcpu_hour = 0.03238,
      .fargate_gb_hour = 0.00356,
  };
  t.fargate_spot_discount = 0.70;
  t.hours_per_month = 730;
  return t;
}

}  // namespace rightfit
