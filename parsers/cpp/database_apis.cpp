#include "parsers/cpp/database_apis.h"

#include <algorithm>
#include <cctype>

namespace rightfit::cpp {

namespace {

// Each library's names, as arrays the table below points into.
constexpr std::string_view kLibpqConnects[] = {"PQconnectdb", "PQconnectdbParams", "PQconnectStart",
                                               "PQconnectStartParams", "PQsetdbLogin"};
constexpr std::string_view kLibpqxxConnects[] = {"pqxx::connection", "pqxx::lazyconnection",
                                                 "pqxx::basic_connection"};
constexpr std::string_view kTaopqConnects[] = {"tao::pq::connection::create",
                                               "tao::pq::connection_pool::create"};
constexpr std::string_view kTaopqMentions[] = {"tao::pq"};
constexpr std::string_view kMysqlConnects[] = {"mysql_real_connect", "mysql_connect"};
constexpr std::string_view kMysqlJdbcConnects[] = {"sql::Driver::connect",
                                                   "sql::mysql::MySQL_Driver::connect"};
constexpr std::string_view kMysqlJdbcMentions[] = {"get_mysql_driver_instance",
                                                   "get_driver_instance"};
constexpr std::string_view kMysqlxConnects[] = {"mysqlx::Session", "mysqlx::Client",
                                                "mysqlx::getSession", "mysqlx::getClient"};
constexpr std::string_view kMongocxxConnects[] = {"mongocxx::client", "mongocxx::pool"};
constexpr std::string_view kRedisPlusPlusConnects[] = {"sw::redis::Redis",
                                                       "sw::redis::RedisCluster"};
constexpr std::string_view kHiredisConnects[] = {"redisConnect",
                                                 "redisConnectWithTimeout",
                                                 "redisConnectUnix",
                                                 "redisConnectUnixWithTimeout",
                                                 "redisConnectWithOptions",
                                                 "redisAsyncConnect",
                                                 "redisAsyncConnectWithOptions"};
constexpr std::string_view kSociConnects[] = {"soci::session", "soci::connection_pool"};

constexpr std::string_view kLibpqStandIn =
    "typedef struct pg_conn PGconn;\nPGconn* PQconnectdb(...);\nPGconn* "
    "PQconnectdbParams(...);\nPGconn* PQconnectStart(...);\nPGconn* "
    "PQconnectStartParams(...);\nPGconn* PQsetdbLogin(...);\nvoid PQfinish(...);\n";
// create() returns a shared_ptr: a handle that converts to whatever the code keeps.
constexpr std::string_view kTaopqStandIn =
    "namespace tao { namespace pq {\nstruct connection;\nstruct rightfit_handle {\n  "
    "template <class T> operator T() const;\n  connection* operator->() const;\n};\nstruct "
    "connection {\n  template <class... A> static rightfit_handle create(A&&...);\n};\nstruct "
    "connection_pool {\n  template <class... A> static rightfit_handle create(A&&...);\n};\n}  "
    "// namespace pq\n}  // namespace tao\n";
constexpr std::string_view kMysqlStandIn =
    "typedef struct st_mysql MYSQL;\nMYSQL* mysql_init(...);\nMYSQL* "
    "mysql_real_connect(...);\nMYSQL* mysql_connect(...);\nvoid mysql_close(...);\n";
constexpr std::string_view kMysqlJdbcStandIn =
    "namespace sql {\nstruct Connection {\n  virtual ~Connection();\n};\nstruct Driver {\n  "
    "template <class... A> Connection* connect(A&&...);\n};\nDriver* "
    "get_driver_instance();\nnamespace mysql {\nstruct MySQL_Driver : Driver {\n  template "
    "<class... A> Connection* connect(A&&...);\n};\nMySQL_Driver* "
    "get_mysql_driver_instance();\nMySQL_Driver* get_driver_instance();\n}  // namespace "
    "mysql\n}  // namespace sql\n";
constexpr std::string_view kHiredisStandIn =
    "typedef struct redisContext redisContext;\ntypedef struct redisAsyncContext "
    "redisAsyncContext;\nredisContext* redisConnect(...);\nredisContext* "
    "redisConnectWithTimeout(...);\nredisContext* redisConnectUnix(...);\nredisContext* "
    "redisConnectUnixWithTimeout(...);\nredisContext* "
    "redisConnectWithOptions(...);\nredisAsyncContext* "
    "redisAsyncConnect(...);\nredisAsyncContext* redisAsyncConnectWithOptions(...);\nvoid* "
    "redisCommand(...);\nvoid redisFree(...);\n";

// library, connects, header, generic_namespace, mentions, stand_in, c_linkage
constexpr DatabaseApi kApis[] = {
    {"libpq", kLibpqConnects, "<libpq-fe.h>", "", kLibpqConnects, kLibpqStandIn, true},
    {"libpqxx", kLibpqxxConnects, "<pqxx/pqxx>", "pqxx", {}, "", false},
    {"taopq", kTaopqConnects, "<tao/pq.hpp>", "", kTaopqMentions, kTaopqStandIn, false},
    {"MySQL C API", kMysqlConnects, "<mysql.h>", "", kMysqlConnects, kMysqlStandIn, true},
    {"MySQL Connector/C++ (JDBC API)", kMysqlJdbcConnects, "<mysql_driver.h>", "",
     kMysqlJdbcMentions, kMysqlJdbcStandIn, false},
    {"MySQL Connector/C++ (X DevAPI)",
     kMysqlxConnects,
     "<mysqlx/xdevapi.h>",
     "mysqlx",
     {},
     "",
     false},
    {"mongocxx", kMongocxxConnects, "<mongocxx/client.hpp>", "mongocxx", {}, "", false},
    {"redis-plus-plus", kRedisPlusPlusConnects, "<sw/redis++/redis++.h>", "sw", {}, "", false},
    {"hiredis", kHiredisConnects, "<hiredis/hiredis.h>", "", kHiredisConnects, kHiredisStandIn,
     true},
    {"SOCI", kSociConnects, "<soci/soci.h>", "soci", {}, "", false},
};

}  // namespace

std::span<const DatabaseApi> database_apis() { return kApis; }

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
