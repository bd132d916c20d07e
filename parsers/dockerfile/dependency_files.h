// The dependency files a Dockerfile's RUN installs from (requirements.txt, pyproject.toml,
// conda's environment.yml, package.json): the packages they list, each at its line. Part of
// the Dockerfile front-end because only a Docker build reads them here; read after parsing,
// once the build context is known (analyzer/image_dependencies.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/workload_facts.h"

namespace rightfit::dockerfile {

struct DependencyList {
  std::vector<DeclaredPackage> packages;
  // Further files it installs from (requirements.txt's `-r base.txt`), relative to its
  // directory, as written.
  std::vector<std::string> includes;
};

// The packages `text` (the file `path`, of DependencyInstall::format `format`) lists, the
// ones installed by default: pyproject.toml's `[project] dependencies` and Poetry's
// `[tool.poetry.dependencies]`, package.json's `dependencies` (not devDependencies). A file
// that does not parse lists nothing: the build, not rightfit, reports it.
DependencyList read_dependency_file(std::string_view format, const std::string& path,
                                    std::string_view text, const ParseLimits& limits = {});

}  // namespace rightfit::dockerfile
