// RF001: a file rightfit owns cannot be parsed (or read).
#include "checks/check.h"

namespace rightfit {
namespace {

class ParseErrorCheck : public Check {
 public:
  ParseErrorCheck()
      : Check(describe_rule("RF001", "parse-error", Severity::Error,
                            "A file rightfit analyses cannot be read or parsed.", "parse_error")) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const ParseError& e : ctx.graph.parse_errors) {
      Finding f = diag(e.where, e.message + "; nothing in this file was analysed");
      f.substance = e.message;
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_parse_error() { return std::make_unique<ParseErrorCheck>(); }

}  // namespace rightfit
