// The Debian package as users get it: CPack builds it from this build directory, dpkg
// installs it into a scratch root (its own admin database), and the installed rightfit and
// clang-tidy module run from there. The scratch database knows no packages, so dependencies
// are forced there and checked against the host's dpkg database instead.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/debian_package.h"
#include "tests/host_process.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;
using testing_support::CommandResult;
using testing_support::run_command;
using testing_support::shell_quote;

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\n") - begin + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(trimmed(part));
  return parts;
}

// One alternative of a Depends clause: `name` or `name (op version)`.
struct Requirement {
  std::string name, op, version;
};

Requirement requirement_of(const std::string& text) {
  Requirement r;
  const auto paren = text.find('(');
  r.name = trimmed(text.substr(0, paren));
  if (paren != std::string::npos) {
    std::istringstream in(text.substr(paren + 1, text.find(')') - paren - 1));
    in >> r.op >> r.version;
  }
  return r;
}

// Whether the host has `r` installed, in a version that satisfies it.
bool host_satisfies(const Requirement& r) {
  CommandResult status = run_command("dpkg-query -W -f='${Status} ${Version}' " +
                                     shell_quote(r.name) + " 2>/dev/null");
  const std::string installed = "install ok installed ";
  if (status.exit_code != 0 || status.output.rfind(installed, 0) != 0) return false;
  if (r.op.empty()) return true;
  // dpkg compares with the Depends field's own operators (>=, <<, ...).
  return run_command("dpkg --compare-versions " +
                     shell_quote(status.output.substr(installed.size())) + " " + shell_quote(r.op) +
                     " " + shell_quote(r.version))
             .exit_code == 0;
}

// Every package name a Depends field mentions (alternatives included).
std::set<std::string> package_names(const std::string& depends) {
  std::set<std::string> names;
  for (const std::string& clause : split(depends, ','))
    for (const std::string& alternative : split(clause, '|'))
      names.insert(requirement_of(alternative).name);
  return names;
}

// (library, package) for each shared library `file` links directly (objdump's NEEDED): the
// package dpkg says ships the file the dynamic loader picks (ldd). With usrmerge, dpkg may
// know /usr/lib/... where ldd says /lib/....
std::vector<std::pair<std::string, std::string>> needed_packages(const fs::path& file) {
  const std::string f = shell_quote(file.string());
  const std::string script =
      "loaded=$(ldd " + f + "); objdump -p " + f +
      " | awk '$1==\"NEEDED\"{print $2}' | "
      "while read lib; do "
      "path=$(echo \"$loaded\" | awk -v l=\"$lib\" '$1==l && $2==\"=>\"{print $3}'); "
      "owner=; [ -n \"$path\" ] && owner=$({ dpkg -S \"$path\" || dpkg -S \"/usr$path\"; } "
      "2>/dev/null | head -1); "
      "echo \"$lib ${owner%%:*}\"; done";
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream lines(run_command(script).output);
  for (std::string lib, owner; lines >> lib;) {
    std::getline(lines, owner);
    out.emplace_back(lib, trimmed(owner));
  }
  return out;
}

class DebianPackage : public testing_support::ScratchDirectory {
 protected:
  // Runs CPack into the scratch directory; returns the .deb it wrote.
  fs::path build_package() { return testing_support::build_debian_package(dir_ / "dist"); }

  std::string field(const fs::path& deb, const std::string& name) {
    return trimmed(
        run_command("dpkg-deb -f " + shell_quote(deb.string()) + " " + shell_quote(name)).output);
  }

  // dpkg -i into dir_/root with an empty admin database in dir_/admin.
  CommandResult install(const fs::path& deb) {
    const fs::path admin = dir_ / "admin";
    fs::create_directories(admin / "updates");
    fs::create_directories(admin / "info");
    testing_support::write_text(admin / "status", "");
    fs::create_directories(root());
    return run_command("dpkg --instdir=" + shell_quote(root().string()) +
                       " --admindir=" + shell_quote(admin.string()) +
                       " --force-depends --force-not-root --no-triggers -i " +
                       shell_quote(deb.string()));
  }

  fs::path root() const { return dir_ / "root"; }
  std::string installed_rightfit() const {
    return shell_quote((root() / "usr/bin/rightfit").string());
  }
  // RIGHTFIT_TIDY_ENV: in the sanitizer build, the runtimes the module needs (LD_PRELOAD).
  std::string installed_clang_tidy(const std::string& args) const {
    return std::string(RIGHTFIT_TIDY_ENV) + " " + RIGHTFIT_CLANG_TIDY + " --load=" +
           shell_quote((root() / "usr/lib/rightfit/clang-tidy/librightfit-tidy.so").string()) +
           " " + args;
  }
};

