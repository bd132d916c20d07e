// The command line: `rightfit check|cost|rules|explain`.
#pragma once

#include <iosfwd>

namespace rightfit {

// Runs the command line; returns the process exit code (0 clean, 1 findings at or above
// --fail-on, 2 usage/config/I/O error).
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace rightfit
