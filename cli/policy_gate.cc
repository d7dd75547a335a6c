#include "cli/policy_gate.h"

#include <cstdio>

#include "compiler/evaluate.h"
#include "planner/policy_render.h"
#include "planner/state_values.h"

namespace mesh::cli {
namespace {

/// `source`, except node `node`, which has `value`.
class Overlay final : public InstanceValueSource {
 public:
  Overlay(const InstanceValueSource& source, uint32_t node, Value value)
      : source_(source), node_(node), value_(std::move(value)) {}
  Value instance_value(uint32_t node) const override {
    return node == node_ ? value_ : source_.instance_value(node);
  }

 private:
  const InstanceValueSource& source_;
  uint32_t node_;
  Value value_;
};

/// Applied values from a state snapshot; instances not in it are unknown.
class AppliedSource final : public InstanceValueSource {
 public:
  AppliedSource(const ResourceGraph& graph, const state::Snapshot& snapshot)
      : values_(graph.nodes.size(), Value::unknown()) {
    for (uint32_t i = 0; i < graph.nodes.size(); ++i) {
      const GraphNode& n = graph.nodes[i];
      if (n.kind != NodeKind::Resource) continue;
      const state::ResourceRecord* r = snapshot.find(n.address_text);
      std::string error;
      if (!r) continue;
      if (std::optional<Value> v = plan::record_value(*r, n.schema, &error)) values_[i] = *v;
    }
  }
  Value instance_value(uint32_t node) const override { return values_[node]; }

 private:
  std::vector<Value> values_;
};

}  // namespace

PolicyGate::PolicyGate(const ResourceGraph& graph, std::vector<plan::PolicyRef> policies,
                       const std::vector<plan::PolicyResult>& planned)
    : inner_(graph), graph_(graph), policies_(std::move(policies)) {
  for (const plan::PolicyResult& r : planned)
    if (r.status == "unknown") pending_.push_back(r);
}

Value PolicyGate::instance(uint32_t node, const InstanceValueSource& source,
                           Diagnostics& diagnostics) const {
  Value config = inner_.instance(node, source, diagnostics);
  if (diagnostics.has_errors()) return config;
  const GraphNode& n = graph_.nodes[node];
  std::vector<plan::PolicyResult> mine;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const plan::PolicyResult& r : pending_)
      if (r.address == n.address_text) mine.push_back(r);
  }
  if (mine.empty()) return config;
  Value planned = n.schema ? with_computed_unknown(config, *n.schema) : config;
  Overlay overlay(source, node, planned);
  Diagnostics errors;
  std::vector<plan::PolicyResult> now =
      plan::evaluate_policies_applied(graph_, policies_, mine, overlay, errors);
  diagnostics.append(errors);
  std::lock_guard<std::mutex> lock(mutex_);
  for (const plan::PolicyResult& r : now) {
    if (r.status == "unknown") continue;
    for (size_t i = 0; i < pending_.size(); ++i)
      if (pending_[i].policy == r.policy && pending_[i].address == r.address) {
        pending_.erase(pending_.begin() + i);
        break;
      }
    decided_.push_back(r);
    if (r.status == "fail" && r.enforcement == "deny")
      diagnostics.error(n.range, "refused by policy \"" + r.policy + "\": " + r.message);
  }
  return config;
}

Value PolicyGate::output(uint32_t node, const InstanceValueSource& source,
                         Diagnostics& diagnostics) const {
  return inner_.output(node, source, diagnostics);
}

bool PolicyGate::finish(const state::Snapshot& applied, Diagnostics& diagnostics) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<plan::PolicyResult> results = decided_;
  if (!pending_.empty()) {
    AppliedSource source(graph_, applied);
    std::vector<plan::PolicyResult> late =
        plan::evaluate_policies_applied(graph_, policies_, pending_, source, diagnostics);
    results.insert(results.end(), late.begin(), late.end());
  }
  for (plan::PolicyResult& r : results) {
    if (r.status == "pass") continue;
    if (r.status == "unknown") r.message += " (still unknown after apply)";
    std::fprintf(stderr, "checked at apply: %s\n", plan::policy_violation_line(r).c_str());
  }
  return !plan::denied(results);
}

}  // namespace mesh::cli
