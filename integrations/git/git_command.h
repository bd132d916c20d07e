// Runs git on the analysed repository as a data source, never as a way to run what the
// repository configures: no shell, no pager, no external diff or textconv driver, no
// fsmonitor hook (each is a command a repository's .git/config can name).
#pragma once

#include <string>
#include <vector>

#include "parsers/result.h"

namespace rightfit {

// `git -C <directory> <hardening> <args...>`'s standard output, or a problem holding git's
// first line of standard error (or why git could not run). Output past `max_bytes` is a
// problem, not a truncated answer.
Result<std::string> run_git(const std::string& directory, const std::vector<std::string>& args,
                            std::size_t max_bytes = std::size_t{256} << 20U);

// Runs `argv` (argv[0] looked up on PATH; no shell, standard input /dev/null) the same way:
// its standard output, or a problem starting with `label` holding its first line of standard
// error. For the few tools that work on git's output (tar on `git archive`).
Result<std::string> run_program(std::vector<std::string> argv, const std::string& label,
                                std::size_t max_bytes = std::size_t{256} << 20U);

}  // namespace rightfit
