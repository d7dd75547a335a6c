#pragma once
/// sql::Connection over one libpq connection, with RAII for PGconn and PGresult. Statements
/// are prepared once per connection (named s0, s1, …) and run with PQexecPrepared: every
/// value travels as a parameter, never spliced into SQL text.

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "state/sql.h"

namespace mesh::state {

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct PgResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgConnHandle = std::unique_ptr<PGconn, PgConnCloser>;
using PgResultHandle = std::unique_ptr<PGresult, PgResultClearer>;

class PostgresConnection : public sql::Connection {
 public:
  /// Connects with a libpq connection string or URI; `display` names it in messages
  /// (the URL without a password).
  static std::unique_ptr<PostgresConnection> connect(const std::string& conninfo,
                                                     const std::string& display,
                                                     std::string* error);

  sql::Dialect dialect() const override { return sql::Dialect::Postgres; }
  bool query(std::string_view sql, const std::vector<sql::Param>& params,
             const sql::RowCallback& on_row, std::string* error) override;
  bool exec(const std::string& sql, std::string* error) override;

 private:
  PostgresConnection(PgConnHandle conn, std::string display)
      : conn_(std::move(conn)), display_(std::move(display)) {}
  std::string failure(const PGresult* result) const;

  PgConnHandle conn_;
  std::string display_;
  std::unordered_map<std::string, std::string> statements_;  ///< SQL text → statement name
};

/// `?` placeholders → `$1`, `$2`, … (the store's SQL never has `?` inside string literals).
std::string number_placeholders(std::string_view sql);

}  // namespace mesh::state
