#pragma once
/// Dependency edges from references (directly, or through lets, template params and template
/// outputs) and `depends_on`. Syntactic: an edge exists when the configuration mentions the
/// other instance, whatever the values turn out to be.

#include <cstdint>
#include <vector>

#include "compiler/graph.h"

namespace mesh {

struct Edge {
  uint32_t target;
  SourceRange range;  ///< the reference, for cycle messages
};

/// Edges of every node, sorted by target, without duplicates. A reference to a multi-instance
/// resource depends on all its instances, unless the key is known at compile time
/// (`x.y["a"]`, `x.y[each.key]`, `x.y[count.index]`).
std::vector<std::vector<Edge>> collect_dependencies(const ResourceGraph& graph);

}  // namespace mesh
