#include "providers/process.h"

#include <dirent.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "temp_dir.h"

using namespace mesh;
using namespace std::chrono_literals;
using mesh::testing::TempDir;

namespace {

ProcessRun shell(std::string command) {
  ProcessRun run;
  run.process = ProcessOptions::shell(std::move(command));
  return run;
}

size_t open_fds() {
  size_t count = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir)) ++count;
    closedir(dir);
  }
  return count;
}

/// True when `pid` no longer runs (absent, or a zombie waiting for a reaper that is not us).
bool process_gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string line;
  std::getline(stat, line);
  size_t paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z';
}

bool eventually_gone(pid_t pid) {
  for (int i = 0; i < 200 && !process_gone(pid); ++i) std::this_thread::sleep_for(10ms);
  return process_gone(pid);
}

}  // namespace

TEST_CASE("process: stdout, stderr, exit status, stdin") {
  ProcessRun run = shell("echo out; echo err >&2; read line; echo \"got $line\"; exit 7");
  run.input = "hello\n";
  ProcessResult r = run_process(run);
  CHECK(r.error == "");
  CHECK(r.exit_code == 7);
  CHECK_FALSE(r.ok());
  CHECK(r.out == "out\ngot hello\n");
  CHECK(r.err == "err\n");
  CHECK(r.describe() == "exited with status 7");
  CHECK(run_process(shell("true")).ok());
}

TEST_CASE("process: large output on both pipes and large input do not deadlock") {
  ProcessRun run = shell("(yes out | head -c 3000000) & (yes err | head -c 3000000 >&2); wait");
  ProcessResult r = run_process(run);
  CHECK(r.ok());
  CHECK(r.out.size() == 3000000);
  CHECK(r.err.size() == 3000000);

  ProcessRun echo = shell("cat; cat /dev/null >&2");
  echo.input = std::string(8 << 20, 'x');
  ProcessResult e = run_process(echo);
  CHECK(e.ok());
  CHECK(e.out.size() == echo.input.size());

  // The child stops reading early: mesh gets EPIPE, not SIGPIPE.
  ProcessRun early = shell("head -c 1");
  early.input = std::string(4 << 20, 'y');
  ProcessResult h = run_process(early);
  CHECK(h.ok());
  CHECK(h.out == "y");

  ProcessRun capped = shell("head -c 100000 /dev/zero");
  capped.max_output = 1000;
  ProcessResult c = run_process(capped);
  CHECK(c.ok());
  CHECK(c.truncated);
  CHECK(c.out.size() == 1000);
}

TEST_CASE("process: a missing binary or working directory is a start error") {
  ProcessRun run;
  run.process.argv = {"/nonexistent/mesh-test-binary"};
  ProcessResult r = run_process(run);
  CHECK(r.error == "start /nonexistent/mesh-test-binary: No such file or directory");
  CHECK_FALSE(r.ok());
  CHECK(r.describe() == r.error);

  run.process.argv = {"mesh-no-such-command-on-path"};
  CHECK(run_process(run).error.find("No such file or directory") != std::string::npos);

  ProcessRun in_missing = shell("true");
  in_missing.process.working_dir = "/nonexistent/dir";
  CHECK(run_process(in_missing).error ==
        "working directory /nonexistent/dir: No such file or directory");

  // Through the shell, a missing command is the shell's exit 127.
  ProcessResult sh = run_process(shell("mesh-no-such-command-on-path"));
  CHECK(sh.exit_code == 127);
  CHECK(sh.err.find("not found") != std::string::npos);
}

TEST_CASE("process: argv without a shell, environment and working directory") {
  TempDir dir;
  ProcessRun run;
  run.process.argv = {"printf", "%s|%s", "a b", "$HOME"};
  ProcessResult r = run_process(run);
  CHECK(r.out == "a b|$HOME");

  ProcessRun env = shell("echo \"$MESH_A|$MESH_B|$(pwd)\"");
  env.process.environment = {{"MESH_A", "1"}, {"MESH_B", "two words"}};
  env.process.working_dir = dir.path();
  CHECK(run_process(env).out == "1|two words|" + dir.path() + "\n");

  ProcessRun clean = shell("echo \"${HOME-unset}|$ONLY\"");
  clean.process.inherit_environment = false;
  clean.process.environment = {{"ONLY", "x"}};
  CHECK(run_process(clean).out == "unset|x\n");

  // An added variable overrides an inherited one.
  setenv("MESH_PROCESS_TEST", "parent", 1);
  ProcessRun over = shell("echo $MESH_PROCESS_TEST");
  over.process.environment = {{"MESH_PROCESS_TEST", "child"}};
  CHECK(run_process(over).out == "child\n");
  unsetenv("MESH_PROCESS_TEST");
}

