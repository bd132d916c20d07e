// The README's rule table mirrors the registry, and every rule of the catalog
// (../shared/spec/rules.md, the contract) is registered under its catalog name.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "checks/check.h"

namespace rightfit {
namespace {

// `| RF105 | api-timeout-exceeds-integration | ...` rows of a Markdown file: ID -> name.
std::map<std::string, std::string> rule_rows(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::map<std::string, std::string> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| RF", 0) != 0) continue;
    std::istringstream cells(line.substr(1));
    std::string id, name;
    std::getline(cells, id, '|');
    std::getline(cells, name, '|');
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    rows[trim(id)] = trim(name);
  }
  return rows;
}

std::map<std::string, std::string> registered() {
  std::map<std::string, std::string> rules;
  for (const std::unique_ptr<Check>& c : make_all_checks()) rules[c->info().id] = c->info().name;
  return rules;
}

TEST(RuleCatalog, ReadmeTableListsExactlyTheRegisteredRules) {
  EXPECT_EQ(rule_rows(RIGHTFIT_SOURCE_DIR "/README.md"), registered());
}

TEST(RuleCatalog, EveryCatalogRuleIsRegisteredUnderItsName) {
  const std::map<std::string, std::string> catalog =
      rule_rows(RIGHTFIT_SOURCE_DIR "/../shared/spec/rules.md");
  ASSERT_GT(catalog.size(), 20u) << "the catalog's table rows were not found";
  const std::map<std::string, std::string> rules = registered();
  for (const auto& [id, name] : catalog) {
    auto it = rules.find(id);
    ASSERT_NE(it, rules.end()) << id << " of the catalog is not registered";
    EXPECT_EQ(it->second, name) << id;
  }
}

}  // namespace
}  // namespace rightfit
