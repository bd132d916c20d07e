// Dockerfiles (BuildKit syntax) -> image facts: stages, RUN commands parsed as shell with
// tree-sitter-bash, COPY --from, EXPOSE, the effective ENTRYPOINT/CMD, and the dependency
// files RUN commands install from (mapped back through COPY to the build context).
#pragma once

#include <string>
#include <string_view>

#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::dockerfile {

// Facts of one Dockerfile: `images` holds it (unless it is malformed), `parse_errors` what
// is wrong with it (unterminated heredoc, dangling continuation, FROM without an image, ...),
// `suppressions` its `# rightfit:ignore` comments.
// Stops with a parse error naming limits.parse_timeout_ms when `deadline` passes.
FileFacts parse_dockerfile(const std::string& path, std::string_view text, Deadline deadline = {});

// Dockerfile, dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile (by file
// name). A file under any other name is a Dockerfile when the IaC names it as one (the engine
// parses those after the files claimed by name).
bool is_dockerfile(std::string_view path);

}  // namespace rightfit::dockerfile
