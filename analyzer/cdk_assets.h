// `cdk synth` copies each local asset (Lambda code, a Docker build context) into
// `cdk.out/asset.<hash>/`. When the analysed tree also holds the source it was copied from,
// that source is what the user edits: links go to it and the copies are not analysed twice.
#pragma once

#include <vector>

#include "parsers/file_reader.h"
#include "parsers/workload_facts.h"

namespace rightfit {

// For every asset directory of a cloud assembly among `files`, finds the directory of the
// tree it was copied from (the one whose files match its files by relative path, content
// deciding between several); then drops the facts of the copied files and points the
// functions' `code_dir`, `dockerfile` and `docker_context` and the image assets' Dockerfiles
// at the source instead. Assets
// whose source is not among the files (only cdk.out analysed) are left as they are.
void resolve_asset_copies(std::vector<FileFacts>& files, const FileReader& read,
                          const ParseLimits& limits);

}  // namespace rightfit
