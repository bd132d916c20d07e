// Serverless Framework services (serverless.yml) as a front-end (parsers/frontend.h).
#pragma once

#include <memory>

#include "parsers/frontend.h"

namespace rightfit::sls {

std::unique_ptr<Frontend> make_frontend();

}  // namespace rightfit::sls
