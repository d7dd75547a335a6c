#pragma once
/// Text renderings of the resource graph for `mesh graph`: Graphviz DOT (one cluster per
/// template instance, nested like the instances) and Mermaid flowcharts. Edges point from a
/// node to what it depends on.

#include <string>

#include "compiler/graph.h"

namespace mesh {

std::string graph_to_dot(const ResourceGraph& graph);
std::string graph_to_mermaid(const ResourceGraph& graph);

}  // namespace mesh
