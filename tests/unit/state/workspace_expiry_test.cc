/// Workspace expiry (`mesh apply -w pr-42 --ttl 24h`, schema migration 2) and the recorded
/// resource ttl (migration 3) on both backends: set, move, keep, clear; history; listing;
/// export/import; and the upgrade of a database left at schema version 1 by an older mesh.

#include <sqlite3.h>

#include "state/migrations.h"
#include "tests/support/postgres_server.h"
#include "tests/unit/state/backends.h"

using namespace mesh::state;
using namespace mesh::state::testing;

namespace {

Snapshot snap(StateStore& store, const std::string& ws) {
  std::string error;
  auto s = store.snapshot(ws, &error);
  INFO(error);
  REQUIRE(s.has_value());
  return *s;
}

int64_t set_expiry(StateStore& store, const std::string& ws, std::optional<int64_t> at) {
  std::string error;
  auto serial = store.set_workspace_expiry(ws, at, &error);
  INFO(error);
  REQUIRE(serial.has_value());
  return *serial;
}

std::optional<int64_t> listed_expiry(StateStore& store, const std::string& ws) {
  std::string error;
  auto infos = store.workspace_infos(&error);
  INFO(error);
  REQUIRE(infos.has_value());
  for (const WorkspaceInfo& w : *infos)
    if (w.name == ws) return w.expires_at;
  FAIL("workspace " << ws << " not listed");
  return std::nullopt;
}

/// The schema at version 1 with one workspace and one resource, as an older mesh left it.
const char* kVersion1Rows =
    "INSERT INTO schema_migrations VALUES (1, 'workspaces, resources, outputs, history and "
    "locks', 0);"
    "INSERT INTO workspaces (name, lineage, created_at) VALUES ('pr-1', "
    "'11111111-2222-3333-4444-555555555555', 100);"
    "INSERT INTO versions VALUES ('pr-1', 1, 100, 'u', 'h', 1, 'mesh apply');"
    "INSERT INTO resources VALUES ('pr-1', 'local_file.a', 'local_file', 'local', '{\"id\":1}', "
    "'[]', '[]', 0, 0, 100, 100, 500, 0);";

}  // namespace

BACKEND_TEST(workspace_expiry_is_set_moved_kept_and_cleared) {
  auto store = backend.open();
  // A new workspace is created by its expiry, with a lineage and one version.
  int64_t s1 = set_expiry(*store, "pr-42", 1000);
  Snapshot a = snap(*store, "pr-42");
  CHECK(a.exists);
  CHECK_FALSE(a.lineage.empty());
  CHECK(a.serial == s1);
  REQUIRE(a.expires_at.has_value());
  CHECK(*a.expires_at == 1000);
  CHECK(listed_expiry(*store, "pr-42") == std::optional<int64_t>(1000));

  // Resource commits keep it.
  std::string error;
  REQUIRE(store->commit("pr-42", upserts({resource("local_file.x")}), &error));
  CHECK(snap(*store, "pr-42").expires_at == std::optional<int64_t>(1000));

  // The same value again writes nothing; another value moves it and adds a version.
  int64_t before = snap(*store, "pr-42").serial;
  CHECK(set_expiry(*store, "pr-42", 1000) == before);
  CHECK(set_expiry(*store, "pr-42", 5000) == before + 1);
  CHECK(snap(*store, "pr-42").expires_at == std::optional<int64_t>(5000));
  CHECK(snap(*store, "pr-42").lineage == a.lineage);

  // Cleared: no expiry, one more version.
  CHECK(set_expiry(*store, "pr-42", std::nullopt) == before + 2);
  CHECK_FALSE(snap(*store, "pr-42").expires_at.has_value());
  CHECK_FALSE(listed_expiry(*store, "pr-42").has_value());

  // History names the workspace change.
  auto history = store->history("pr-42", "workspace", &error);
  REQUIRE(history.has_value());
  REQUIRE(history->size() == 3);
  CHECK((*history)[0].changes[0].detail == "expires at 1970-01-01T00:16:40Z");
  CHECK((*history)[1].changes[0].detail == "expires at 1970-01-01T01:23:20Z");
  CHECK((*history)[2].changes[0].detail == "expiry cleared");

  // Clearing a missing workspace creates nothing.
  CHECK(set_expiry(*store, "never", std::nullopt) == 0);
  CHECK_FALSE(snap(*store, "never").exists);
}

BACKEND_TEST(a_resource_ttl_round_trips_through_commit_and_export) {
  auto store = backend.open();
  ResourceRecord with = resource("local_file.with");
  with.expires_at = 5000;
  with.ttl_ms = 7200000;
  ResourceRecord without = resource("local_file.without");
  std::string error;
  REQUIRE(store->commit("pr-3", upserts({with, without}), &error));
  Snapshot s = snap(*store, "pr-3");
  REQUIRE(s.resources.size() == 2);
  CHECK(s.resources[0].ttl_ms == std::optional<int64_t>(7200000));
  CHECK_FALSE(s.resources[1].ttl_ms.has_value());
  // An update without a ttl clears it.
  with.ttl_ms.reset();
  REQUIRE(store->commit("pr-3", upserts({with}), &error));
  CHECK_FALSE(snap(*store, "pr-3").resources[0].ttl_ms.has_value());
  with.ttl_ms = 60000;
  REQUIRE(store->commit("pr-3", upserts({with}), &error));
  auto text = store->export_json("pr-3", &error);
  REQUIRE(text.has_value());
  CHECK(text->find("\"ttl_ms\": 60000") != std::string::npos);
  REQUIRE(store->import_json("pr-4", *text, &error));
  CHECK(snap(*store, "pr-4").resources[0].ttl_ms == std::optional<int64_t>(60000));
  CHECK_FALSE(snap(*store, "pr-4").resources[1].ttl_ms.has_value());
}

