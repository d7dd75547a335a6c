#pragma once
/// The configuration digest a saved plan carries: SHA-256 over every source file (path
/// relative to the configuration directory, then contents; sorted by path) and the variable
/// values, and the values of the built-in `path.*` / `mesh.workspace` references the
/// configuration reads. Sensitive variable values are hashed like the others: the digest proves
/// that the values supplied at apply are the ones the plan was made with, and reveals nothing of
/// them.

#include <string>

#include "compiler/graph.h"

namespace mesh::plan {

/// Lowercase hex SHA-256 of the graph's sources and variable values.
std::string config_digest(const ResourceGraph& graph);

}  // namespace mesh::plan
