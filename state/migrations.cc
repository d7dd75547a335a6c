#include "state/migrations.h"

#include <fmt/format.h>

#include <ctime>
#include <vector>

namespace mesh::state {
namespace {

struct Migration {
  int64_t version;
  const char* description;
  const char* sql;  ///< portable DDL; `{without_rowid}` is SQLite's clustered-table suffix
};

// Tables key rows by workspace name: no surrogate ids, so the same SQL runs on both backends.
// On SQLite every table is clustered on its key (WITHOUT ROWID): one b-tree per table, so an
// incremental commit dirties about three pages (version, change, resource): the serial is the
// newest version's, not a counter rewritten on every commit. History
// by address scans the workspace's changes rather than paying an index page on every commit.
// JSON is kept as TEXT (exact bytes back, no JSONB reordering). Flags are BIGINT 0/1.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "workspaces, resources, outputs, history and locks", R"sql(
CREATE TABLE workspaces (
  name TEXT PRIMARY KEY,
  lineage TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE resources (
  workspace TEXT NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
  address TEXT NOT NULL,
  type TEXT NOT NULL,
  provider TEXT NOT NULL,
  attributes TEXT NOT NULL,
  sensitive_paths TEXT NOT NULL,
  dependencies TEXT NOT NULL,
  prevent_destroy BIGINT NOT NULL,
  create_before_destroy BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expires_at BIGINT,
  schema_version BIGINT NOT NULL,
  PRIMARY KEY (workspace, address)
){without_rowid};
CREATE INDEX resources_by_expiry ON resources (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE outputs (
  workspace TEXT NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  sensitive BIGINT NOT NULL,
  PRIMARY KEY (workspace, name)
){without_rowid};
CREATE TABLE versions (
  workspace TEXT NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
  serial BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  user_name TEXT NOT NULL,
  host TEXT NOT NULL,
  pid BIGINT NOT NULL,
  command TEXT NOT NULL,
  PRIMARY KEY (workspace, serial)
){without_rowid};
CREATE TABLE changes (
  workspace TEXT NOT NULL,
  serial BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  record TEXT,
  PRIMARY KEY (workspace, serial, seq),
  FOREIGN KEY (workspace, serial) REFERENCES versions (workspace, serial) ON DELETE CASCADE
){without_rowid};
CREATE TABLE locks (
  workspace TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL,
  host TEXT NOT NULL,
  pid BIGINT NOT NULL,
  command TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  backend_pid BIGINT
);
)sql"},
      // A workspace's own ttl (`mesh apply -w pr-42 --ttl 24h`); NULL: it never expires.
      // Existing workspaces get NULL: an upgrade changes no behaviour.
      {2, "workspace expiry", R"sql(
ALTER TABLE workspaces ADD COLUMN expires_at BIGINT;
)sql"},
      // The ttl a resource's expiry was computed from, so that changing `ttl` moves it.
      // Existing rows get NULL: their expiry is kept until the ttl is next set.
      {3, "resource ttl", R"sql(
ALTER TABLE resources ADD COLUMN ttl_ms BIGINT;
)sql"},
  };
  return all;
}

std::string render(const Migration& m, sql::Dialect dialect) {
  std::string text = m.sql;
  const std::string token = "{without_rowid}";
  const std::string suffix = dialect == sql::Dialect::Sqlite ? " WITHOUT ROWID" : "";
  for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at)) {
    text.replace(at, token.size(), suffix);
  }
  return text;
}

}  // namespace

std::string migration_sql(int64_t version, sql::Dialect dialect) {
  for (const Migration& m : migrations())
    if (m.version == version) return render(m, dialect);
  return "";
}

int64_t latest_schema_version() {
  return migrations().back().version;
}

std::optional<int64_t> schema_version(sql::Connection& db, std::string* error) {
  const char* exists_sql =
      db.dialect() == sql::Dialect::Sqlite
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
            "'schema_migrations'"
          : "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND "
            "tablename = 'schema_migrations'";
  int64_t exists = 0;
  if (!db.query(
          exists_sql, {}, [&](const sql::Row& r) { exists = r.integer(0); }, error)) {
    return std::nullopt;
  }
  if (!exists) return 0;
  int64_t version = 0;
  if (!db.query(
          "SELECT coalesce(max(version), 0) FROM schema_migrations", {},
          [&](const sql::Row& r) { version = r.integer(0); }, error)) {
    return std::nullopt;
  }
  return version;
}

bool check_not_newer(int64_t version, const std::string& location, std::string* error) {
  if (version <= latest_schema_version()) return true;
  *error = fmt::format(
      "{} was written by a newer mesh (state schema version {}; this mesh knows up to {}): "
      "upgrade mesh to use it",
      location, version, latest_schema_version());
  return false;
}

bool migrate(sql::Connection& db, const std::string& location, int64_t migration_lock,
             std::string* error) {
  if (!db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
               "description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
               error)) {
    return false;
  }
  for (const Migration& m : migrations()) {
    sql::Transaction txn(db);
    if (!txn.begin(sql::TransactionKind::Write, error)) return false;
    if (db.dialect() == sql::Dialect::Postgres &&
        !db.run("SELECT pg_advisory_xact_lock(?)", {migration_lock}, error)) {
      return false;
    }
    // Re-read inside the transaction: another process may have migrated meanwhile.
    std::optional<int64_t> current = schema_version(db, error);
    if (!current) return false;
    if (!check_not_newer(*current, location, error)) return false;
    if (*current >= m.version) continue;
    if (!db.exec(render(m, db.dialect()), error)) return false;
    if (!db.run("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                {m.version, m.description, static_cast<int64_t>(std::time(nullptr))}, error)) {
      return false;
    }
    if (!txn.commit(error)) return false;
  }
  return true;
}

}  // namespace mesh::state
