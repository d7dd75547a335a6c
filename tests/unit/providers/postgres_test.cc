/// The postgres provider against a real server (tests/support: initdb + pg_ctl on loopback).

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <thread>

#include "providers/attributes.h"
#include "providers/registry.h"
#include "tests/support/postgres_server.h"

using namespace mesh;

namespace {

test::PostgresServer& server() {
  test::PostgresServer& s = test::shared_postgres();
  REQUIRE_MESSAGE(s.ok(), s.error());
  return s;
}

/// The first column of the first row of `sql` ("" when no row), or "ERROR: …".
std::string scalar(const std::string& sql) {
  PGconn* conn = PQconnectdb(server().conninfo().c_str());
  std::string out;
  PGresult* r = PQexec(conn, sql.c_str());
  if (PQresultStatus(r) == PGRES_TUPLES_OK) {
    if (PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
  } else {
    out = std::string("ERROR: ") + PQerrorMessage(conn);
  }
  PQclear(r);
  PQfinish(conn);
  return out;
}

Value provider_config(int port) {
  return Value::object({{"host", Value::string("127.0.0.1")},
                        {"port", Value::integer(port)},
                        {"user", Value::string("postgres")},
                        {"password", Value::string("pw-secret-123").mark_sensitive()},
                        {"database", Value::string("postgres")}});
}

std::unique_ptr<Provider> configured() {
  std::unique_ptr<Provider> p = create_provider("postgres");
  REQUIRE(p);
  REQUIRE(p->configure(provider_config(server().port())) == "");
  return p;
}

std::vector<std::string> string_items(const Value& v) {
  std::vector<std::string> out;
  for (const Value& item : v.items()) out.push_back(item.as_string());
  return out;
}

Value strings(std::vector<std::string> items, bool set = false) {
  ValueList list;
  for (auto& s : items) list.push_back(Value::string(s));
  return set ? Value::set(std::move(list)) : Value::list(std::move(list));
}

Value column(std::string name, std::string type, Value nullable = Value(), Value def = Value(),
             Value use = Value()) {
  return Value::object({{"default", std::move(def)},
                        {"name", Value::string(std::move(name))},
                        {"nullable", std::move(nullable)},
                        {"type", Value::string(std::move(type))},
                        {"using", std::move(use)}});
}

/// plan + validate + create, requiring success.
Value apply_new(Provider& p, const std::string& type, const Value& config) {
  std::vector<std::string> errors = p.validate(type, config);
  REQUIRE_MESSAGE(errors.empty(), errors.front());
  PlannedState planned = p.plan(type, Value(), config);
  REQUIRE(planned.error.empty());
  ProviderResult created = p.create(type, planned.value, OperationContext{});
  REQUIRE_MESSAGE(created.ok(), created.error);
  return created.value;
}

/// Read, then plan `config` against what was read, then update when anything changed.
Value converge(Provider& p, const std::string& type, const Value& state, const Value& config,
               bool* changed = nullptr) {
  ReadResult read = p.read(type, state, OperationContext{});
  REQUIRE_MESSAGE(read.ok(), read.error);
  REQUIRE(read.value);
  PlannedState planned = p.plan(type, *read.value, config);
  REQUIRE(planned.error.empty());
  REQUIRE(planned.requires_replace.empty());
  bool differs = !same_value(planned.value, *read.value);
  if (changed) *changed = differs;
  if (!differs) return *read.value;
  ProviderResult updated = p.update(type, *read.value, planned.value, OperationContext{});
  REQUIRE_MESSAGE(updated.ok(), updated.error);
  return updated.value;
}

}  // namespace

TEST_CASE("postgres: schema is registered with config and every resource type") {
  const ProviderSchema* schema = builtin_providers().provider("postgres");
  REQUIRE(schema);
  for (const char* type : {"postgres_database", "postgres_schema", "postgres_role",
                           "postgres_grant", "postgres_table", "postgres_extension"})
    CHECK_MESSAGE(schema->find(type), type);
  bool password_sensitive = false;
  for (const AttributeSchema& a : schema->config)
    if (a.name == "password") password_sensitive = a.sensitive;
  CHECK(password_sensitive);
  std::unique_ptr<Provider> p = create_provider("postgres");
  CHECK(p->configure(Value::object({{"sslmode", Value::string("maybe")}})).find("sslmode") !=
        std::string::npos);
  CHECK(p->configure(Value::object({{"port", Value::integer(70000)}})) != "");
}

TEST_CASE(
    "postgres: a data product (roles, schema, table, grants): apply, change, drift, destroy") {
  std::unique_ptr<Provider> p = configured();
  Provider& pg = *p;
  Value owner_cfg = Value::object({{"login", Value::boolean(true)},
                                   {"name", Value::string("dp_sales_owner")},
                                   {"password", Value::string("owner-pw-1").mark_sensitive()}});
  Value reader_cfg = Value::object({{"name", Value::string("dp_sales_reader")}});
  Value owner = apply_new(pg, "postgres_role", owner_cfg);
  Value reader = apply_new(pg, "postgres_role", reader_cfg);
  CHECK(attribute(owner, "id").as_string() == "dp_sales_owner");
  CHECK(scalar("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'dp_sales_owner'") == "t");
  CHECK(scalar("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'dp_sales_reader'") == "f");

  Value schema_cfg =
      Value::object({{"name", Value::string("sales")}, {"owner", Value::string("dp_sales_owner")}});
  Value schema = apply_new(pg, "postgres_schema", schema_cfg);
  CHECK(scalar("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'sales'") ==
        "dp_sales_owner");

  Value table_cfg = Value::object(
      {{"columns", Value::list({column("order_id", "bigint", Value::boolean(false)),
                                column("amount", "numeric(12,2)"),
                                column("status", "text", Value(), Value::string("'new'"))})},
       {"name", Value::string("orders")},
       {"primary_key", strings({"order_id"})},
       {"schema", Value::string("sales")}});
  Value table = apply_new(pg, "postgres_table", table_cfg);
  CHECK(attribute(table, "id").as_string() == "sales.orders");
  CHECK(scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'sales' "
               "AND table_name = 'orders'") == "3");

