#include "parsers/cpp/compile_flags.h"

#include <string_view>

namespace rightfit::cpp {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Flags that load a shared object into the compiler.
bool loads_code(std::string_view arg) {
  return starts_with(arg, "-fplugin=") || starts_with(arg, "-fpass-plugin=") ||
         starts_with(arg, "-fplugin-arg-") || arg == "-fplugin";
}

// cc1 flags passed with -Xclang that load code: `-Xclang -load -Xclang lib.so`,
// `-Xclang -plugin -Xclang name`, `-Xclang -add-plugin ...`, `-Xclang -plugin-arg-x ...`.
bool cc1_loads_code(std::string_view arg) {
  return arg == "-load" || arg == "-plugin" || arg == "-add-plugin" ||
         starts_with(arg, "-plugin-arg-") || starts_with(arg, "-load=") ||
         starts_with(arg, "-fplugin") || starts_with(arg, "-fpass-plugin");
}

// Flags that only make sense for a real compile, each with whether it takes the next
// argument: outputs, dependency files, traces, the compile-only switch.
int output_flag_arity(std::string_view arg) {
  if (arg == "-o" || arg == "-MF" || arg == "-MT" || arg == "-MQ" || arg == "-MJ" ||
      arg == "--serialize-diagnostics" || arg == "-dependency-file") {
    return 2;
  }
  if (arg == "-c" || arg == "-S" || arg == "-E" || arg == "-M" || arg == "-MM" || arg == "-MD" ||
      arg == "-MMD" || arg == "-MG" || arg == "-MP" || arg == "-fsyntax-only" ||
      starts_with(arg, "-o") || starts_with(arg, "-MF") || starts_with(arg, "-MJ") ||
      starts_with(arg, "-ftime-trace") || starts_with(arg, "-save-temps") ||
      starts_with(arg, "--serialize-diagnostics=")) {
    return 1;
  }
  return 0;
}

}  // namespace

SanitizedCommand sanitize_compile_command(const std::vector<std::string>& argv) {
  SanitizedCommand out;
  if (argv.empty()) return out;
  out.argv.push_back("clang++");
  out.argv.push_back("-fsyntax-only");
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "-Xclang" && i + 1 < argv.size()) {
      if (cc1_loads_code(argv[i + 1])) {
        out.dropped.push_back(arg + " " + argv[i + 1]);
        i += 1;
        // `-Xclang -load -Xclang lib.so`: the library is the next -Xclang's argument.
        bool takes_value = argv[i] == "-load" || argv[i] == "-plugin" || argv[i] == "-add-plugin" ||
                           starts_with(argv[i], "-plugin-arg-");
        if (takes_value && i + 2 < argv.size() && argv[i + 1] == "-Xclang") {
          out.dropped.push_back(argv[i + 1] + " " + argv[i + 2]);
          i += 2;
        }
        continue;
      }
      out.argv.push_back(arg);
      out.argv.push_back(argv[++i]);
      continue;
    }
    if (loads_code(arg) || starts_with(arg, "@")) {  // @file: more flags from a file
      out.dropped.push_back(arg);
      continue;
    }
    if (int arity = output_flag_arity(arg)) {
      if (arity == 2 && i + 1 < argv.size()) ++i;
      continue;
    }
    out.argv.push_back(arg);
  }
  return out;
}

}  // namespace rightfit::cpp
