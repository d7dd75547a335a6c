#pragma once
/// `Still creating... [10s elapsed]` for operations that run long: one thread scans the
/// workers' slots every tick (O(parallelism), never O(resources)).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "executor/progress.h"

namespace mesh::exec {

class StillTicker {
 public:
  /// Does nothing (no thread) without a progress sink.
  StillTicker(Progress* progress, std::chrono::milliseconds interval, unsigned slots);
  ~StillTicker();
  StillTicker(const StillTicker&) = delete;
  StillTicker& operator=(const StillTicker&) = delete;

  /// Worker `slot` starts (or ends) an operation.
  void begin(unsigned slot, const std::string& address, Operation operation, const std::string& id);
  void end(unsigned slot);

 private:
  using Clock = std::chrono::steady_clock;
  struct Slot {
    bool active = false;
    std::string address;
    Operation operation = Operation::Create;
    std::string id;
    Clock::time_point start;
    std::chrono::milliseconds next{0};  ///< elapsed time of the next report
  };
  void run();

  Progress* progress_;
  std::chrono::milliseconds interval_;
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace mesh::exec
