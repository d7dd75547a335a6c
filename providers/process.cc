#include "providers/process.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/duration.h"

extern char** environ;

namespace mesh {

ProcessOptions ProcessOptions::shell(std::string command) {
  ProcessOptions options;
  options.argv = {"/bin/sh", "-c", std::move(command)};
  return options;
}

namespace {

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

/// Moves `fd` above the standard descriptors (still close-on-exec): if mesh runs with a closed
/// stdin, a pipe could land on fd 0, and dup2(0, 0) in the child would keep its CLOEXEC flag.
bool lift_fd(int& fd) {
  if (fd > 2) return true;
  int lifted = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  close(fd);
  fd = lifted;
  return fd >= 0;
}

/// pipe2(O_CLOEXEC) with both ends above fd 2.
bool make_pipe(int ends[2]) {
  if (pipe2(ends, O_CLOEXEC) != 0) return false;
  if (lift_fd(ends[0]) && lift_fd(ends[1])) return true;
  close_fd(ends[0]);
  close_fd(ends[1]);
  return false;
}

void set_nonblocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

std::vector<std::string> child_environment(const ProcessOptions& options) {
  std::vector<std::string> env;
  auto overridden = [&](std::string_view entry) {
    size_t eq = entry.find('=');
    std::string_view key = entry.substr(0, eq);
    for (const auto& added : options.environment)
      if (added.first == key) return true;
    return false;
  };
  if (options.inherit_environment)
    for (char** e = environ; e && *e; ++e)
      if (!overridden(*e)) env.emplace_back(*e);
  for (const auto& added : options.environment) env.push_back(added.first + "=" + added.second);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (std::string& s : strings) result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

/// Spawn attributes: new process group, default signal dispositions, empty signal mask.
struct SpawnAttributes {
  posix_spawnattr_t attr;
  SpawnAttributes() {
    posix_spawnattr_init(&attr);
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(
        &attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  }
  ~SpawnAttributes() { posix_spawnattr_destroy(&attr); }
};

struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
};

}  // namespace

std::unique_ptr<Process> Process::start(const ProcessOptions& options, std::string* error) {
  if (options.argv.empty()) {
    *error = "start: empty command";
    return nullptr;
  }
  if (!options.working_dir.empty()) {
    struct stat info;
    if (stat(options.working_dir.c_str(), &info) != 0) {
      *error = "working directory " + options.working_dir + ": " + std::strerror(errno);
      return nullptr;
    }
    if (!S_ISDIR(info.st_mode)) {
      *error = "working directory " + options.working_dir + ": not a directory";
      return nullptr;
    }
  }
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  auto close_all = [&] {
    for (int* ends : {in, out, err}) {
      close_fd(ends[0]);
      close_fd(ends[1]);
    }
  };
  if (!make_pipe(in) || !make_pipe(out) || !make_pipe(err)) {
    *error = std::string("start: pipe: ") + std::strerror(errno);
    close_all();
    return nullptr;
  }

  FileActions files;
  posix_spawn_file_actions_adddup2(&files.actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&files.actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&files.actions, err[1], 2);
  if (!options.working_dir.empty())
    posix_spawn_file_actions_addchdir_np(&files.actions, options.working_dir.c_str());
  SpawnAttributes attributes;

  std::vector<std::string> argv_strings = options.argv;
  std::vector<std::string> env_strings = child_environment(options);
  std::vector<char*> argv = pointers(argv_strings);
  std::vector<char*> envp = pointers(env_strings);
  pid_t pid = -1;
  const bool search = options.argv[0].find('/') == std::string::npos;
  int rc =
      search
          ? posix_spawnp(&pid, argv[0], &files.actions, &attributes.attr, argv.data(), envp.data())
          : posix_spawn(&pid, argv[0], &files.actions, &attributes.attr, argv.data(), envp.data());
  if (rc != 0) {
    *error = "start " + options.argv[0] + ": " + std::strerror(rc);
    close_all();
    return nullptr;
  }

  std::unique_ptr<Process> process(new Process());
  process->pid_ = pid;
  close_fd(in[0]);
  close_fd(out[1]);
  close_fd(err[1]);
  process->stdin_ = in[1];
  process->stdout_ = out[0];
  process->stderr_ = err[0];
  for (int fd : {process->stdin_, process->stdout_, process->stderr_}) set_nonblocking(fd);
#ifdef SYS_pidfd_open
  // pidfds are close-on-exec by definition.
  process->exit_fd_ = int(syscall(SYS_pidfd_open, pid, 0));
#endif
  return process;
}

Process::~Process() {
  if (!reaped_) {
    signal_group(SIGKILL);
    wait();
  }
  close_stdin();
  close_stdout();
  close_stderr();
  close_fd(exit_fd_);
}

void Process::close_stdin() {
  close_fd(stdin_);
}
void Process::close_stdout() {
  close_fd(stdout_);
}
void Process::close_stderr() {
  close_fd(stderr_);
}

bool Process::has_exited() {
  if (reaped_) return true;
  siginfo_t info;
  info.si_pid = 0;
  int rc;
  do {
    rc = waitid(P_PID, id_t(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
  } while (rc != 0 && errno == EINTR);
  return rc == 0 && info.si_pid == pid_;
}

void Process::signal_group(int signal) {
  if (!reaped_ && pid_ > 0) kill(-pid_, signal);
}

void Process::wait() {
  if (reaped_) return;
  int status = 0;
  pid_t rc;
  do {
    rc = waitpid(pid_, &status, 0);
  } while (rc < 0 && errno == EINTR);
  reaped_ = true;
  if (rc == pid_ && WIFEXITED(status)) exit_code_ = WEXITSTATUS(status);
  if (rc == pid_ && WIFSIGNALED(status)) term_signal_ = WTERMSIG(status);
}

namespace {

using Clock = std::chrono::steady_clock;

/// write(2) that never raises SIGPIPE in this process: the signal is blocked in this thread
/// for the call and a SIGPIPE it caused is consumed, so a child that closes its stdin early
/// gives EPIPE instead of killing mesh.
ssize_t write_without_sigpipe(int fd, const char* data, size_t size) {
  sigset_t pipe_set, old_mask, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE);
  ssize_t n = write(fd, data, size);
  int saved = errno;
  if (n < 0 && saved == EPIPE && !was_pending) {
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  errno = saved;
  return n;
}

/// Reads what is available; false on EOF or error (the caller closes the fd).
bool drain(int fd, std::string& into, size_t limit, bool& truncated) {
  char buffer[65536];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      size_t keep = into.size() < limit ? std::min(size_t(n), limit - into.size()) : 0;
      into.append(buffer, keep);
      if (keep < size_t(n)) truncated = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;
  }
}

}  // namespace

ProcessResult run_process(const ProcessRun& run) {
  ProcessResult result;
  std::unique_ptr<Process> process = Process::start(run.process, &result.error);
  if (!process) return result;

  const Clock::time_point started = Clock::now();
  const bool has_deadline = run.timeout.count() > 0;
  const Clock::time_point deadline = started + run.timeout;
  enum class Phase { Running, Terminating, Killed } phase = Phase::Running;
  Clock::time_point kill_at{};
  bool exited = false;
  Clock::time_point exited_at{};
  size_t written = 0;
  if (run.input.empty()) process->close_stdin();
  std::chrono::milliseconds exit_tick(1);  // without a pidfd: back off from 1 ms to 20 ms

  for (;;) {
    if (!exited && process->has_exited()) {
      exited = true;
      exited_at = Clock::now();
      process->close_stdin();
    }
    if (exited && process->stdout_fd() < 0 && process->stderr_fd() < 0) break;
    Clock::time_point now = Clock::now();
    if (exited && now >= exited_at + run.linger) break;
    if (!exited && phase == Phase::Running) {
      bool cancelled = run.cancel && run.cancel->load();
      if (cancelled || (has_deadline && now >= deadline)) {
        result.cancelled = cancelled;
        result.timed_out = !cancelled;
        process->signal_group(SIGTERM);
        phase = Phase::Terminating;
        kill_at = now + run.kill_grace;
      }
    }
    if (!exited && phase == Phase::Terminating && now >= kill_at) {
      process->signal_group(SIGKILL);
      phase = Phase::Killed;
    }

    // Sleep in poll until I/O, exit, or the next moment something must be checked.
    Clock::time_point wake = now + std::chrono::milliseconds(1000);
    if (run.cancel) wake = std::min(wake, now + std::chrono::milliseconds(50));
    if (exited) wake = std::min(wake, exited_at + run.linger);
    if (!exited && phase == Phase::Running && has_deadline) wake = std::min(wake, deadline);
    if (!exited && phase == Phase::Terminating) wake = std::min(wake, kill_at);
    if (!exited && process->exit_fd() < 0) {
      wake = std::min(wake, now + exit_tick);
      exit_tick = std::min(exit_tick * 2, std::chrono::milliseconds(20));
    }
    pollfd fds[4];
    nfds_t count = 0;
    if (process->stdin_fd() >= 0) fds[count++] = {process->stdin_fd(), POLLOUT, 0};
    if (process->stdout_fd() >= 0) fds[count++] = {process->stdout_fd(), POLLIN, 0};
    if (process->stderr_fd() >= 0) fds[count++] = {process->stderr_fd(), POLLIN, 0};
    if (!exited && process->exit_fd() >= 0) fds[count++] = {process->exit_fd(), POLLIN, 0};
    auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
    int ready = poll(fds, count, int(std::max<int64_t>(0, wait_ms) + (wake > now ? 1 : 0)));
    if (ready < 0 && errno != EINTR) break;

    if (process->stdin_fd() >= 0) {
      ssize_t n = write_without_sigpipe(process->stdin_fd(), run.input.data() + written,
                                        run.input.size() - written);
      if (n > 0) written += size_t(n);
      if ((n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ||
          written == run.input.size())
        process->close_stdin();  // done, or the child closed its end (EPIPE): stop feeding
    }
    if (process->stdout_fd() >= 0 &&
        !drain(process->stdout_fd(), result.out, run.max_output, result.truncated))
      process->close_stdout();
    if (process->stderr_fd() >= 0 &&
        !drain(process->stderr_fd(), result.err, run.max_output, result.truncated))
      process->close_stderr();
  }

  // The leader is a zombie at most (never reaped yet), so its group id is still reserved:
  // after a timeout or cancellation, nothing it started survives.
  if (phase != Phase::Running) process->signal_group(SIGKILL);
  process->close_stdin();
  process->close_stdout();
  process->close_stderr();
  process->wait();
  result.exit_code = process->exit_code();
  result.term_signal = process->term_signal();
  return result;
}

std::string ProcessResult::describe(std::chrono::milliseconds timeout) const {
  if (!error.empty()) return error;
  if (timed_out)
    return timeout.count() > 0 ? "timed out after " + format_duration(timeout.count())
                               : "timed out";
  if (cancelled) return "cancelled";
  if (term_signal != 0)
    return "killed by signal " + std::to_string(term_signal) + " (" + strsignal(term_signal) + ")";
  return "exited with status " + std::to_string(exit_code);
}

std::string tail_lines(std::string_view text, size_t count) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  size_t begin = text.size();
  for (size_t lines = 0; begin > 0; --begin) {
    if (text[begin - 1] == '\n' && ++lines == count) break;
  }
  return std::string(text.substr(begin));
}

}  // namespace mesh
