#include "analyzer/suppressions.h"

#include <algorithm>
#include <string_view>

namespace rightfit {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == ','; }

// The first word of `text` and what follows it, blanks and commas skipped.
std::pair<std::string_view, std::string_view> first_word(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  std::size_t end = 0;
  while (end < text.size() && !is_blank(text[end])) ++end;
  std::string_view rest = text.substr(end);
  while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
  return {text.substr(0, end), rest};
}

void resolve(Suppression& s, const std::vector<RuleInfo>& rules) {
  for (std::string& word : s.rules) {
    if (const RuleInfo* rule = find_rule_by_id_or_name(rules, word)) word = rule->id;
  }
  while (true) {
    const auto [word, rest] = first_word(s.reason);
    const RuleInfo* rule = word.empty() ? nullptr : find_rule_by_id_or_name(rules, word);
    if (!rule || rule->id == word) return;  // IDs were read by the parser; only names here
    s.rules.push_back(rule->id);
    s.reason = std::string(rest);
  }
}

}  // namespace

void resolve_rule_names(std::vector<Suppression>& all, const std::vector<RuleInfo>& rules) {
  for (Suppression& s : all) resolve(s, rules);
}

SourceRange directive_of(const Suppression& s) {
  const Position at{s.line, s.column};
  return SourceRange{s.file, Span{at, at}};
}

bool covers(const Suppression& s, const Finding& f) {
  if (std::find(s.rules.begin(), s.rules.end(), f.rule_id) == s.rules.end()) return false;
  if (s.resource && f.subject && *s.resource == *f.subject) return true;
  return s.file == f.location.file && f.location.line() >= s.first_line &&
         f.location.line() <= s.last_line;
}

void apply_suppressions(std::vector<Finding>& findings, const std::vector<Suppression>& all) {
  for (Finding& f : findings) {
    for (const Suppression& s : all) {
      if (!covers(s, f)) continue;
      f.suppression = FindingSuppression{FindingSuppression::Kind::InSource, s.reason};
      break;
    }
  }
}

}  // namespace rightfit
