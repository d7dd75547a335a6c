#pragma once
/// Expansion: a loaded configuration → the resource graph. Evaluates `for_each` and `count`
/// (of resources and template instances, at compile time), creates one node per resource
/// instance and one module instance per template instance (nested ones too), fills the
/// let/param caches, adds dependency edges, and orders the nodes (reporting cycles).

#include <memory>

#include "compiler/config.h"
#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "core/schema.h"

namespace mesh {

/// Never null; check `diagnostics.has_errors()`. `graph->order` is empty when there is a cycle.
std::unique_ptr<ResourceGraph> build_graph(const Config& config, const SourceManager& sources,
                                           const SchemaCatalog& catalog, VariableValues variables,
                                           Diagnostics& diagnostics, BuiltinValues builtins = {});

}  // namespace mesh
