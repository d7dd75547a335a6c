#include "compiler/evaluate.h"

#include <algorithm>

#include "compiler/eval.h"
#include "compiler/meta.h"
#include "core/convert.h"

namespace mesh {
namespace {

/// A nested block standing for a schema attribute of object type: `column "id" { … }` fills a
/// map(object) keyed by label, repeated unlabeled blocks a list(object), one block an object.
void nested_blocks(const ast::Body& body, const ResourceSchema& schema, const Frame& frame,
                   EvalContext& c, ValueEntries& entries) {
  std::vector<std::string> done;
  for (const ast::Block& b : body.blocks) {
    if (b.type == "lifecycle") continue;
    if (std::find(done.begin(), done.end(), b.type) != done.end()) continue;
    const AttributeSchema* a = schema.find(b.type);
    if (!a || !a->settable()) continue;  // reported by the static checks
    done.push_back(b.type);
    auto fields = [&](const ast::Block& one) {
      ValueEntries f;
      for (const ast::Attribute& attr : one.body.attributes)
        f.emplace_back(attr.name, evaluate_expr(*attr.value, frame, c));
      return Value::object(std::move(f));
    };
    Value v;
    if (a->type.kind() == TypeKind::Map) {
      ValueEntries m;
      for (const ast::Block& one : body.blocks)
        if (one.type == b.type && !one.labels.empty())
          m.emplace_back(one.labels[0].value, fields(one));
      v = Value::object(std::move(m));
    } else if (a->type.kind() == TypeKind::List || a->type.kind() == TypeKind::Set) {
      ValueList l;
      for (const ast::Block& one : body.blocks)
        if (one.type == b.type) l.push_back(fields(one));
      v = Value::list(std::move(l));
    } else {
      v = fields(b);
    }
    ValueResult r = convert(v, a->type);
    if (!r) {
      c.diagnostics.error(b.type_range, "block `" + b.type + "`: " + r.error);
      v = Value::unknown(a->type);
    } else {
      v = a->sensitive ? r.value.mark_sensitive() : r.value;
    }
    entries.emplace_back(b.type, std::move(v));
  }
}

}  // namespace

Value evaluate_instance(const ResourceGraph& graph, uint32_t node,
                        const InstanceValueSource& source, Diagnostics& diagnostics) {
  EvalContext c{graph, source, diagnostics};
  return evaluate_instance_in(node, c);
}

Value evaluate_instance_in(uint32_t node, EvalContext& c) {
  // Copied out: while the graph is built, evaluation may append nodes.
  const GraphNode& n = c.graph.nodes[node];
  const ast::Block* block = n.block;
  const ResourceSchema* schema = n.schema;
  Frame frame;
  frame.module = n.module;
  frame.key = n.address.resource.key;
  frame.each_value = n.each_value;
  bool each_dynamic = n.each_dynamic;
  if (each_dynamic) frame.each_value = dynamic_each_value(block->body, frame.module, frame.key, c);
  ValueEntries entries;
  entries.reserve(schema ? schema->attributes.size() : block->body.attributes.size());
  for (const ast::Attribute& attr : block->body.attributes) {
    if (is_meta_argument(attr.name)) continue;
    const AttributeSchema* a = schema ? schema->find(attr.name) : nullptr;
    if (schema && (!a || !a->settable())) continue;  // reported by the static checks
    Value v = evaluate_expr(*attr.value, frame, c);
    if (a) {
      ValueResult r = convert(v, a->type);
      if (!r) {
        c.diagnostics.error(attr.value->range, "attribute `" + attr.name + "`: " + r.error);
        v = Value::unknown(a->type);
      } else {
        v = a->sensitive ? r.value.mark_sensitive() : std::move(r.value);
      }
    }
    entries.emplace_back(attr.name, std::move(v));
  }
  if (schema) {
    nested_blocks(block->body, *schema, frame, c, entries);
    size_t configured = entries.size();
    for (const AttributeSchema& a : schema->attributes) {
      if (a.mode == AttributeMode::Computed) continue;
      bool set = false;
      for (size_t i = 0; i < configured && !set; ++i) set = entries[i].first == a.name;
      if (set) continue;
      Value v = a.mode == AttributeMode::Optional ? a.default_value : Value::null();
      if (a.mode == AttributeMode::Required) v = Value::unknown(a.type);  // reported statically
      entries.emplace_back(a.name, a.sensitive && !v.is_null() ? v.mark_sensitive() : v);
    }
  }
  return Value::object(std::move(entries));
}

Value evaluate_output(const ResourceGraph& graph, uint32_t node, const InstanceValueSource& source,
                      Diagnostics& diagnostics) {
  const GraphNode& n = graph.nodes[node];
  const OutputDecl& o = graph.modules[n.module].body->outputs[n.decl];
  if (!o.value) return Value::unknown();
  EvalContext c{graph, source, diagnostics};
  Frame frame;
  frame.module = n.module;
  Value v = evaluate_expr(*o.value, frame, c);
  return o.sensitive ? v.mark_sensitive() : v;
}

Value evaluate_provider(const ResourceGraph& graph, const std::string& config_name,
                        const InstanceValueSource& source, Diagnostics& diagnostics) {
  auto it = graph.config->provider_index.find(config_name);
  if (it == graph.config->provider_index.end()) return Value::object({});
  const ProviderDecl& p = graph.config->providers[it->second];
  EvalContext c{graph, source, diagnostics};
  Frame frame;
  ValueEntries entries;
  for (const ast::Attribute& attr : p.block->body.attributes) {
    if (attr.name == "alias") continue;
    entries.emplace_back(attr.name, evaluate_expr(*attr.value, frame, c));
  }
  return Value::object(std::move(entries));
}

Value evaluate_in_root(const ResourceGraph& graph, const ast::Expr& expr,
                       const InstanceValueSource& source, Diagnostics& diagnostics) {
  EvalContext c{graph, source, diagnostics};
  return evaluate_expr(expr, Frame{}, c);
}

Value with_computed_unknown(const Value& configured, const ResourceSchema& schema) {
  ValueEntries entries = configured.entries();
  for (const AttributeSchema& a : schema.attributes) {
    if (!a.computed()) continue;
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const ValueEntry& e) { return e.first == a.name; });
    Value unknown = Value::unknown(a.type);
    if (a.sensitive) unknown = unknown.mark_sensitive();
    if (it == entries.end())
      entries.emplace_back(a.name, unknown);
    else if (it->second.is_null())
      it->second = unknown;
  }
  return Value::object(std::move(entries));
}

Value CompileTimeSource::instance_value(uint32_t node) const {
  if (node >= values_.size()) {
    values_.resize(graph_.nodes.size());
    state_.resize(graph_.nodes.size(), 0);
  }
  if (state_[node] == 2) return values_[node];
  if (state_[node] == 1) return Value::unknown();  // a cycle: reported by the graph builder
  state_[node] = 1;
  EvalContext c{graph_, *this, diagnostics_, hooks_, building_};
  Value v = evaluate_instance_in(node, c);
  if (const ResourceSchema* schema = graph_.nodes[node].schema)
    v = with_computed_unknown(v, *schema);
  if (node >= values_.size()) {
    values_.resize(graph_.nodes.size());
    state_.resize(graph_.nodes.size(), 0);
  }
  values_[node] = v;
  state_[node] = 2;
  return v;
}

}  // namespace mesh
