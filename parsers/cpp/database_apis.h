// The database client libraries whose connections RF205 recognises in C++: one table, read
// by the collector (what opens a connection) and by the parser (what to declare when the
// library's headers are absent, so that Clang's error recovery keeps the calls).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace rightfit::cpp {

struct DatabaseApi {
  std::string_view library;  // as people name it: "libpq", "redis-plus-plus"
  // Qualified names (without versioned inline namespaces) of the functions that open a
  // connection and of the types whose construction does.
  std::span<const std::string_view> connects;
  std::string_view header;  // a header of the library, as included with its usual flags
  // Without `header`: a namespace whose names the file writes get generic stand-ins (any
  // type, constructible from anything); else `stand_in` is declared when the file mentions
  // one of `mentions`.
  std::string_view generic_namespace;
  std::span<const std::string_view> mentions;
  std::string_view stand_in;
  bool c_linkage = false;  // `stand_in` is a C API
};

std::span<const DatabaseApi> database_apis();

// The library whose connection `qualified_name` opens (a function called or a type
// constructed); nullptr when it opens none.
const DatabaseApi* database_connect(std::string_view qualified_name);

// "mongocxx::v_noabi::client" -> "mongocxx::client": versioned or internal namespaces that
// libraries insert between their namespace and the names people write.
std::string without_version_namespaces(std::string_view qualified_name);

}  // namespace rightfit::cpp
