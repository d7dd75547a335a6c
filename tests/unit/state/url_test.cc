/// State URLs and the default location.

#include <doctest/doctest.h>
#include <stdlib.h>

#include "state/postgres_store.h"
#include "state/store.h"
#include "state/url.h"

using namespace mesh::state;

TEST_CASE("url/sqlite_urls_and_plain_paths") {
  std::string error;
  auto a = parse_state_url("sqlite:///var/lib/mesh/state.db", &error);
  REQUIRE(a);
  CHECK(a->kind == StateLocation::Kind::Sqlite);
  CHECK(a->path == "/var/lib/mesh/state.db");
  auto b = parse_state_url("infra/.mesh/state.db", &error);
  REQUIRE(b);
  CHECK(b->path == "infra/.mesh/state.db");
  CHECK_FALSE(parse_state_url("sqlite://", &error));
  CHECK_FALSE(parse_state_url("", &error));
  CHECK_FALSE(parse_state_url("s3://bucket/state", &error));
  CHECK(error.find("unsupported state URL s3://bucket/state") != std::string::npos);
}

TEST_CASE("url/postgres_schema_is_ours_and_the_rest_goes_to_libpq") {
  std::string error;
  auto loc =
      parse_state_url("postgres://alice:pw@db:5433/infra?sslmode=require&schema=team_a", &error);
  REQUIRE(loc);
  CHECK(loc->kind == StateLocation::Kind::Postgres);
  CHECK(loc->schema == "team_a");
  CHECK(loc->conninfo == "postgresql://alice:pw@db:5433/infra?sslmode=require");
  CHECK(loc->display == "postgres://alice:***@db:5433/infra?schema=team_a");
  auto plain = parse_state_url("postgresql://db/infra", &error);
  REQUIRE(plain);
  CHECK(plain->schema == "mesh");
  CHECK(plain->conninfo == "postgresql://db/infra");
}

TEST_CASE("url/invalid_schema_names_are_refused_before_connecting") {
  std::string error;
  CHECK(open_store("postgres://nobody@127.0.0.1:1/x?schema=bad-name", OpenOptions{}, &error) ==
        nullptr);
  CHECK(error.find("invalid schema name \"bad-name\"") != std::string::npos);
}

TEST_CASE("url/advisory_keys_differ_across_schemas_and_workspaces") {
  CHECK(advisory_key("a", "default") != advisory_key("b", "default"));
  CHECK(advisory_key("a", "x") != advisory_key("a", "y"));
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  CHECK(advisory_key("ab", "c") != advisory_key("a", "bc"));
  CHECK(advisory_key("a", "x") == advisory_key("a", "x"));
}

TEST_CASE("url/default_location_flag_then_env_then_directory") {
  unsetenv("MESH_STATE");
  CHECK(default_state_url("", "infra") == "infra/.mesh/state.db");
  CHECK(default_state_url("", "infra/") == "infra/.mesh/state.db");
  CHECK(default_state_url("", "") == "./.mesh/state.db");
  setenv("MESH_STATE", "postgres://db/x", 1);
  CHECK(default_state_url("", "infra") == "postgres://db/x");
  CHECK(default_state_url("other.db", "infra") == "other.db");
  unsetenv("MESH_STATE");
}
