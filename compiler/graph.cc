#include "compiler/graph.h"

namespace mesh {

uint32_t ResourceGraph::find(std::string_view address) const {
  auto it = by_address_.find(address);
  return it == by_address_.end() ? kNoNode : it->second;
}

std::vector<uint32_t> ResourceGraph::nodes_within(uint32_t module) const {
  std::vector<uint32_t> out;
  std::vector<uint32_t> stack{module};
  while (!stack.empty()) {
    const ModuleInstance& m = modules[stack.back()];
    stack.pop_back();
    for (const ModuleInstance::Group& g : m.resources)
      for (uint32_t i = 0; i < g.count; ++i) out.push_back(g.first + i);
    for (const ModuleInstance::Group& g : m.instances)
      for (uint32_t i = 0; i < g.count; ++i) stack.push_back(g.first + i);
  }
  return out;
}

void ResourceGraph::index_addresses() {
  by_address_.clear();
  by_address_.reserve(nodes.size());
  for (uint32_t i = 0; i < nodes.size(); ++i) by_address_.emplace(nodes[i].address_text, i);
}

}  // namespace mesh
