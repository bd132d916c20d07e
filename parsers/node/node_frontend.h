// JavaScript/TypeScript handler code (tree-sitter) as a front-end (parsers/frontend.h).
#pragma once

#include <memory>

#include "parsers/frontend.h"

namespace rightfit::node {

std::unique_ptr<Frontend> make_frontend();

}  // namespace rightfit::node
