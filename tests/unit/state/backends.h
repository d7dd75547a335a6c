#pragma once
/// Runs one test body against both backends: BACKEND_TEST(name) defines the CTest cases
/// `sqlite/name` and `postgres/name`. PostgreSQL cases start a real server (shared within the
/// test process) and FAIL when it cannot start: the suite needs the `postgresql` package.

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "state/store.h"
#include "tests/support/temp_dir.h"

namespace mesh::state::testing {

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const char* name() const = 0;
  /// The state URL of this test's private store (a fresh file or a fresh schema).
  virtual std::string url() const = 0;

  /// Opens the store; fails the test on error.
  std::unique_ptr<StateStore> open(const std::string& command = "mesh test") const;
};

class SqliteBackend : public Backend {
 public:
  const char* name() const override { return "sqlite"; }
  std::string url() const override { return dir_.file("state.db"); }
  const test::TempDir& dir() const { return dir_; }

 private:
  test::TempDir dir_;
};

class PostgresBackend : public Backend {
 public:
  PostgresBackend();
  const char* name() const override { return "postgres"; }
  std::string url() const override { return url_; }
  const std::string& schema() const { return schema_; }

 private:
  std::string schema_;
  std::string url_;
};

/// A resource record with sensible defaults.
ResourceRecord resource(const std::string& address, const std::string& attributes = "{\"id\":1}");
/// A change set that upserts these records.
ChangeSet upserts(std::initializer_list<ResourceRecord> records);

}  // namespace mesh::state::testing

#define BACKEND_TEST(name)                                                 \
  static void name##_body(const ::mesh::state::testing::Backend& backend); \
  TEST_CASE("sqlite/" #name) {                                             \
    ::mesh::state::testing::SqliteBackend backend;                         \
    name##_body(backend);                                                  \
  }                                                                        \
  TEST_CASE("postgres/" #name) {                                           \
    ::mesh::state::testing::PostgresBackend backend;                       \
    name##_body(backend);                                                  \
  }                                                                        \
  static void name##_body(const ::mesh::state::testing::Backend& backend)
