/// kill -9 at random moments: a child process commits resource results one at a time and
/// acknowledges each on a pipe after commit() returns; the parent kills it at a random point,
/// then checks the file passes `PRAGMA integrity_check` and holds every acknowledged result.

#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <random>
#include <set>
#include <thread>

#include "state/store.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/state/backends.h"

using namespace mesh::state;
using namespace mesh::state::testing;

namespace {

/// The child: commits r[first], r[first+1], … forever (with `threads` committers), writing
/// each acknowledged id to `ack_fd`. Never returns.
[[noreturn]] void committer(const std::string& path, int first, int threads, int ack_fd) {
  std::string error;
  auto store = open_store(path, OpenOptions{}, &error);
  if (!store) _exit(3);
  std::atomic<int> next{first};
  auto work = [&] {
    for (;;) {
      int id = next++;
      ResourceRecord r = resource(
          "local_file.r[" + std::to_string(id) + "]",
          "{\"id\":" + std::to_string(id) + ",\"pad\":\"" + std::string(id % 300, 'p') + "\"}");
      ChangeSet changes;
      changes.upserts.push_back(std::move(r));
      if (id % 7 == 0) changes.set_outputs.push_back({"last", std::to_string(id), false});
      std::string e;
      if (!store->commit("default", changes, &e)) _exit(4);
      int32_t ack = id;
      if (write(ack_fd, &ack, sizeof ack) != sizeof ack) _exit(5);
    }
  };
  std::vector<std::thread> extra;
  for (int t = 1; t < threads; ++t) extra.emplace_back(work);
  work();
  _exit(0);
}

std::string integrity(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK);
  std::string result;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    result += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

void crash_rounds(int threads) {
  mesh::test::TempDir dir;
  std::string path = dir.file("state.db");
  std::mt19937 gen(12345 + threads);
  std::set<int> acked;
  int next = 0;
  const int rounds = 30;
  for (int round = 0; round < rounds; ++round) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      close(fds[0]);
      committer(path, next, threads, fds[1]);
    }
    close(fds[1]);
    // Kill at a random moment: sometimes while it is still opening or migrating.
    std::this_thread::sleep_for(std::chrono::microseconds(gen() % 60000));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    int32_t id;
    int round_acks = 0;
    while (read(fds[0], &id, sizeof id) == sizeof id) {
      acked.insert(id);
      next = std::max(next, id + 1);
      ++round_acks;
    }
    close(fds[0]);
    next += 1000;  // ids a killed child had in flight are never reused

    if (access(path.c_str(), F_OK) != 0) continue;  // killed before it created the file
    INFO("round ", round, ": ", round_acks, " acknowledged this round, ", acked.size(), " total");
    // Reopen through the store first: it must recover the WAL the killed child left.
    std::string error;
    auto store = open_store(path, OpenOptions{}, &error);
    INFO(error);
    REQUIRE(store);
    REQUIRE(integrity(path) == "ok");
    auto snap = store->snapshot("default", &error);
    REQUIRE(snap);
    std::set<int> present;
    for (const ResourceRecord& r : snap->resources) {
      present.insert(std::stoi(r.address.substr(r.address.find('[') + 1)));
    }
    int missing = 0;
    for (int a : acked) missing += present.count(a) == 0;
    CHECK(missing == 0);
    // The serial counts every commit, so it is at least the number of resources.
    CHECK(snap->serial >= static_cast<int64_t>(snap->resources.size()));
  }
  MESSAGE("acknowledged commits across ", rounds, " kills: ", acked.size());
  CHECK(acked.size() > 100);  // the test really exercised commits
}

}  // namespace

TEST_CASE("sqlite/kill_9_loses_no_acknowledged_commit") {
  crash_rounds(1);
}

TEST_CASE("sqlite/kill_9_during_concurrent_group_commits_loses_nothing") {
  crash_rounds(4);
}
