#include "cli/interrupt.h"

#include <signal.h>
#include <time.h>

#include <atomic>

namespace mesh::cli {
namespace {

volatile sig_atomic_t g_interrupted = 0;

void on_signal(int) {
  g_interrupted = 1;
}

}  // namespace

void install_interrupt_handlers() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() {
  return g_interrupted != 0;
}

bool sleep_unless_interrupted(long ms) {
  while (ms > 0 && !interrupted()) {
    long step = ms < 20 ? ms : 20;
    timespec ts{0, step * 1000000L};
    nanosleep(&ts, nullptr);
    ms -= step;
  }
  return !interrupted();
}

}  // namespace mesh::cli
