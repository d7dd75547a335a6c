/// N processes race for one workspace lock: exactly one wins, the others get the holder's
/// message, and no lock row is left once they have all exited.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "tests/unit/state/backends.h"

using namespace mesh::state;
using namespace mesh::state::testing;

namespace {

/// Child: opens the store, says it is ready, waits for the start byte, tries the lock once and
/// reports "W" or "L<message>". A winner holds the lock until the parent closes `release_fd`,
/// after every racer has reported, so a slow starter can never win after the winner is gone.
[[noreturn]] void racer(const std::string& url, int ready_fd, int start_fd, int report_fd,
                        int release_fd) {
  std::string error;
  OpenOptions options;
  options.actor = Actor::current("mesh apply");
  auto store = open_store(url, options, &error);
  if (!store) {
    (void)!write(ready_fd, "r", 1);
    std::string line = "E" + error + "\n";
    (void)!write(report_fd, line.data(), line.size());
    _exit(3);
  }
  (void)!write(ready_fd, "r", 1);
  char go;
  if (read(start_fd, &go, 1) != 1) _exit(2);
  auto lock = store->lock("default", std::chrono::milliseconds(0), &error);
  std::string line = lock ? "W\n" : "L" + error.substr(0, error.find('\n')) + "\n";
  (void)!write(report_fd, line.data(), line.size());
  close(report_fd);
  if (lock) {
    char ignored;
    while (read(release_fd, &ignored, 1) > 0) {
    }
  }
  lock.reset();
  store.reset();
  _exit(0);
}

void race(const Backend& backend, int racers) {
  backend.open();  // create and migrate before the race, so it is only about the lock
  int ready[2], start[2], report[2], release[2];
  REQUIRE(pipe(ready) == 0);
  REQUIRE(pipe(start) == 0);
  REQUIRE(pipe(report) == 0);
  REQUIRE(pipe(release) == 0);
  std::vector<pid_t> children;
  for (int i = 0; i < racers; ++i) {
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      close(ready[0]);
      close(start[1]);
      close(report[0]);
      close(release[1]);
      racer(backend.url(), ready[1], start[0], report[1], release[0]);
    }
    children.push_back(child);
  }
  close(ready[1]);
  close(start[0]);
  close(report[1]);
  close(release[0]);
  // Everyone has opened the store: now they race only for the lock.
  char r;
  for (int i = 0; i < racers; ++i) REQUIRE(read(ready[0], &r, 1) == 1);
  close(ready[0]);
  std::string go(racers, 'g');
  REQUIRE(write(start[1], go.data(), go.size()) == racers);
  close(start[1]);
  std::string all;
  char buffer[4096];
  ssize_t n;
  while ((n = read(report[0], buffer, sizeof buffer)) > 0) all.append(buffer, n);
  close(report[0]);
  close(release[1]);  // every racer has reported: the winner may go
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  }
  int winners = 0, losers = 0;
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find('\n', pos);
    std::string line = all.substr(pos, end - pos);
    pos = end + 1;
    INFO(line);
    if (line == "W") {
      ++winners;
    } else {
      ++losers;
      CHECK(line.rfind("Lstate is locked by ", 0) == 0);
      CHECK(line.find(", mesh apply) since ") != std::string::npos);
    }
  }
  CHECK(winners == 1);
  CHECK(losers == racers - 1);
  auto store = backend.open();
  std::string error;
  CHECK_FALSE(store->lock_holder("default", &error).has_value());
  CHECK(error.empty());
}

}  // namespace

BACKEND_TEST(processes_racing_for_the_lock_have_exactly_one_winner) {
  race(backend, 8);
}

TEST_CASE("postgres/a_killed_holder_leaves_no_lock") {
  PostgresBackend backend;
  backend.open();
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(ready[0]);
    std::string error;
    auto store = open_store(backend.url(), OpenOptions{}, &error);
    auto lock = store ? store->lock("default", std::chrono::milliseconds(0), &error) : nullptr;
    (void)!write(ready[1], lock ? "W" : "L", 1);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char c = 0;
  REQUIRE(read(ready[0], &c, 1) == 1);
  close(ready[0]);
  REQUIRE(c == 'W');
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  auto store = backend.open();
  std::string error;
  // The server notices the dead session and drops its advisory lock; the row left behind is
  // ignored and then replaced.
  auto lock = store->lock("default", std::chrono::seconds(10), &error);
  INFO(error);
  CHECK(lock);
}

TEST_CASE("postgres/same_workspace_in_two_schemas_never_shares_a_lock") {
  PostgresBackend one;
  PostgresBackend two;
  auto a = one.open();
  auto b = two.open();
  std::string error;
  auto la = a->lock("default", std::chrono::milliseconds(0), &error);
  auto lb = b->lock("default", std::chrono::milliseconds(0), &error);
  CHECK(la);
  CHECK(lb);
}
