/// The SQLite file itself: permissions, refusal of files that are not (or no longer) ours,
/// newer schemas, stale locks of dead processes.

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>

#include "state/migrations.h"
#include "state/store.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/state/backends.h"

using namespace mesh::state;
using namespace mesh::state::testing;
using mesh::test::read_bytes;
using mesh::test::TempDir;
using mesh::test::write_bytes;

namespace {

int mode_of(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

void raw_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  INFO(sql, ": ", (message ? message : ""));
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

/// Opening `path` must fail with a message naming it and containing `expected`, and leave
/// the file byte-for-byte as it was (and create no -wal or -shm beside it).
void refused_untouched(const std::string& path, const std::string& expected) {
  std::string before = read_bytes(path);
  std::string error;
  auto store = open_store(path, OpenOptions{}, &error);
  CHECK(store == nullptr);
  INFO(error);
  CHECK(error.find(path) != std::string::npos);
  CHECK(error.find(expected) != std::string::npos);
  CHECK(read_bytes(path) == before);
  CHECK(access((path + "-wal").c_str(), F_OK) != 0);
}

std::string make_state(const TempDir& dir, int resources) {
  std::string path = dir.file("state.db");
  std::string error;
  auto store = open_store(path, OpenOptions{}, &error);
  REQUIRE(store);
  ChangeSet changes;
  for (int i = 0; i < resources; ++i) {
    changes.upserts.push_back(resource("r.x[" + std::to_string(i) + "]",
                                       R"({"payload":")" + std::string(200, 'x') + "\"}"));
  }
  REQUIRE(store->commit("default", changes, &error));
  return path;
}

}  // namespace

TEST_CASE("sqlite/file_and_directory_are_private") {
  TempDir dir;
  std::string path = dir.file("conf/.mesh/state.db");
  std::string error;
  auto store = open_store(path, OpenOptions{}, &error);
  INFO(error);
  REQUIRE(store);
  REQUIRE(store->commit("default", upserts({resource("a.x")}), &error));
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(path + "-wal") == 0600);
  CHECK(mode_of(path + "-shm") == 0600);
  CHECK(mode_of(dir.file("conf/.mesh")) == 0700);
}

TEST_CASE("sqlite/plain_path_and_sqlite_url_open_the_same_file") {
  TempDir dir;
  std::string error;
  {
    auto store = open_store(dir.file("s.db"), OpenOptions{}, &error);
    REQUIRE(store);
    REQUIRE(store->commit("default", upserts({resource("a.x")}), &error));
  }
  auto store = open_store("sqlite://" + dir.file("s.db"), OpenOptions{}, &error);
  REQUIRE(store);
  CHECK(store->snapshot("default", &error)->resources.size() == 1);
}

TEST_CASE("sqlite/journal_is_wal_with_foreign_keys") {
  TempDir dir;
  std::string path = make_state(dir, 1);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) == "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_CASE("sqlite/missing_file_is_not_created_when_asked_not_to") {
  TempDir dir;
  OpenOptions options;
  options.create = false;
  std::string error;
  CHECK(open_store(dir.file("none.db"), options, &error) == nullptr);
  CHECK(error == "no state file at " + dir.file("none.db"));
  CHECK(access(dir.file("none.db").c_str(), F_OK) != 0);
}

TEST_CASE("sqlite/a_text_file_is_refused_untouched") {
  TempDir dir;
  std::string path = dir.file("state.db");
  write_bytes(path, "resource \"local_file\" \"x\" {}\n" + std::string(5000, 'z'));
  refused_untouched(path, "not a mesh state file");
}