TEST_F(DebianPackage, InstallsAndRunsFromItsPrefix) {
  const fs::path deb = build_package();
  ASSERT_FALSE(deb.empty());

  // The control fields.
  EXPECT_EQ(field(deb, "Package"), "rightfit");
  const std::string version = field(deb, "Version");
  EXPECT_FALSE(version.empty());
  EXPECT_EQ(deb.filename().string().rfind("rightfit_" + version + "_", 0), 0u) << deb;
  EXPECT_EQ(field(deb, "Section"), "devel");
  EXPECT_EQ(field(deb, "Architecture"), trimmed(run_command("dpkg --print-architecture").output));
  EXPECT_FALSE(field(deb, "Maintainer").empty());
  const std::string depends = field(deb, "Depends");
  for (const char* needed : {"libclang-cpp19", "libllvm19", "libyaml-cpp", "libstdc++6", "libc6",
                             "libclang-common-19-dev", "libgvc6"}) {
    EXPECT_NE(depends.find(needed), std::string::npos) << needed << " in " << depends;
  }
  // Every dependency is one the host has (in a satisfying version): `apt-get install
  // ./rightfit_*.deb` on a machine like this one needs nothing else.
  for (const std::string& clause : split(depends, ',')) {
    bool satisfied = false;
    for (const std::string& alternative : split(clause, '|'))
      satisfied = satisfied || host_satisfies(requirement_of(alternative));
    EXPECT_TRUE(satisfied) << clause;
  }

  // Nothing to run at install time (a loadable module needs no ldconfig), so installing into
  // a scratch root runs no script on the host either.
  CommandResult control = run_command("dpkg-deb -I " + shell_quote(deb.string()));
  EXPECT_EQ(control.output.find("postinst"), std::string::npos) << control.output;
  EXPECT_EQ(control.output.find("postrm"), std::string::npos) << control.output;

  CommandResult installed = install(deb);
  ASSERT_EQ(installed.exit_code, 0) << installed.output;
  CommandResult listed =
      run_command("dpkg --admindir=" + shell_quote((dir_ / "admin").string()) + " -L rightfit");
  for (const char* path :
       {"/usr/bin/rightfit", "/usr/lib/rightfit/clang-tidy/librightfit-tidy.so",
        "/usr/lib/rightfit/cpp/librightfit-cpp.so", "/usr/share/doc/rightfit/README.md",
        "/usr/share/doc/rightfit/CHANGELOG.md", "/usr/share/doc/rightfit/copyright",
        "/usr/share/doc/rightfit/rules/lambda_timeout_out_of_range.md"}) {
    EXPECT_NE(listed.output.find(path), std::string::npos) << path << "\n" << listed.output;
  }
  // Depends names the package of every library the binary and the module link.
  const std::set<std::string> declared = package_names(depends);
  for (const char* file : {"usr/bin/rightfit", "usr/lib/rightfit/clang-tidy/librightfit-tidy.so",
                           "usr/lib/rightfit/cpp/librightfit-cpp.so"}) {
    const auto needed = needed_packages(root() / file);
    EXPECT_GE(needed.size(), 4u) << file;
    for (const auto& [lib, owner] : needed)
      EXPECT_TRUE(declared.count(owner))
          << file << " needs " << lib << " of '" << owner << "', not in Depends: " << depends;
  }

  std::size_t help_pages = 0, shipped_pages = 0;
  for (const auto& e : fs::directory_iterator(fs::path(RIGHTFIT_SOURCE_DIR) / "checks"))
    help_pages += e.path().extension() == ".md";
  for (const auto& e : fs::directory_iterator(root() / "usr/share/doc/rightfit/rules"))
    shipped_pages += e.path().extension() == ".md";
  EXPECT_EQ(shipped_pages, help_pages);

  // The installed binary, from the installed location.
  CommandResult shown = run_command(installed_rightfit() + " --version");
  EXPECT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find(version), std::string::npos) << shown.output;
  CommandResult demo = run_command("cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && " +
                                   installed_rightfit() + " check fixtures/demo");
  EXPECT_EQ(demo.exit_code, 1) << demo.output;
  EXPECT_NE(demo.output.find("fixtures/demo/template.yaml:33:7: warning"), std::string::npos)
      << demo.output;
  // C++ handler code: Clang with its resource headers from libclang-common-19-dev.
  CommandResult cpp = run_command("cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && " +
                                  installed_rightfit() + " check fixtures/cpp/loops");
  EXPECT_EQ(cpp.exit_code, 1) << cpp.output;
  EXPECT_NE(cpp.output.find("[RF102]"), std::string::npos) << cpp.output;
  CommandResult explained = run_command(installed_rightfit() + " explain RF104");
  EXPECT_EQ(explained.exit_code, 0) << explained.output;
  EXPECT_NE(explained.output.find("RF104"), std::string::npos) << explained.output;
  // The workload map: Graphviz's dot linked in (libgvc6's plugin, through the binary's
  // RUNPATH), nothing read from Graphviz's plugin configuration.
  CommandResult map = run_command("cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && " +
                                  installed_rightfit() + " report -f html fixtures/demo 2>&1");
  EXPECT_EQ(map.exit_code, 0) << map.output;
  EXPECT_NE(map.output.find("class=\"map-edge\""), std::string::npos) << map.output;
  EXPECT_EQ(map.output.find("could not be laid out"), std::string::npos);

  // The installed clang-tidy module.
  CommandResult checks = run_command(
      "cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && " +
      installed_clang_tidy("--checks='-*,rightfit-*' --list-checks fixtures/cpp/loops/handler.cpp "
                           "-- -std=c++20 2>&1"));
  EXPECT_NE(checks.output.find("rightfit-lambda-unbounded-loop"), std::string::npos)
      << checks.output;
  EXPECT_NE(checks.output.find("rightfit-client-created-per-invocation"), std::string::npos)
      << checks.output;
  CommandResult tidy =
      run_command("cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && " +
                  installed_clang_tidy("--checks='-*,rightfit-*' fixtures/cpp/loops/handler.cpp "
                                       "-- -std=c++20 -Iparsers/cpp/overlay 2>&1"));
  EXPECT_NE(tidy.output.find("[rightfit-lambda-unbounded-loop]"), std::string::npos) << tidy.output;
}

