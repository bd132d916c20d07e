# Writes OUT: a C++ source defining rightfit::help_page(stem) over the Markdown help pages in
# PAGES (stem = file name without .md). Raw string literals keep the text as written.
set(body "// Generated from checks/*.md by cmake/embed_help.cmake. Do not edit.\n")
string(APPEND body "#include <string_view>\nnamespace rightfit {\nstd::string_view help_page(std::string_view stem) {\n")
separate_arguments(page_list UNIX_COMMAND "${PAGES}")
foreach(page IN LISTS page_list)
  get_filename_component(stem "${page}" NAME_WE)
  file(READ "${page}" text)
  string(APPEND body "  if (stem == \"${stem}\") return R\"rfhelp(${text})rfhelp\";\n")
endforeach()
string(APPEND body "  return {};\n}\n}  // namespace rightfit\n")
file(WRITE "${OUT}.tmp" "${body}")
file(RENAME "${OUT}.tmp" "${OUT}")
