// Where earlier C++ parses are kept (the driver's `.rightfit-cache`): a parse is worth a read
// and a hash instead of a Clang run while its inputs are unchanged.
#pragma once

#include <optional>

#include "parsers/cpp/cpp_parser.h"

namespace rightfit::cpp {

class ParseStore {
 public:
  virtual ~ParseStore() = default;
  // The stored parse of `source` (its path, text and compile command), when one is kept.
  virtual std::optional<CppParse> recall(const CppSource& source) const = 0;
  // Best effort: a store that cannot be written costs speed, not results.
  virtual void remember(const CppSource& source, const CppParse& parse) const = 0;
};

}  // namespace rightfit::cpp
