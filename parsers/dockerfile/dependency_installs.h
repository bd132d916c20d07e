// Which dependency file a RUN command installs from, and where in the build context that file
// comes from (private to parsers/dockerfile). Paths inside the image are kept as strings: an
// unknown WORKDIR (the base image's) leaves them relative, an unresolved variable
// (`${LAMBDA_TASK_ROOT}`) is an opaque root, so equal spellings still meet.
#pragma once

#include <string>
#include <vector>

namespace rightfit::dockerfile::detail {

// A file a RUN installs from: `pip install -r requirements.txt` gives {"requirements",
// "requirements.txt"}; the path is as written (relative to the RUN's working directory).
struct InstallSource {
  std::string format;  // "requirements" | "pyproject" | "conda" | "npm"
  std::string path;
};

// The dependency files `words` (one simple command) installs from; empty for other commands.
std::vector<InstallSource> install_sources(const std::vector<std::string>& words);

// `path` inside the image as seen from `workdir` ("" when the base image's is unknown),
// lexically normal, without a trailing slash.
std::string image_path(const std::string& workdir, const std::string& path);

// What a COPY/ADD from the build context (or a RUN's bind mount of it) put where.
struct ContextCopy {
  std::vector<std::string> sources;  // relative to the context, as written
  std::string destination;           // image_path() of the destination
  bool into_directory = false;       // several sources, or a destination ending in `/`
};

// The build context's files that may have become `target` (an image_path()), most likely
// first: from the latest copy that covers it by path, else by file name.
std::vector<std::string> context_sources(const std::vector<ContextCopy>& copies,
                                         const std::string& target);

}  // namespace rightfit::dockerfile::detail
