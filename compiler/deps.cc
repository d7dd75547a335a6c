#include "compiler/deps.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "compiler/eval.h"
#include "compiler/evaluate.h"
#include "compiler/references.h"

namespace mesh {
namespace {

using Group = ModuleInstance::Group;

const ast::Attribute* find_attr(const ast::Body& body, std::string_view name) {
  for (const ast::Attribute& a : body.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

/// A source that is never read: index keys are only evaluated when they mention no resource.
class NoValues : public InstanceValueSource {
 public:
  Value instance_value(uint32_t) const override { return Value::unknown(); }
};

/// Whether `expr` mentions only `each`, `count`, `var` and the constant `path` / `mesh` (so it
/// can be evaluated per node).
bool keyable(const ast::Expr& expr) {
  bool ok = true;
  for_each_reference(expr, [&](const Reference& r) {
    ok = ok && (r.name() == "each" || r.name() == "count" || r.name() == "var" ||
                r.name() == "path" || r.name() == "mesh");
  });
  return ok;
}

class Collector {
 public:
  explicit Collector(const ResourceGraph& g) : g_(g) {}

  std::vector<std::vector<Edge>> run() {
    std::vector<std::vector<Edge>> out(g_.nodes.size());
    for (uint32_t id = 0; id < g_.nodes.size(); ++id) {
      const GraphNode& n = g_.nodes[id];
      std::vector<Edge>& edges = out[id];
      Frame frame;
      frame.module = n.module;
      frame.key = n.address.resource.key;
      frame.each_value = n.each_value;
      auto add = [&](const std::vector<uint32_t>& ids, SourceRange range) {
        for (uint32_t t : ids) edges.push_back({t, range});
      };
      for_each_reference(n.block->body,
                         [&](const Reference& r) { resolve(n.module, r, &frame, add); },
                         {"depends_on", "provider"});
      if (const ast::Attribute* d = find_attr(n.block->body, "depends_on"))
        depends_on(n.module, *d, add);
      if (n.kind == NodeKind::Resource && n.module != 0)
        add(inherited(n.module), g_.modules[n.module].decl->block->labels[0].range);
      std::stable_sort(edges.begin(), edges.end(),
                       [](const Edge& a, const Edge& b) { return a.target < b.target; });
      edges.erase(std::unique(edges.begin(), edges.end(),
                              [](const Edge& a, const Edge& b) { return a.target == b.target; }),
                  edges.end());
      edges.shrink_to_fit();
    }
    return out;
  }

 private:
  using Add = std::function<void(const std::vector<uint32_t>&, SourceRange)>;

  /// Adds the instances `r` (seen in module `m`) depends on. `frame` is the node's own scope
  /// when known: then an index like `[each.key]` selects one instance.
  void resolve(uint32_t m, const Reference& r, const Frame* frame, const Add& add) {
    const std::string& name = r.name();
    const ModuleInstance& mod = g_.modules[m];
    if (name == "let") {
      const std::string* a = r.attr(0);
      if (!a) return;
      if (m != 0)
        if (auto it = mod.body->let_index.find(*a); it != mod.body->let_index.end())
          return add(memo(lets_, m, it->second, [&] { return let_deps(m, it->second); }),
                     r.range(1));
      const ModuleBody& root = *g_.modules[0].body;
      if (auto it = root.let_index.find(*a); it != root.let_index.end())
        add(memo(lets_, 0, it->second, [&] { return let_deps(0, it->second); }), r.range(1));
      return;
    }
    if (name == "path" || name == "mesh") return;  // compile-time constants: no edge
    if (name == "param" || name == "self") {
      if (!mod.tmpl) return;
      const std::string* a = r.attr(0);
      const TemplateDecl& t = *mod.tmpl;
      uint32_t total = static_cast<uint32_t>(t.params.size() + t.blocks.size());
      for (uint32_t i = 0; i < total; ++i) {
        const std::string& n =
            i < t.params.size() ? t.params[i].name : t.blocks[i - t.params.size()].name;
        if (a && *a != n) continue;
        add(memo(params_, m, i, [&] { return param_deps(m, i); }), r.range(a ? 1 : 0));
      }
      return;
    }
    auto root = mod.body->reference_roots.find(name);
    if (root == mod.body->reference_roots.end()) return;
    const std::string* a = r.attr(0);
    if (!a) return;
    std::string key = name + "." + *a;
    if (auto it = mod.body->resource_index.find(key); it != mod.body->resource_index.end()) {
      const Group& group = mod.resources[it->second];
      std::vector<uint32_t> ids;
      uint32_t one = selected(true, group, r, frame);
      if (one != kNoNode) {
        ids.push_back(group.first + one);
      } else {
        for (uint32_t i = 0; i < group.count; ++i) ids.push_back(group.first + i);
      }
      add(ids, r.range(group.mode == Group::Single ? 1 : 2));
      return;
    }
    if (auto it = mod.body->instance_index.find(key); it != mod.body->instance_index.end()) {
      const Group& group = mod.instances[it->second];
      uint32_t one = selected(false, group, r, frame);
      size_t out_step = group.mode == Group::Single ? 1 : 2;
      const std::string* output = r.attr(out_step);
      for (uint32_t i = 0; i < group.count; ++i) {
        if (one != kNoNode && i != one) continue;
        uint32_t child = group.first + i;
        const ModuleBody& body = *g_.modules[child].body;
        for (uint32_t o = 0; o < body.outputs.size(); ++o) {
          if (output && body.outputs[o].name != *output) continue;
          add(memo(outputs_, child, o, [&] { return output_deps(child, o); }), r.range(out_step));
        }
      }
    }
  }

  /// The instance picked by the index after `TYPE.NAME`, when it can be known per node;
  /// kNoNode for all of them.
  uint32_t selected(bool resources, const Group& group, const Reference& r, const Frame* frame) {
    const ast::Expr* index = r.index(1);
    if (group.mode == Group::Single || !index || !keyable(*index)) return kNoNode;
    Diagnostics ignored;
    NoValues none;
    EvalContext c{g_, none, ignored};
    Frame scratch;
    Value key = evaluate_expr(*index, frame ? *frame : scratch, c);
    if (ignored.has_errors() || key.is_unknown()) return kNoNode;
    auto key_of = [&](uint32_t i) -> const InstanceKey& {
      return resources ? g_.nodes[group.first + i].address.resource.key
                       : g_.modules[group.first + i].path.back().key;
    };
    if (group.mode == Group::Count) {
      if (!key.is_number()) return kNoNode;
      std::optional<int64_t> n = key.as_number().to_int64();
      // Instances of a counted group are made in index order: [n] is the n-th.
      if (!n || *n < 0 || *n >= group.count) return kNoNode;
      return key_of(static_cast<uint32_t>(*n)).index == *n ? static_cast<uint32_t>(*n) : kNoNode;
    }
    if (!key.is_string()) return kNoNode;
    // One lookup table per for_each group, built on first use: a scan per reference would make
    // `x[each.key]` across N instances quadratic.
    auto& table = by_name_[std::make_pair(resources, group.first)];
    if (table.empty()) {
      table.reserve(group.count);
      for (uint32_t i = 0; i < group.count; ++i) table.emplace(key_of(i).name, i);
    }
    auto it = table.find(key.as_string());
    return it == table.end() ? kNoNode : it->second;
  }

  template <typename Compute>
  const std::vector<uint32_t>& memo(std::unordered_map<uint64_t, std::vector<uint32_t>>& table,
                                    uint32_t m, uint32_t i, Compute&& compute) {
    uint64_t key = (uint64_t(m) << 32) | i;
    auto it = table.find(key);
    if (it != table.end()) return it->second;
    table[key];  // in progress: a cycle through lets resolves to nothing (the evaluator reports)
    std::vector<uint32_t> ids = compute();
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return table[key] = std::move(ids);
  }

  std::vector<uint32_t> collect(uint32_t m, const ast::Expr& e, const Frame* frame) {
    std::vector<uint32_t> out;
    auto add = [&](const std::vector<uint32_t>& ids, SourceRange) {
      out.insert(out.end(), ids.begin(), ids.end());
    };
    for_each_reference(e, [&](const Reference& r) { resolve(m, r, frame, add); });
    return out;
  }

  std::vector<uint32_t> let_deps(uint32_t m, uint32_t i) {
    return collect(m, *g_.modules[m].body->lets[i].attribute->value, nullptr);
  }

  std::vector<uint32_t> param_deps(uint32_t m, uint32_t i) {
    const ModuleInstance& mod = g_.modules[m];
    const TemplateDecl& t = *mod.tmpl;
    const ast::Body& body = mod.decl->block->body;
    Frame parent;
    parent.module = mod.parent;
    parent.key = mod.path.back().key;
    parent.each_value = mod.each_value;
    std::vector<uint32_t> out;
    auto take = [&](std::vector<uint32_t> ids) { out.insert(out.end(), ids.begin(), ids.end()); };
    if (i < t.params.size()) {
      const ParamDecl& p = t.params[i];
      if (const ast::Attribute* a = find_attr(body, p.name))
        take(collect(mod.parent, *a->value, &parent));
      else if (p.default_value)
        take(collect(m, *p.default_value, nullptr));
      return out;
    }
    const NestedBlockDecl& nb = t.blocks[i - t.params.size()];
    for (const ast::Block& b : body.blocks)
      if (b.type == nb.name)
        for (const ast::Attribute& a : b.body.attributes)
          take(collect(mod.parent, *a.value, &parent));
    return out;
  }

  std::vector<uint32_t> output_deps(uint32_t m, uint32_t o) {
    const OutputDecl& decl = g_.modules[m].body->outputs[o];
    std::vector<uint32_t> out;
    if (decl.value) out = collect(m, *decl.value, nullptr);
    if (const ast::Attribute* d = find_attr(decl.block->body, "depends_on"))
      depends_on(m, *d, [&](const std::vector<uint32_t>& ids, SourceRange) {
        out.insert(out.end(), ids.begin(), ids.end());
      });
    return out;
  }

  /// What every resource of template instance `m` depends on: the instance block's for_each,
  /// count, ttl and depends_on, and the same for the enclosing instances.
  const std::vector<uint32_t>& inherited(uint32_t m) {
    return memo(inherited_, m, 0, [&] {
      std::vector<uint32_t> out;
      if (m == 0) return out;
      const ModuleInstance& mod = g_.modules[m];
      const std::vector<uint32_t>& up = inherited(mod.parent);
      out.insert(out.end(), up.begin(), up.end());
      const ast::Body& body = mod.decl->block->body;
      for (const char* meta : {"for_each", "count", "ttl"})
        if (const ast::Attribute* a = find_attr(body, meta)) {
          std::vector<uint32_t> ids = collect(mod.parent, *a->value, nullptr);
          out.insert(out.end(), ids.begin(), ids.end());
        }
      if (const ast::Attribute* d = find_attr(body, "depends_on"))
        depends_on(mod.parent, *d, [&](const std::vector<uint32_t>& ids, SourceRange) {
          out.insert(out.end(), ids.begin(), ids.end());
        });
      return out;
    });
  }

  /// `depends_on = [TYPE.NAME, KIND.NAME]`: all instances of a resource; every resource inside
  /// a template instance. Malformed entries are reported by the static checks.
  void depends_on(uint32_t m, const ast::Attribute& attr, const Add& add) {
    if (attr.value->kind != ast::ExprKind::Tuple) return;
    const ModuleInstance& mod = g_.modules[m];
    for (const auto& item : static_cast<const ast::TupleExpr&>(*attr.value).items) {
      std::vector<std::string> names;
      if (!traversal_names(*item, &names) || names.size() < 2) continue;
      std::string key = names[0] + "." + names[1];
      std::vector<uint32_t> ids;
      if (auto it = mod.body->resource_index.find(key); it != mod.body->resource_index.end()) {
        const Group& group = mod.resources[it->second];
        for (uint32_t i = 0; i < group.count; ++i) ids.push_back(group.first + i);
      } else if (auto it2 = mod.body->instance_index.find(key);
                 it2 != mod.body->instance_index.end()) {
        const Group& group = mod.instances[it2->second];
        for (uint32_t i = 0; i < group.count; ++i) {
          std::vector<uint32_t> inside = g_.nodes_within(group.first + i);
          ids.insert(ids.end(), inside.begin(), inside.end());
        }
      }
      add(ids, item->range);
    }
  }

  const ResourceGraph& g_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> lets_, params_, outputs_, inherited_;
  /// for_each groups (resources?, first id) → instance key → position in the group.
  std::map<std::pair<bool, uint32_t>, std::unordered_map<std::string_view, uint32_t>> by_name_;
};

}  // namespace

std::vector<std::vector<Edge>> collect_dependencies(const ResourceGraph& graph) {
  return Collector(graph).run();
}

}  // namespace mesh
