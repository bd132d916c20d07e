// Which code files a Lambda can reach, decided before they are parsed, so that a repository
// whose C++ no Lambda runs (a template next to a C++ library) never pays for Clang. A file is
// reachable when it lies where the model deploys a function's code, when it names the Lambda
// runtime's entry points itself or lies beside (or below) a file that does, or when it
// includes or is included by a reachable file.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/file_reader.h"
#include "parsers/frontend.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// The directories (and files) a Lambda function's code comes from: code directories, the
// directories of the Dockerfiles that build function images and their contexts, and the paths
// the configuration names (`handlers`, `images`, relative to `root`).
std::vector<std::string> lambda_code_paths(const std::vector<const FileFacts*>& facts,
                                           const std::string& root,
                                           const std::map<std::string, std::string>& handlers,
                                           const std::map<std::string, std::string>& images);

// A code file whose front-end parses only what a Lambda can reach.
struct CodeCandidate {
  std::string path;  // as discovery listed it
  const Frontend* frontend = nullptr;
  // Its text when the caller has read it already (to hand the same text to the parse, so the
  // file is read once); nullopt: read here through `read`.
  std::optional<SourceText> text = std::nullopt;
  // Where its build looks for includes (Frontend::include_dirs), absolute; also used for the
  // headers it leads to.
  IncludeDirs include_dirs = {};
};

// How far the include scan goes. Past any bound it cannot tell what no Lambda reaches, and
// every candidate is parsed, so nothing a Lambda runs is ever left out. The defaults are far
// above what real code has.
struct ReachBounds {
  std::size_t includes_per_file = 4096;  // includes listed per file
  std::size_t included_files = 20000;    // files looked at besides the candidates (headers)
  // Paths tried for includes (each a read): bounds a repository of many files that
  // each include many names found nowhere.
  std::size_t lookups = 200000;
};

// For each candidate, whether to parse it: a Lambda can reach it, or it cannot be read (the
// parse says why, without Clang). Besides the code paths, a file is reached when it names
// the entry points, lies in the directory (or below) of a file that does, or includes or is
// included by a reached file. The files the candidates include are looked at too (a quoted
// name resolved against the including file's directory, the candidate's quote include
// directories, then the directories above the including file; an angle name in the
// candidate's angle include directories; read through `read`), within `bounds`.
std::vector<bool> reachable_by_lambda(const std::vector<CodeCandidate>& candidates,
                                      const std::vector<std::string>& code_paths,
                                      const FileReader& read, const ParseLimits& limits,
                                      const ReachBounds& bounds = {});

// Why an unreachable candidate is not parsed (the --verbose line).
inline constexpr const char* kUnreachableCode =
    "not parsed: no Lambda reaches it (outside every function's code directory and image "
    "context and every directory of a file naming run_handler/invocation_request, and no "
    "include connects it to such a file)";

}  // namespace rightfit