TEST_CASE("sqlite/random_bytes_are_refused_untouched") {
  TempDir dir;
  std::string path = dir.file("state.db");
  std::mt19937 gen(7);
  std::string bytes(64 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(gen());
  write_bytes(path, bytes);
  refused_untouched(path, "not a mesh state file");
}

TEST_CASE("sqlite/a_truncated_file_is_refused_untouched") {
  TempDir dir;
  std::string path = make_state(dir, 500);
  // Checkpoint so the main file holds everything, then cut it.
  raw_sql(path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
  std::string bytes = read_bytes(path);
  REQUIRE(bytes.size() > 16384);
  SUBCASE("at a page boundary") {
    write_bytes(path, bytes.substr(0, bytes.size() / 2 / 4096 * 4096));
    refused_untouched(path, "truncated");
  }
  SUBCASE("mid-page") {
    write_bytes(path, bytes.substr(0, bytes.size() / 2 + 100));
    refused_untouched(path, "truncated");
  }
  SUBCASE("inside the header") {
    write_bytes(path, bytes.substr(0, 50));
    refused_untouched(path, "not a mesh state file");
  }
}

TEST_CASE("sqlite/corrupt_pages_are_refused_untouched") {
  TempDir dir;
  std::string path = make_state(dir, 500);
  raw_sql(path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
  std::string bytes = read_bytes(path);
  // Scribble over the schema page (page 1 past the header) so the schema cannot be read.
  for (size_t i = 100; i < 4096; ++i) bytes[i] = static_cast<char>(0xA5);
  write_bytes(path, bytes);
  refused_untouched(path, "corrupt");
}

TEST_CASE("sqlite/another_programs_database_is_refused_untouched") {
  TempDir dir;
  std::string path = dir.file("other.db");
  raw_sql(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
  refused_untouched(path, "not a mesh state file");
}

TEST_CASE("sqlite/a_newer_schema_is_refused_untouched") {
  TempDir dir;
  std::string path = make_state(dir, 3);
  raw_sql(path, "INSERT INTO schema_migrations VALUES (" +
                    std::to_string(latest_schema_version() + 1) +
                    ", 'from the future', 0); PRAGMA journal_mode = DELETE;");
  refused_untouched(path, "newer mesh");
}

TEST_CASE("sqlite/an_empty_file_becomes_a_state_database") {
  TempDir dir;
  std::string path = dir.file("state.db");
  write_bytes(path, "");
  std::string error;
  auto store = open_store(path, OpenOptions{}, &error);
  INFO(error);
  REQUIRE(store);
  CHECK(store->commit("default", upserts({resource("a.x")}), &error));
}

TEST_CASE("sqlite/a_lock_of_a_dead_process_is_reported_stale_with_the_fix") {
  TempDir dir;
  std::string path = make_state(dir, 1);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) _exit(0);
  REQUIRE(waitpid(child, nullptr, 0) == child);
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  raw_sql(path,
          "INSERT INTO locks (workspace, id, user_name, host, pid, command, created_at) "
          "VALUES ('default', 'dead-lock-id', 'alice', '" +
              std::string(host) + "', " + std::to_string(child) + ", 'mesh apply', 1700000000)");
  std::string error;
  auto store = open_store(path, OpenOptions{}, &error);
  REQUIRE(store);
  CHECK_FALSE(store->lock("default", std::chrono::milliseconds(0), &error));
  CHECK(error.rfind("state is locked by alice@" + std::string(host) + " (pid " +
                        std::to_string(child) + ", mesh apply) since ",
                    0) == 0);
  CHECK(error.find("the holder (pid " + std::to_string(child) +
                   ") is no longer running; break the lock with: mesh force-unlock dead-lock-id") !=
        std::string::npos);
  REQUIRE(store->force_unlock("dead-lock-id", &error));
  CHECK(store->lock("default", std::chrono::milliseconds(0), &error));
}

TEST_CASE("sqlite/a_lock_on_another_host_is_never_called_stale") {
  LockInfo info{"id", "default", "bob", "elsewhere.example", 1, "mesh apply", 0};
  CHECK_FALSE(info.stale());
  CHECK(info.message().find("no longer running") == std::string::npos);
}
