#include "analyzer/rule_info.h"

#include <sstream>

namespace rightfit {

std::string RuleInfo::full_description() const {
  // The help page starts with a `# RFnnn: name` title; the first paragraph after it is the
  // full description.
  std::istringstream in(help);
  std::string line, paragraph;
  bool past_title = false;
  while (std::getline(in, line)) {
    if (!past_title) {
      if (line.rfind("# ", 0) == 0) past_title = true;
      continue;
    }
    if (line.empty()) {
      if (!paragraph.empty()) break;
      continue;
    }
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += line;
  }
  return paragraph.empty() ? short_description : paragraph;
}

}  // namespace rightfit
