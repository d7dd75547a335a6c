#include "cli/state_session.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "cli/interrupt.h"
#include "cli/options.h"

namespace mesh::cli {

std::unique_ptr<state::StateStore> open_state(const GlobalOptions& globals,
                                              const std::string& command, bool create,
                                              std::string* error) {
  state::OpenOptions options;
  options.actor = state::Actor::current(command);
  options.create = create;
  return state::open_store(state::default_state_url(globals.state_url, globals.directory), options,
                           error);
}

std::unique_ptr<state::StateLock> lock_state(state::StateStore& store, const std::string& workspace,
                                             std::chrono::milliseconds timeout,
                                             std::string* error) {
  install_interrupt_handlers();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_ptr<state::StateLock> lock;
  for (;;) {
    lock = store.lock(workspace, std::chrono::milliseconds(0), error);
    if (lock || error->rfind("state is locked by", 0) != 0) break;  // won, or a real error
    if (std::chrono::steady_clock::now() >= deadline) break;
    if (!sleep_unless_interrupted(200)) {
      *error = "interrupted while waiting for the state lock";
      return nullptr;
    }
  }
  if (!lock) return nullptr;
  if (const char* hold = std::getenv("MESH_TEST_HOLD_LOCK_MS"); hold && *hold) {
    sleep_unless_interrupted(std::atol(hold));
  }
  if (interrupted()) {
    *error = "interrupted";
    return nullptr;  // the guard releases the lock on the way out
  }
  return lock;
}

bool parse_lock_timeout(const std::string& text, std::chrono::milliseconds* out) {
  if (text.empty()) {
    *out = std::chrono::milliseconds(0);
    return true;
  }
  char* end = nullptr;
  double number = std::strtod(text.c_str(), &end);
  std::string unit = end;
  if (end == text.c_str() || number < 0) return false;
  double ms = 0;
  if (unit.empty() || unit == "s") {
    ms = number * 1000;
  } else if (unit == "ms") {
    ms = number;
  } else if (unit == "m") {
    ms = number * 60000;
  } else {
    return false;
  }
  *out = std::chrono::milliseconds(static_cast<long long>(ms));
  return true;
}

void add_lock_timeout_option(CLI::App& command, std::string& value) {
  command
      .add_option("--lock-timeout", value,
                  "How long to wait for the state lock (e.g. 30s, 500ms; default: fail at once)")
      ->option_text("DURATION");
}

int report_error(const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return kExitError;
}

std::string format_time(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace mesh::cli
