// RF301: ML and media stacks make Lambda images slow to cold-start and push the 10 GB cap;
// inference and encoding fit Fargate.
#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "checks/check.h"
#include "checks/lambda_images.h"

namespace rightfit {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The words after the install verb, when `cmd` installs packages; empty otherwise.
std::vector<std::string> installed_words(const std::vector<std::string>& w) {
  if (w.empty()) return {};
  const std::string tool = program_name(w[0]);
  auto after = [&](size_t i) {
    return std::vector<std::string>(w.begin() + static_cast<std::ptrdiff_t>(std::min(i, w.size())),
                                    w.end());
  };
  auto verb_at = [&](size_t i, std::initializer_list<std::string_view> verbs) {
    return i < w.size() && std::find(verbs.begin(), verbs.end(), w[i]) != verbs.end();
  };
  if (tool.rfind("pip", 0) == 0 && verb_at(1, {"install"})) return after(2);
  if (tool.rfind("python", 0) == 0 && w.size() > 3 && w[1] == "-m" && w[2].rfind("pip", 0) == 0 &&
      w[3] == "install") {
    return after(4);
  }
  if (tool == "uv" && verb_at(1, {"pip"}) && verb_at(2, {"install"})) return after(3);
  if ((tool == "conda" || tool == "mamba" || tool == "micromamba") &&
      verb_at(1, {"install", "create"})) {
    return after(2);
  }
  if ((tool == "apt-get" || tool == "apt" || tool == "yum" || tool == "dnf" ||
       tool == "microdnf") &&
      verb_at(1, {"install"})) {
    return after(2);
  }
  if (tool == "apk" && verb_at(1, {"add"})) return after(2);
  if (tool == "npm" && verb_at(1, {"install", "i", "add"})) return after(2);
  if ((tool == "yarn" || tool == "pnpm") && verb_at(1, {"add", "install"})) return after(2);
  return {};
}

// "torch==2.3" -> "torch", "opencv-python-headless[extra]" -> ..., "@scope/pkg@1" -> "@scope/pkg"
std::string package_name(const std::string& word) {
  std::string name = lower(word);
  size_t cut = name.find_first_of("=<>!~;[ ", name[0] == '@' ? 1 : 0);
  size_t at = name.find('@', 1);
  if (at != std::string::npos && (cut == std::string::npos || at < cut)) cut = at;
  return cut == std::string::npos ? name : name.substr(0, cut);
}

bool is_heavy(const std::string& name) {
  auto starts = [&](std::string_view p) { return name.rfind(p, 0) == 0; };
  return name == "torch" || name == "pytorch" || name == "torchvision" || starts("tensorflow") ||
         starts("@tensorflow/") || name == "jax" || name == "jaxlib" || name == "onnxruntime-gpu" ||
         starts("cuda") || starts("nvidia-cuda") || name == "ffmpeg" ||
         name.find("opencv") != std::string::npos || name == "transformers";
}

std::vector<std::string> heavy_packages(const ShellCommand& cmd) {
  std::vector<std::string> heavy;
  for (const std::string& word : installed_words(cmd.words)) {
    if (word.empty() || word[0] == '-' || word.find('$') != std::string::npos) continue;
    std::string name = package_name(word);
    if (is_heavy(name) && std::find(heavy.begin(), heavy.end(), name) == heavy.end())
      heavy.push_back(name);
  }
  return heavy;
}

// "docker.io/pytorch/pytorch:2.3-cuda12.1" -> "pytorch/pytorch": the repository, lowercase,
// without Docker Hub's host, tag or digest.
std::string repository_of(const std::string& image) {
  std::string name = lower(image);
  for (std::string_view hub : {"docker.io/", "index.docker.io/", "registry-1.docker.io/"}) {
    if (name.rfind(hub, 0) == 0) name = name.substr(hub.size());
  }
  if (size_t digest = name.find('@'); digest != std::string::npos) name.resize(digest);
  const size_t slash = name.rfind('/');
  if (size_t tag = name.rfind(':');
      tag != std::string::npos && (slash == std::string::npos || tag > slash)) {
    name.resize(tag);
  }
  return name;
}

// ML base images: the framework and CUDA come with the base, gigabytes before the first RUN.
// AWS Deep Learning Containers live in account 763104351884's registries.
bool is_heavy_base(const std::string& image) {
  const std::string repo = repository_of(image);
  auto starts = [&](std::string_view p) { return repo.rfind(p, 0) == 0; };
  const size_t ecr = repo.find(".dkr.ecr.");
  const bool dlc = starts("763104351884.dkr.ecr.") && ecr != std::string::npos &&
                   repo.find(".amazonaws.com", ecr) != std::string::npos;
  return repo == "pytorch/pytorch" || repo == "tensorflow/tensorflow" || repo == "nvidia/cuda" ||
         starts("huggingface/") || starts("nvcr.io/nvidia/") || dlc;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

class LambdaImageHeavyDependencies : public Check {
 public:
  LambdaImageHeavyDependencies()
      : Check(describe_rule("RF301", "lambda-image-heavy-dependencies", Severity::Warning,
                            "A Lambda container image installs a heavy ML or media stack.",
                            "lambda_image_heavy_dependencies")
                  .reading(RuleTag::Image)
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Startup, Lean::Fargate, Strength::Soft))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Image& image : ctx.graph.images) {
      if (!builds_lambda_image(ctx.graph, image)) continue;
      // Only the final image counts: a builder stage's packages do not ship.
      const std::vector<const ImageStage*> chain = final_chain(image);
      if (!chain.empty() && is_heavy_base(chain.back()->base)) {
        out.push_back(report_base(ctx.graph, image, *chain.back()));
      }
      std::set<std::pair<std::string, uint32_t>> reported;  // one finding per package line
      for (const ImageStage* stage : chain) {
        for (const ShellCommand& cmd : stage->runs) {
          std::vector<std::string> heavy = heavy_packages(cmd);
          if (!heavy.empty()) out.push_back(report(ctx.graph, image, cmd, heavy));
        }
        for (const DependencyInstall& install : stage->installs) {
          for (const DeclaredPackage& p : install.packages) {
            if (!is_heavy(p.name) || !reported.emplace(p.where.file, p.where.line()).second) {
              continue;
            }
            out.push_back(report_declared(ctx.graph, image, install, p));
          }
        }
      }
    }
  }

 private:
  Finding report_base(const WorkloadGraph& g, const Image& image, const ImageStage& root) const {
    Finding f = diag(root.from, "this Lambda image starts FROM " + root.base +
                                    ", an ML base image: the framework (and often CUDA) it "
                                    "brings means long cold starts and gigabytes against the "
                                    "10 GB image limit; ML inference fits a Fargate service or "
                                    "task better (or build FROM a Lambda base image with a "
                                    "CPU-only runtime)");
    f.substance = "heavy-base:" + repository_of(root.base);
    f.related = function_links(g, image);
    return f;
  }

  // The heavy package at its line in the dependency file; the RUN that installs it related.
  Finding report_declared(const WorkloadGraph& g, const Image& image,
                          const DependencyInstall& install, const DeclaredPackage& p) const {
    Finding f =
        diag(p.where, "the Lambda image built by " + image.dockerfile + " installs " + p.name +
                          " from this file: a stack this heavy means long cold starts "
                          "and pushes the 10 GB image limit; ML inference and media "
                          "encoding fit a Fargate service or task better");
    f.substance = "heavy:" + p.name;
    f.related.push_back({install.run, "installed into the Lambda image by this command"});
    for (RelatedLocation& r : function_links(g, image)) f.related.push_back(std::move(r));
    return f;
  }

  Finding report(const WorkloadGraph& g, const Image& image, const ShellCommand& cmd,
                 const std::vector<std::string>& heavy) const {
    Finding f = diag(cmd.where, "this Lambda image installs " + join(heavy) +
                                    ": a stack this heavy means long cold starts and pushes the "
                                    "10 GB image limit; ML inference and media encoding fit a "
                                    "Fargate service or task better");
    f.substance = "heavy:" + join(heavy);
    f.related = function_links(g, image);
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_image_heavy_dependencies() {
  return std::make_unique<LambdaImageHeavyDependencies>();
}

}  // namespace rightfit
