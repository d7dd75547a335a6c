#include "planner/order.h"

#include <queue>
#include <string_view>
#include <unordered_map>

#include "planner/describe.h"

namespace mesh::plan {

std::vector<size_t> delete_order(const Plan& plan) {
  std::unordered_map<std::string_view, size_t> index;
  std::vector<size_t> deletes;
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    if (!destroys(plan.changes[i].action)) continue;
    index.emplace(plan.changes[i].address, i);
    deletes.push_back(i);
  }
  // Edge dependent → dependency: the dependency waits for each dependent being deleted.
  std::unordered_map<size_t, size_t> waiting;  // change index → dependents not yet deleted
  std::unordered_map<size_t, std::vector<size_t>> unblocks;
  for (size_t i : deletes) {
    for (const std::string& dep : plan.changes[i].dependencies) {
      auto it = index.find(dep);
      if (it == index.end() || it->second == i) continue;
      ++waiting[it->second];
      unblocks[i].push_back(it->second);
    }
  }
  // Min-heap by change index = by address (changes are sorted by address).
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t i : deletes) {
    if (waiting[i] == 0) ready.push(i);
  }
  std::vector<size_t> out;
  out.reserve(deletes.size());
  std::vector<bool> done(plan.changes.size(), false);
  while (out.size() < deletes.size()) {
    if (ready.empty()) {
      // A cycle: release the first instance not done yet.
      for (size_t i : deletes) {
        if (!done[i]) {
          waiting[i] = 0;
          ready.push(i);
          break;
        }
      }
    }
    size_t i = ready.top();
    ready.pop();
    if (done[i]) continue;
    done[i] = true;
    out.push_back(i);
    for (size_t next : unblocks[i]) {
      if (!done[next] && waiting[next] > 0 && --waiting[next] == 0) ready.push(next);
    }
  }
  return out;
}

}  // namespace mesh::plan
