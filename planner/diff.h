#pragma once
/// The diff of one configured instance: its evaluated configuration and its prior state,
/// through its provider's `plan`, to an action, a reason and the planned value its dependents
/// are evaluated with.

#include <cstdint>

#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "core/value.h"
#include "planner/plan.h"
#include "planner/prior.h"
#include "providers/provider.h"

namespace mesh::plan {

struct InstanceInput {
  const GraphNode* node = nullptr;
  uint32_t id = 0;
  const PriorInstance* prior = nullptr;  ///< null when the state has no such instance
  Value config;                          ///< evaluated configuration (may hold unknowns)
  Provider* provider = nullptr;
  bool replace_requested = false;  ///< `--replace`
  int64_t now = 0;
};

struct InstancePlan {
  ResourceChange change;
  Value planned;  ///< what dependents see: the planned object, unknowns included
  bool ok = true;
};

/// Plans one instance. Provider errors are reported against the node's block.
InstancePlan diff_instance(const InstanceInput& input, Diagnostics& diagnostics);

/// The attribute names whose values differ between `before` and `after` (sorted).
std::vector<std::string> changed_attributes(const Value& before, const Value& after);

}  // namespace mesh::plan
