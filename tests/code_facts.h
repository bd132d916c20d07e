// Looking into the code facts a handler parser gave, for the Python and Node.js parser tests.
#pragma once

#include <algorithm>
#include <string>

#include "parsers/workload_facts.h"

namespace rightfit::testing_support {

// The function of `facts` named `name` ("Worker.run", "lambda_handler.inner"), or null.
inline const CodeFunction* find_code_function(const FileFacts& facts, const std::string& name) {
  for (const CodeFunction& f : facts.code_functions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

inline bool calls(const CodeFunction& f, const std::string& usr) {
  return std::find(f.calls.begin(), f.calls.end(), usr) != f.calls.end();
}

}  // namespace rightfit::testing_support
