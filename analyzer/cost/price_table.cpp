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
  // Lambda Managed Instances: "EC2 instance price + 15% management fee + $0.20 per million
  // requests" (AWS Lambda pricing page, https://aws.amazon.com/lambda/pricing/, Managed
  // Instances section, read 2026-12-07).
  t.managed_instances_fee = 0.15;
  t.managed_instances_requests_per_million = 0.20;
  // AWS's EC2 on-demand price list renders its figures client-side, and no page `search` found
  // on 2026-12-07 carries them from AWS itself, so this table holds the one figure a dated page
  // states: m7g.large, Linux, us-east-1, $0.0816/hour ("Amazon EC2 On-Demand Pricing: Instance
  // Families...",
  // https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/,
  // 2026-06-17, read 2026-12-07); its size (2 vCPU, 8 GiB: an xlarge is 4 vCPU/16 GiB and each
  // size halves) from https://cloudtoolstack.com/learn/aws-ec2-instance-types (2026-02-22). M,
  // C and R families of the current generation are what Managed Instances run on; add the
  // others you use under `prices.ec2_instances`.
  t.ec2_instances = {
      Ec2InstancePrice{
          .type = "m7g.large", .arch = Arch::Arm64, .vcpu = 2, .memory_gb = 8, .hourly = 0.0816},
  };
  // "$0.025 per 1,000 state transitions" (US East (N. Virginia) $0.0250), Standard workflows,
  // https://aws.amazon.com/step-functions/pricing/ (read 2026-12-07); free tier excluded.
  t.step_functions_transition = 0.025 / 1000;
  t.fargate_spot_discount = 0.70;
  t.hours_per_month = 730;
  return t;
}

}  // namespace rightfit
