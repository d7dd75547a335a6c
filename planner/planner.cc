#include "planner/planner.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "compiler/evaluate.h"
#include "planner/describe.h"
#include "planner/diff.h"
#include "planner/digest.h"
#include "planner/lifecycle.h"
#include "planner/outputs.h"
#include "planner/prior.h"
#include "planner/refresh.h"
#include "planner/targeting.h"

namespace mesh::plan {
namespace {

/// Dependencies see the planned values of what they reference.
class PlannedValues final : public InstanceValueSource {
 public:
  explicit PlannedValues(std::vector<Value>& values) : values_(values) {}
  Value instance_value(uint32_t node) const override { return values_[node]; }

 private:
  std::vector<Value>& values_;
};

void add_dependencies(const ResourceGraph& graph, uint32_t id, ResourceChange& change) {
  for (uint32_t dep : graph.dependencies(id)) {
    if (graph.nodes[dep].kind == NodeKind::Resource)
      change.dependencies.push_back(graph.nodes[dep].address_text);
  }
  std::sort(change.dependencies.begin(), change.dependencies.end());
  change.dependencies.erase(std::unique(change.dependencies.begin(), change.dependencies.end()),
                            change.dependencies.end());
}

/// A delete of a recorded instance (orphan, or any instance of a destroy plan).
ResourceChange delete_change(const PriorInstance& p, const GraphNode* node, Reason reason) {
  ResourceChange c;
  const state::ResourceRecord& r = *p.record;
  c.address = r.address;
  c.type = r.type;
  c.provider = r.provider;
  c.action = Action::Delete;
  c.reason = reason;
  c.before = p.current;
  c.dependencies = r.dependencies;
  c.prevent_destroy = r.prevent_destroy;
  c.prior_prevent_destroy = r.prevent_destroy;
  c.create_before_destroy = r.create_before_destroy;
  c.expires_at = r.expires_at;
  c.prior_expires_at = r.expires_at;
  c.ttl_ms = r.ttl_ms;
  c.prior_ttl_ms = r.ttl_ms;
  if (node) c.range = node->range;
  return c;
}

}  // namespace

int64_t current_time() {
  if (const char* pinned = std::getenv("MESH_NOW"); pinned && *pinned) {
    char* end = nullptr;
    long long v = std::strtoll(pinned, &end, 10);
    if (end && *end == '\0') return v;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool workspace_expired(const state::Snapshot& snapshot, int64_t now) {
  return snapshot.expires_at && *snapshot.expires_at <= now;
}

std::optional<Plan> make_plan(const ResourceGraph& graph, const state::Snapshot& snapshot,
                              ProviderSet& providers, const PlanOptions& options,
                              Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.error_count();
  const size_t workers = std::max<size_t>(1, options.parallelism);
  Plan plan;
  plan.workspace = snapshot.workspace;
  plan.lineage = snapshot.lineage;
  plan.serial = snapshot.serial;
  plan.config_digest = config_digest(graph);
  plan.destroy = options.destroy;
  plan.targets = options.targets;
  plan.replace = options.replace;
  plan.created_at = options.now != 0 ? options.now : current_time();
  const int64_t now = plan.created_at;
  plan.prior_workspace_expires_at = snapshot.expires_at;
  plan.workspace_expires_at = snapshot.expires_at;
  if (options.workspace_ttl_ms)
    plan.workspace_expires_at = now + (*options.workspace_ttl_ms + 999) / 1000;
  else if (options.clear_workspace_ttl)
    plan.workspace_expires_at.reset();
  const bool whole_workspace_expired = workspace_expired(snapshot, now);

  // Schemas come from the providers themselves: the catalog the graph was compiled with may
  // not outlive the compilation.
  auto schema_of = [&providers](const state::ResourceRecord& r) -> const ResourceSchema* {
    std::string error;
    Provider* p = providers.for_resource(r.type, r.provider, &error);
    return p ? p->schema().find(r.type) : nullptr;
  };
  Prior prior = load_prior(snapshot, schema_of, workers, diagnostics);
  std::vector<size_t> node_prior(graph.nodes.size(), SIZE_MAX);
  for (uint32_t id = 0; id < graph.nodes.size(); ++id) {
    const GraphNode& n = graph.nodes[id];
    if (n.kind != NodeKind::Resource) continue;
    auto it = prior.by_address.find(n.address_text);
    if (it == prior.by_address.end()) continue;
    node_prior[id] = it->second;
    prior.instances[it->second].matched = true;
  }
  TargetSet targets =
      select_targets(graph, prior, node_prior, options.targets, options.destroy, diagnostics);

  std::vector<size_t> in_scope;
  in_scope.reserve(prior.instances.size());
  for (size_t i = 0; i < prior.instances.size(); ++i) {
    if (targets.instance(i)) in_scope.push_back(i);
  }
  const bool refresh = options.refresh.value_or(any_readable(prior, in_scope, providers));
  if (refresh) {
    plan.drift = mesh::plan::refresh(prior, in_scope, providers, workers, diagnostics);
    plan.refreshed = true;
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;

  std::vector<const GraphNode*> node_of_prior(prior.instances.size(), nullptr);
  for (uint32_t id = 0; id < graph.nodes.size(); ++id) {
    if (node_prior[id] != SIZE_MAX) node_of_prior[node_prior[id]] = &graph.nodes[id];
  }

  if (options.destroy) {
    for (size_t i : in_scope) {
      const PriorInstance& p = prior.instances[i];
      if (p.gone) continue;
      const Reason why = whole_workspace_expired || expired(*p.record, now)
                             ? Reason::TtlExpired
                             : Reason::DestroyRequested;
      ResourceChange c = delete_change(p, node_of_prior[i], why);
      if (is_protected(node_of_prior[i], p.record))
        diagnostics.add(protection_error(c, node_of_prior[i], p.record));
      plan.changes.push_back(std::move(c));
    }
    if (targets.all) {
      std::vector<Value> none;
      PlannedValues source(none);
      plan.outputs = plan_outputs(graph, snapshot, source, true, diagnostics);
    }
  } else {
    std::vector<Value> planned(graph.nodes.size());
    PlannedValues source(planned);
    plan.changes.reserve(graph.nodes.size() + prior.instances.size());
    for (uint32_t id : graph.order) {
      const GraphNode& n = graph.nodes[id];
      if (n.kind == NodeKind::Output) continue;  // planned after every resource
      const PriorInstance* p =
          node_prior[id] == SIZE_MAX ? nullptr : &prior.instances[node_prior[id]];
      if (!targets.node(id)) {
        planned[id] = p && !p->gone ? p->current : Value::unknown();
        continue;
      }
      std::string error;
      Provider* provider = providers.for_resource(n.type, n.provider, &error);
      if (!provider) {
        Diagnostic& d = diagnostics.error(n.range, n.address_text + ": " + error);
        d.subject = n.address_text;
        planned[id] = Value::unknown();
        continue;
      }
      InstanceInput input;
      input.node = &n;
      input.id = id;
      input.prior = p;
      input.config = evaluate_instance(graph, id, source, diagnostics);
      input.provider = provider;
      input.replace_requested = selected_by(n.address_text, options.replace);
      input.now = now;
      InstancePlan result = diff_instance(input, diagnostics);
      planned[id] = std::move(result.planned);
      if (!result.ok) continue;
      add_dependencies(graph, id, result.change);
      if (destroys(result.change.action) && is_protected(&n, p ? p->record : nullptr))
        diagnostics.add(protection_error(result.change, &n, p ? p->record : nullptr));
      plan.changes.push_back(std::move(result.change));
    }
    for (size_t i : in_scope) {
      const PriorInstance& p = prior.instances[i];
      if (p.matched || p.gone) continue;
      ResourceChange c = delete_change(p, nullptr, Reason::NotInConfig);
      if (is_protected(nullptr, p.record)) diagnostics.add(protection_error(c, nullptr, p.record));
      plan.changes.push_back(std::move(c));
    }
    if (targets.all) plan.outputs = plan_outputs(graph, snapshot, source, false, diagnostics);
  }

  std::sort(plan.changes.begin(), plan.changes.end(),
            [](const ResourceChange& a, const ResourceChange& b) { return a.address < b.address; });
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  return plan;
}

}  // namespace mesh::plan
