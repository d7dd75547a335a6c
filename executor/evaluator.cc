#include "executor/evaluator.h"

namespace mesh::exec {

Value GraphEvaluator::instance(uint32_t node, const InstanceValueSource& source,
                               Diagnostics& diagnostics) const {
  return evaluate_instance(graph_, node, source, diagnostics);
}

Value GraphEvaluator::output(uint32_t node, const InstanceValueSource& source,
                             Diagnostics& diagnostics) const {
  return evaluate_output(graph_, node, source, diagnostics);
}

}  // namespace mesh::exec
