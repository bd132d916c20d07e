// The dependency files an image's RUN commands install from, read from the build context
// once every file is parsed (a Dockerfile alone does not know its context: SAM, Serverless,
// CDK and Terraform say where `docker build` runs).
#pragma once

#include <vector>

#include "parsers/file_reader.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// Fills every image's DependencyInstall `file` and `packages`: the first of its candidate
// sources that exists in a context the Dockerfile may be built in: the DockerContext of a
// function built from it (SAM, Serverless `path`, a CDK asset directory) when that holds the
// Dockerfile, then the Dockerfile's own directory, then the directories above it up to that
// function's template.
// requirements.txt files it includes (`-r base.txt`) are read too.
void read_image_dependencies(std::vector<FileFacts>& files, const FileReader& read,
                             const ParseLimits& limits);

}  // namespace rightfit
