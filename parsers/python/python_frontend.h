// Python handler code (tree-sitter) as a front-end (parsers/frontend.h).
#pragma once

#include <memory>

#include "parsers/frontend.h"

namespace rightfit::python {

std::unique_ptr<Frontend> make_frontend();

}  // namespace rightfit::python
