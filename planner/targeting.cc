#include "planner/targeting.h"

#include <unordered_map>

#include "core/address.h"

namespace mesh::plan {
namespace {

bool within_any(const ResourceAddress& address, const std::vector<std::string>& targets,
                std::vector<uint8_t>* hit) {
  bool found = false;
  for (size_t t = 0; t < targets.size(); ++t) {
    if (address_within(address, targets[t])) {
      (*hit)[t] = 1;
      found = true;
    }
  }
  return found;
}

}  // namespace

bool selected_by(const std::string& address, const std::vector<std::string>& addresses) {
  if (addresses.empty()) return false;
  std::string error;
  std::optional<ResourceAddress> parsed = parse_address(address, &error);
  if (!parsed) return false;
  for (const std::string& a : addresses) {
    if (address_within(*parsed, a)) return true;
  }
  return false;
}

TargetSet select_targets(const ResourceGraph& graph, const Prior& prior,
                         const std::vector<size_t>& node_prior,
                         const std::vector<std::string>& targets, bool destroy,
                         Diagnostics& diagnostics) {
  TargetSet set;
  if (targets.empty()) return set;
  set.all = false;
  set.nodes.assign(graph.nodes.size(), 0);
  set.prior.assign(prior.instances.size(), 0);
  std::vector<uint8_t> hit(targets.size(), 0);

  for (size_t i = 0; i < prior.instances.size(); ++i) {
    std::string error;
    std::optional<ResourceAddress> a = parse_address(prior.instances[i].record->address, &error);
    if (a && within_any(*a, targets, &hit)) set.prior[i] = 1;
  }
  for (uint32_t id = 0; id < graph.nodes.size(); ++id) {
    const GraphNode& n = graph.nodes[id];
    if (n.kind != NodeKind::Resource) continue;
    if (within_any(n.address, targets, &hit)) set.nodes[id] = 1;
  }

  if (!destroy) {
    for (uint32_t id = 0; id < graph.nodes.size(); ++id) {
      if (node_prior[id] != SIZE_MAX && set.prior[node_prior[id]]) set.nodes[id] = 1;
    }
    // Dependencies of what is selected: walk the order backwards so each node's mark reaches
    // its dependencies before they are visited.
    for (auto it = graph.order.rbegin(); it != graph.order.rend(); ++it) {
      if (!set.nodes[*it]) continue;
      for (uint32_t dep : graph.dependencies(*it)) set.nodes[dep] = 1;
    }
  } else {
    // Dependents, by the dependencies each record keeps: to a fixed point over the records'
    // reverse edges.
    std::unordered_map<std::string_view, std::vector<size_t>> dependents;
    for (size_t i = 0; i < prior.instances.size(); ++i) {
      for (const std::string& dep : prior.instances[i].record->dependencies)
        dependents[dep].push_back(i);
    }
    std::vector<size_t> stack;
    for (size_t i = 0; i < set.prior.size(); ++i) {
      if (set.prior[i]) stack.push_back(i);
    }
    while (!stack.empty()) {
      size_t i = stack.back();
      stack.pop_back();
      auto found = dependents.find(prior.instances[i].record->address);
      if (found == dependents.end()) continue;
      for (size_t d : found->second) {
        if (!set.prior[d]) {
          set.prior[d] = 1;
          stack.push_back(d);
        }
      }
    }
  }
  // Configured nodes and their prior instances are one and the same instance.
  for (uint32_t id = 0; id < graph.nodes.size(); ++id) {
    size_t p = node_prior[id];
    if (p == SIZE_MAX) continue;
    if (set.nodes[id]) set.prior[p] = 1;
    if (set.prior[p]) set.nodes[id] = 1;
  }
  for (size_t t = 0; t < targets.size(); ++t) {
    if (!hit[t]) {
      diagnostics.warning(
          {}, "--target " + targets[t] + " matches no resource in the configuration or the state");
    }
  }
  return set;
}

}  // namespace mesh::plan
