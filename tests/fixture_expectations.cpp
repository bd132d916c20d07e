#include "tests/fixture_expectations.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace rightfit::testing {

namespace {

void add_rules(const std::string& file, unsigned line, const std::string& list,
               std::set<Expected>& out) {
  static const std::regex id("RF[0-9]{3}");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), id); it != std::sregex_iterator();
       ++it) {
    out.insert(Expected{file, line, it->str()});
  }
}

}  // namespace

std::set<Expected> expectations_of(const std::string& file) {
  std::set<Expected> out;
  // JSON has no comments; in a Dockerfile a trailing `#` is no comment on FROM, CMD, EXPOSE:
  // both keep (some of) their expectations in a sibling file, `<name>.expect`, or
  // `.<name>.expect` where `<name>.expect` would itself be read (`Dockerfile.expect` is a
  // Dockerfile to docker and to rightfit).
  const std::filesystem::path path(file);
  for (const std::filesystem::path& name :
       {std::filesystem::path(file + ".expect"),
        path.parent_path() / ("." + path.filename().string() + ".expect")}) {
    std::ifstream sidecar(name);
    unsigned sidecar_line = 0;
    std::string rule;
    while (sidecar >> sidecar_line >> rule) out.insert(Expected{file, sidecar_line, rule});
  }
  static const std::regex marker(R"((?:#|//)\s*expect:\s*((?:RF[0-9]{3}[ ,]*)+))");
  std::ifstream in(file);
  std::string text;
  for (unsigned line = 1; std::getline(in, text); ++line) {
    std::smatch m;
    if (std::regex_search(text, m, marker)) add_rules(file, line, m[1].str(), out);
  }
  return out;
}

}  // namespace rightfit::testing
