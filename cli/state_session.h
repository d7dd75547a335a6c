#pragma once
/// What the state commands share: opening the store a command's options point at, taking
/// the workspace lock (with --lock-timeout and SIGINT/SIGTERM honoured), time formatting.

#include <chrono>
#include <memory>
#include <string>

#include "state/store.h"

namespace CLI {
class App;
}

namespace mesh::cli {

struct GlobalOptions;
struct CommandContext;

/// Opens the store of `--state`, $MESH_STATE, or DIR/.mesh/state.db. `command` is recorded
/// on locks and history (e.g. "mesh state rm"). Read-only commands pass create=false.
std::unique_ptr<state::StateStore> open_state(const GlobalOptions& globals,
                                              const std::string& command, bool create,
                                              std::string* error);

/// Takes the workspace lock, waiting up to `timeout` in steps that notice SIGINT/SIGTERM.
/// Test hook: with MESH_TEST_HOLD_LOCK_MS=N the lock is then held N ms before the command
/// goes on (interruptible), so tests can race real processes against a held lock.
std::unique_ptr<state::StateLock> lock_state(state::StateStore& store, const std::string& workspace,
                                             std::chrono::milliseconds timeout, std::string* error);

/// Adds `--lock-timeout DURATION` (e.g. 30s, 500ms, 2m; default 0: fail at once).
void add_lock_timeout_option(CLI::App& command, std::string& value);
/// Parses a --lock-timeout value; false on a malformed one.
bool parse_lock_timeout(const std::string& text, std::chrono::milliseconds* out);

/// Prints `error: MESSAGE` to stderr and returns kExitError.
int report_error(const std::string& message);

/// `2026-11-28T12:03:11Z`.
std::string format_time(int64_t unix_seconds);

/// The `mesh state` subcommands, registered on the `state` command.
void add_state_read_commands(CLI::App& state, CommandContext& context);
void add_state_edit_commands(CLI::App& state, CommandContext& context);

}  // namespace mesh::cli
