// What `cdk synth` writes into a template's resource Metadata: the construct path of each
// resource and the local asset a function's code or image is built from.
#pragma once

#include <string>

#include "parsers/document/document.h"
#include "parsers/workload_facts.h"

namespace rightfit::cdk {

// Adds to `facts` (already read from the template at `path` with root `root`): a
// SynthesizedResource for every resource with `aws:cdk:path`, and for functions whose code
// or image is a CDK asset (`aws:asset:path`, `aws:asset:property`,
// `aws:asset:dockerfile-path`) the asset directory as `code_dir` or its Dockerfile as
// `dockerfile`. Asset paths are relative to the template's directory (the cloud assembly).
void read_cdk_metadata(const std::string& path, const doc::Node& root, FileFacts& facts);

}  // namespace rightfit::cdk
