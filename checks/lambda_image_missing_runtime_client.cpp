// RF303: a function with PackageType Image whose image neither starts from a Lambda base
// image nor brings a runtime interface client cannot start.
#include "checks/check.h"
#include "checks/lambda_images.h"

namespace rightfit {
namespace {

// Names of runtime interface clients (and the aws-lambda-cpp runtime) as they appear in
// install commands, copied paths or entrypoints; `/lambda-entrypoint.sh` is the Lambda base
// images' entry script, which starts their client (a mirrored base image keeps it).
bool names_runtime_client(const std::string& word) {
  for (std::string_view client :
       {"awslambdaric", "aws-lambda-ric", "aws_lambda_ric",
        "aws-lambda-java-runtime-interface-client", "Amazon.Lambda.RuntimeSupport",
        "aws-lambda-cpp", "aws-lambda-runtime", "aws-lambda-go", "lambda_runtime",
        "aws-lambda-adapter", "lambda-entrypoint.sh"}) {
    if (word.find(client) != std::string::npos) return true;
  }
  return false;
}

bool mentions_client(const std::vector<ShellCommand>& commands) {
  for (const ShellCommand& c : commands) {
    for (const std::string& w : c.words) {
      if (names_runtime_client(w)) return true;
    }
  }
  return false;
}

// Evidence in the final chain, or in a stage it copies from (a builder that compiled a
// handler against aws-lambda-cpp, say).
bool has_runtime_client(const Image& image) {
  if (lambda_web_adapter(image)) return true;
  for (const std::optional<ImageCommand>* c : {&image.entrypoint, &image.cmd}) {
    if (*c && mentions_client((*c)->commands)) return true;
  }
  for (const ImageStage* stage : final_chain(image)) {
    if (mentions_client(stage->runs)) return true;
    for (const CopyFrom& copy : stage->copies) {
      if (names_runtime_client(copy.image)) return true;
      for (const std::string& s : copy.sources) {
        if (names_runtime_client(s)) return true;
      }
      if (copy.stage && *copy.stage < image.stages.size() &&
          mentions_client(image.stages[*copy.stage].runs)) {
        return true;
      }
    }
  }
  return false;
}

class LambdaImageMissingRuntimeClient : public Check {
 public:
  LambdaImageMissingRuntimeClient()
      : Check(describe_rule("RF303", "lambda-image-missing-runtime-client", Severity::Error,
                            "A Lambda container image has no Lambda base image and no runtime "
                            "interface client.",
                            "lambda_image_missing_runtime_client")
                  .reading(RuleTag::Image)
                  .bearing_on(PlacementBearing(PlacementAxis::Customization, Lean::Neutral,
                                               Strength::None))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Image& image : ctx.graph.images) {
      std::vector<const Function*> functions = image_functions(ctx.graph, image);
      if (functions.empty() || is_lambda_base_image(final_base(image)) ||
          has_runtime_client(image)) {
        continue;
      }
      const ImageStage& last = image.stages[image.final_stage];
      Finding f = diag(last.from, "this image runs Lambda function '" + functions.front()->id.name +
                                      "' but starts FROM " + final_base(image) +
                                      ", not a Lambda base image, and installs no runtime "
                                      "interface client: the function cannot start. Build FROM "
                                      "public.ecr.aws/lambda/<runtime>, or add awslambdaric / "
                                      "aws-lambda-ric / the Lambda Web Adapter");
      f.substance = "runtime-client";
      f.related = function_links(ctx.graph, image);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_image_missing_runtime_client() {
  return std::make_unique<LambdaImageMissingRuntimeClient>();
}

}  // namespace rightfit
