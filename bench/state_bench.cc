/// State store bench: resource results committed one at a time (as the executor does) and in
/// one batch, on SQLite (and on a throwaway PostgreSQL server with --postgres), plus the time
/// to read a snapshot back. Budget (docs/state.md): 10k incremental commits in under 2 s.
///
///   mesh_state_bench [--postgres] [--quick] [--dir DIR]   (DIR: where the SQLite file goes)

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "state/store.h"
#include "tests/support/postgres_server.h"
#include "tests/support/temp_dir.h"

using namespace mesh::state;
using Clock = std::chrono::steady_clock;

namespace {

ResourceRecord make_record(int i) {
  ResourceRecord r;
  r.address = "postgres_schema.port[\"p" + std::to_string(i) + "\"]";
  r.type = "postgres_schema";
  r.provider = "postgres";
  // A realistic payload: a dozen attributes, ~350 bytes.
  r.attributes_json = "{\"name\":\"sales_orders_" + std::to_string(i) +
                      "\",\"owner\":\"sales_owner\",\"database\":\"warehouse\",\"comment\":"
                      "\"orders of the sales domain, output port v1\",\"if_not_exists\":true,"
                      "\"grants\":[\"USAGE\",\"CREATE\"],\"tags\":{\"domain\":\"sales\","
                      "\"classification\":\"confidential\",\"env\":\"dev\"},\"id\":\"" +
                      std::to_string(1000000 + i) + "\",\"password\":\"not-a-real-secret\"}";
  r.sensitive_paths = {"/password"};
  r.dependencies = {"postgres_database.warehouse", "postgres_role.sales_owner"};
  return r;
}

/// CPU seconds (user + system) of this process: steadier than wall time on a shared machine.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double cpu_mark = 0;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Result {
  std::string backend;
  std::string what;
  int count;
  double seconds;
};

std::vector<Result> results;

void report(const std::string& backend, const std::string& what, int count, double seconds) {
  results.push_back({backend, what, count, seconds});
  double cpu = cpu_seconds() - cpu_mark;
  std::printf("%-10s %-36s %8d  %9.3f s  %9.1f us/item  %9.3f s cpu\n", backend.c_str(),
              what.c_str(), count, seconds, seconds * 1e6 / count, cpu);
  std::fflush(stdout);
}

std::unique_ptr<StateStore> open_or_die(const std::string& url) {
  std::string error;
  OpenOptions options;
  options.actor = Actor::current("mesh_state_bench");
  auto store = open_store(url, options, &error);
  if (!store) {
    std::fprintf(stderr, "mesh_state_bench: %s\n", error.c_str());
    std::exit(1);
  }
  return store;
}

void incremental(const std::string& backend, StateStore& store, const std::string& workspace,
                 int count, int threads) {
  cpu_mark = cpu_seconds();
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = t; i < count; i += threads) {
        ChangeSet changes;
        changes.upserts.push_back(make_record(i));
        std::string error;
        if (!store.commit(workspace, changes, &error)) {
          std::fprintf(stderr, "commit failed: %s\n", error.c_str());
          std::exit(1);
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  std::string what = "incremental commits";
  if (threads > 1) what += ", " + std::to_string(threads) + " threads";
  report(backend, what, count, seconds_since(start));
}

void batch(const std::string& backend, StateStore& store, const std::string& workspace, int count) {
  ChangeSet changes;
  for (int i = 0; i < count; ++i) changes.upserts.push_back(make_record(i));
  cpu_mark = cpu_seconds();
  auto start = Clock::now();
  std::string error;
  if (!store.commit(workspace, changes, &error)) {
    std::fprintf(stderr, "commit failed: %s\n", error.c_str());
    std::exit(1);
  }
  report(backend, "one batch commit", count, seconds_since(start));
}

void read_back(const std::string& backend, StateStore& store, const std::string& workspace,
               int expected) {
  cpu_mark = cpu_seconds();
  auto start = Clock::now();
  std::string error;
  auto snap = store.snapshot(workspace, &error);
  double s = seconds_since(start);
  if (!snap || static_cast<int>(snap->resources.size()) != expected) {
    std::fprintf(stderr, "snapshot failed: %s\n", error.c_str());
    std::exit(1);
  }
  report(backend, "snapshot read", expected, s);
}

void run_suite(const std::string& backend, const std::string& url, bool quick) {
  auto store = open_or_die(url);
  incremental(backend, *store, "inc10k", 10000, 1);
  read_back(backend, *store, "inc10k", 10000);
  incremental(backend, *store, "inc10k-mt", 10000, 8);
  batch(backend, *store, "batch10k", 10000);
  if (quick) return;
  incremental(backend, *store, "inc100k", 100000, 1);
  batch(backend, *store, "batch100k", 100000);
  read_back(backend, *store, "batch100k", 100000);
}

}  // namespace

int main(int argc, char** argv) {
  bool postgres = false;
  bool quick = false;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) dir = argv[++i];
    if (std::strcmp(argv[i], "--postgres") == 0) postgres = true;
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
  }
  std::printf("%-10s %-36s %8s  %11s  %15s  %13s\n", "backend", "operation", "items", "wall",
              "per item", "process cpu");
  {
    mesh::test::TempDir temp;
    std::string path = dir.empty() ? temp.file("state.db") : dir + "/mesh_state_bench.db";
    if (!dir.empty()) std::remove(path.c_str());
    run_suite("sqlite", path, quick);
    if (!dir.empty()) std::remove(path.c_str());
  }
  if (postgres) {
    mesh::test::PostgresServer server;
    if (!server.ok()) {
      std::fprintf(stderr, "mesh_state_bench: %s\n", server.error().c_str());
      return 1;
    }
    // The throwaway server runs with fsync=off: these numbers exclude disk flushes.
    run_suite("postgres", server.url("bench"), quick);
  }
  for (const Result& r : results) {
    if (r.backend == "sqlite" && r.what == "incremental commits" && r.count == 10000 &&
        r.seconds >= 2.0) {
      std::fprintf(stderr, "over budget: 10k incremental commits took %.2f s (budget 2 s)\n",
                   r.seconds);
      return 2;
    }
  }
  return 0;
}
