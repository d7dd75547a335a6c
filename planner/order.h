#pragma once
/// The order deletions must run in: an instance is deleted before everything it depends on
/// (orphans and destroy plans carry the dependencies their state records kept). The executor
/// walks the same edges; renderers list destroy plans in this order.

#include <cstddef>
#include <vector>

#include "planner/plan.h"

namespace mesh::plan {

/// Indices into `plan.changes` of every change that deletes an object (deletes and the delete
/// half of replaces), dependents first; ties by address. Linear in changes + edges; edges to
/// addresses without a delete are ignored, and a cycle (corrupt state) falls back to address
/// order for the instances on it.
std::vector<size_t> delete_order(const Plan& plan);

}  // namespace mesh::plan
