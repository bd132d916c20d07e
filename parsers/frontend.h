// The front-end seam: what every format rightfit reads provides, so that discovery, the engine,
// the graph's handler linking, the language server, bench and fuzz iterate one list
// (parsers/frontends.h) instead of naming formats. A front-end knows its format and nothing
// about rules.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/file_reader.h"
#include "parsers/parse_cache.h"
#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit {

namespace cpp {
class CompileDatabase;
class ParseStore;
}  // namespace cpp

struct ParsedFileCache;

// What a quick look at a code file's text (no parse) says about how a Lambda could reach it.
struct CodeGlance {
  bool names_entry_point = false;     // it names the Lambda runtime's entry (C++: run_handler)
  std::vector<std::string> includes;  // files it includes, as written (`#include "x.h"`)
  std::vector<std::string> angle_includes;  // likewise `#include <x.h>`
  // False when the file includes more than the glance was allowed to list: `includes` stops
  // there, so what the file connects to is not known.
  bool includes_complete = true;
};

// Where a build looks for the files a code file includes, absolute, in the preprocessor's
// order: `quote` for `#include "x"` (after the file's own directory), `angle` for
// `#include <x>` (before the compiler's own directories, which are not the repository's).
struct IncludeDirs {
  std::vector<std::string> quote;
  std::vector<std::string> angle;
  bool operator==(const IncludeDirs&) const = default;
};

// What a parse may need besides the file's text, one struct for every front-end.
struct ParseContext {
  const ParseLimits& limits;
  // Reads the file itself and what it refers to (Serverless `${file(...)}`); an editor's
  // reader serves unsaved buffers.
  const FileReader& read;
  // C++: the project's compile commands and the store of earlier parses (both may be null).
  const cpp::CompileDatabase* compile_database = nullptr;
  const cpp::ParseStore* code_cache = nullptr;
  // The directories the user named: a path the file names for a build (SAM's CodeUri) that
  // lies outside them is an RF002 on its line, never read. None: anywhere.
  const ReadRoots* roots = nullptr;
};

// What a front-end that evaluates the files of a project together needs (Terraform modules).
struct ProjectContext {
  const ParseLimits& limits;
  unsigned jobs = 0;  // 0: one per core
  FileReader read = read_within_limits;
  InputStamper stamp = stamp_disk_file;     // must agree with `read`
  std::vector<std::string> var_files = {};  // variable files named on the command line
  std::vector<std::string> plans = {};      // plans named on the command line
  ParsedFileCache* cache = nullptr;         // kept between analyses (an editor's); may be null
  // The directories the user named: what the files refer to (a Terraform module's `source`)
  // is read only inside them. None: anywhere.
  std::optional<ReadRoots> roots = std::nullopt;
};

// How a finding names what a handler language offers: the statements that leave a loop, the
// call that tells the time left, where code runs once per execution environment.
struct CodeIdioms {
  std::string_view loop_exits;               // "break, return, throw or goto"
  std::string_view time_left;                // "get_time_remaining()"
  std::string_view once;                     // "in main before run_handler, or as a static"
  std::string_view background = "a thread";  // what RF203 says is started ("a timer or promise")
  // Whether the requests one execution environment serves at once (Lambda Managed Instances)
  // share this language's globals: C++ and Node.js run them in one process (Node.js: each
  // worker thread interleaves several), Python runs each in a process of its own.
  // https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-runtimes.html
  // (2026-12-07)
  bool concurrent_requests_share_globals = true;
};

class Frontend {
 public:
  virtual ~Frontend() = default;

  virtual std::string_view name() const = 0;
  // A path this front-end claims by name (`template.yaml`, `main.tf`): what a caller that has
  // only text (the fuzz target over the list) parses it under.
  virtual std::string_view sample_path() const = 0;
  // Whether parse() makes facts from the text alone: nothing loaded at run time (C++ loads
  // Clang), and parse() is used at all (not for project-level front-ends). What a fuzz target
  // can drive from bytes.
  virtual bool parses_text_alone() const { return !project_level(); }

  // Whether the file is this format's by its name: what discovery lists.
  virtual bool claims_name(std::string_view path) const = 0;
  // Formats that share their extensions (JSON and YAML documents) decide by a peek at the
  // content and may still decline a file after loading it; the next such front-end in the list
  // may take it then. A front-end that claims by a name of its own decides alone.
  virtual bool shares_extensions() const { return false; }
  virtual bool claims_content(std::string_view /*text*/) const { return true; }

  // A file this front-end claims that is left unread: nothing to analyse in it (bookkeeping,
  // a bundle above the size limit).
  virtual bool leaves_unread(const std::string& /*path*/, const ParseLimits& /*limits*/) const {
    return false;
  }
  // Whether its files are checked to be text (UTF-8) before parsing; C++ goes to Clang, which
  // has its own view of encodings.
  virtual bool checks_encoding() const { return true; }
  // Whether a claimed file that is not text is a problem to report (else: not ours, unless a
  // front-end recognises it by content, see recognises_undecodable).
  virtual bool reports_undecodable() const { return false; }
  // Whether `text`, which is not valid text, still says it is this format.
  virtual bool recognises_undecodable(std::string_view /*text*/) const { return false; }

  // The facts of one file; nullopt: nothing in it to analyse (or, for a front-end that shares
  // its extensions, not this format after all).
  virtual std::optional<FileFacts> parse(const std::string& path, std::string_view text,
                                         const ParseContext& context) const = 0;

  // Whether a result may be kept between analyses by its input alone: not when the facts also
  // depend on other files (C++ headers, Serverless `${file(...)}`).
  virtual bool cacheable() const { return true; }

  // The comment that starts a `rightfit:ignore` in `path` ("#", "//"); empty where the format
  // has none (JSON).
  virtual std::string_view comment_marker(std::string_view path) const = 0;

  // Code front-ends: the `language` their CodeFunctions carry, and the code a Lambda handler
  // setting (`app.handler`) names in `code_dir`, as candidate USRs in the order to try. Empty
  // where handlers are found in the code itself (C++: what calls run_handler).
  virtual bool writes_language(std::string_view /*language*/) const { return false; }
  // How findings name what the language offers (code front-ends only).
  virtual const CodeIdioms* idioms() const { return nullptr; }
  virtual bool names_handlers_by_setting() const { return false; }
  virtual std::vector<std::string> handler_usrs(const std::string& /*code_dir*/,
                                                const std::string& /*handler*/) const {
    return {};
  }

  // Code front-ends whose parse is costly (C++: Clang) parse a file only where a Lambda can
  // reach it (analyzer/lambda_code_reach.h); the glance, also taken of the files it includes,
  // says how it connects.
  virtual bool parses_only_reachable() const { return false; }
  // Lists at most `max_includes` includes.
  virtual CodeGlance glance(std::string_view /*text*/, std::size_t /*max_includes*/) const {
    return {};
  }
  // Where the build of `path` looks for what it includes (C++: the `-iquote`, `-I`,
  // `-isystem` and `-idirafter` directories of its compile command in `context`); empty when
  // nothing says.
  virtual IncludeDirs include_dirs(const std::string& /*path*/,
                                   const ParseContext& /*context*/) const {
    return {};
  }

  // Front-ends whose files are evaluated together (a Terraform module is a directory of
  // files): parse() is not used; analyze_project() gets every claimed file at once.
  virtual bool project_level() const { return false; }
  virtual std::vector<FileFacts> analyze_project(const std::vector<std::string>& /*files*/,
                                                 const ProjectContext& /*context*/) const {
    return {};
  }
};

}  // namespace rightfit
