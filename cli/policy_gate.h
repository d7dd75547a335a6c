#pragma once
/// Policy checks deferred to apply. A result that was "unknown" at plan time is evaluated
/// again: for a resource subject, right before that resource is created or updated (with its
/// dependencies' applied values; a failing deny fails that resource, so nothing depending on
/// it runs); for a template instance, and for anything still unknown then, once after the
/// apply against the applied state.

#include <mutex>
#include <vector>

#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "executor/evaluator.h"
#include "planner/plan.h"
#include "planner/policy.h"
#include "state/records.h"

namespace mesh::cli {

class PolicyGate final : public exec::Evaluator {
 public:
  PolicyGate(const ResourceGraph& graph, std::vector<plan::PolicyRef> policies,
             const std::vector<plan::PolicyResult>& planned);

  Value instance(uint32_t node, const InstanceValueSource& source,
                 Diagnostics& diagnostics) const override;
  Value output(uint32_t node, const InstanceValueSource& source,
               Diagnostics& diagnostics) const override;

  /// Results decided during the apply, then the remaining checks against `applied`; each
  /// printed on stderr. False when a deny failed.
  bool finish(const state::Snapshot& applied, Diagnostics& diagnostics) const;

 private:
  exec::GraphEvaluator inner_;
  const ResourceGraph& graph_;
  std::vector<plan::PolicyRef> policies_;
  mutable std::mutex mutex_;
  mutable std::vector<plan::PolicyResult> pending_;  ///< still unknown
  mutable std::vector<plan::PolicyResult> decided_;  ///< decided before a resource ran
};

}  // namespace mesh::cli
