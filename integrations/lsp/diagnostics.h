// Findings as LSP diagnostics: UTF-16 ranges, severities, rule links, related places.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "analyzer/finding.h"
#include "analyzer/rule_info.h"
#include "integrations/lsp/text_document.h"

namespace rightfit::lsp {

// `path` made absolute and normal: how the server names files.
std::string absolute_path(const std::string& path);

// The LSP range of a span of `text`; an empty or unknown end is the end of the start line.
LspRange lsp_range(std::string_view text, const Span& span);

int lsp_severity(Severity s);

// One LSP Diagnostic (JSON text) for a finding. `text` gives a file's text (for UTF-16
// columns), `uri` the URI to name a file by; `rule` may be null.
std::string diagnostic_json(const Finding& f, const RuleInfo* rule,
                            const std::function<const std::string&(const std::string&)>& text,
                            const std::function<std::string(const std::string&)>& uri);

}  // namespace rightfit::lsp
