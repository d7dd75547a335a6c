#pragma once
/// How the executor re-evaluates a configuration once its dependencies are applied: a seam
/// over compiler/evaluate.h, so the walk can be tested with hand-made configurations.

#include <cstdint>

#include "compiler/evaluate.h"
#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "core/value.h"

namespace mesh::exec {

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  /// The configured attributes of resource node `node` (see `evaluate_instance`).
  virtual Value instance(uint32_t node, const InstanceValueSource& source,
                         Diagnostics& diagnostics) const = 0;
  /// The value of output node `node`.
  virtual Value output(uint32_t node, const InstanceValueSource& source,
                       Diagnostics& diagnostics) const = 0;
};

/// The compiler's evaluation of `graph`, which must outlive it.
class GraphEvaluator final : public Evaluator {
 public:
  explicit GraphEvaluator(const ResourceGraph& graph) : graph_(graph) {}
  Value instance(uint32_t node, const InstanceValueSource& source,
                 Diagnostics& diagnostics) const override;
  Value output(uint32_t node, const InstanceValueSource& source,
               Diagnostics& diagnostics) const override;

 private:
  const ResourceGraph& graph_;
};

}  // namespace mesh::exec
