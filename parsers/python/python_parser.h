// Python Lambda handlers through tree-sitter-python: one `.py` file into the same code facts
// the C++ parser gives (CodeFunction), so the handler rules read both alike. Nothing is
// imported or run; names are resolved within the file and through its imports of project
// modules, by path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::python {

// `.py` files.
bool is_python_source(std::string_view path);

// The id of a Python function, unique across the repository: "py:<file>:<qualified name>",
// the file as a normalized path of the analysed tree ("src/orders/app.py"), the qualified
// name as Python's __qualname__ without `<locals>` ("Worker.run", "outer.inner").
std::string python_usr(const std::string& file, const std::string& qualified_name);

// The file and function a Lambda `Handler` of a Python function names ("app.lambda_handler",
// "pkg.module.handler", "src/app.handler") inside its code directory; empty when the value
// is not of that form.
std::string handler_usr(const std::string& code_dir, const std::string& handler);

// Code facts of one file: every function and method it defines, the calls they make, and the
// loops, module-level writes, file writes, threads, servers and clients in their bodies.
// Module-level code runs once per execution environment (at import): it defines the names
// functions use (module-level clients, caches) but is not itself a function's body.
// A syntax error is no RF001: tree-sitter recovers around it and the facts come from what it
// recovered (Python reports the error itself when the function is deployed or tested); the
// limits (size, nesting depth, time) are.
FileFacts parse_python(const std::string& path, std::string_view text, const ParseLimits& limits);

// `# rightfit:ignore RF201 <reason>` comments: on the finding's line or alone on the line above.
std::vector<Suppression> python_suppressions(const std::string& path, std::string_view text);

}  // namespace rightfit::python
