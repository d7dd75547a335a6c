#pragma once
/// SIGINT/SIGTERM while an apply runs: the first one stops new work (in-flight operations
/// finish and are recorded), the second asks them to abort. The handler only sets lock-free
/// atomics and write(2)s a notice, both async-signal-safe; the executor watches the flags.

#include <atomic>

namespace mesh::cli {

class ApplySignals {
 public:
  /// Installs the handlers; the previous ones come back on destruction. One at a time.
  ApplySignals();
  ~ApplySignals();
  ApplySignals(const ApplySignals&) = delete;
  ApplySignals& operator=(const ApplySignals&) = delete;

  const std::atomic<bool>& stop() const;
  const std::atomic<bool>& cancel() const;
};

}  // namespace mesh::cli
