// The OCI image as users run it: CPack builds the .deb from this build directory,
// packaging/image/build.sh makes the image from it and Debian packages (debootstrap; the root is
// cached in <build>/image-cache), podman loads the archive into private storage and runs it
// on fixtures/demo mounted read-only at /src, as pre-commit's docker_image hooks do (another
// uid, no network). Its output equals the host binary's. Labelled `image` (CMakeLists.txt): it
// runs in `make test`, not `make quick`.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/debian_package.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::CommandResult;
using testing_support::run_command;
using testing_support::shell_quote;

class OciImage : public testing_support::ScratchDirectory {
 protected:
  // podman with its own storage in the scratch directory (vfs: no overlay mounts), cgroupfs
  // and a file event log (no systemd in a build container), and runc: crun refuses a host
  // with both cgroup v1 and v2 mounted (this sandbox), runc runs there and on v2.
  std::string podman(const std::string& args) const {
    return "podman --root " + shell_quote((dir_ / "storage").string()) + " --runroot " +
           shell_quote((dir_ / "run").string()) +
           " --storage-driver vfs --cgroup-manager cgroupfs --events-backend file --runtime runc " +
           args;
  }
};

// One output format of `check` on the demo, from the host binary run in the demo directory;
// the container sees the same directory as /src.
CommandResult host_check(const std::string& args) {
  return run_command("cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + "/fixtures/demo && " +
                     shell_quote(RIGHTFIT_BINARY) + " " + args + " 2>/dev/null");
}

// Absolute paths of the demo directory read as the container's /src.
std::string normalised(std::string text) {
  const std::string demo = std::string(RIGHTFIT_SOURCE_DIR) + "/fixtures/demo";
  for (auto at = text.find(demo); at != std::string::npos; at = text.find(demo, at))
    text.replace(at, demo.size(), "/src");
  return text;
}

TEST_F(OciImage, RunsOnTheDemoLikeTheHostBinary) {
  const fs::path deb = testing_support::build_debian_package(dir_ / "dist");
  ASSERT_FALSE(deb.empty());
  const fs::path archive = dir_ / "rightfit.oci.tar";
  CommandResult built = run_command(
      "bash " + shell_quote(std::string(RIGHTFIT_SOURCE_DIR) + "/packaging/image/build.sh") +
      " --cache " + shell_quote(std::string(RIGHTFIT_BUILD_DIR) + "/image-cache") +
      " --revision test " + shell_quote(deb.string()) + " " + shell_quote(archive.string()));
  ASSERT_EQ(built.exit_code, 0) << built.output;

  CommandResult loaded = run_command(podman("load --quiet -i " + shell_quote(archive.string())));
  ASSERT_EQ(loaded.exit_code, 0) << loaded.output;
  const std::string version =
      run_command("dpkg-deb -f " + shell_quote(deb.string()) + " Version | tr -d '\\n'").output;
  const std::string image = "localhost/rightfit:" + version;

  // What the image declares: pre-commit's docker_image hooks rely on the entrypoint and /src.
  CommandResult config = run_command(
      podman("image inspect --format '{{json .Config.Entrypoint}} {{.Config.WorkingDir}} "
             "{{index .Config.Labels \"org.opencontainers.image.version\"}} "
             "{{index .Config.Labels \"org.opencontainers.image.licenses\"}}' " +
             image));
  ASSERT_EQ(config.exit_code, 0) << config.output;
  EXPECT_EQ(config.output, "[\"rightfit\"] /src " + version + " Apache-2.0\n");

  const std::string run = podman(
      // podman raises the open files and processes limits to the maximum by default, which a
      // build container without CAP_SYS_RESOURCE refuses: lower ones.
      "run --rm --network none --user 65534:65534 --ulimit nofile=4096:4096 "
      "--ulimit nproc=4096:4096 -v " +
      shell_quote(std::string(RIGHTFIT_SOURCE_DIR) + "/fixtures/demo:/src:ro") + " " + image + " ");
  for (const std::string args : {"check -f json .", "check -f sarif .", "check template.yaml"}) {
    CommandResult in_image = run_command(run + args + " 2>/dev/null");
    CommandResult on_host = host_check(args);
    EXPECT_EQ(in_image.exit_code, 1) << args << ": findings in the demo\n" << in_image.output;
    EXPECT_EQ(in_image.exit_code, on_host.exit_code) << args;
    EXPECT_GT(on_host.output.size(), 100u) << args;
    EXPECT_EQ(normalised(in_image.output), normalised(on_host.output)) << args;
  }
  // The default command is `check .` in /src.
  CommandResult default_command = run_command(run + "2>/dev/null");
  EXPECT_EQ(default_command.output, host_check("check .").output);
}

}  // namespace
}  // namespace rightfit
