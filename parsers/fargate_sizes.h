// The vCPU/memory combinations AWS Fargate runs, for ECS tasks and EKS pods alike.
#pragma once

#include <array>
#include <vector>

namespace rightfit {

// One vCPU size and the memory (GB) it can be combined with: min..max in steps.
struct FargateCpuOption {
  double vcpu;
  double min_gb;
  double max_gb;
  double step_gb;
};

inline constexpr std::array<FargateCpuOption, 7> kFargateSizes = {{
    {0.25, 0.5, 2, 0.5},  // 0.5, 1, 2 GB: 1.5 is not offered (fargate_memory_choices)
    {0.5, 1, 4, 1},
    {1, 2, 8, 1},
    {2, 4, 16, 1},
    {4, 8, 30, 1},
    {8, 16, 60, 4},
    {16, 32, 120, 8},
}};

// The memory sizes (GB) of `option`, smallest first.
inline std::vector<double> fargate_memory_choices(const FargateCpuOption& option) {
  if (option.vcpu == 0.25) return {0.5, 1, 2};
  std::vector<double> out;
  for (double gb = option.min_gb; gb <= option.max_gb + 1e-9; gb += option.step_gb) {
    out.push_back(gb);
  }
  return out;
}

}  // namespace rightfit
