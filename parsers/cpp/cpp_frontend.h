// C++ handler code (Clang LibTooling) as a front-end (parsers/frontend.h).
#pragma once

#include <memory>

#include "parsers/frontend.h"

namespace rightfit::cpp {

std::unique_ptr<Frontend> make_frontend();

}  // namespace rightfit::cpp
