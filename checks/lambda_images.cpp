#include "checks/lambda_images.h"

namespace rightfit {

namespace {

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// "docker.io/amazon/aws-lambda-python:3.12" -> "amazon/aws-lambda-python:3.12"
std::string without_docker_hub(std::string image) {
  for (std::string_view hub : {"docker.io/", "index.docker.io/", "registry-1.docker.io/"}) {
    if (starts_with(image, hub)) return image.substr(hub.size());
  }
  return image;
}

bool is_package_type_image(const Function& f) {
  return f.package_type.value && *f.package_type.value == "Image";
}

}  // namespace

std::string program_name(const std::string& word) {
  size_t slash = word.rfind('/');
  return slash == std::string::npos ? word : word.substr(slash + 1);
}

std::vector<const ImageStage*> final_chain(const Image& image) {
  std::vector<const ImageStage*> chain;
  std::optional<size_t> at = image.final_stage;
  // Parents come before children, so the chain is finite; the bound guards bad facts.
  while (at && *at < image.stages.size() && chain.size() <= image.stages.size()) {
    chain.push_back(&image.stages[*at]);
    at = image.stages[*at].parent;
  }
  return chain;
}

std::string final_base(const Image& image) {
  std::vector<const ImageStage*> chain = final_chain(image);
  return chain.empty() ? std::string() : chain.back()->base;
}

bool is_lambda_base_image(const std::string& image) {
  const std::string name = without_docker_hub(image);
  return starts_with(name, "public.ecr.aws/lambda/") || starts_with(name, "amazon/aws-lambda-");
}

std::vector<const Function*> image_functions(const WorkloadGraph& g, const Image& image) {
  std::vector<const Function*> out;
  for (const ImageLink* link : g.links_to(image)) {
    const Function* f = g.function(link->workload.scope, link->workload.name);
    if (f && is_package_type_image(*f)) out.push_back(f);
  }
  return out;
}

bool runs_lambda_entry_point(const Image& image) {
  for (const std::optional<ImageCommand>* c : {&image.entrypoint, &image.cmd}) {
    if (!*c) continue;
    for (const ShellCommand& command : (*c)->commands) {
      for (const std::string& word : command.words) {
        const std::string program = program_name(word);
        if (program == "awslambdaric" || program == "aws-lambda-ric" ||
            program == "lambda-entrypoint.sh" || program == "aws-lambda-rie") {
          return true;
        }
      }
    }
  }
  return false;
}

bool builds_lambda_image(const WorkloadGraph& g, const Image& image) {
  return is_lambda_base_image(final_base(image)) || runs_lambda_entry_point(image) ||
         !image_functions(g, image).empty();
}

const CopyFrom* lambda_web_adapter(const Image& image) {
  for (const ImageStage* stage : final_chain(image)) {
    for (const CopyFrom& c : stage->copies) {
      if (!c.stage &&
          starts_with(without_docker_hub(c.image), "public.ecr.aws/awsguru/aws-lambda-adapter")) {
        return &c;
      }
    }
  }
  return nullptr;
}

std::vector<RelatedLocation> function_links(const WorkloadGraph& g, const Image& image) {
  std::vector<RelatedLocation> out;
  for (const ImageLink* link : g.links_to(image)) {
    if (const Function* f = g.function(link->workload.scope, link->workload.name)) {
      out.push_back({link->declared, "Lambda function '" + f->id.name + "' runs this image"});
    }
  }
  return out;
}

}  // namespace rightfit
