#pragma once
/// Topological order and cycle detection over a dependency graph in CSR form, in linear time.

#include <cstdint>
#include <vector>

namespace mesh {

/// Kahn's algorithm: node i depends on deps[offsets[i] .. offsets[i+1]). Fills `order` with
/// every node after its dependencies (ties in id order, so the order is deterministic). On a
/// cycle returns false, `order` holds the nodes that could be ordered, and `cycle` one cycle:
/// each node depends on the next, the last on the first.
bool topological_order(const std::vector<uint32_t>& offsets, const std::vector<uint32_t>& deps,
                       std::vector<uint32_t>* order, std::vector<uint32_t>* cycle);

}  // namespace mesh
