#include "state/postgres_store.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "state/migrations.h"
#include "state/postgres_connection.h"
#include "state/sql_store.h"

namespace mesh::state {

int64_t advisory_key(const std::string& schema, const std::string& workspace) {
  uint64_t hash = 14695981039346656037ull;
  auto mix = [&](unsigned char c) {
    hash ^= c;
    hash *= 1099511628211ull;
  };
  for (unsigned char c : schema) mix(c);
  mix(0);
  for (unsigned char c : workspace) mix(c);
  return static_cast<int64_t>(hash);
}

namespace {

/// A session-level advisory lock is held by the connection itself: it vanishes when the
/// holder's session ends (crash, kill -9, network loss), so PostgreSQL locks are never stale.
/// The lock row beside it only says who holds it, for the message.
class PostgresStore : public SqlStore {
 public:
  PostgresStore(std::unique_ptr<sql::Connection> db, std::string location, Actor actor,
                std::string schema)
      : SqlStore(std::move(db), std::move(location), std::move(actor)),
        schema_(std::move(schema)) {}

 protected:
  Attempt try_lock(const LockInfo& mine, LockInfo* holder, std::string* error) override {
    int64_t key = advisory_key(schema_, mine.workspace);
    bool got = false;
    if (!db().query(
            "SELECT pg_try_advisory_lock(?)", {key},
            [&](const sql::Row& r) { got = r.integer(0) != 0; }, error)) {
      return Attempt::Failed;
    }
    if (got) {
      sql::Transaction txn(db());
      // A row left by a session that died is overwritten: its advisory lock is gone.
      if (txn.begin(sql::TransactionKind::Write, error) &&
          db().run("DELETE FROM locks WHERE workspace = ?", {mine.workspace}, error) &&
          db().run("INSERT INTO locks (workspace, id, user_name, host, pid, command, created_at, "
                   "backend_pid) VALUES (?, ?, ?, ?, ?, ?, ?, pg_backend_pid())",
                   {mine.workspace, mine.id, mine.user, mine.host, mine.pid, mine.command,
                    mine.created_at},
                   error) &&
          txn.commit(error)) {
        return Attempt::Acquired;
      }
      std::string ignored;
      db().run("SELECT pg_advisory_unlock(?)", {key}, &ignored);
      return Attempt::Failed;
    }
    // The holder writes its row just after taking the lock: give it a moment.
    for (int i = 0; i < 10; ++i) {
      std::optional<LockInfo> row = read_lock_row("workspace", mine.workspace, error);
      if (!error->empty()) return Attempt::Failed;
      if (row) {
        *holder = *row;
        return Attempt::Held;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    *holder = LockInfo{"(unknown)", mine.workspace, "another", "session", 0, "no lock row", 0};
    return Attempt::Held;
  }

  void release_backend(const LockInfo& lock) override {
    std::string ignored;
    db().run("SELECT pg_advisory_unlock(?)", {advisory_key(schema_, lock.workspace)}, &ignored);
  }

  std::optional<LockInfo> live_lock_row(const std::string& column, const std::string& key,
                                        std::string* error) override {
    std::optional<LockInfo> row = read_lock_row(column, key, error);
    if (!row) return std::nullopt;
    int64_t held = 0;
    auto [classid, objid] = split(advisory_key(schema_, row->workspace));
    if (!db().query(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ? "
            "AND objid = ? AND objsubid = 1 AND granted AND database = (SELECT oid FROM "
            "pg_database WHERE datname = current_database())",
            {classid, objid}, [&](const sql::Row& r) { held = r.integer(0); }, error)) {
      return std::nullopt;
    }
    if (held == 0) return std::nullopt;  // the row of a session that died
    return row;
  }

  bool break_backend(const LockInfo& lock, std::string* error) override {
    if (held_.count(lock.workspace)) {
      release_backend(lock);
      held_.erase(lock.workspace);
      return true;
    }
    // Ends the holder's session, which releases its advisory lock.
    auto [classid, objid] = split(advisory_key(schema_, lock.workspace));
    return db().run(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
        "AND classid = ? AND objid = ? AND objsubid = 1 AND granted AND pid <> "
        "pg_backend_pid()",
        {classid, objid}, error);
  }

 private:
  /// pg_locks shows a bigint advisory key as two oids: high and low 32 bits.
  static std::pair<int64_t, int64_t> split(int64_t key) {
    uint64_t k = static_cast<uint64_t>(key);
    return {static_cast<int64_t>(k >> 32), static_cast<int64_t>(k & 0xffffffffu)};
  }

  std::string schema_;
};

bool valid_schema(const std::string& schema) {
  if (schema.empty() || schema.size() > 63) return false;
  for (size_t i = 0; i < schema.size(); ++i) {
    char c = schema[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<StateStore> open_postgres_store(const std::string& conninfo,
                                                const std::string& display,
                                                const std::string& schema,
                                                const OpenOptions& options, std::string* error) {
  if (!valid_schema(schema)) {
    *error = fmt::format("state URL {}: invalid schema name \"{}\" (letters, digits, '_')", display,
                         schema);
    return nullptr;
  }
  auto db = PostgresConnection::connect(conninfo, display, error);
  if (!db) return nullptr;
  std::string quoted = "\"" + schema + "\"";
  {
    // Concurrent first runs must not race on CREATE: serialize them with an advisory lock.
    sql::Transaction txn(*db);
    if (!txn.begin(sql::TransactionKind::Write, error) ||
        !db->run("SELECT pg_advisory_xact_lock(?)", {advisory_key(schema, "\x01migrations")},
                 error) ||
        !db->exec("CREATE SCHEMA IF NOT EXISTS " + quoted, error) ||
        !db->run("SELECT set_config('search_path', ?, false)", {quoted}, error)) {
      return nullptr;
    }
    std::optional<int64_t> version = schema_version(*db, error);
    if (!version || !check_not_newer(*version, display, error) ||
        !db->exec("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
                  "description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                  error) ||
        !txn.commit(error)) {
      return nullptr;
    }
  }
  if (!migrate(*db, display, advisory_key(schema, "\x01migrations"), error)) return nullptr;
  return std::make_unique<PostgresStore>(std::move(db), display, options.actor, schema);
}

}  // namespace mesh::state
