#pragma once
/// The `postgres` provider's shared pieces: a thread-safe pool of libpq connections (RAII
/// PGconn/PGresult), SQL quoting through libpq, and the resource types' factories
/// (postgres_connection.cc, postgres_provider.cc, one postgres_TYPE.cc per type).
///
/// Identifiers and literals always go through `PQescapeIdentifier` / `PQescapeLiteral` or
/// query parameters; errors are redacted of every secret the operation handled.

#include <libpq-fe.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "providers/builtin.h"

namespace mesh {

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

/// Rows of a query, as text (NULL is nullopt).
using PgRow = std::vector<std::optional<std::string>>;
using PgRows = std::vector<PgRow>;

/// libpq connection keywords and values (only those set: libpq falls back to PG* variables).
struct PostgresSettings {
  std::vector<std::pair<std::string, std::string>> params;
  std::string password;  ///< redacted from every error
  size_t max_connections = 10;
};

class PostgresClient;

/// One pooled connection, leased for one operation; returned to the pool when destroyed.
class PgSession {
 public:
  PgSession(PostgresClient* owner, PGconn* conn, long timeout_ms, std::vector<std::string> secrets);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  /// `"name"` quoted by libpq (never fails on valid UTF-8; "" and an error otherwise).
  std::string ident(std::string_view name);
  /// `'text'` quoted by libpq.
  std::string literal(std::string_view text);
  /// `schema.name`, both quoted.
  std::string qualified(std::string_view schema, std::string_view name);
  /// Runs SQL without parameters (several statements run as one implicit transaction).
  /// Returns "" or the redacted error.
  std::string exec(const std::string& sql);
  /// Runs one statement with text parameters; nullopt with `*error` set on failure.
  std::optional<PgRows> query(const std::string& sql, const std::vector<std::string>& params,
                              std::string* error);
  /// Secrets to redact from errors of this session (e.g. a role password).
  void add_secret(std::string secret);

 private:
  friend class PostgresClient;
  std::string failure(const char* message);

  PostgresClient* owner_;
  PGconn* conn_;
  long timeout_ms_;  ///< the connection's statement_timeout
  std::vector<std::string> secrets_;
};

/// The provider's connections: made on demand up to `max_connections`, reused across threads.
class PostgresClient {
 public:
  PostgresClient() = default;
  ~PostgresClient();
  void configure(PostgresSettings settings);
  bool configured() const { return configured_; }

  /// A connection for one operation with its statement timeout set from `context`; nullptr
  /// with `*error` set when the server cannot be reached.
  std::unique_ptr<PgSession> session(const OperationContext& context, std::string* error);

 private:
  friend class PgSession;
  void give_back(PGconn* conn, long timeout_ms);
  struct Idle {
    PgConnPtr conn;
    long timeout_ms;
  };

  PostgresSettings settings_;
  bool configured_ = false;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Idle> idle_;
  size_t open_ = 0;
};

/// Nanoseconds spent inside libpq calls (waiting on the server) by this process, for
/// bench/postgres_bench.cc's split between mesh and the server.
int64_t postgres_wait_nanos();

/// Removes every occurrence of each non-empty secret from `text`.
std::string redact(std::string text, const std::vector<std::string>& secrets);

// Value helpers of the postgres types.
bool bool_attribute(const Value& object, std::string_view name, bool fallback);
/// Strings of a list or set attribute (other elements skipped).
std::vector<std::string> string_items(const Value& value);
Value string_set(std::vector<std::string> items);
/// A set attribute equal to `items` as a set: `state`'s own value when equal, else a new set.
Value keep_or_set(const Value& state, const std::vector<std::string>& items);

using PostgresClientPtr = std::shared_ptr<PostgresClient>;
std::unique_ptr<ResourceType> make_postgres_database(PostgresClientPtr client);
std::unique_ptr<ResourceType> make_postgres_schema(PostgresClientPtr client);
std::unique_ptr<ResourceType> make_postgres_role(PostgresClientPtr client);
std::unique_ptr<ResourceType> make_postgres_grant(PostgresClientPtr client);
std::unique_ptr<ResourceType> make_postgres_table(PostgresClientPtr client);
std::unique_ptr<ResourceType> make_postgres_extension(PostgresClientPtr client);

}  // namespace mesh
