/// mesh_postgres_bench [N]: creates and destroys N postgres objects (N/4 groups of role,
/// schema owned by it, table, grant) through the postgres provider against a throwaway server
/// (tests/support), sequentially and with 10 threads, and reports time per object and the
/// share spent waiting on the server (time inside libpq) versus in mesh. A raw-libpq run of
/// the same statements on one connection gives the server's floor.

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "providers/attributes.h"
#include "providers/postgres.h"
#include "providers/registry.h"
#include "tests/support/postgres_server.h"

using namespace mesh;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Group {
  Value role, schema, table, grant;
};

Value configs(int i, const char* what) {
  const std::string n = std::to_string(i);
  if (std::string(what) == "role")
    return Value::object({{"login", Value::boolean(true)}, {"name", Value::string("r" + n)}});
  if (std::string(what) == "schema")
    return Value::object({{"name", Value::string("s" + n)}, {"owner", Value::string("r" + n)}});
  if (std::string(what) == "table")
    return Value::object(
        {{"columns", Value::list({Value::object({{"name", Value::string("id")},
                                                 {"nullable", Value::boolean(false)},
                                                 {"type", Value::string("bigint")}}),
                                  Value::object({{"name", Value::string("v")},
                                                 {"type", Value::string("text")}})})},
         {"name", Value::string("t")},
         {"primary_key", Value::list({Value::string("id")})},
         {"schema", Value::string("s" + n)}});
  return Value::object({{"object_type", Value::string("schema")},
                        {"privileges", Value::set({Value::string("USAGE")})},
                        {"role", Value::string("r" + n)},
                        {"schema", Value::string("s" + n)}});
}

/// Plans and creates (or destroys) the groups [begin, end); returns failures.
int run_groups(Provider& p, std::vector<Group>& groups, size_t begin, size_t end, bool create) {
  static const char* kinds[] = {"role", "schema", "table", "grant"};
  static const char* types[] = {"postgres_role", "postgres_schema", "postgres_table",
                                "postgres_grant"};
  int failures = 0;
  OperationContext context;
  for (size_t i = begin; i < end; ++i) {
    Value* slots[] = {&groups[i].role, &groups[i].schema, &groups[i].table, &groups[i].grant};
    if (create) {
      for (int k = 0; k < 4; ++k) {
        PlannedState planned = p.plan(types[k], Value(), configs(int(i), kinds[k]));
        ProviderResult r = p.create(types[k], planned.value, context);
        if (!r.ok()) {
          if (failures++ == 0) std::fprintf(stderr, "create: %s\n", r.error.c_str());
          continue;
        }
        *slots[k] = r.value;
      }
    } else {
      for (int k = 3; k >= 0; --k)
        if (!p.destroy(types[k], *slots[k], context).empty()) ++failures;
    }
  }
  return failures;
}

struct Timing {
  double create_s = 0, destroy_s = 0, wait_s = 0;
};

Timing through_provider(Provider& p, size_t groups_count, int threads) {
  std::vector<Group> groups(groups_count);
  Timing t;
  for (int phase = 0; phase < 2; ++phase) {
    const bool create = phase == 0;
    int64_t wait_before = postgres_wait_nanos();
    auto start = Clock::now();
    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int w = 0; w < threads; ++w)
      pool.emplace_back([&, w] {
        size_t begin = groups_count * size_t(w) / size_t(threads);
        size_t end = groups_count * size_t(w + 1) / size_t(threads);
        failures += run_groups(p, groups, begin, end, create);
      });
    for (auto& th : pool) th.join();
    (create ? t.create_s : t.destroy_s) = seconds_since(start);
    t.wait_s += double(postgres_wait_nanos() - wait_before) / 1e9;
    if (failures) std::fprintf(stderr, "%d failures\n", failures.load());
  }
  return t;
}

/// The same statements over one raw libpq connection (no reads back, no planning): the
/// server's floor. Returns create and drop seconds.
std::pair<double, double> raw_libpq(const std::string& conninfo, size_t groups_count) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  auto exec = [&](const std::string& sql) { PQclear(PQexec(conn, sql.c_str())); };
  auto start = Clock::now();
  for (size_t i = 0; i < groups_count; ++i) {
    const std::string n = std::to_string(i);
    exec("CREATE ROLE \"q" + n + "\" WITH LOGIN INHERIT");
    exec("CREATE SCHEMA \"q" + n + "\" AUTHORIZATION \"q" + n + "\"");
    exec("CREATE TABLE \"q" + n +
         "\".\"t\" (\"id\" bigint NOT NULL, \"v\" text, PRIMARY KEY (\"id\"))");
    exec("GRANT USAGE ON SCHEMA \"q" + n + "\" TO \"q" + n + "\"");
  }
  const double created = seconds_since(start);
  start = Clock::now();
  for (size_t i = 0; i < groups_count; ++i) {
    const std::string n = std::to_string(i);
    exec("REVOKE USAGE ON SCHEMA \"q" + n + "\" FROM \"q" + n + "\"");
    exec("DROP TABLE IF EXISTS \"q" + n + "\".\"t\"");
    exec("DROP SCHEMA IF EXISTS \"q" + n + "\" RESTRICT");
    exec("DROP ROLE IF EXISTS \"q" + n + "\"");
  }
  const double dropped = seconds_since(start);
  PQfinish(conn);
  return {created, dropped};
}

}  // namespace

int main(int argc, char** argv) {
  const size_t objects = argc > 1 ? size_t(std::atoll(argv[1])) : 1000;
  const size_t groups = objects / 4;
  test::PostgresServer server;
  if (!server.ok()) {
    std::fprintf(stderr, "cannot start PostgreSQL: %s\n", server.error().c_str());
    return 1;
  }
  std::unique_ptr<Provider> p = create_provider("postgres");
  Value config = Value::object({{"database", Value::string("postgres")},
                                {"host", Value::string("127.0.0.1")},
                                {"port", Value::integer(server.port())},
                                {"user", Value::string("postgres")}});
  if (std::string error = p->configure(config); !error.empty()) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  const size_t n = groups * 4;
  std::printf("postgres provider bench: %zu objects (%zu x role, schema, table, grant)\n", n,
              groups);
  raw_libpq(server.conninfo(), groups);  // warm-up: catalog caches, WAL segments
  for (int threads : {1, 10}) {
    Timing t = through_provider(*p, groups, threads);
    const double total = t.create_s + t.destroy_s;
    const double busy = total * threads;  // thread-seconds
    std::printf(
        "  provider, %2d thread%s: create %.3f s (%.3f ms/object), destroy %.3f s (%.3f "
        "ms/object); waiting on the server (inside libpq) %.0f%% of thread time, in mesh %.0f%%\n",
        threads, threads == 1 ? " " : "s", t.create_s, t.create_s * 1000 / double(n), t.destroy_s,
        t.destroy_s * 1000 / double(n), 100 * t.wait_s / busy, 100 * (1 - t.wait_s / busy));
  }
  auto [created, dropped] = raw_libpq(server.conninfo(), groups);
  std::printf(
      "  raw libpq, 1 connection, same DDL without reads: create %.3f s (%.3f ms/object), "
      "drop %.3f s (%.3f ms/object)\n",
      created, created * 1000 / double(n), dropped, dropped * 1000 / double(n));
  return 0;
}
