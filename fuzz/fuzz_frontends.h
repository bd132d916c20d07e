// What the fuzz target over the front-end list (fuzz_frontends.cpp) does with one input, shared
// with its replay in the test suite (tests/fuzz_replay_test.cpp): the first byte picks a
// front-end among those whose parse works from the text alone (Frontend::parses_text_alone),
// in the list's order, modulo their number; the rest is a file's text, parsed as the engine
// would under a path the front-end claims (Frontend::sample_path).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_limits.h"
#include "parsers/frontends.h"

namespace rightfit::fuzz {

// The front-ends an input's first byte selects among. Project-level front-ends (Terraform:
// fuzz_terraform) and those that load a compiler (C++: fuzz_cpp_handler) are fuzzed apart.
inline const std::vector<const Frontend*>& text_frontends() {
  static const std::vector<const Frontend*> list = [] {
    std::vector<const Frontend*> out;
    for (const auto& f : frontends()) {
      if (f->parses_text_alone()) out.push_back(f.get());
    }
    return out;
  }();
  return list;
}

inline const Frontend& frontend_selected_by(uint8_t selector) {
  const std::vector<const Frontend*>& list = text_frontends();
  return *list[selector % list.size()];
}

// The facts the selected front-end makes of the rest of `input`; nullopt where the engine
// would not parse it (not text where the format must be, a peek at the content declines it)
// or the front-end finds nothing to analyse. References to other files read nothing.
inline std::optional<FileFacts> parse_selected(std::string_view input) {
  if (input.empty()) return std::nullopt;
  const Frontend& frontend = frontend_selected_by(static_cast<uint8_t>(input.front()));
  const std::string_view text = input.substr(1);
  if (frontend.checks_encoding() && check_text_encoding(text)) return std::nullopt;
  if (!frontend.claims_content(text)) return std::nullopt;
  const FileReader none = [](const std::string&, const ParseLimits&) {
    return SourceText{fail_with(SourceProblem{{}, "not read"})};
  };
  const ParseLimits limits = parse_limits();
  const std::string path(frontend.sample_path());
  if (frontend.leaves_unread(path, limits)) return std::nullopt;
  return frontend.parse(path, text, ParseContext{limits, none});
}

}  // namespace rightfit::fuzz
