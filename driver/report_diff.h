// `rightfit report --base REF [PATH...]`: the working tree analysed against the tree at REF
// (exported by integrations/git/revision_tree.h into a private directory, so the user's work
// tree and index are never touched), as the change set of integrations/report/placement_diff.h.
#pragma once

#include <iosfwd>

#include "driver/report_command.h"

namespace rightfit {

// Exit code: 0 report written; 2 a bad revision, a path outside the repository, a format
// without a diff (html), or a usage/config/I/O error.
int run_report_diff(const ReportOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace rightfit
