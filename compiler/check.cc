#include "compiler/check.h"

#include <algorithm>
#include <functional>
#include <set>

#include "compiler/eval.h"
#include "compiler/meta.h"
#include "compiler/references.h"

namespace mesh {
namespace {

const ast::Attribute* find_attr(const ast::Body& body, std::string_view name) {
  for (const ast::Attribute& a : body.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

/// Where references are checked: a module body (root or template) and the meta-arguments of
/// the block holding the expression.
struct Scope {
  const ModuleBody* body = nullptr;
  const TemplateDecl* tmpl = nullptr;
  bool has_each = false;
  bool has_count = false;
};

class Checker {
 public:
  Checker(const Config& config, const SchemaCatalog& catalog, Diagnostics& diagnostics)
      : config_(config), catalog_(catalog), d_(diagnostics) {}

  void run() {
    module(config_.root, nullptr);
    for (const auto& t : config_.templates) module(t->body, t.get());
    Scope root{&config_.root, nullptr, false, false};
    for (const ProviderDecl& p : config_.providers) {
      for_each_reference(p.block->body, [&](const Reference& r) { reference(root, r); });
      provider(p);
    }
  }

 private:
  void module(const ModuleBody& body, const TemplateDecl* tmpl) {
    for (const ResourceDecl& r : body.resources) resource(body, tmpl, r);
    for (const InstanceDecl& i : body.instances) instance(body, tmpl, i);
    Scope plain{&body, tmpl, false, false};
    for (const OutputDecl& o : body.outputs) {
      for_each_reference(o.block->body, [&](const Reference& r) { reference(plain, r); },
                         {"depends_on"});
      if (const ast::Attribute* d = find_attr(o.block->body, "depends_on")) depends_on(body, *d);
    }
    for (const LetDecl& l : body.lets)
      for_each_reference(*l.attribute->value, [&](const Reference& r) { reference(plain, r); });
    let_cycles(body);
    if (tmpl)
      for (const ParamDecl& p : tmpl->params)
        if (p.default_value)
          for_each_reference(*p.default_value, [&](const Reference& r) { reference(plain, r); });
  }

  Scope scope_of(const ModuleBody& body, const TemplateDecl* tmpl, const ast::Body& block) {
    return {&body, tmpl, find_attr(block, "for_each") != nullptr,
            find_attr(block, "count") != nullptr};
  }

  void resource(const ModuleBody& body, const TemplateDecl* tmpl, const ResourceDecl& r) {
    const ast::Body& b = r.block->body;
    Scope scope = scope_of(body, tmpl, b);
    for_each_reference(b, [&](const Reference& ref) { reference(scope, ref); },
                       {"depends_on", "provider"});
    if (const ast::Attribute* d = find_attr(b, "depends_on")) depends_on(body, *d);

    const ResourceSchema* schema = catalog_.resource(r.type);
    if (!schema) {
      Diagnostic& d = d_.error(r.block->labels[0].range, "unknown resource type `" + r.type + "`");
      d.suggestion = closest_match(r.type, catalog_.resource_types());
      if (d.suggestion.empty() && !catalog_.provider(provider_of_type(r.type)))
        d.notes.push_back(
            {"no provider named `" + std::string(provider_of_type(r.type)) + "` is installed", {}});
      return;
    }
    std::vector<std::string> names = schema->attribute_names();
    for (const char* meta : {"for_each", "count", "depends_on", "provider", "ttl"})
      names.emplace_back(meta);
    for (const ast::Attribute& a : b.attributes) {
      if (is_meta_argument(a.name)) continue;
      const AttributeSchema* s = schema->find(a.name);
      if (!s) {
        Diagnostic& d = d_.error(
            a.name_range, "unknown attribute `" + a.name + "` for resource type `" + r.type + "`");
        d.suggestion = closest_match(a.name, names);
      } else if (!s->settable()) {
        d_.error(a.name_range, "`" + a.name + "` of `" + r.type +
                                   "` is computed by the provider and cannot be set");
      }
    }
    for (const ast::Block& nested : b.blocks) {
      if (nested.type == "lifecycle") {
        check_labels_none(nested);
        continue;
      }
      const AttributeSchema* s = schema->find(nested.type);
      bool object_like = s && s->settable() &&
                         (s->type.kind() == TypeKind::Object || s->type.kind() == TypeKind::Map ||
                          s->type.kind() == TypeKind::List || s->type.kind() == TypeKind::Set);
      if (!object_like) {
        std::vector<std::string> blocks{"lifecycle"};
        for (const AttributeSchema& a : schema->attributes)
          if (a.type.kind() == TypeKind::Object || a.type.kind() == TypeKind::Map ||
              a.type.kind() == TypeKind::List)
            blocks.push_back(a.name);
        Diagnostic& d =
            d_.error(nested.type_range, "unexpected block `" + nested.type + "` in resource `" +
                                            r.type + "." + r.name + "`");
        d.suggestion = closest_match(nested.type, blocks);
      }
    }
    for (const AttributeSchema& s : schema->attributes) {
      if (s.mode != AttributeMode::Required || find_attr(b, s.name)) continue;
      bool as_block = std::any_of(b.blocks.begin(), b.blocks.end(),
                                  [&](const ast::Block& nb) { return nb.type == s.name; });
      if (as_block) continue;
      d_.error(r.block->labels[1].range, "`" + r.type + "." + r.name +
                                             "` is missing the required attribute `" + s.name +
                                             "` (" + s.type.to_string() + ")");
    }
  }

  /// A `provider` block against its provider's configuration schema, so that `mesh validate`
  /// finds what configuring the provider at plan time would refuse.
  void provider(const ProviderDecl& p) {
    const ast::Block& block = *p.block;
    const ProviderSchema* schema = catalog_.provider(p.name);
    if (!schema) {
      Diagnostic& d = d_.error(block.labels[0].range, "unknown provider `" + p.name + "`");
      std::vector<std::string> known;
      for (const std::string& type : catalog_.resource_types())
        known.emplace_back(provider_of_type(type));
      d.suggestion = closest_match(p.name, known);
      return;
    }
    std::vector<std::string> names{"alias"};
    for (const AttributeSchema& a : schema->config) names.push_back(a.name);
    for (const ast::Attribute& a : block.body.attributes) {
      if (a.name == "alias") continue;
      if (std::none_of(schema->config.begin(), schema->config.end(),
                       [&](const AttributeSchema& s) { return s.name == a.name; })) {
        Diagnostic& d = d_.error(
            a.name_range, "unknown attribute `" + a.name + "` for provider `" + p.name + "`");
        d.suggestion = closest_match(a.name, names);
        if (schema->config.empty())
          d.notes.push_back({"provider `" + p.name + "` takes no configuration", {}});
      }
    }
    for (const ast::Block& nested : block.body.blocks)
      d_.error(nested.type_range,
               "unexpected block `" + nested.type + "` in provider `" + p.config_name + "`");
    for (const AttributeSchema& s : schema->config)
      if (s.mode == AttributeMode::Required && !find_attr(block.body, s.name))
        d_.error(block.labels[0].range, "provider `" + p.config_name +
                                            "` is missing the required attribute `" + s.name +
                                            "` (" + s.type.to_string() + ")");
  }

  /// `let { a = let.b, b = let.a }`: depth-first search over the lets of one body.
  void let_cycles(const ModuleBody& body) {
    size_t n = body.lets.size();
    std::vector<std::vector<std::pair<uint32_t, SourceRange>>> edges(n);
    for (uint32_t i = 0; i < n; ++i)
      for_each_reference(*body.lets[i].attribute->value, [&](const Reference& r) {
        const std::string* a = r.attr(0);
        if (r.name() != "let" || !a) return;
        auto it = body.let_index.find(*a);
        if (it != body.let_index.end()) edges[i].push_back({it->second, r.range(1)});
      });
    std::vector<uint8_t> state(n, 0);  // 0 new, 1 on the path, 2 done
    std::vector<uint32_t> path;
    std::function<void(uint32_t)> visit = [&](uint32_t i) {
      state[i] = 1;
      path.push_back(i);
      for (const auto& [j, range] : edges[i]) {
        if (state[j] == 1) {
          std::string text;
          auto from = std::find(path.begin(), path.end(), j);
          for (auto it = from; it != path.end(); ++it) text += "let." + body.lets[*it].name + " → ";
          d_.error(range, "`let." + body.lets[j].name + "` refers to itself: " + text + "let." +
                              body.lets[j].name);
        } else if (state[j] == 0) {
          visit(j);
        }
      }
      path.pop_back();
      state[i] = 2;
    };
    for (uint32_t i = 0; i < n; ++i)
      if (state[i] == 0) visit(i);
  }

  void check_labels_none(const ast::Block& b) {
    if (!b.labels.empty()) d_.error(b.labels[0].range, "a `" + b.type + "` block takes no label");
  }

  void instance(const ModuleBody& body, const TemplateDecl* tmpl, const InstanceDecl& i) {
    const ast::Body& b = i.block->body;
    Scope scope = scope_of(body, tmpl, b);
    for_each_reference(b, [&](const Reference& ref) { reference(scope, ref); }, {"depends_on"});
    if (const ast::Attribute* d = find_attr(b, "depends_on")) depends_on(body, *d);
    const TemplateDecl& t = *i.tmpl;
    std::vector<std::string> names;
    for (const ParamDecl& p : t.params) names.push_back(p.name);
    for (const char* meta : {"for_each", "count", "depends_on", "ttl"}) names.emplace_back(meta);
    for (const ast::Attribute& a : b.attributes) {
      if (a.name == "for_each" || a.name == "count" || a.name == "depends_on" || a.name == "ttl")
        continue;
      if (t.find_param(a.name)) continue;
      Diagnostic& d =
          d_.error(a.name_range, "template `" + t.name + "` has no param `" + a.name + "`");
      d.suggestion = closest_match(a.name, names);
    }
    params(t.params, b, i.block->labels[0].range, "template `" + t.name + "`");
    std::vector<std::string> block_names;
    for (const NestedBlockDecl& nb : t.blocks) block_names.push_back(nb.name);
    std::set<std::pair<std::string, std::string>> seen;
    for (const ast::Block& nested : b.blocks) {
      const NestedBlockDecl* nb = t.find_block(nested.type);
      if (!nb) {
        Diagnostic& d = d_.error(nested.type_range,
                                 "template `" + t.name + "` has no block `" + nested.type + "`");
        d.suggestion = closest_match(nested.type, block_names);
        continue;
      }
      if (nested.labels.size() != 1) {
        d_.error(nested.type_range, "a `" + nested.type + "` block takes one label: its key");
        continue;
      }
      if (!seen.insert({nested.type, nested.labels[0].value}).second)
        d_.error(nested.labels[0].range,
                 "duplicate `" + nested.type + " \"" + nested.labels[0].value + "\"` block");
      std::vector<std::string> pnames;
      for (const ParamDecl& p : nb->params) pnames.push_back(p.name);
      for (const ast::Attribute& a : nested.body.attributes) {
        if (nb->find_param(a.name)) continue;
        Diagnostic& d = d_.error(a.name_range, "block `" + nb->name + "` of template `" + t.name +
                                                   "` has no param `" + a.name + "`");
        d.suggestion = closest_match(a.name, pnames);
      }
      for (const ast::Block& deeper : nested.body.blocks)
        d_.error(deeper.type_range, "a `" + nested.type + "` block holds params only");
      params(nb->params, nested.body, nested.labels[0].range,
             "block `" + nb->name + "` of template `" + t.name + "`");
    }
  }

  void params(const std::vector<ParamDecl>& declared, const ast::Body& b, SourceRange at,
              const std::string& what) {
    for (const ParamDecl& p : declared)
      if (!p.default_value && !find_attr(b, p.name))
        d_.error(at, "missing required param `" + p.name + "` of " + what + " (" +
                         p.type.to_string() + ")");
  }

  void depends_on(const ModuleBody& body, const ast::Attribute& attr) {
    if (attr.value->kind != ast::ExprKind::Tuple) {
      d_.error(attr.value->range,
               "`depends_on` is a list of resources or template instances, "
               "like [TYPE.NAME]");
      return;
    }
    for (const auto& item : static_cast<const ast::TupleExpr&>(*attr.value).items) {
      std::vector<std::string> names;
      if (!traversal_names(*item, &names) || names.size() != 2) {
        d_.error(item->range,
                 "a `depends_on` entry names a resource or a template instance, "
                 "like `TYPE.NAME`");
        continue;
      }
      std::string key = names[0] + "." + names[1];
      if (body.resource_index.count(key) || body.instance_index.count(key)) continue;
      std::vector<std::string> known;
      for (const auto& [k, v] : body.resource_index) known.push_back(k);
      for (const auto& [k, v] : body.instance_index) known.push_back(k);
      std::sort(known.begin(), known.end());
      Diagnostic& d = d_.error(item->range, "no `" + key + "` is declared in this scope");
      d.suggestion = closest_match(key, known);
    }
  }

  void reference(const Scope& s, const Reference& r) {
    const std::string& name = r.name();
    const std::string* a = r.attr(0);
    if (name == "var") {
      if (a && !config_.find_variable(*a)) {
        std::vector<std::string> names;
        for (const VariableDecl& v : config_.variables) names.push_back(v.name);
        d_.error(r.range(1), "variable `" + *a + "` is not declared").suggestion =
            closest_match(*a, names);
      }
      return;
    }
    if (name == "let") {
      if (!a || s.body->let_index.count(*a) || config_.root.let_index.count(*a)) return;
      std::vector<std::string> names;
      for (const LetDecl& l : s.body->lets) names.push_back(l.name);
      if (s.body != &config_.root)
        for (const LetDecl& l : config_.root.lets) names.push_back(l.name);
      d_.error(r.range(1), "`let." + *a + "` is not declared").suggestion =
          closest_match(*a, names);
      return;
    }
    if (name == "each" || name == "count") {
      bool ok = name == "each" ? s.has_each : s.has_count;
      if (!ok) {
        d_.error(r.range(0), "`" + name + "` is only available in a block with `" +
                                 (name == "each" ? "for_each" : "count") + "`");
        return;
      }
      if (!a) return;
      if (name == "each" && *a != "key" && *a != "value")
        d_.error(r.range(1), "`each` has `key` and `value`, not `" + *a + "`").suggestion =
            closest_match(*a, {"key", "value"});
      if (name == "count" && *a != "index")
        d_.error(r.range(1), "`count` has `index`, not `" + *a + "`").suggestion = "index";
      return;
    }
    if (name == "param" || name == "self") {
      if (!s.tmpl) {
        d_.error(r.range(a ? 1 : 0), "`" + name + "` is only available inside a template");
        return;
      }
      if (!a || s.tmpl->find_param(*a) || (name == "self" && s.tmpl->find_block(*a))) return;
      if (name == "self" && (*a == "name" || *a == "address")) return;  // the instance's label
      std::vector<std::string> names;
      for (const ParamDecl& p : s.tmpl->params) names.push_back(p.name);
      if (name == "self")
        for (const NestedBlockDecl& b : s.tmpl->blocks) names.push_back(b.name);
      d_.error(r.range(1), "template `" + s.tmpl->name + "` has no " +
                               (name == "self" ? "param or block" : "param") + " `" + *a + "`")
          .suggestion = closest_match(*a, names);
      return;
    }
    if (name == "path" || name == "mesh") {
      // A `for` variable of the same name shadows the root; for_each_reference skips those.
      const std::vector<std::string>& members = builtin_members(name);
      if (a && std::find(members.begin(), members.end(), *a) == members.end()) {
        d_.error(r.range(1),
                 "`" + name + "` has " + builtin_member_list(name) + ", not `" + *a + "`")
            .suggestion = closest_match(*a, members);
        return;
      }
      if (r.index(0)) {
        d_.error(r.range(1), "`" + name + "` has " + builtin_member_list(name) + "; use `" + name +
                                 "." + members[0] + "`");
        return;
      }
      used_ |= builtin_use_bit(name, a);
      return;
    }
    if (s.body->reference_roots.count(name)) {
      if (!a) {
        d_.error(r.range(0), "`" + name + "` needs a name: `" + name + ".NAME`");
        return;
      }
      std::string key = name + "." + *a;
      if (s.body->resource_index.count(key) || s.body->instance_index.count(key)) return;
      std::vector<std::string> names;
      for (const ResourceDecl& rd : s.body->resources)
        if (rd.type == name) names.push_back(rd.name);
      for (const InstanceDecl& id : s.body->instances)
        if (id.kind == name) names.push_back(id.name);
      d_.error(r.range(1), "no `" + key + "` is declared in this scope").suggestion =
          closest_match(*a, names);
      return;
    }
    std::vector<std::string> candidates = builtin_roots();
    for (const auto& [root, kind] : s.body->reference_roots) candidates.push_back(root);
    Diagnostic& d = d_.error(r.root->range, "unknown name `" + name + "`");
    d.suggestion = closest_match(name, candidates);
    if (catalog_.resource(name) || config_.find_template(name))
      d.notes.push_back({"nothing of kind `" + name + "` is declared in this scope", {}});
  }

  const Config& config_;
  const SchemaCatalog& catalog_;
  Diagnostics& d_;

 public:
  uint32_t used_ = 0;  ///< BuiltinUse bits of the `path.*` / `mesh.*` references seen
};

}  // namespace

void check_config(const Config& config, const SchemaCatalog& catalog, Diagnostics& diagnostics,
                  uint32_t* builtins_used) {
  Checker checker(config, catalog, diagnostics);
  checker.run();
  if (builtins_used) *builtins_used = checker.used_;
}

}  // namespace mesh
