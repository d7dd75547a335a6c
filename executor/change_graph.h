#pragma once
/// The change DAG: each change of a plan becomes one or two operations (a replacement is a
/// delete and a create), ordered so that creates and updates follow their dependencies,
/// deletes precede the deletes of what they depend on, and replacements run in their order.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "executor/progress.h"
#include "planner/plan.h"
#include "state/records.h"

namespace mesh::exec {

inline constexpr uint32_t kNoOp = UINT32_MAX;

/// One provider call of the walk: the create/update half or the delete half of a change.
struct Op {
  uint32_t change = 0;  ///< index into plan.changes
  Operation operation = Operation::Create;
};

struct ChangeGraph {
  std::vector<Op> ops;
  /// Ops waiting for op i: `waiters[waiter_offsets[i] .. waiter_offsets[i + 1])` (CSR).
  std::vector<uint32_t> waiter_offsets;
  std::vector<uint32_t> waiters;
  std::vector<uint32_t> indegree;   ///< how many ops op i waits for
  std::vector<uint32_t> create_op;  ///< per change: its create/update op, or kNoOp
  std::vector<uint32_t> delete_op;  ///< per change: its delete op, or kNoOp
};

/// Builds the DAG of `plan`'s non-no-op changes. Deletes are ordered by the change's
/// dependencies plus, when `prior` is given, the dependencies recorded in state (orphans and
/// replaced objects keep the edges they were created with). Under create_before_destroy, the
/// old object is deleted only after the new one exists and its dependents were updated.
/// nullopt with `error` naming the operations on a cycle.
std::optional<ChangeGraph> build_change_graph(const plan::Plan& plan, const state::Snapshot* prior,
                                              std::string* error);

}  // namespace mesh::exec
