// Node.js Lambda handlers through tree-sitter-javascript and tree-sitter-typescript: one
// `.js`/`.mjs`/`.cjs`/`.jsx` or `.ts`/`.mts`/`.cts`/`.tsx` file into the same code facts the C++
// and Python parsers give (CodeFunction). Nothing is run or bundled; names are resolved within
// the file and through its relative imports and requires, by path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::node {

// JavaScript and TypeScript sources; not declaration files (`.d.ts`) nor `.min.js` bundles.
bool is_node_source(std::string_view path);

// "js:<file>:<qualified name>" ("handler", "Worker.run"), for JavaScript and TypeScript alike.
std::string node_usr(const std::string& file, const std::string& qualified_name);

// The functions a Lambda `Handler` of a Node.js function may name ("src/app.handler" ->
// `handler` of <code_dir>/src/app.js, .mjs, .cjs, .ts), most likely first; empty when the value
// is not of that form.
std::vector<std::string> handler_usrs(const std::string& code_dir, const std::string& handler);

// Code facts of one file: its module-level functions, arrow functions and class methods, the
// calls they make, and the loops, module-level writes, file writes, timers and floating
// promises, servers and clients in their bodies (functions nested in a body count as the
// body's). Module-level code runs once per execution environment and is not checked. A
// syntax error is no RF001 (tree-sitter recovers; node and tsc report it); the limits are.
// A bundled or minified file (a line of more than 32 KB in its first 64 KB) gives no facts.
FileFacts parse_node(const std::string& path, std::string_view text, const ParseLimits& limits);

// `// rightfit:ignore RF201 <reason>` comments: on the finding's line or alone on the line above.
std::vector<Suppression> node_suppressions(const std::string& path, std::string_view text);

}  // namespace rightfit::node
