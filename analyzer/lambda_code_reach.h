// Which code files a Lambda can reach, decided before they are parsed, so that a repository
// whose C++ no Lambda runs (a template next to a C++ library) never pays for Clang. A file is
// reachable when it lies where the model deploys a function's code, when it names the Lambda
// runtime's entry points itself or lies beside (or below) a file that does, or when it
// includes or is included by a reachable file.
#pragma once

#include <map>
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
};

// For each candidate, whether to parse it: a Lambda can reach it, or it cannot be read (the
// parse says why, without Clang). Besides the code paths, a file is reached when it names
// the entry points, lies in the directory (or below) of a file that does, or includes or is
// included by a reached file. The files the candidates include by a quoted name are looked
// at too (resolved against the including file's directory and its parents, read through
// `read`), a bounded number of them: past the bound every candidate is parsed, so nothing a
// Lambda runs is ever left out.
std::vector<bool> reachable_by_lambda(const std::vector<CodeCandidate>& candidates,
                                      const std::vector<std::string>& code_paths,
                                      const FileReader& read, const ParseLimits& limits);

// Why an unreachable candidate is not parsed (the --verbose line).
inline constexpr const char* kUnreachableCode =
    "not parsed: no Lambda reaches it (outside every function's code directory and image "
    "context and every directory of a file naming run_handler/invocation_request, and no "
    "include connects it to such a file)";

}  // namespace rightfit
