// What the three image rules (RF301-RF303) agree on: which Dockerfiles build Lambda images
// and what their final stage consists of.
#pragma once

#include <vector>

#include "analyzer/finding.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

// The program a command word names: "/usr/local/bin/gunicorn" -> "gunicorn".
std::string program_name(const std::string& word);

// The final stage and the stages it is built FROM, final stage first.
std::vector<const ImageStage*> final_chain(const Image& image);

// The external image the final stage ultimately derives from.
std::string final_base(const Image& image);

// public.ecr.aws/lambda/* or amazon/aws-lambda-* (with or without a registry host).
bool is_lambda_base_image(const std::string& image);

// Functions with PackageType Image that run this image.
std::vector<const Function*> image_functions(const WorkloadGraph& g, const Image& image);

// Whether ENTRYPOINT/CMD start a runtime interface client or the Lambda base image's entry
// script (`python -m awslambdaric`, `npx aws-lambda-ric`, `/lambda-entrypoint.sh`, the
// `aws-lambda-rie` emulator wrapping one): a Lambda image whatever it is built FROM.
bool runs_lambda_entry_point(const Image& image);

// A Lambda image: from a Lambda base image, started by a runtime interface client, or run by
// a function with PackageType Image.
bool builds_lambda_image(const WorkloadGraph& g, const Image& image);

// COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:... in the final chain.
const CopyFrom* lambda_web_adapter(const Image& image);

// Related locations naming the functions that run the image (where the link is declared).
std::vector<RelatedLocation> function_links(const WorkloadGraph& g, const Image& image);

}  // namespace rightfit
