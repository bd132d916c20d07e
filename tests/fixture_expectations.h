// Reads the findings fixtures expect: `# expect: RF105` / `// expect: RF102` on the line
// where the finding must land, and/or a sibling `<file>.expect` of `line RULE` lines (JSON,
// and Dockerfile instructions where a trailing `#` would change the instruction).
#pragma once

#include <set>
#include <string>
#include <tuple>

namespace rightfit::testing {

struct Expected {
  std::string file;
  unsigned line = 0;
  std::string rule;

  friend auto operator<=>(const Expected&, const Expected&) = default;
};

// Expectations declared by one fixture file (its own comments or its .expect sibling).
std::set<Expected> expectations_of(const std::string& file);

}  // namespace rightfit::testing
