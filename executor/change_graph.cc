#include "executor/change_graph.h"

#include <string_view>
#include <unordered_map>

namespace mesh::exec {
namespace {

using plan::Action;

bool has_create(Action a) {
  return a == Action::Create || a == Action::Update || a == Action::DeleteCreate ||
         a == Action::CreateDelete;
}
bool has_delete(Action a) {
  return a == Action::Delete || a == Action::DeleteCreate || a == Action::CreateDelete;
}

const char* verb(Operation operation) {
  switch (operation) {
    case Operation::Create:
      return "create";
    case Operation::Update:
      return "update";
    case Operation::Delete:
      return "delete";
  }
  return "";
}

/// Kahn's algorithm: ops left with waiters unmet are on (or behind) a cycle.
bool check_acyclic(const ChangeGraph& g, const plan::Plan& plan, std::string* error) {
  std::vector<uint32_t> indegree = g.indegree;
  std::vector<uint32_t> ready;
  for (uint32_t i = 0; i < g.ops.size(); ++i)
    if (indegree[i] == 0) ready.push_back(i);
  size_t seen = 0;
  while (!ready.empty()) {
    uint32_t op = ready.back();
    ready.pop_back();
    ++seen;
    for (uint32_t k = g.waiter_offsets[op]; k < g.waiter_offsets[op + 1]; ++k)
      if (--indegree[g.waiters[k]] == 0) ready.push_back(g.waiters[k]);
  }
  if (seen == g.ops.size()) return true;
  std::string list;
  size_t shown = 0;
  for (uint32_t i = 0; i < g.ops.size() && shown < 8; ++i) {
    if (indegree[i] == 0) continue;
    list += shown++ ? ", " : "";
    list += std::string(verb(g.ops[i].operation)) + " " + plan.changes[g.ops[i].change].address;
  }
  *error =
      "the changes cannot be ordered (a cycle between replacements; try "
      "create_before_destroy on the dependencies too): " +
      list;
  return false;
}

}  // namespace

std::optional<ChangeGraph> build_change_graph(const plan::Plan& plan, const state::Snapshot* prior,
                                              std::string* error) {
  const size_t n = plan.changes.size();
  ChangeGraph g;
  g.create_op.assign(n, kNoOp);
  g.delete_op.assign(n, kNoOp);
  std::unordered_map<std::string_view, uint32_t> by_address;
  by_address.reserve(n);
  for (uint32_t c = 0; c < n; ++c) {
    const plan::ResourceChange& change = plan.changes[c];
    by_address.emplace(change.address, c);
    if (has_delete(change.action)) {
      g.delete_op[c] = static_cast<uint32_t>(g.ops.size());
      g.ops.push_back({c, Operation::Delete});
    }
    if (has_create(change.action)) {
      g.create_op[c] = static_cast<uint32_t>(g.ops.size());
      g.ops.push_back({c, change.action == Action::Update ? Operation::Update : Operation::Create});
    }
  }

  // Edges as (before, after) pairs, then packed into CSR.
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  auto edge = [&](uint32_t before, uint32_t after) {
    if (before != kNoOp && after != kNoOp && before != after) edges.emplace_back(before, after);
  };
  auto find = [&](const std::string& address) {
    auto it = by_address.find(address);
    return it == by_address.end() ? kNoOp : it->second;
  };
  for (uint32_t c = 0; c < n; ++c) {
    const plan::ResourceChange& change = plan.changes[c];
    if (change.action == Action::DeleteCreate) edge(g.delete_op[c], g.create_op[c]);
    if (change.action == Action::CreateDelete) edge(g.create_op[c], g.delete_op[c]);
    for (const std::string& address : change.dependencies) {
      uint32_t d = find(address);
      if (d == kNoOp) continue;
      // Creates and updates after what they depend on.
      edge(g.create_op[d], g.create_op[c]);
      // The delete of a dependency waits for the delete of its dependent.
      edge(g.delete_op[c], g.delete_op[d]);
      // Under create_before_destroy the old object goes once its dependents use the new one.
      if (plan.changes[d].action == Action::CreateDelete) edge(g.create_op[c], g.delete_op[d]);
    }
    if (prior && g.delete_op[c] != kNoOp) {
      if (const state::ResourceRecord* record = prior->find(change.address)) {
        for (const std::string& address : record->dependencies) {
          uint32_t d = find(address);
          if (d != kNoOp) edge(g.delete_op[c], g.delete_op[d]);
        }
      }
    }
  }

  const size_t ops = g.ops.size();
  g.waiter_offsets.assign(ops + 1, 0);
  g.indegree.assign(ops, 0);
  for (const auto& [before, after] : edges) ++g.waiter_offsets[before + 1];
  for (size_t i = 0; i < ops; ++i) g.waiter_offsets[i + 1] += g.waiter_offsets[i];
  g.waiters.resize(edges.size());
  std::vector<uint32_t> fill(g.waiter_offsets.begin(), g.waiter_offsets.end() - 1);
  for (const auto& [before, after] : edges) {
    g.waiters[fill[before]++] = after;
    ++g.indegree[after];
  }
  if (!check_acyclic(g, plan, error)) return std::nullopt;
  return g;
}

}  // namespace mesh::exec