BACKEND_TEST(the_default_workspace_cannot_expire) {
  auto store = backend.open();
  std::string error;
  CHECK_FALSE(store->set_workspace_expiry("default", 1000, &error).has_value());
  CHECK(error.find("default workspace cannot expire") != std::string::npos);
  CHECK(listed_expiry(*store, "default") == std::nullopt);
  CHECK_FALSE(store->set_workspace_expiry("bad name", 1000, &error).has_value());
}

BACKEND_TEST(workspace_expiry_survives_export_and_import) {
  auto store = backend.open();
  std::string error;
  REQUIRE(store->commit("pr-7", upserts({resource("local_file.x")}), &error));
  set_expiry(*store, "pr-7", 123456);
  auto text = store->export_json("pr-7", &error);
  INFO(error);
  REQUIRE(text.has_value());
  CHECK(text->find("\"expires_at\": 123456") != std::string::npos);
  REQUIRE(store->import_json("pr-8", *text, &error));
  CHECK(snap(*store, "pr-8").expires_at == std::optional<int64_t>(123456));
  CHECK(listed_expiry(*store, "pr-8") == std::optional<int64_t>(123456));

  // A workspace without expiry exports no field, and imports without one.
  REQUIRE(store->commit("plain", upserts({resource("local_file.y")}), &error));
  auto plain = store->export_json("plain", &error);
  REQUIRE(plain.has_value());
  CHECK(plain->find("expires_at\": 1") == std::string::npos);
  CHECK(plain->find("\"serial\": 1,\n  \"resources\"") != std::string::npos);
  REQUIRE(store->import_json("plain-copy", *plain, &error));
  CHECK_FALSE(snap(*store, "plain-copy").expires_at.has_value());
}

BACKEND_TEST(deleting_an_expired_workspace_takes_its_expiry_along) {
  auto store = backend.open();
  set_expiry(*store, "pr-9", 10);
  std::string error;
  REQUIRE(store->delete_workspace("pr-9", false, &error));
  CHECK_FALSE(snap(*store, "pr-9").exists);
  // Re-created later, it starts without expiry.
  REQUIRE(store->commit("pr-9", upserts({resource("local_file.x")}), &error));
  CHECK_FALSE(snap(*store, "pr-9").expires_at.has_value());
}

TEST_CASE("sqlite/a_version_1_database_is_upgraded_with_its_rows") {
  SqliteBackend backend;
  std::string path = backend.url();
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    std::string sql =
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, description "
        "TEXT NOT NULL, applied_at BIGINT NOT NULL);" +
        migration_sql(1, mesh::state::sql::Dialect::Sqlite) + kVersion1Rows;
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
  }
  auto store = backend.open();
  Snapshot s = snap(*store, "pr-1");
  CHECK(s.exists);
  CHECK(s.serial == 1);
  CHECK_FALSE(s.expires_at.has_value());
  REQUIRE(s.resources.size() == 1);
  CHECK(s.resources[0].expires_at == std::optional<int64_t>(500));
  set_expiry(*store, "pr-1", 900);
  CHECK(snap(*store, "pr-1").expires_at == std::optional<int64_t>(900));
  // Reopened: the migration is recorded, nothing runs twice.
  store.reset();
  auto again = backend.open();
  CHECK(snap(*again, "pr-1").expires_at == std::optional<int64_t>(900));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT max(version), count(*) FROM schema_migrations", -1, &stmt,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int64(stmt, 0) == latest_schema_version());
  CHECK(sqlite3_column_int64(stmt, 1) == latest_schema_version());
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  CHECK(latest_schema_version() == 3);
  // Migration 3: the version-1 resource row has no recorded ttl; a new commit records one.
  std::string error;
  ResourceRecord r = resource("local_file.a");
  r.expires_at = 700;
  r.ttl_ms = 3600000;
  REQUIRE(again->commit("pr-1", upserts({r}), &error));
  CHECK(snap(*again, "pr-1").resources[0].ttl_ms == std::optional<int64_t>(3600000));
}

TEST_CASE("postgres/a_version_1_database_is_upgraded_with_its_rows") {
  PostgresBackend backend;
  const std::string q = "\"" + backend.schema() + "\"";
  std::string sql = "CREATE SCHEMA " + q + "; SET search_path TO " + q +
                    "; CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, description "
                    "TEXT NOT NULL, applied_at BIGINT NOT NULL);" +
                    migration_sql(1, mesh::state::sql::Dialect::Postgres) + kVersion1Rows;
  REQUIRE(mesh::test::shared_postgres().execute(sql) == "");
  auto store = backend.open();
  Snapshot s = snap(*store, "pr-1");
  CHECK(s.exists);
  CHECK(s.serial == 1);
  CHECK_FALSE(s.expires_at.has_value());
  REQUIRE(s.resources.size() == 1);
  CHECK(s.resources[0].expires_at == std::optional<int64_t>(500));
  set_expiry(*store, "pr-1", 900);
  store.reset();
  auto again = backend.open();
  CHECK(snap(*again, "pr-1").expires_at == std::optional<int64_t>(900));
  CHECK_FALSE(snap(*again, "pr-1").resources[0].ttl_ms.has_value());
  // Division by zero (an error) unless the rows of migrations 2 and 3 are there.
  for (const char* v : {"2", "3"})
    CHECK(mesh::test::shared_postgres().execute("SELECT 1 / count(*) FROM " + q +
                                                ".schema_migrations WHERE version = " + v) == "");
}
