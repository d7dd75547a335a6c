#pragma once
/// The RAII guard of a workspace lock.

#include "state/records.h"

namespace mesh::state {

class StateStore;

/// Holds a workspace lock until destroyed (or release()d). Move-only.
class StateLock {
 public:
  StateLock(StateStore* store, LockInfo info) : store_(store), info_(std::move(info)) {}
  ~StateLock() { release(); }
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

  const LockInfo& info() const { return info_; }
  /// Releases now; later calls and the destructor do nothing.
  void release();

 private:
  StateStore* store_;
  LockInfo info_;
};

}  // namespace mesh::state
