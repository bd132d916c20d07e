#include "parsers/cpp/database_apis.h"

#include <algorithm>
#include <cctype>

namespace rightfit::cpp {

const std::vector<DatabaseApi>& database_apis() {
  static const std::vector<DatabaseApi> kApis = {
      {"libpq",
       {"PQconnectdb", "PQconnectdbParams", "PQconnectStart", "PQconnectStartParams",
        "PQsetdbLogin"},
       "<libpq-fe.h>",
       "",
       {"PQconnectdb", "PQconnectdbParams", "PQconnectStart", "PQconnectStartParams",
        "PQsetdbLogin"},
       "typedef struct pg_conn PGconn;\nPGconn* PQconnectdb(...);\nPGconn* "
       "PQconnectdbParams(...);\nPGconn* PQconnectStart(...);\nPGconn* "
       "PQconnectStartParams(...);\nPGconn* PQsetdbLogin(...);\nvoid PQfinish(...);\n",
       true},
      {"libpqxx",
       {"pqxx::connection", "pqxx::lazyconnection", "pqxx::basic_connection"},
       "<pqxx/pqxx>",
       "pqxx",
       {},
       "",
       false},
      {"taopq",
       {"tao::pq::connection::create", "tao::pq::connection_pool::create"},
       "<tao/pq.hpp>",
       "",
       {"tao::pq"},
       // create() returns a shared_ptr: a handle that converts to whatever the code keeps.
       "namespace tao { namespace pq {\nstruct connection;\nstruct rightfit_handle {\n  "
       "template <class T> operator T() const;\n  connection* operator->() const;\n};\nstruct "
       "connection {\n  template <class... A> static rightfit_handle create(A&&...);\n};\nstruct "
       "connection_pool {\n  template <class... A> static rightfit_handle create(A&&...);\n};\n}  "
       "// namespace pq\n}  // namespace tao\n",
       false},
      {"MySQL C API",
       {"mysql_real_connect", "mysql_connect"},
       "<mysql.h>",
       "",
       {"mysql_real_connect", "mysql_connect"},
       "typedef struct st_mysql MYSQL;\nMYSQL* mysql_init(...);\nMYSQL* "
       "mysql_real_connect(...);\nMYSQL* mysql_connect(...);\nvoid mysql_close(...);\n",
       true},
      {"MySQL Connector/C++ (JDBC API)",
       {"sql::Driver::connect", "sql::mysql::MySQL_Driver::connect"},
       "<mysql_driver.h>",
       "",
       {"get_mysql_driver_instance", "get_driver_instance"},
       "namespace sql {\nstruct Connection {\n  virtual ~Connection();\n};\nstruct Driver {\n  "
       "template <class... A> Connection* connect(A&&...);\n};\nDriver* "
       "get_driver_instance();\nnamespace mysql {\nstruct MySQL_Driver : Driver {\n  template "
       "<class... A> Connection* connect(A&&...);\n};\nMySQL_Driver* "
       "get_mysql_driver_instance();\nMySQL_Driver* get_driver_instance();\n}  // namespace "
       "mysql\n}  // namespace sql\n",
       false},
      {"MySQL Connector/C++ (X DevAPI)",
       {"mysqlx::Session", "mysqlx::Client", "mysqlx::getSession", "mysqlx::getClient"},
       "<mysqlx/xdevapi.h>",
       "mysqlx",
       {},
       "",
       false},
      {"mongocxx",
       {"mongocxx::client", "mongocxx::pool"},
       "<mongocxx/client.hpp>",
       "mongocxx",
       {},
       "",
       false},
      {"redis-plus-plus",
       {"sw::redis::Redis", "sw::redis::RedisCluster"},
       "<sw/redis++/redis++.h>",
       "sw",
       {},
       "",
       false},
      {"hiredis",
       {"redisConnect", "redisConnectWithTimeout", "redisConnectUnix",
        "redisConnectUnixWithTimeout", "redisConnectWithOptions", "redisAsyncConnect",
        "redisAsyncConnectWithOptions"},
       "<hiredis/hiredis.h>",
       "",
       {"redisConnect", "redisConnectWithTimeout", "redisConnectUnix",
        "redisConnectUnixWithTimeout", "redisConnectWithOptions", "redisAsyncConnect",
        "redisAsyncConnectWithOptions"},
       "typedef struct redisContext redisContext;\ntypedef struct redisAsyncContext "
       "redisAsyncContext;\nredisContext* redisConnect(...);\nredisContext* "
       "redisConnectWithTimeout(...);\nredisContext* redisConnectUnix(...);\nredisContext* "
       "redisConnectUnixWithTimeout(...);\nredisContext* "
       "redisConnectWithOptions(...);\nredisAsyncContext* "
       "redisAsyncConnect(...);\nredisAsyncContext* redisAsyncConnectWithOptions(...);\nvoid* "
       "redisCommand(...);\nvoid redisFree(...);\n",
       true},
      {"SOCI", {"soci::session", "soci::connection_pool"}, "<soci/soci.h>", "soci", {}, "", false},
  };
  return kApis;
}

namespace {

// Namespaces a library puts between its own and its names: `v_noabi`, `v1`, `abi2`, `r0`,
// `__1`, `_V2`.
bool is_version_namespace(std::string_view part) {
  if (part == "v_noabi" || part.substr(0, 2) == "__" || part.substr(0, 2) == "_V") return true;
  size_t letters = part.substr(0, 3) == "abi"                                ? 3
                   : (part.size() > 1 && (part[0] == 'v' || part[0] == 'r')) ? 1
                                                                             : 0;
  if (letters == 0 || part.size() == letters) return false;
  return std::all_of(part.begin() + static_cast<std::ptrdiff_t>(letters), part.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::string without_version_namespaces(std::string_view qualified_name) {
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t next = qualified_name.find("::", at);
    const std::string_view part = qualified_name.substr(
        at, next == std::string_view::npos ? std::string_view::npos : next - at);
    // The last part is the name itself, never dropped.
    if (next == std::string_view::npos || !is_version_namespace(part)) {
      if (!out.empty()) out += "::";
      out += part;
    }
    if (next == std::string_view::npos) return out;
    at = next + 2;
  }
}

const DatabaseApi* database_connect(std::string_view qualified_name) {
  const std::string name = without_version_namespaces(qualified_name);
  for (const DatabaseApi& api : database_apis()) {
    if (std::find(api.connects.begin(), api.connects.end(), name) != api.connects.end())
      return &api;
  }
  return nullptr;
}

}  // namespace rightfit::cpp
