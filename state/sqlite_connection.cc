#include "state/sqlite_connection.h"

#include <fmt/format.h>

namespace mesh::state {
namespace {

/// The row view over a stepped statement.
class SqliteRow : public sql::Row {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string_view text(int column) const override {
    const unsigned char* data = sqlite3_column_text(stmt_, column);
    if (!data) return {};
    return {reinterpret_cast<const char*>(data),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }

 private:
  sqlite3_stmt* stmt_;
};

/// Resets a statement when a query ends, so it holds no read snapshot between calls.
struct ResetOnExit {
  sqlite3_stmt* stmt;
  ~ResetOnExit() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

}  // namespace

std::unique_ptr<SqliteConnection> SqliteConnection::open(const std::string& path, int flags,
                                                         std::string* error) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    *error = fmt::format("cannot open state file {}: {}", path,
                         db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc));
    return nullptr;
  }
  sqlite3_extended_result_codes(db.get(), 1);
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(std::move(db), path));
}

std::string SqliteConnection::failure(const char* what) {
  last_code_ = sqlite3_errcode(db_.get()) & 0xff;
  return fmt::format("state file {}: {}: {}", path_, what, sqlite3_errmsg(db_.get()));
}

bool SqliteConnection::query(std::string_view sql, const std::vector<sql::Param>& params,
                             const sql::RowCallback& on_row, std::string* error) {
  last_code_ = SQLITE_OK;
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
      *error = failure("prepare");
      return false;
    }
    it = statements_.emplace(std::string(sql), SqliteStatement(raw)).first;
  }
  sqlite3_stmt* stmt = it->second.get();
  ResetOnExit reset{stmt};
  for (size_t i = 0; i < params.size(); ++i) {
    const sql::Param& p = params[i];
    int index = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    switch (p.kind) {
      case sql::Param::Kind::Null:
        rc = sqlite3_bind_null(stmt, index);
        break;
      case sql::Param::Kind::Integer:
        rc = sqlite3_bind_int64(stmt, index, p.integer);
        break;
      case sql::Param::Kind::Text:
        rc = sqlite3_bind_text(stmt, index, p.text.data(), static_cast<int>(p.text.size()),
                               SQLITE_STATIC);
        break;
    }
    if (rc != SQLITE_OK) {
      *error = failure("bind");
      return false;
    }
  }
  SqliteRow row(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return true;
    if (rc != SQLITE_ROW) {
      *error = failure("query");
      return false;
    }
    if (on_row) on_row(row);
  }
}

bool SqliteConnection::exec(const std::string& sql, std::string* error) {
  last_code_ = SQLITE_OK;
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    last_code_ = sqlite3_errcode(db_.get()) & 0xff;
    *error = fmt::format("state file {}: {}", path_, message ? message : "error");
    sqlite3_free(message);
    return false;
  }
  return true;
}

}  // namespace mesh::state
