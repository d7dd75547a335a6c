#pragma once
/// SIGINT/SIGTERM for commands that hold the state lock: the handler only sets a flag, so
/// the command unwinds normally and every RAII guard (the lock first) is released on the
/// way out. Commands check interrupted() between steps and exit with kExitInterrupted.

namespace mesh::cli {

/// Installs the flag-setting handlers (idempotent). Without SA_RESTART, so sleeps wake up.
void install_interrupt_handlers();
bool interrupted();

/// Sleeps up to `ms` milliseconds in short steps; returns false if interrupted meanwhile.
bool sleep_unless_interrupted(long ms);

}  // namespace mesh::cli
