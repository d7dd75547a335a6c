#pragma once
/// Child processes for the `exec` provider and the plugin host: RAII, no leaked fds, no
/// zombies, safe to use from several threads at once.
///
/// Every child runs in its own process group (so a timeout or cancellation kills the command
/// and everything it started, and a terminal's Ctrl-C reaches mesh, not the children), with
/// stdin/stdout/stderr on pipes, signal dispositions and mask reset to defaults. All fds mesh
/// creates are O_CLOEXEC, so concurrent spawns never inherit each other's pipes.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mesh {

struct ProcessOptions {
  /// argv[0] is looked up in PATH when it contains no '/'.
  std::vector<std::string> argv;
  /// Variables added to (or overriding) the environment.
  std::vector<std::pair<std::string, std::string>> environment;
  /// Start from mesh's own environment (else from `environment` alone).
  bool inherit_environment = true;
  /// Directory the child starts in; "" = mesh's current directory.
  std::string working_dir;

  /// `/bin/sh -c COMMAND`.
  static ProcessOptions shell(std::string command);
};

/// A running (or exited, not yet reaped) child. The destructor kills its process group if the
/// child is still running, reaps it and closes every pipe.
class Process {
 public:
  /// Starts the child; nullptr with `*error` set ("start nosuch: No such file or directory",
  /// "working directory /x: No such file or directory") when it cannot.
  static std::unique_ptr<Process> start(const ProcessOptions& options, std::string* error);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  /// Parent ends of the pipes, non-blocking; -1 once closed.
  int stdin_fd() const { return stdin_; }
  int stdout_fd() const { return stdout_; }
  int stderr_fd() const { return stderr_; }
  void close_stdin();
  void close_stdout();
  void close_stderr();
  /// Readable (POLLIN) once the child has exited (a pidfd), or -1 when the kernel has none:
  /// then poll `has_exited` periodically.
  int exit_fd() const { return exit_fd_; }

  /// Whether the child has exited. Does not reap it: until `wait`, its pid stays reserved, so
  /// signalling its process group can never hit an unrelated process.
  bool has_exited();
  /// Sends `signal` to the child's whole process group (ignored once reaped).
  void signal_group(int signal);
  /// Blocks until the child exits, reaps it and records its status (idempotent).
  void wait();

  bool reaped() const { return reaped_; }
  /// After `wait`: the exit code, or -1 when a signal ended the child.
  int exit_code() const { return exit_code_; }
  /// After `wait`: the signal that ended the child, or 0.
  int term_signal() const { return term_signal_; }

 private:
  Process() = default;

  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1, stderr_ = -1, exit_fd_ = -1;
  bool reaped_ = false;
  int exit_code_ = -1;
  int term_signal_ = 0;
};

/// One command run to completion.
struct ProcessRun {
  ProcessOptions process;
  std::string input;                           ///< written to stdin, which is then closed
  std::chrono::milliseconds timeout{0};        ///< 0: none
  std::chrono::milliseconds kill_grace{2000};  ///< SIGTERM → SIGKILL delay
  /// How long to keep reading after the child exited when background processes it started
  /// still hold the pipes open (`daemon &`): then mesh stops reading and leaves them alone.
  std::chrono::milliseconds linger{500};
  const std::atomic<bool>* cancel = nullptr;  ///< checked at least every 50 ms
  size_t max_output = size_t(64) << 20;       ///< per stream; the rest is read and dropped
};

struct ProcessResult {
  std::string error;    ///< the child could not be started
  int exit_code = -1;   ///< when it exited normally
  int term_signal = 0;  ///< when a signal ended it
  bool timed_out = false;
  bool cancelled = false;
  bool truncated = false;  ///< stdout or stderr exceeded `max_output`
  std::string out, err;

  bool ok() const {
    return error.empty() && !timed_out && !cancelled && term_signal == 0 && exit_code == 0;
  }
  /// "exited with status 2", "killed by signal 9 (Killed)", "timed out after 1m30s",
  /// "cancelled", or the start error.
  std::string describe(std::chrono::milliseconds timeout = {}) const;
};

/// Starts the child, feeds `input`, reads stdout and stderr together (poll; no deadlock
/// whatever the sizes), and enforces the timeout and cancellation by SIGTERM to the process
/// group, then SIGKILL after `kill_grace`. After a timeout or cancellation every process left
/// in the group is SIGKILLed. Always reaps the child.
ProcessResult run_process(const ProcessRun& run);

/// The last `count` lines of `text` (without a trailing empty line).
std::string tail_lines(std::string_view text, size_t count);

}  // namespace mesh
