// The one ordered list of front-ends, and what the rest of rightfit asks of it: which files
// are ours (discovery), how one is read and parsed (the engine), its comment marker (the
// language server), how a handler setting names code (the graph's handler linking).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/frontend.h"

namespace rightfit {

// Every front-end, in the order they are asked (built once, never changed).
const std::vector<std::unique_ptr<const Frontend>>& frontends();

// How findings about code in `language` (CodeFunction::language) name its idioms: those of the
// front-end that writes it; C++'s for a language no front-end writes.
const CodeIdioms& code_idioms(std::string_view language);

// The front-end named `name` (Frontend::name); null when there is none.
const Frontend* frontend_named(std::string_view name);

// The front-ends that claim `path` by its name, in the list's order: one that claims by a name
// of its own, or those that share the file's extension (they decide by the content).
std::vector<const Frontend*> claimants(std::string_view path);

// What the engine asks of the list about each file by its name, answered from one call of
// claimants(): an editor keeps it with its walk instead of asking again at every edit.
struct NameClaim {
  const Frontend* first = nullptr;  // the first claimant; null: none claims the name
  // Whether the facts of the file may be kept between analyses by its input alone.
  bool cacheable = true;
};
NameClaim name_claim(std::string_view path);

// Whether any front-end claims `path` by its name: what discovery lists.
bool is_claimed(std::string_view path);

// The front-end that parses a file of this name and content (null: none does). A front-end
// that shares its extension may still decline the file when it parses it (see parse_claimed).
const Frontend* claimant_of(std::string_view path, std::string_view text);

// The project-level front-end (Frontend::project_level) that claims `path`; null when none.
const Frontend* project_frontend_of(std::string_view path);

// Reads `path` through `context.read` and parses it with the front-ends that claim it; nullopt
// when it holds nothing to analyse. An unreadable file, or one of a format that must be text
// and is not, is a parse error in the facts. Not for project-level front-ends' files.
std::optional<FileFacts> parse_claimed(const std::string& path, const ParseContext& context);

// Reads and parses `path` as `frontend`'s format, whatever its name (a Dockerfile the IaC
// names `build/lambda.df`).
FileFacts parse_as(const Frontend& frontend, const std::string& path, const ParseContext& context);

// The comment that starts a `rightfit:ignore` in `path`: its front-end's; "#" for a file no
// front-end claims by name (a Dockerfile the IaC names); empty where the format has none.
std::string_view comment_marker(std::string_view path);

// The code a Lambda handler setting names in `code_dir`, as candidate USRs in the order to try
// (Python's, then Node's).
std::vector<std::string> handler_usrs(const std::string& code_dir, const std::string& handler);

// Whether a handler setting names the code of `language` (Python, Node.js); false where the
// code itself says what the handler is (C++: what calls run_handler).
bool handler_named_by_setting(std::string_view language);

}  // namespace rightfit
