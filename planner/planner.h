#pragma once
/// The planner: the desired resource graph against the workspace's state → a plan.
///
///   refresh (optional, parallel) → walk the graph in topological order: evaluate each
///   instance with its dependencies' planned values, ask its provider for the planned state,
///   diff → action + reason → orphans (in state, not in configuration) → outputs.
///
/// Errors (evaluation, providers, refused destroys of protected instances) are diagnostics,
/// located by source range or address; the plan is then not returned.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "planner/plan.h"
#include "providers/registry.h"
#include "state/records.h"

namespace mesh::plan {

struct PlanOptions {
  /// Read every instance from its provider first; unset: when any of their providers can.
  std::optional<bool> refresh;
  bool destroy = false;              ///< plan the destruction of everything (`--destroy`)
  std::vector<std::string> targets;  ///< `--target`: these and their dependencies only
  std::vector<std::string> replace;  ///< `--replace`: force these to be replaced
  size_t parallelism = 10;           ///< concurrent provider reads
  int64_t now = 0;                   ///< Unix seconds for ttl; 0: `current_time()`
  /// `--ttl D`: the workspace expires D (milliseconds, rounded up to seconds) after `now`.
  std::optional<int64_t> workspace_ttl_ms;
  bool clear_workspace_ttl = false;  ///< `--ttl none`: the workspace no longer expires
};

/// Whether the workspace of `snapshot` has its own expiry at or before `now`: then every
/// resource in it counts as expired (`mesh gc`).
bool workspace_expired(const state::Snapshot& snapshot, int64_t now);

/// Unix seconds now: $MESH_NOW when set (tests pin time with it), else the clock.
int64_t current_time();

std::optional<Plan> make_plan(const ResourceGraph& graph, const state::Snapshot& snapshot,
                              ProviderSet& providers, const PlanOptions& options,
                              Diagnostics& diagnostics);

}  // namespace mesh::plan