  Value usage_cfg = Value::object({{"object_type", Value::string("schema")},
                                   {"privileges", strings({"USAGE"}, true)},
                                   {"role", Value::string("dp_sales_reader")},
                                   {"schema", Value::string("sales")}});
  Value usage = apply_new(pg, "postgres_grant", usage_cfg);
  Value select_cfg = Value::object({{"default_privileges", Value::boolean(true)},
                                    {"object_type", Value::string("all_tables_in_schema")},
                                    {"privileges", strings({"select"}, true)},
                                    {"role", Value::string("dp_sales_reader")},
                                    {"schema", Value::string("sales")}});
  Value select = apply_new(pg, "postgres_grant", select_cfg);
  CHECK(scalar("SELECT has_schema_privilege('dp_sales_reader', 'sales', 'USAGE')") == "t");
  CHECK(scalar("SELECT has_table_privilege('dp_sales_reader', 'sales.orders', 'SELECT')") == "t");
  CHECK(scalar("SELECT has_table_privilege('dp_sales_reader', 'sales.orders', 'INSERT')") == "f");
  // Default privileges: a table created later by the same user is readable too.
  REQUIRE(server().execute("CREATE TABLE sales.later (x int)") == "");
  CHECK(scalar("SELECT has_table_privilege('dp_sales_reader', 'sales.later', 'SELECT')") == "t");
  REQUIRE(server().execute("DROP TABLE sales.later") == "");

  // Nothing drifted: every read plans as a no-op (configured spellings are kept).
  bool changed = true;
  converge(pg, "postgres_role", owner, owner_cfg, &changed);
  CHECK_FALSE(changed);
  converge(pg, "postgres_schema", schema, schema_cfg, &changed);
  CHECK_FALSE(changed);
  converge(pg, "postgres_table", table, table_cfg, &changed);
  CHECK_FALSE(changed);
  converge(pg, "postgres_grant", select, select_cfg, &changed);
  CHECK_FALSE(changed);

  // Change and re-apply: a new column in place, INSERT added, the reader joins a group.
  table_cfg = with_attributes(
      table_cfg,
      {{"columns", Value::list({column("order_id", "bigint", Value::boolean(false)),
                                column("amount", "numeric(12,2)"),
                                column("status", "text", Value(), Value::string("'new'")),
                                column("region", "varchar(8)")})}});
  table = converge(pg, "postgres_table", table, table_cfg, &changed);
  CHECK(changed);
  CHECK(scalar("SELECT data_type FROM information_schema.columns WHERE table_schema = 'sales' "
               "AND column_name = 'region'") == "character varying");
  select_cfg = with_attributes(select_cfg, {{"privileges", strings({"SELECT", "INSERT"}, true)}});
  select = converge(pg, "postgres_grant", select, select_cfg, &changed);
  CHECK(changed);
  CHECK(scalar("SELECT has_table_privilege('dp_sales_reader', 'sales.orders', 'INSERT')") == "t");
  reader_cfg = with_attributes(reader_cfg, {{"member_of", strings({"dp_sales_owner"}, true)}});
  reader = converge(pg, "postgres_role", reader, reader_cfg, &changed);
  CHECK(changed);
  CHECK(scalar("SELECT pg_has_role('dp_sales_reader', 'dp_sales_owner', 'MEMBER')") == "t");

