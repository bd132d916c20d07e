// Kubernetes manifests (YAML or JSON) as a front-end (parsers/frontend.h).
#pragma once

#include <memory>

#include "parsers/frontend.h"

namespace rightfit::k8s {

std::unique_ptr<Frontend> make_frontend();

}  // namespace rightfit::k8s
