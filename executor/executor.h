#pragma once
/// Applying a plan: a parallel walk of its change DAG (executor/change_graph.h) that calls the
/// providers and commits each result to state the moment it returns, so a crash loses nothing.
/// The caller holds the workspace lock, has configured the providers, and handles signals: the
/// executor only watches the `stop` and `cancel` flags.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/graph.h"
#include "core/source.h"
#include "executor/evaluator.h"
#include "executor/progress.h"
#include "planner/plan.h"
#include "providers/registry.h"
#include "state/store.h"

namespace mesh::exec {

struct ApplyOptions {
  std::string workspace = "default";
  unsigned parallelism = 10;
  /// Set (first SIGINT): start nothing new; in-flight operations finish and are recorded.
  const std::atomic<bool>* stop = nullptr;
  /// Set (second SIGINT): passed to providers so in-flight operations abort.
  const std::atomic<bool>* cancel = nullptr;
  std::chrono::milliseconds operation_timeout{std::chrono::minutes(20)};
  /// How often a long operation reports `Still creating...`.
  std::chrono::milliseconds still_interval{std::chrono::seconds(10)};
  Progress* progress = nullptr;  ///< null: silent
  /// The state the plan was made against: the dependencies it records order deletes, and it
  /// supplies values of instances the plan does not list.
  const state::Snapshot* prior = nullptr;
};

/// One operation that failed: its address, the provider's (or evaluation's) error, and the
/// resource block it came from (invalid for orphans).
struct Failure {
  std::string address;
  std::string message;
  SourceRange range;
};

struct ApplyResult {
  size_t added = 0, changed = 0, replaced = 0, destroyed = 0;
  std::vector<Failure> failures;         ///< sorted by address
  std::vector<std::string> skipped;      ///< not attempted: something they need failed
  std::vector<std::string> not_started;  ///< not attempted: the apply was stopped
  std::string error;  ///< the run itself failed (unorderable plan, state not writable)
  bool interrupted = false;

  bool ok() const { return failures.empty() && skipped.empty() && error.empty() && !interrupted; }
};

/// Applies `plan` (made against `graph`) with `providers`, committing to `store`.
ApplyResult apply(const plan::Plan& plan, const ResourceGraph& graph, const Evaluator& evaluator,
                  ProviderSet& providers, state::StateStore& store, const ApplyOptions& options);

}  // namespace mesh::exec
