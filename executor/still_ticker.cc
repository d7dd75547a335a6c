#include "executor/still_ticker.h"

#include <algorithm>

namespace mesh::exec {

StillTicker::StillTicker(Progress* progress, std::chrono::milliseconds interval, unsigned slots)
    : progress_(progress), interval_(std::max(interval, std::chrono::milliseconds(1))) {
  if (!progress_) return;
  slots_.resize(slots);
  thread_ = std::thread([this] { run(); });
}

StillTicker::~StillTicker() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void StillTicker::begin(unsigned slot, const std::string& address, Operation operation,
                        const std::string& id) {
  if (!progress_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  Slot& s = slots_[slot];
  s.active = true;
  s.address = address;
  s.operation = operation;
  s.id = id;
  s.start = Clock::now();
  s.next = interval_;
}

void StillTicker::end(unsigned slot) {
  if (!progress_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  slots_[slot].active = false;
}

void StillTicker::run() {
  // Ticks at a tenth of the interval (at most a second): reports are late by at most that.
  const auto tick = std::min<std::chrono::milliseconds>(
      std::chrono::seconds(1), std::max(interval_ / 10, decltype(interval_)(1)));
  std::unique_lock<std::mutex> lock(mutex_);
  while (!done_) {
    wake_.wait_for(lock, tick);
    if (done_) break;
    const auto now = Clock::now();
    for (Slot& s : slots_) {
      if (!s.active) continue;
      auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - s.start);
      if (elapsed < s.next) continue;
      ProgressEvent e;
      e.kind = ProgressEvent::Still;
      e.operation = s.operation;
      e.address = s.address;
      e.id = s.id;
      e.elapsed = s.next;
      while (s.next <= elapsed) s.next += interval_;
      progress_->event(e);  // the sink has its own lock; workers only wait on ours briefly
    }
  }
}

}  // namespace mesh::exec