  // Drift: a privilege revoked by hand is an update back.
  REQUIRE(server().execute("REVOKE SELECT ON sales.orders FROM dp_sales_reader") == "");
  ReadResult drifted = pg.read("postgres_grant", select, OperationContext{});
  REQUIRE(drifted.value);
  CHECK(string_items(attribute(*drifted.value, "privileges")) ==
        std::vector<std::string>{"INSERT"});
  select = converge(pg, "postgres_grant", select, select_cfg, &changed);
  CHECK(changed);
  CHECK(scalar("SELECT has_table_privilege('dp_sales_reader', 'sales.orders', 'SELECT')") == "t");
  // Drift: a column dropped by hand shows in the read columns.
  REQUIRE(server().execute("ALTER TABLE sales.orders DROP COLUMN region") == "");
  table = converge(pg, "postgres_table", table, table_cfg, &changed);
  CHECK(changed);
  CHECK(scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'sales' "
               "AND column_name = 'region'") == "1");
  // Drift: the owner changed by hand.
  REQUIRE(server().execute("ALTER SCHEMA sales OWNER TO postgres") == "");
  schema = converge(pg, "postgres_schema", schema, schema_cfg, &changed);
  CHECK(changed);
  CHECK(scalar("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'sales'") ==
        "dp_sales_owner");
  // Drift: a role dropped by hand is gone (the next plan creates it again).
  REQUIRE(server().execute("DROP OWNED BY dp_sales_reader; DROP ROLE dp_sales_reader") == "");
  ReadResult gone = pg.read("postgres_role", reader, OperationContext{});
  CHECK(gone.ok());
  CHECK_FALSE(gone.value);
  ReadResult grant_gone = pg.read("postgres_grant", usage, OperationContext{});
  CHECK(grant_gone.ok());
  CHECK_FALSE(grant_gone.value);
  reader = apply_new(pg, "postgres_role", reader_cfg);
  usage = apply_new(pg, "postgres_grant", usage_cfg);
  select = apply_new(pg, "postgres_grant", select_cfg);
  CHECK(scalar("SELECT has_table_privilege('dp_sales_reader', 'sales.orders', 'SELECT')") == "t");

  // Destroy in dependency order: nothing is left.
  OperationContext ctx;
  CHECK(pg.destroy("postgres_grant", select, ctx) == "");
  CHECK(pg.destroy("postgres_grant", usage, ctx) == "");
  CHECK(scalar("SELECT count(*) FROM pg_default_acl") == "0");
  CHECK(pg.destroy("postgres_table", table, ctx) == "");
  CHECK(pg.destroy("postgres_schema", schema, ctx) == "");
  CHECK(pg.destroy("postgres_role", reader, ctx) == "");
  CHECK(pg.destroy("postgres_role", owner, ctx) == "");
  CHECK(scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'sales'") == "0");
  CHECK(scalar("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'dp_sales%'") == "0");
  // Destroying again is fine (already gone).
  CHECK(pg.destroy("postgres_grant", select, ctx) == "");
  CHECK(pg.destroy("postgres_schema", schema, ctx) == "");
}

