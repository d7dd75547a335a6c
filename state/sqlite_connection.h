#pragma once
/// sql::Connection over one sqlite3 handle, with RAII for the handle and its statements.

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "state/sql.h"

namespace mesh::state {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

class SqliteConnection : public sql::Connection {
 public:
  /// Opens `path` with `flags` (SQLITE_OPEN_*); messages name `path`.
  static std::unique_ptr<SqliteConnection> open(const std::string& path, int flags,
                                                std::string* error);

  sql::Dialect dialect() const override { return sql::Dialect::Sqlite; }
  bool query(std::string_view sql, const std::vector<sql::Param>& params,
             const sql::RowCallback& on_row, std::string* error) override;
  bool exec(const std::string& sql, std::string* error) override;

  sqlite3* handle() const { return db_.get(); }
  /// The last error code, to tell corruption (SQLITE_CORRUPT, SQLITE_NOTADB) from the rest.
  int last_error_code() const { return last_code_; }

 private:
  SqliteConnection(SqliteHandle db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}
  std::string failure(const char* what);

  // Statements are destroyed before the handle: members are destroyed in reverse order.
  SqliteHandle db_;
  std::string path_;
  std::unordered_map<std::string, SqliteStatement> statements_;
  int last_code_ = SQLITE_OK;
};

}  // namespace mesh::state