// `make install`: cmake --install below $(DESTDIR)$(PREFIX), stripped, runnable from there.
class MakeInstall : public testing_support::ScratchDirectory {};

TEST_F(MakeInstall, HonoursDestdirAndPrefix) {
  const fs::path stage = dir_ / "stage", prefix = stage / "opt/rightfit";
  const std::string cmake = (fs::path(RIGHTFIT_CPACK).parent_path() / "cmake").string();
  CommandResult installed = run_command(
      "DESTDIR=" + shell_quote(stage.string()) + " " + shell_quote(cmake) + " --install " +
      shell_quote(RIGHTFIT_BUILD_DIR) + " --prefix /opt/rightfit --strip");
  ASSERT_EQ(installed.exit_code, 0) << installed.output;
  for (const char* file : {"bin/rightfit", "lib/rightfit/clang-tidy/librightfit-tidy.so",
                           "lib/rightfit/cpp/librightfit-cpp.so", "share/doc/rightfit/README.md",
                           "share/doc/rightfit/rules/lambda_timeout_out_of_range.md"})
    EXPECT_TRUE(fs::is_regular_file(prefix / file)) << file << "\n" << installed.output;
  CommandResult shown = run_command(shell_quote((prefix / "bin/rightfit").string()) + " --version");
  EXPECT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_EQ(shown.output.rfind("rightfit ", 0), 0u) << shown.output;
  // The installed binary finds its C++ front-end in ../lib/rightfit/cpp/.
  CommandResult cpp = run_command("cd " + shell_quote(RIGHTFIT_SOURCE_DIR) + " && " +
                                  shell_quote((prefix / "bin/rightfit").string()) +
                                  " check --no-cache fixtures/cpp/loops");
  EXPECT_EQ(cpp.exit_code, 1) << cpp.output;
  EXPECT_NE(cpp.output.find("[RF102]"), std::string::npos) << cpp.output;

  // The Makefile passes PREFIX and DESTDIR through (-n: print, build nothing).
  CommandResult make = run_command("make -n -C " + shell_quote(RIGHTFIT_SOURCE_DIR) +
                                   " install PREFIX=/opt/x DESTDIR=/staged");
  EXPECT_NE(make.output.find("DESTDIR=\"/staged\" cmake --install build --prefix \"/opt/x\""),
            std::string::npos)
      << make.output;
}

}  // namespace
}  // namespace rightfit
