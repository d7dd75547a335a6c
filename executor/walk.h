#pragma once
/// The parallel walk of a DAG: a fixed pool of worker threads and a ready queue. An op starts
/// once every op it waits for succeeded; a failure skips everything behind it and nothing
/// else. No busy waiting: workers sleep on a condition variable.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "executor/change_graph.h"

namespace mesh::exec {

enum class Outcome : uint8_t {
  NotStarted,  ///< the walk stopped (stop flag or halt) before it could run
  Succeeded,
  Failed,
  Skipped,  ///< something it waits for failed
};

/// What running one op said.
enum class StepResult : uint8_t {
  Ok,
  Failed,
  Halt,  ///< failed, and nothing new may start (e.g. state can no longer be written)
};

struct WalkOptions {
  unsigned parallelism = 10;
  /// Once set, no new op starts; ops in flight finish. Polled every `poll` while running.
  const std::atomic<bool>* stop = nullptr;
  std::chrono::milliseconds poll{50};
};

struct WalkResult {
  std::vector<Outcome> outcomes;  ///< per op
  bool stopped = false;           ///< ended by the stop flag or a halt with work left
};

/// Runs `step(op, worker)` for the ops of `graph` on `parallelism` threads (worker in
/// [0, parallelism)). `step` must be thread-safe; it is never called twice for one op.
WalkResult walk(const ChangeGraph& graph, const WalkOptions& options,
                const std::function<StepResult(uint32_t op, unsigned worker)>& step);

}  // namespace mesh::exec
