// The entry point of librightfit-cpp.so (cpp_module.h): the Clang parser behind the
// interface the rightfit binary sees.
#include "parsers/cpp/cpp_module.h"

namespace rightfit::cpp {

namespace {

class LibToolingParser final : public ClangParser {
 public:
  CppParse parse(const CppSource& source) const override { return parse_cpp(source); }
  Result<CompileDatabase> read_compile_commands(const std::string& file) const override {
    return cpp::read_compile_commands(file);
  }
};

}  // namespace

}  // namespace rightfit::cpp

extern "C" __attribute__((visibility("default"))) const rightfit::cpp::ClangParser*
rightfit_cpp_module(const char* abi) {
  static const rightfit::cpp::LibToolingParser parser;  // stateless
  if (abi == nullptr || abi != rightfit::cpp::cpp_module_abi(RIGHTFIT_VERSION)) return nullptr;
  return &parser;
}
