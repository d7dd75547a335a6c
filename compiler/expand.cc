#include "compiler/expand.h"

#include <algorithm>

#include "compiler/deps.h"
#include "compiler/eval.h"
#include "compiler/evaluate.h"
#include "compiler/references.h"
#include "compiler/topo.h"
#include "core/convert.h"
#include "core/value_ops.h"

namespace mesh {
namespace {

const ast::Attribute* find_attr(const ast::Body& body, std::string_view name) {
  for (const ast::Attribute& a : body.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

using Group = ModuleInstance::Group;

struct Keys {
  Group::Mode mode = Group::Single;
  bool dynamic = false;  ///< the for_each read other resources
  std::vector<InstanceKey> keys;
  std::vector<Value> values;
};

class Builder : public ExpansionHooks {
 public:
  Builder(ResourceGraph& graph, Diagnostics& diagnostics)
      : g_(graph), d_(diagnostics), source_(graph, diagnostics) {
    source_.set_building(this, &g_);
  }

  void run() {
    ModuleInstance root;
    root.body = &g_.config->root;
    size_module(root);
    g_.modules.push_back(std::move(root));
    expand_module(0);
    const ModuleBody& body = g_.config->root;
    for (uint32_t i = 0; i < body.outputs.size(); ++i) {
      GraphNode n;
      n.kind = NodeKind::Output;
      n.address.resource = {"output", body.outputs[i].name, InstanceKey::none()};
      n.address_text = "output." + body.outputs[i].name;
      n.range = body.outputs[i].block->range;
      n.block = body.outputs[i].block;
      n.module = 0;
      n.decl = i;
      g_.nodes.push_back(std::move(n));
    }
    fill_caches();
    source_.set_building(nullptr, nullptr);
    link();
    g_.index_addresses();
  }

  void expand_resource(uint32_t m, uint32_t i) override {
    uint8_t& state = g_.modules[m].resources[i].state;
    const ResourceDecl& decl = g_.modules[m].body->resources[i];
    if (state == 2) return;
    if (state == 1) {
      d_.error(decl.block->labels[1].range, "the `for_each` or `count` of `" + decl.type + "." +
                                                decl.name + "` depends on itself");
      return;
    }
    state = 1;
    Frame frame;
    frame.module = m;
    Keys keys = instance_keys(decl.block->body, frame);
    std::string provider = provider_name(decl);
    Lifecycle lifecycle = lifecycle_of(decl.block->body);
    const ResourceSchema* schema = g_.catalog ? g_.catalog->resource(decl.type) : nullptr;
    const ast::Attribute* ttl = find_attr(decl.block->body, "ttl");

    Group group;
    group.mode = keys.mode;
    group.first = static_cast<uint32_t>(g_.nodes.size());
    group.count = static_cast<uint32_t>(keys.keys.size());
    group.state = 2;
    // Nodes first, then the group: ttl expressions may read other resources.
    std::vector<GraphNode> fresh(keys.keys.size());
    for (size_t k = 0; k < keys.keys.size(); ++k) {
      GraphNode& n = fresh[k];
      n.kind = NodeKind::Resource;
      n.address.module_path = g_.modules[m].path;
      n.address.resource = {decl.type, decl.name, keys.keys[k]};
      n.address_text = n.address.to_string();
      n.type = decl.type;
      n.provider = provider;
      n.lifecycle = lifecycle;
      n.range = decl.block->range;
      n.block = decl.block;
      n.schema = schema;
      n.module = m;
      n.decl = i;
      n.each_value = keys.values[k];
      n.each_dynamic = keys.dynamic;
      n.ttl_ms = g_.modules[m].ttl_ms;
    }
    for (GraphNode& n : fresh) g_.nodes.push_back(std::move(n));
    g_.modules[m].resources[i] = group;
    if (ttl) {
      for (uint32_t k = 0; k < group.count; ++k) {
        Frame f;
        f.module = m;
        f.key = keys.keys[k];
        f.each_value = keys.values[k];
        auto t = ttl_of(*ttl, f);
        if (t) g_.nodes[group.first + k].ttl_ms = t;
      }
    }
  }

  void expand_instance(uint32_t m, uint32_t i) override {
    uint8_t& state = g_.modules[m].instances[i].state;
    const InstanceDecl& decl = g_.modules[m].body->instances[i];
    if (state == 2) return;
    if (state == 1) {
      d_.error(decl.block->labels[0].range, "the `for_each` or `count` of `" + decl.kind + "." +
                                                decl.name + "` depends on itself");
      return;
    }
    state = 1;
    if (depth(m) >= 64) {
      d_.error(decl.block->type_range, "templates nested more than 64 deep: does template `" +
                                           decl.kind + "` instantiate itself?");
      g_.modules[m].instances[i] = Group{0, 0, Group::Single, 2};
      return;
    }
    Frame frame;
    frame.module = m;
    Keys keys = instance_keys(decl.block->body, frame);
    const ast::Attribute* ttl = find_attr(decl.block->body, "ttl");
    Group group;
    group.mode = keys.mode;
    group.first = static_cast<uint32_t>(g_.modules.size());
    group.count = static_cast<uint32_t>(keys.keys.size());
    group.state = 2;
    for (size_t k = 0; k < keys.keys.size(); ++k) {
      ModuleInstance child;
      child.parent = m;
      child.tmpl = decl.tmpl;
      child.body = &decl.tmpl->body;
      child.decl = &decl;
      child.path = g_.modules[m].path;
      child.path.push_back({decl.kind, decl.name, keys.keys[k]});
      child.path_text = g_.modules[m].path_text.empty() ? "" : g_.modules[m].path_text + ".";
      child.path_text += decl.kind + "." + decl.name + keys.keys[k].to_string();
      child.each_value = keys.values[k];
      child.each_dynamic = keys.dynamic;
      child.ttl_ms = g_.modules[m].ttl_ms;
      size_module(child);
      g_.modules.push_back(std::move(child));
    }
    g_.modules[m].instances[i] = group;
    for (uint32_t k = 0; k < group.count; ++k) {
      if (!ttl) continue;
      Frame f;
      f.module = m;
      f.key = keys.keys[k];
      f.each_value = keys.values[k];
      if (auto t = ttl_of(*ttl, f)) g_.modules[group.first + k].ttl_ms = t;
    }
    for (uint32_t k = 0; k < group.count; ++k) expand_module(group.first + k);
  }

 private:
  EvalContext context() { return EvalContext{g_, source_, d_, this, &g_}; }

  uint32_t depth(uint32_t m) const {
    uint32_t d = 0;
    for (; m != kNoNode && m != 0; m = g_.modules[m].parent) ++d;
    return d;
  }

  static void size_module(ModuleInstance& m) {
    m.resources.assign(m.body->resources.size(), Group{});
    m.instances.assign(m.body->instances.size(), Group{});
    m.lets.assign(m.body->lets.size(), Value());
    m.let_state.assign(m.body->lets.size(), ModuleInstance::kPending);
    size_t params = m.tmpl ? m.tmpl->params.size() + m.tmpl->blocks.size() : 0;
    m.params.assign(params, Value());
    m.param_state.assign(params, ModuleInstance::kPending);
  }

  void expand_module(uint32_t m) {
    const ModuleBody* body = g_.modules[m].body;
    for (uint32_t i = 0; i < body->resources.size(); ++i) expand_resource(m, i);
    for (uint32_t i = 0; i < body->instances.size(); ++i) expand_instance(m, i);
  }

  /// Every let and param evaluated once, so that the caches are final before the graph is
  /// shared (evaluation never writes to the graph afterwards).
  void fill_caches() {
    for (uint32_t m = 0; m < g_.modules.size(); ++m) {
      EvalContext c = context();
      for (uint32_t i = 0; i < g_.modules[m].let_state.size(); ++i) let_value(m, i, c);
      for (uint32_t i = 0; i < g_.modules[m].param_state.size(); ++i) param_value(m, i, c);
    }
  }

  /// A meta-argument's value, which must be known now. For `for_each`, only the keys must be:
  /// the values may hold unknowns (`for_each = test_schema.s`).
  Value known_meta(const ast::Attribute& attr, const Frame& frame, const char* what,
                   bool* touched = nullptr) {
    EvalContext c = context();
    Value v = evaluate_expr(*attr.value, frame, c);
    if (touched) *touched = c.touched;
    bool keys_known = std::string_view(what) == "for_each" && v.is_object();
    if (keys_known ? v.is_unknown() : !v.is_wholly_known()) {
      Diagnostic& d = d_.error(attr.value->range,
                               std::string(what) + " depends on a value known only after apply");
      d.notes.push_back({std::string(what) +
                             " must be known when the configuration is compiled: use variables, "
                             "lets, params and configured attributes, not attributes that a "
                             "provider computes",
                         {}});
      return Value::unknown();
    }
    return v;
  }

  Keys instance_keys(const ast::Body& body, const Frame& frame) {
    Keys out;
    const ast::Attribute* for_each = find_attr(body, "for_each");
    const ast::Attribute* count = find_attr(body, "count");
    if (for_each && count) d_.error(count->name_range, "`count` and `for_each` cannot both be set");
    if (for_each) {
      out.mode = Group::ForEach;
      Value v = known_meta(*for_each, frame, "for_each", &out.dynamic);
      if (v.is_unknown()) return out;
      SourceRange at = for_each->value->range;
      if (v.is_sensitive() || (v.is_set() && v.contains_sensitive())) {
        d_.error(at, "for_each cannot use a sensitive value: instance keys appear in addresses");
        return out;
      }
      if (v.is_object()) {
        for (const auto& [k, value] : v.entries()) {
          out.keys.push_back(InstanceKey::of_string(k));
          out.values.push_back(value);
        }
      } else if (v.is_set()) {
        for (const Value& item : v.items()) {
          if (!item.is_string()) {
            d_.error(at, "for_each over a set needs strings, got " + describe(item));
            out.keys.clear();
            out.values.clear();
            return out;
          }
          out.keys.push_back(InstanceKey::of_string(item.as_string()));
          out.values.push_back(item);
        }
      } else if (v.is_list()) {
        Diagnostic& d = d_.error(at, "for_each needs a map or a set of strings, got a list");
        d.notes.push_back(
            {"convert it with toset(…): a list's order and duplicates would make "
             "instance keys unstable",
             {}});
      } else {
        d_.error(at, "for_each needs a map or a set of strings, got " + describe(v));
      }
      return out;
    }
    if (count) {
      out.mode = Group::Count;
      Value v = known_meta(*count, frame, "count");
      if (v.is_unknown()) return out;
      std::optional<int64_t> n;
      if (v.is_number()) n = v.as_number().to_int64();
      if (!n || *n < 0) {
        d_.error(count->value->range, "count must be a whole number ≥ 0, got " + describe(v));
        return out;
      }
      for (int64_t k = 0; k < *n; ++k) {
        out.keys.push_back(InstanceKey::of_index(k));
        out.values.emplace_back();
      }
      return out;
    }
    out.keys.push_back(InstanceKey::none());
    out.values.emplace_back();
    return out;
  }

  std::optional<int64_t> ttl_of(const ast::Attribute& attr, const Frame& frame) {
    Value v = known_meta(attr, frame, "ttl");
    if (v.is_unknown() || v.is_null()) return std::nullopt;
    ValueResult r = convert(v, Type::duration());
    if (!r || r.value.as_duration() <= 0) {
      d_.error(attr.value->range,
               "ttl must be a positive duration such as 90m, 8h or 7d, got " + describe(v));
      return std::nullopt;
    }
    return r.value.as_duration();
  }

  std::string provider_name(const ResourceDecl& decl) {
    std::string owner(provider_of_type(decl.type));
    const ast::Attribute* attr = find_attr(decl.block->body, "provider");
    if (!attr) return owner;
    std::vector<std::string> names;
    if (!traversal_names(*attr->value, &names) || names.size() > 2) {
      d_.error(attr->value->range,
               "`provider` names a provider configuration: `NAME` or `NAME.ALIAS`");
      return owner;
    }
    if (names[0] != owner) {
      d_.error(attr->value->range, "resource type `" + decl.type + "` belongs to provider `" +
                                       owner + "`, not `" + names[0] + "`");
      return owner;
    }
    std::string name = names.size() == 2 ? names[0] + "." + names[1] : names[0];
    if (names.size() == 2 && !g_.config->provider_index.count(name)) {
      std::vector<std::string> known;
      for (const ProviderDecl& p : g_.config->providers) known.push_back(p.config_name);
      Diagnostic& d = d_.error(attr->value->range, "no provider configuration `" + name + "`");
      d.suggestion = closest_match(name, known);
    }
    return name;
  }

  Lifecycle lifecycle_of(const ast::Body& body) {
    Lifecycle out;
    for (const ast::Block& b : body.blocks) {
      if (b.type != "lifecycle") continue;
      for (const ast::Attribute& a : b.body.attributes) {
        if (a.name == "prevent_destroy" || a.name == "create_before_destroy") {
          EvalContext c = context();
          Value v = evaluate_expr(*a.value, Frame{}, c);
          if (!v.is_bool()) {
            d_.error(a.value->range, "`" + a.name + "` must be true or false, got " + describe(v));
            continue;
          }
          (a.name == "prevent_destroy" ? out.prevent_destroy : out.create_before_destroy) =
              v.as_bool();
        } else if (a.name == "ignore_changes") {
          ignore_changes(*a.value, out);
        } else {
          Diagnostic& d = d_.error(a.name_range, "unknown lifecycle setting `" + a.name + "`");
          d.suggestion =
              closest_match(a.name, {"prevent_destroy", "create_before_destroy", "ignore_changes"});
        }
      }
      for (const ast::Block& nested : b.body.blocks)
        d_.error(nested.type_range, "a `lifecycle` block holds settings only");
    }
    return out;
  }

  void ignore_changes(const ast::Expr& e, Lifecycle& out) {
    if (e.kind == ast::ExprKind::Variable &&
        static_cast<const ast::VariableExpr&>(e).name == "all") {
      out.ignore_all_changes = true;
      return;
    }
    if (e.kind != ast::ExprKind::Tuple) {
      d_.error(e.range, "`ignore_changes` is `all` or a list of attribute names");
      return;
    }
    for (const auto& item : static_cast<const ast::TupleExpr&>(e).items) {
      std::vector<std::string> names;
      if (item->kind == ast::ExprKind::String) {
        out.ignore_changes.push_back(static_cast<const ast::StringExpr&>(*item).value);
      } else if (traversal_names(*item, &names)) {
        std::string path;
        for (const std::string& n : names) path += (path.empty() ? "" : ".") + n;
        out.ignore_changes.push_back(path);
      } else {
        d_.error(item->range, "an `ignore_changes` entry is an attribute name such as `tags`");
      }
    }
  }

  /// Edges, cycle check, topological order, CSR.
  void link() {
    std::vector<std::vector<Edge>> edges = collect_dependencies(g_);
    g_.dep_offsets.assign(g_.nodes.size() + 1, 0);
    size_t total = 0;
    for (size_t i = 0; i < edges.size(); ++i) {
      g_.dep_offsets[i] = static_cast<uint32_t>(total);
      total += edges[i].size();
    }
    g_.dep_offsets[edges.size()] = static_cast<uint32_t>(total);
    g_.deps.reserve(total);
    for (const auto& list : edges)
      for (const Edge& e : list) g_.deps.push_back(e.target);
    std::vector<uint32_t> cycle;
    if (topological_order(g_.dep_offsets, g_.deps, &g_.order, &cycle)) return;
    g_.order.clear();
    std::string text;
    for (uint32_t id : cycle) text += g_.nodes[id].address_text + " → ";
    text += g_.nodes[cycle.front()].address_text;
    Diagnostic& d = d_.error(g_.nodes[cycle.front()].range, "dependency cycle: " + text);
    for (size_t k = 0; k < cycle.size(); ++k) {
      uint32_t from = cycle[k], to = cycle[(k + 1) % cycle.size()];
      SourceRange at;
      for (const Edge& e : edges[from])
        if (e.target == to) at = e.range;
      d.notes.push_back({"`" + g_.nodes[from].address_text + "` refers to `" +
                             g_.nodes[to].address_text + "` here",
                         at});
    }
  }

  ResourceGraph& g_;
  Diagnostics& d_;
  CompileTimeSource source_;
};

}  // namespace

std::unique_ptr<ResourceGraph> build_graph(const Config& config, const SourceManager& sources,
                                           const SchemaCatalog& catalog, VariableValues variables,
                                           Diagnostics& diagnostics, BuiltinValues builtins) {
  auto graph = std::make_unique<ResourceGraph>();
  graph->config = &config;
  graph->sources = &sources;
  graph->catalog = &catalog;
  graph->variables = std::move(variables);
  graph->builtins = std::move(builtins);
  if (graph->builtins.root.empty()) graph->builtins.root = absolute_dir(config.directory);
  if (graph->builtins.cwd.empty()) graph->builtins.cwd = absolute_dir(".");
  Builder(*graph, diagnostics).run();
  return graph;
}

}  // namespace mesh
