/// PostgreSQL-specific behaviour: schemas, migrations, unreachable servers.

#include <doctest/doctest.h>

#include <thread>

#include "state/migrations.h"
#include "tests/support/postgres_server.h"
#include "tests/unit/state/backends.h"

using namespace mesh::state;
using namespace mesh::state::testing;

TEST_CASE("postgres/a_newer_schema_is_refused") {
  PostgresBackend backend;
  backend.open();
  std::string sql = "INSERT INTO \"" + backend.schema() + "\".schema_migrations VALUES (" +
                    std::to_string(latest_schema_version() + 1) + ", 'from the future', 0)";
  REQUIRE(mesh::test::shared_postgres().execute(sql) == "");
  std::string error;
  CHECK(open_store(backend.url(), OpenOptions{}, &error) == nullptr);
  CHECK(error.find("was written by a newer mesh") != std::string::npos);
  CHECK(error.find("?schema=" + backend.schema()) != std::string::npos);
}

TEST_CASE("postgres/tables_live_in_the_named_schema") {
  PostgresBackend backend;
  auto store = backend.open();
  std::string error;
  REQUIRE(store->commit("default", upserts({resource("a.x")}), &error));
  // Queried by qualified name: the rows are where the URL said.
  CHECK(mesh::test::shared_postgres().execute("SELECT 1 FROM \"" + backend.schema() +
                                              "\".resources WHERE address = 'a.x'") == "");
  CHECK(mesh::test::shared_postgres().execute("SELECT 1 FROM public.resources") != "");
}

TEST_CASE("postgres/migrations_run_once_under_concurrent_first_opens") {
  PostgresBackend backend;
  std::vector<std::unique_ptr<StateStore>> stores(6);
  std::vector<std::string> errors(stores.size());
  std::vector<std::thread> openers;
  for (size_t i = 0; i < stores.size(); ++i) {
    openers.emplace_back(
        [&, i] { stores[i] = open_store(backend.url(), OpenOptions{}, &errors[i]); });
  }
  for (auto& t : openers) t.join();
  for (size_t i = 0; i < stores.size(); ++i) {
    INFO(errors[i]);
    CHECK(stores[i] != nullptr);
  }
}

TEST_CASE("postgres/an_unreachable_server_is_named_without_its_password") {
  std::string error;
  CHECK(open_store("postgres://alice:topsecret@127.0.0.1:1/db?schema=s&connect_timeout=2",
                   OpenOptions{}, &error) == nullptr);
  CHECK(error.find("cannot connect to state database postgres://alice:***@127.0.0.1:1/db") !=
        std::string::npos);
  CHECK(error.find("topsecret") == std::string::npos);
}
