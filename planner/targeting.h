#pragma once
/// `--target ADDR`: which instances a plan covers. A target selects the instances within it
/// (`data_product.orders` selects every resource of that template instance); a normal plan
/// adds their dependencies (they must exist first), a destroy plan their dependents (they
/// must go first).

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "planner/prior.h"

namespace mesh::plan {

struct TargetSet {
  bool all = true;             ///< no targets: everything
  std::vector<uint8_t> nodes;  ///< per graph node (when !all)
  std::vector<uint8_t> prior;  ///< per prior instance (when !all)

  bool node(uint32_t id) const { return all || nodes[id]; }
  bool instance(size_t index) const { return all || prior[index]; }
};

/// Resolves `targets` against the graph and the prior state. `node_prior[i]` is the prior
/// instance of graph node i (or SIZE_MAX). A target that selects nothing is a warning.
TargetSet select_targets(const ResourceGraph& graph, const Prior& prior,
                         const std::vector<size_t>& node_prior,
                         const std::vector<std::string>& targets, bool destroy,
                         Diagnostics& diagnostics);

/// Whether `address` is selected by one of `addresses` (each an instance, a resource or a
/// template instance address). For `--replace`.
bool selected_by(const std::string& address, const std::vector<std::string>& addresses);

}  // namespace mesh::plan
