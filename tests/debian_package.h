// The Debian package of this build, as `make package` makes it: for the tests that install it
// (package_test.cpp) or build the OCI image from it (oci_image_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/host_process.h"

namespace rightfit::testing_support {

// Runs CPack from the build directory into `dist`; returns the .deb it wrote.
inline std::filesystem::path build_debian_package(const std::filesystem::path& dist) {
  CommandResult cpack =
      run_command("cd " + shell_quote(RIGHTFIT_BUILD_DIR) + " && " + shell_quote(RIGHTFIT_CPACK) +
                  " -G DEB -B " + shell_quote(dist.string()));
  EXPECT_EQ(cpack.exit_code, 0) << cpack.output;
  for (const auto& entry : std::filesystem::directory_iterator(dist)) {
    if (entry.path().extension() == ".deb") return entry.path();
  }
  ADD_FAILURE() << "no .deb in " << dist << ": " << cpack.output;
  return {};
}

}  // namespace rightfit::testing_support
