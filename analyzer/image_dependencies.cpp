#include "analyzer/image_dependencies.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "parsers/dockerfile/dependency_files.h"

namespace rightfit {
namespace {

namespace fs = std::filesystem;

std::string normal(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

bool is_below(const std::string& dir, const std::string& top) {
  if (top == ".") return dir.front() != '/' && !dir.starts_with("..");
  return dir == top || dir.starts_with(top + "/");
}

// Where a function's image is built: its DockerContext (SAM writes it relative to the
// template, Serverless and CDK give a path of the tree) when that holds the Dockerfile, and
// the template's directory as the farthest directory to try.
struct BuildSite {
  std::optional<std::string> context;
  std::string template_dir;
};

BuildSite build_site(const Function& f, const std::string& dockerfile_dir) {
  BuildSite site{std::nullopt, normal(fs::path(f.header.file).parent_path())};
  if (!f.docker_context.value) return site;
  const std::string& written = *f.docker_context.value;
  for (const std::string& context :
       {normal(fs::path(site.template_dir) / written), normal(written)}) {
    if (is_below(dockerfile_dir, context)) {
      site.context = context;
      break;
    }
  }
  return site;
}

// The sites that build each Dockerfile.
std::map<std::string, std::vector<BuildSite>> builders(const std::vector<FileFacts>& files) {
  std::map<std::string, std::vector<BuildSite>> out;
  for (const FileFacts& facts : files) {
    for (const Function& f : facts.functions) {
      if (!f.dockerfile.value) continue;
      const std::string dockerfile = normal(*f.dockerfile.value);
      out[dockerfile].push_back(build_site(f, normal(fs::path(dockerfile).parent_path())));
    }
  }
  return out;
}

// The named contexts first, then the Dockerfile's directory and those above it up to the
// templates that build it.
std::vector<std::string> contexts_of(const std::string& dockerfile,
                                     const std::vector<BuildSite>& sites) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& dir) {
    if (std::find(out.begin(), out.end(), dir) == out.end()) out.push_back(dir);
  };
  for (const BuildSite& site : sites) {
    if (site.context) add(*site.context);
  }
  const std::string own = normal(fs::path(dockerfile).parent_path());
  add(own);
  for (const BuildSite& site : sites) {
    for (std::string dir = own; is_below(dir, site.template_dir) && dir != site.template_dir;) {
      dir = normal(fs::path(dir).parent_path());
      add(dir);
    }
  }
  return out;
}

class ContextReader {
 public:
  ContextReader(const FileReader& read, const ParseLimits& limits) : read_(read), limits_(limits) {}

  // The packages of the first candidate that exists in the first context that has one.
  void fill(DependencyInstall& install, const std::vector<std::string>& contexts) const {
    for (const std::string& context : contexts) {
      for (const std::string& source : install.sources) {
        const std::string path = normal(fs::path(context) / source);
        std::optional<std::string> text = text_of(path);
        if (!text) continue;
        install.file = path;
        std::set<std::string> seen{path};
        add(install.format, path, *text, install.packages, seen);
        return;
      }
    }
  }

 private:
  std::optional<std::string> text_of(const std::string& path) const {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    SourceText source = read_(path, limits_);
    if (!source.ok()) return std::nullopt;
    return std::move(source).value();
  }

  // `-r` includes are followed, each file once.
  void add(const std::string& format, const std::string& path, const std::string& text,
           std::vector<DeclaredPackage>& packages, std::set<std::string>& seen) const {
    dockerfile::DependencyList list = dockerfile::read_dependency_file(format, path, text, limits_);
    std::move(list.packages.begin(), list.packages.end(), std::back_inserter(packages));
    for (const std::string& include : list.includes) {
      const std::string next = normal(fs::path(path).parent_path() / include);
      if (!seen.insert(next).second) continue;
      if (std::optional<std::string> more = text_of(next)) add(format, next, *more, packages, seen);
    }
  }

  const FileReader& read_;
  const ParseLimits& limits_;
};

}  // namespace

void read_image_dependencies(std::vector<FileFacts>& files, const FileReader& read,
                             const ParseLimits& limits) {
  const std::map<std::string, std::vector<BuildSite>> built_from = builders(files);
  const ContextReader reader(read, limits);
  for (FileFacts& facts : files) {
    for (Image& image : facts.images) {
      auto it = built_from.find(normal(image.dockerfile));
      const std::vector<std::string> contexts = contexts_of(
          image.dockerfile, it == built_from.end() ? std::vector<BuildSite>{} : it->second);
      for (ImageStage& stage : image.stages) {
        for (DependencyInstall& install : stage.installs) reader.fill(install, contexts);
      }
    }
  }
}

}  // namespace rightfit
