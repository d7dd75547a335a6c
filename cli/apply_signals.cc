#include "cli/apply_signals.h"

#include <signal.h>
#include <unistd.h>

#include "cli/interrupt.h"

namespace mesh::cli {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_cancel{false};
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

static_assert(std::atomic<bool>::is_always_lock_free, "signal handlers need lock-free flags");

void say(const char* text, size_t size) {
  ssize_t ignored = write(STDERR_FILENO, text, size);
  (void)ignored;
}

void on_signal(int) {
  if (!g_stop.exchange(true)) {
    static const char kFirst[] =
        "\nInterrupt received: finishing the operations in flight, starting nothing new.\n"
        "Press Ctrl-C again to abort them.\n";
    say(kFirst, sizeof kFirst - 1);
  } else if (!g_cancel.exchange(true)) {
    static const char kSecond[] = "\nSecond interrupt: aborting the operations in flight.\n";
    say(kSecond, sizeof kSecond - 1);
  }
}

}  // namespace

ApplySignals::ApplySignals() {
  // A signal that arrived while the plan was made counts as the first one.
  g_stop = interrupted();
  g_cancel = false;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

ApplySignals::~ApplySignals() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

const std::atomic<bool>& ApplySignals::stop() const {
  return g_stop;
}
const std::atomic<bool>& ApplySignals::cancel() const {
  return g_cancel;
}

}  // namespace mesh::cli
