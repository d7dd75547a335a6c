#pragma once
/// Root output changes: each configured output evaluated with the planned values, against the
/// outputs the state recorded.

#include <vector>

#include "compiler/evaluate.h"
#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "planner/plan.h"
#include "state/records.h"

namespace mesh::plan {

/// Output changes sorted by name: configured outputs (create, update, no-op) and recorded
/// outputs no longer configured (delete). With `destroy`, every recorded output is deleted.
std::vector<OutputChange> plan_outputs(const ResourceGraph& graph, const state::Snapshot& snapshot,
                                       const InstanceValueSource& source, bool destroy,
                                       Diagnostics& diagnostics);

}  // namespace mesh::plan
