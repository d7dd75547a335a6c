#include "compiler/graph_render.h"

#include <vector>

namespace mesh {
namespace {

std::string dot_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string mermaid_label(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += "#quot;";
    else
      out += c;
  }
  return out + "\"";
}

/// Children of each module and nodes directly in each module, for nested clusters.
struct Tree {
  std::vector<std::vector<uint32_t>> children;
  std::vector<std::vector<uint32_t>> nodes;
  explicit Tree(const ResourceGraph& g) : children(g.modules.size()), nodes(g.modules.size()) {
    for (uint32_t m = 1; m < g.modules.size(); ++m) children[g.modules[m].parent].push_back(m);
    for (uint32_t n = 0; n < g.nodes.size(); ++n) nodes[g.nodes[n].module].push_back(n);
  }
};

void dot_module(const ResourceGraph& g, const Tree& t, uint32_t m, int depth, std::string& out) {
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  if (m != 0) {
    out += pad + "subgraph cluster_" + std::to_string(m) + " {\n";
    out += pad + "  label = " + dot_quote(g.modules[m].path_text) + ";\n";
  }
  std::string inner = m != 0 ? pad + "  " : pad;
  for (uint32_t n : t.nodes[m]) {
    const GraphNode& node = g.nodes[n];
    out += inner + dot_quote(node.address_text);
    if (node.kind == NodeKind::Output) out += " [shape = note]";
    out += ";\n";
  }
  for (uint32_t c : t.children[m]) dot_module(g, t, c, m != 0 ? depth + 1 : depth, out);
  if (m != 0) out += pad + "}\n";
}

void mermaid_module(const ResourceGraph& g, const Tree& t, uint32_t m, int depth,
                    std::string& out) {
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  if (m != 0)
    out += pad + "subgraph m" + std::to_string(m) + "[" + mermaid_label(g.modules[m].path_text) +
           "]\n";
  std::string inner = m != 0 ? pad + "  " : pad;
  for (uint32_t n : t.nodes[m]) {
    const GraphNode& node = g.nodes[n];
    std::string label = mermaid_label(node.address_text);
    out += inner + "n" + std::to_string(n) +
           (node.kind == NodeKind::Output ? "[/" + label + "/]" : "[" + label + "]") + "\n";
  }
  for (uint32_t c : t.children[m]) mermaid_module(g, t, c, m != 0 ? depth + 1 : depth, out);
  if (m != 0) out += pad + "end\n";
}

}  // namespace

std::string graph_to_dot(const ResourceGraph& g) {
  std::string out = "digraph mesh {\n  rankdir = LR;\n  node [shape = box];\n";
  if (!g.modules.empty()) dot_module(g, Tree(g), 0, 1, out);
  for (uint32_t n = 0; n + 1 < g.dep_offsets.size(); ++n)
    for (uint32_t d : g.dependencies(n))
      out += "  " + dot_quote(g.nodes[n].address_text) + " -> " +
             dot_quote(g.nodes[d].address_text) + ";\n";
  return out + "}\n";
}

std::string graph_to_mermaid(const ResourceGraph& g) {
  std::string out = "flowchart LR\n";
  if (!g.modules.empty()) mermaid_module(g, Tree(g), 0, 1, out);
  for (uint32_t n = 0; n + 1 < g.dep_offsets.size(); ++n)
    for (uint32_t d : g.dependencies(n))
      out += "  n" + std::to_string(n) + " --> n" + std::to_string(d) + "\n";
  return out;
}

}  // namespace mesh
