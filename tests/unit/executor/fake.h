#pragma once
/// A scripted in-memory provider and a hand-made plan/graph, for testing the executor's walk
/// without the compiler: what each call did is logged in order, with the concurrency seen.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "executor/executor.h"
#include "state/store.h"
#include "tests/support/temp_dir.h"

namespace mesh::test {

/// What the fake provider saw, shared by every instance the ProviderSet makes.
struct Recorder {
  std::mutex mutex;
  std::vector<std::string> log;  ///< "create a", "update b", "delete c", in call order
  int active = 0;
  int max_active = 0;
  /// When set, every create/update snapshots state and notes which addresses it holds.
  std::function<void(const std::string& name)> on_call;
  std::vector<std::string> calls() {
    std::lock_guard<std::mutex> lock(mutex);
    return log;
  }
  /// Position of `entry` in the log (-1 when absent).
  int index(const std::string& entry);
};

/// Provider `fake`, types `fake_thing` (cannot read) and `fake_read` (can read). Attributes:
/// `input` (any) and computed `id`, `output`. The input object steers the fake: `name`,
/// `sleep_ms`, `fail` (create/update/delete fail), `lie` (output differs from the plan).
std::unique_ptr<Provider> make_fake_provider(std::shared_ptr<Recorder> recorder);

/// A plan + graph + evaluator built by hand.
struct Scenario {
  plan::Plan plan;
  ResourceGraph graph;
  /// Per node: its configuration from the current values of the others (default: the
  /// change's planned `input`).
  std::vector<std::function<Value(const InstanceValueSource&)>> configs;

  /// Adds `fake_thing.NAME` (or TYPE.NAME) with `action`, depending on `deps` (names).
  plan::ResourceChange& add(const std::string& name, plan::Action action,
                            std::vector<std::string> deps = {}, Value input = Value(),
                            const std::string& type = "fake_thing");
  /// Finishes the graph's dependency arrays; call after the last add.
  void finish();
};

class ScenarioEvaluator final : public exec::Evaluator {
 public:
  explicit ScenarioEvaluator(const Scenario& s) : s_(s) {}
  Value instance(uint32_t node, const InstanceValueSource& source, Diagnostics&) const override;
  Value output(uint32_t node, const InstanceValueSource& source, Diagnostics&) const override;

 private:
  const Scenario& s_;
};

/// Runs a scenario against a fresh SQLite store.
struct Harness {
  TempDir dir;
  std::shared_ptr<Recorder> recorder = std::make_shared<Recorder>();
  ProviderRegistry registry;
  std::unique_ptr<state::StateStore> store;
  Harness();
  exec::ApplyResult apply(Scenario& s, exec::ApplyOptions options = {});
  state::Snapshot snapshot();
  std::vector<std::string> addresses();
};

/// `{name = NAME}` plus extra attributes.
Value input(const std::string& name, ValueEntries extra = {});

}  // namespace mesh::test