TEST_CASE("postgres: hostile names are quoted, nothing else is touched") {
  std::unique_ptr<Provider> p = configured();
  REQUIRE(server().execute("CREATE TABLE IF NOT EXISTS t (x int); INSERT INTO t VALUES (1)") == "");
  const std::string evil = "x\"; DROP TABLE t; --";
  const std::string evil2 = "y'); DROP TABLE t; --";
  Value role = apply_new(*p, "postgres_role",
                         Value::object({{"login", Value::boolean(true)},
                                        {"name", Value::string(evil)},
                                        {"password", Value::string(evil2).mark_sensitive()}}));
  Value schema =
      apply_new(*p, "postgres_schema",
                Value::object({{"name", Value::string(evil)}, {"owner", Value::string(evil)}}));
  Value table_cfg =
      Value::object({{"columns", Value::list({column(evil2, "text"), column(evil, "int")})},
                     {"name", Value::string(evil2)},
                     {"primary_key", strings({evil})},
                     {"schema", Value::string(evil)}});
  Value table = apply_new(*p, "postgres_table", table_cfg);
  Value grant = apply_new(*p, "postgres_grant",
                          Value::object({{"object_type", Value::string("table")},
                                         {"privileges", strings({"SELECT"}, true)},
                                         {"role", Value::string(evil)},
                                         {"schema", Value::string(evil)},
                                         {"table", Value::string(evil2)}}));
  CHECK(scalar("SELECT count(*) FROM pg_roles WHERE rolname = 'x\"; DROP TABLE t; --'") == "1");
  CHECK(scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'x\"; DROP TABLE t; --'") == "1");
  CHECK(scalar("SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE "
               "c.relname = 'y''); DROP TABLE t; --' AND a.attnum > 0") == "2");
  ReadResult read = p->read("postgres_grant", grant, OperationContext{});
  REQUIRE(read.value);
  CHECK(string_items(attribute(*read.value, "privileges")) == std::vector<std::string>{"SELECT"});
  ReadResult table_read = p->read("postgres_table", table, OperationContext{});
  REQUIRE(table_read.value);
  CHECK(same_value(attribute(*table_read.value, "columns"), attribute(table, "columns")));
  // A column type that is not a plain type name is refused before any SQL runs.
  std::vector<std::string> errors = p->validate(
      "postgres_table",
      with_attributes(table_cfg,
                      {{"columns", Value::list({column("a", "int); DROP TABLE t; --")})}}));
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].find("not a plain SQL type name") != std::string::npos);
  // So is a privilege keyword that is not one.
  errors = p->validate("postgres_grant",
                       Value::object({{"object_type", Value::string("schema")},
                                      {"privileges", strings({"USAGE; DROP TABLE t"}, true)},
                                      {"role", Value::string("r")},
                                      {"schema", Value::string("s")}}));
  CHECK(errors.size() == 1);

  OperationContext ctx;
  CHECK(p->destroy("postgres_grant", grant, ctx) == "");
  CHECK(p->destroy("postgres_table", table, ctx) == "");
  CHECK(p->destroy("postgres_schema", schema, ctx) == "");
  CHECK(p->destroy("postgres_role", role, ctx) == "");
  CHECK(scalar("SELECT count(*) FROM t") == "1");
  CHECK(scalar("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'x%DROP%'") == "0");
  REQUIRE(server().execute("DROP TABLE t") == "");
}

TEST_CASE("postgres_table: a type change replaces the table unless `using` is given") {
  std::unique_ptr<Provider> p = configured();
  Value cfg = Value::object({{"columns", Value::list({column("id", "int"), column("v", "text")})},
                             {"name", Value::string("typed")}});
  Value table = apply_new(*p, "postgres_table", cfg);
  CHECK(attribute(table, "schema").as_string() == "public");
  bool changed = true;
  converge(*p, "postgres_table", table, cfg, &changed);  // `int` is the catalog's `integer`
  CHECK_FALSE(changed);
  Value retyped = with_attributes(
      cfg, {{"columns", Value::list({column("id", "bigint"), column("v", "text")})}});
  PlannedState replace = p->plan("postgres_table", table, retyped);
  CHECK(replace.requires_replace == std::vector<std::string>{"columns"});
  Value with_using = with_attributes(
      cfg, {{"columns",
             Value::list({column("id", "bigint", Value(), Value(), Value::string("id::bigint")),
                          column("v", "text")})}});
  PlannedState in_place = p->plan("postgres_table", table, with_using);
  CHECK(in_place.requires_replace.empty());
  ProviderResult updated = p->update("postgres_table", table, in_place.value, OperationContext{});
  REQUIRE_MESSAGE(updated.ok(), updated.error);
  CHECK(scalar("SELECT data_type FROM information_schema.columns WHERE table_name = 'typed' AND "
               "column_name = 'id'") == "bigint");
  // Removing a column and making one NOT NULL are in place.
  Value slim = with_attributes(
      cfg, {{"columns", Value::list({column("id", "bigint", Value::boolean(false))})}});
  updated = p->update("postgres_table", updated.value,
                      p->plan("postgres_table", updated.value, slim).value, OperationContext{});
  REQUIRE_MESSAGE(updated.ok(), updated.error);
  CHECK(scalar("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'typed'") ==
        "NO");
  CHECK(scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'typed'") ==
        "1");
  CHECK(p->destroy("postgres_table", updated.value, OperationContext{}) == "");
}

