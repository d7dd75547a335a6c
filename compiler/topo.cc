#include "compiler/topo.h"

#include <algorithm>

namespace mesh {

bool topological_order(const std::vector<uint32_t>& offsets, const std::vector<uint32_t>& deps,
                       std::vector<uint32_t>* order, std::vector<uint32_t>* cycle) {
  const uint32_t n = offsets.empty() ? 0 : static_cast<uint32_t>(offsets.size() - 1);
  // Reverse edges (dependency → dependents), also CSR.
  std::vector<uint32_t> pending(n, 0), rev_offsets(n + 1, 0), rev(deps.size());
  for (uint32_t i = 0; i < n; ++i) {
    pending[i] = offsets[i + 1] - offsets[i];
    for (uint32_t e = offsets[i]; e < offsets[i + 1]; ++e) ++rev_offsets[deps[e] + 1];
  }
  for (uint32_t i = 0; i < n; ++i) rev_offsets[i + 1] += rev_offsets[i];
  std::vector<uint32_t> fill(rev_offsets.begin(), rev_offsets.end() - 1);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t e = offsets[i]; e < offsets[i + 1]; ++e) rev[fill[deps[e]]++] = i;

  order->clear();
  order->reserve(n);
  for (uint32_t i = 0; i < n; ++i)
    if (pending[i] == 0) order->push_back(i);
  for (size_t head = 0; head < order->size(); ++head) {
    uint32_t done = (*order)[head];
    for (uint32_t e = rev_offsets[done]; e < rev_offsets[done + 1]; ++e)
      if (--pending[rev[e]] == 0) order->push_back(rev[e]);
  }
  if (order->size() == n) return true;

  // Every node left has a dependency left: walk them until a node repeats.
  cycle->clear();
  std::vector<uint32_t> position(n, UINT32_MAX);
  uint32_t start = 0;
  while (pending[start] == 0) ++start;
  std::vector<uint32_t> path;
  uint32_t cur = start;
  while (position[cur] == UINT32_MAX) {
    position[cur] = static_cast<uint32_t>(path.size());
    path.push_back(cur);
    for (uint32_t e = offsets[cur]; e < offsets[cur + 1]; ++e)
      if (pending[deps[e]] != 0) {
        cur = deps[e];
        break;
      }
  }
  cycle->assign(path.begin() + position[cur], path.end());
  return false;
}

}  // namespace mesh
