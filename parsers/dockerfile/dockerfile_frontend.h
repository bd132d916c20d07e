// Dockerfiles (and Containerfiles) as a front-end (parsers/frontend.h).
#pragma once

#include <memory>

#include "parsers/frontend.h"

namespace rightfit::dockerfile {

std::unique_ptr<Frontend> make_frontend();

}  // namespace rightfit::dockerfile