TEST_CASE("postgres: import by name; database and extension") {
  std::unique_ptr<Provider> p = configured();
  REQUIRE(server().execute("CREATE ROLE imp_role LOGIN; CREATE SCHEMA imp AUTHORIZATION imp_role;"
                           "CREATE TABLE imp.t (a int PRIMARY KEY, b text NOT NULL DEFAULT 'x');"
                           "CREATE ROLE imp_reader; GRANT USAGE ON SCHEMA imp TO imp_reader") ==
          "");
  OperationContext ctx;
  ProviderResult role = p->import("postgres_role", "imp_role", ctx);
  REQUIRE_MESSAGE(role.ok(), role.error);
  CHECK(attribute(role.value, "login").as_bool());
  ProviderResult schema = p->import("postgres_schema", "imp", ctx);
  REQUIRE_MESSAGE(schema.ok(), schema.error);
  CHECK(attribute(schema.value, "owner").as_string() == "imp_role");
  ProviderResult table = p->import("postgres_table", "imp.t", ctx);
  REQUIRE_MESSAGE(table.ok(), table.error);
  CHECK(attribute(table.value, "columns").size() == 2);
  CHECK(string_items(attribute(table.value, "primary_key")) == std::vector<std::string>{"a"});
  ProviderResult grant = p->import("postgres_grant", "imp_reader/schema/imp", ctx);
  REQUIRE_MESSAGE(grant.ok(), grant.error);
  CHECK(string_items(attribute(grant.value, "privileges")) == std::vector<std::string>{"USAGE"});
  CHECK_FALSE(p->import("postgres_schema", "nope", ctx).ok());
  CHECK_FALSE(p->import("postgres_grant", "a/b", ctx).ok());
  CHECK(p->destroy("postgres_table", table.value, ctx) == "");
  CHECK(p->destroy("postgres_schema", schema.value, ctx) == "");
  CHECK(p->destroy("postgres_grant", grant.value, ctx) == "");
  CHECK(p->destroy("postgres_role", role.value, ctx) == "");
  REQUIRE(server().execute("DROP ROLE imp_reader") == "");

  Value db =
      apply_new(*p, "postgres_database", Value::object({{"name", Value::string("mesh_db")}}));
  CHECK(attribute(db, "owner").as_string() == "postgres");
  CHECK(attribute(db, "encoding").as_string() == "UTF8");
  CHECK(scalar("SELECT count(*) FROM pg_database WHERE datname = 'mesh_db'") == "1");
  CHECK(p->destroy("postgres_database", db, ctx) == "");
  CHECK(scalar("SELECT count(*) FROM pg_database WHERE datname = 'mesh_db'") == "0");

  Value ext =
      apply_new(*p, "postgres_extension", Value::object({{"name", Value::string("citext")}}));
  CHECK(attribute(ext, "schema").as_string() == "public");
  CHECK(!attribute(ext, "version").as_string().empty());
  CHECK(scalar("SELECT count(*) FROM pg_extension WHERE extname = 'citext'") == "1");
  CHECK(p->destroy("postgres_extension", ext, ctx) == "");
  CHECK(scalar("SELECT count(*) FROM pg_extension WHERE extname = 'citext'") == "0");
}

TEST_CASE("postgres: errors never show passwords; unreachable servers fail cleanly") {
  std::unique_ptr<Provider> p = configured();
  Value cfg = Value::object({{"name", Value::string("dup_role")},
                             {"password", Value::string("hunter2-very-secret").mark_sensitive()}});
  Value role = apply_new(*p, "postgres_role", cfg);
  ProviderResult again =
      p->create("postgres_role", p->plan("postgres_role", Value(), cfg).value, OperationContext{});
  REQUIRE_FALSE(again.ok());
  CHECK(again.error.find("already exists") != std::string::npos);
  CHECK(again.error.find("hunter2") == std::string::npos);
  CHECK(p->destroy("postgres_role", role, OperationContext{}) == "");

  std::unique_ptr<Provider> down = create_provider("postgres");
  Value config = with_attributes(provider_config(1), {{"connect_timeout", Value::integer(2)}});
  REQUIRE(down->configure(config) == "");
  ProviderResult failed = down->create(
      "postgres_schema", Value::object({{"name", Value::string("s")}}), OperationContext{});
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error.find("cannot connect to PostgreSQL") != std::string::npos);
  CHECK(failed.error.find("pw-secret-123") == std::string::npos);
}

TEST_CASE("postgres: concurrent creates share a bounded pool") {
  std::unique_ptr<Provider> p = create_provider("postgres");
  REQUIRE(p->configure(with_attributes(provider_config(server().port()),
                                       {{"max_connections", Value::integer(3)}})) == "");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Value v = Value::object(
            {{"name", Value::string("par_" + std::to_string(t) + "_" + std::to_string(i))}});
        ProviderResult r = p->create("postgres_schema", v, OperationContext{});
        if (!r.ok() || p->destroy("postgres_schema", r.value, OperationContext{}) != "") ++failures;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mesh'") != "");
  CHECK(scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'par\\_%'") == "0");
}