TEST_CASE("process: signals end the child and are reported") {
  ProcessResult r = run_process(shell("kill -TERM $$"));
  CHECK(r.term_signal == SIGTERM);
  CHECK(r.exit_code == -1);
  CHECK_FALSE(r.ok());
  CHECK(r.describe() == "killed by signal 15 (Terminated)");

  // A child does not inherit mesh's ignored signals or blocked mask.
  signal(SIGINT, SIG_IGN);
  ProcessResult interrupted = run_process(shell("kill -INT $$; sleep 5"));
  signal(SIGINT, SIG_DFL);
  CHECK(interrupted.term_signal == SIGINT);
}

TEST_CASE("process: timeout kills the whole process group") {
  ProcessRun run = shell("sleep 30 & echo $!; wait");
  run.timeout = 300ms;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process(run);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(r.timed_out);
  CHECK_FALSE(r.ok());
  CHECK(r.describe(run.timeout) == "timed out after 300ms");
  CHECK(elapsed < 5s);
  pid_t sleeper = pid_t(std::stol(r.out));
  CHECK(eventually_gone(sleeper));
}

TEST_CASE("process: a child ignoring SIGTERM is SIGKILLed after the grace period") {
  ProcessRun run = shell("trap '' TERM; sleep 30 & echo $!; wait; wait");
  run.timeout = 200ms;
  run.kill_grace = 200ms;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process(run);
  CHECK(r.timed_out);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  CHECK(eventually_gone(pid_t(std::stol(r.out))));
}

TEST_CASE("process: cancellation stops a running command") {
  std::atomic<bool> cancel{false};
  ProcessRun run = shell("sleep 30");
  run.cancel = &cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    cancel = true;
  });
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process(run);
  canceller.join();
  CHECK(r.cancelled);
  CHECK_FALSE(r.timed_out);
  CHECK(r.describe() == "cancelled");
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("process: background children holding the pipes do not hang mesh") {
  ProcessRun run = shell("sleep 3 & echo $!; echo done");
  run.linger = 100ms;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process(run);
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK(r.ok());
  std::istringstream lines(r.out);
  std::string pid_text, done;
  std::getline(lines, pid_text);
  std::getline(lines, done);
  CHECK(done == "done");
  kill(pid_t(std::stol(pid_text)), SIGKILL);
}

TEST_CASE("process: no fds leak into children or stay open - children are reaped") {
  size_t before = open_fds();
  std::string error;
  {
    // While another child holds pipes, a new child sees only 0, 1, 2 and what mesh itself
    // inherited without close-on-exec (a test harness may pass some): never a mesh pipe.
    std::unique_ptr<Process> other = Process::start(ProcessOptions::shell("sleep 30"), &error);
    REQUIRE(other);
    ProcessResult r = run_process(shell("ls /proc/$$/fd"));
    std::istringstream fds(r.out);
    int count = 0;
    for (std::string fd; std::getline(fds, fd); ++count) {
      int n = std::stoi(fd);
      if (n <= 2) continue;
      int flags = fcntl(n, F_GETFD);
      CHECK_MESSAGE((flags >= 0 && !(flags & FD_CLOEXEC)), "fd " << n << " leaked");
      CHECK(n != other->stdin_fd());
      CHECK(n != other->stdout_fd());
      CHECK(n != other->stderr_fd());
    }
    CHECK(count >= 3);
  }
  for (int i = 0; i < 50; ++i) run_process(shell("echo x"));
  CHECK(open_fds() == before);

  pid_t pid;
  {
    std::unique_ptr<Process> p = Process::start(ProcessOptions::shell("sleep 30"), &error);
    REQUIRE(p);
    pid = p->pid();
    CHECK_FALSE(p->has_exited());
  }  // the destructor kills and reaps
  CHECK(waitpid(pid, nullptr, WNOHANG) == -1);
  CHECK(errno == ECHILD);
  CHECK(open_fds() == before);
}

TEST_CASE("process: concurrent runs from many threads") {
  size_t before = open_fds();
  std::vector<std::thread> threads;
  std::vector<int> failures(16, 0);
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        ProcessRun run = shell("cat; echo \" $T\" >&2");
        run.input = std::to_string(t * 100 + i);
        run.process.environment = {{"T", std::to_string(t)}};
        ProcessResult r = run_process(run);
        if (!r.ok() || r.out != run.input || r.err != " " + std::to_string(t) + "\n")
          ++failures[size_t(t)];
      }
    });
  for (std::thread& t : threads) t.join();
  for (int f : failures) CHECK(f == 0);
  CHECK(open_fds() == before);
}

TEST_CASE("process: tail_lines") {
  CHECK(tail_lines("a\nb\nc\n", 2) == "b\nc");
  CHECK(tail_lines("a\nb\nc", 5) == "a\nb\nc");
  CHECK(tail_lines("", 3) == "");
  CHECK(tail_lines("only\n\n", 1) == "only");
}
