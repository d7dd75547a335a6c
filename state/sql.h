#pragma once
/// A minimal SQL connection both backends implement, so the store's logic (and its SQL) is
/// written once. Statements use `?` placeholders; the PostgreSQL side rewrites them to `$n`.
/// Internal to state/.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mesh::state::sql {

enum class Dialect { Sqlite, Postgres };

/// One bound parameter. Text is borrowed: it must outlive the query call.
struct Param {
  enum class Kind { Null, Integer, Text } kind = Kind::Null;
  int64_t integer = 0;
  std::string_view text;

  Param(std::nullptr_t) {}
  Param(int v) : kind(Kind::Integer), integer(v) {}
  Param(int64_t v) : kind(Kind::Integer), integer(v) {}
  Param(bool v) : kind(Kind::Integer), integer(v ? 1 : 0) {}
  Param(std::string_view v) : kind(Kind::Text), text(v) {}
  Param(const std::string& v) : kind(Kind::Text), text(v) {}
  Param(const char* v) : kind(Kind::Text), text(v) {}
  Param(const std::optional<int64_t>& v) {
    if (v) {
      kind = Kind::Integer;
      integer = *v;
    }
  }
};

/// One result row, valid only during the row callback.
class Row {
 public:
  virtual ~Row() = default;
  virtual bool null(int column) const = 0;
  virtual int64_t integer(int column) const = 0;
  virtual std::string_view text(int column) const = 0;
  std::string str(int column) const { return std::string(text(column)); }
};

using RowCallback = std::function<void(const Row&)>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  /// Runs one statement (prepared once and cached by its text); calls `on_row` per row.
  virtual bool query(std::string_view sql, const std::vector<Param>& params,
                     const RowCallback& on_row, std::string* error) = 0;
  /// Runs several `;`-separated statements without parameters (DDL, BEGIN, COMMIT).
  virtual bool exec(const std::string& sql, std::string* error) = 0;

  bool run(std::string_view sql, const std::vector<Param>& params, std::string* error) {
    return query(sql, params, nullptr, error);
  }
};

enum class TransactionKind { Read, Write };

/// A transaction that rolls back unless commit() succeeded.
class Transaction {
 public:
  Transaction(Connection& connection) : connection_(connection) {}
  ~Transaction() {
    if (active_) {
      std::string ignored;
      connection_.exec("ROLLBACK", &ignored);
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  bool begin(TransactionKind kind, std::string* error) {
    const char* sql = nullptr;
    if (connection_.dialect() == Dialect::Sqlite) {
      // IMMEDIATE takes the write lock up front: two writers never deadlock on an upgrade.
      sql = kind == TransactionKind::Write ? "BEGIN IMMEDIATE" : "BEGIN";
    } else {
      // One snapshot for every statement of a read.
      sql = kind == TransactionKind::Write ? "BEGIN"
                                           : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    }
    active_ = connection_.exec(sql, error);
    return active_;
  }
  bool commit(std::string* error) {
    if (!connection_.exec("COMMIT", error)) return false;
    active_ = false;
    return true;
  }

 private:
  Connection& connection_;
  bool active_ = false;
};

}  // namespace mesh::state::sql
