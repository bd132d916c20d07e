// Serverless Framework services (`serverless.yml`, `serverless.yaml`, `serverless.json`) ->
// the same per-file workload facts CloudFormation/SAM templates give: functions with the
// provider's defaults, their events (API integrations, queue and stream triggers), image and
// handler links, and the raw CloudFormation under `resources` read by the template parser, all
// in one scope (the file's path) so references between them link.
#pragma once

#include <string>
#include <string_view>

#include "parsers/file_reader.h"
#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::sls {

// By file name, in any directory.
bool is_serverless_file(const std::string& path);

// The facts of the service in `text` (read from `path`). `read` reads the files its
// `${file(...)}` variables name, relative to `path`'s directory. A file that does not parse
// yields facts holding only the parse error; a service for another provider than AWS yields
// no facts.
FileFacts parse_serverless(const std::string& path, std::string_view text,
                           const ParseLimits& limits, const FileReader& read);

}  // namespace rightfit::sls
