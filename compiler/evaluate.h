#pragma once
/// Deferred evaluation of the resource graph. Attribute values reference other instances'
/// attributes, known from state (plan) or after the dependency is applied (apply); so values are
/// computed on demand from an InstanceValueSource: the planner calls `evaluate_instance` in
/// topological order feeding planned values, the executor again with applied values.
///
/// Thread-safety: evaluation only reads the graph (its caches are filled when it is built), so
/// independent nodes may be evaluated concurrently with sources that are themselves safe.

#include <cstdint>
#include <memory>
#include <vector>

#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "core/value.h"

namespace mesh {

class ExpansionHooks;

/// The current attributes of resource instances: planned or applied values.
class InstanceValueSource {
 public:
  virtual ~InstanceValueSource() = default;
  /// The object of node `node`'s current attributes (a resource node). Unknown attributes are
  /// unknown values; an instance not created yet may return its planned object.
  virtual Value instance_value(uint32_t node) const = 0;
};

/// The object of a resource instance's configured attributes: converted to the schema types;
/// sensitive where the schema says so or where a sensitive input flows in; unset optional
/// attributes null (or the schema default); computed-only attributes absent; unset
/// optional+computed attributes null (the provider fills them). Meta-arguments (`for_each`,
/// `count`, `depends_on`, `provider`, `lifecycle`, `ttl`) are not attributes.
/// Errors (a type mismatch, a failing function) are reported located; the value then holds an
/// unknown in place of what failed.
Value evaluate_instance(const ResourceGraph& graph, uint32_t node,
                        const InstanceValueSource& source, Diagnostics& diagnostics);

/// The value of an output node (root outputs), sensitive when the output says so.
Value evaluate_output(const ResourceGraph& graph, uint32_t node, const InstanceValueSource& source,
                      Diagnostics& diagnostics);

/// The configuration object of provider configuration `config_name` (`postgres`,
/// `postgres.analytics`), `alias` removed; an empty object when the configuration has no block.
Value evaluate_provider(const ResourceGraph& graph, const std::string& config_name,
                        const InstanceValueSource& source, Diagnostics& diagnostics);

/// An expression in the root scope (`mesh console`): variables, lets, resources, template
/// instance outputs and functions are visible.
Value evaluate_in_root(const ResourceGraph& graph, const ast::Expr& expr,
                       const InstanceValueSource& source, Diagnostics& diagnostics);

/// Compile-time values: each resource's value is its own evaluated configuration with computed
/// attributes unknown. Used by `mesh validate` / `mesh graph` (every expression type-checked
/// once) and while expanding `for_each` / `count`. Memoized; not thread-safe.
class CompileTimeSource : public InstanceValueSource {
 public:
  CompileTimeSource(const ResourceGraph& graph, Diagnostics& diagnostics)
      : graph_(graph), diagnostics_(diagnostics) {}
  Value instance_value(uint32_t node) const override;
  /// While the graph is built: expand declarations on demand.
  void set_building(ExpansionHooks* hooks, ResourceGraph* graph) {
    hooks_ = hooks;
    building_ = graph;
  }

 private:
  ExpansionHooks* hooks_ = nullptr;
  ResourceGraph* building_ = nullptr;
  const ResourceGraph& graph_;
  Diagnostics& diagnostics_;
  mutable std::vector<Value> values_;
  mutable std::vector<uint8_t> state_;  ///< 0 not yet, 1 in progress, 2 done
};

/// The planned shape of a configured object: computed attributes the configuration leaves
/// null become unknown of their type.
Value with_computed_unknown(const Value& configured, const ResourceSchema& schema);

}  // namespace mesh
