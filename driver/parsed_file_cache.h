// The parse results an editor session keeps between analyses: declared with the front-ends
// that fill them (parsers/parsed_file_cache.h).
#pragma once

#include "parsers/parsed_file_cache.h"
