#include "compiler/eval.h"

#include <algorithm>
#include <filesystem>

#include "compiler/evaluate.h"
#include "compiler/functions.h"
#include "compiler/templatefile.h"
#include "core/convert.h"
#include "core/value_ops.h"

namespace mesh {

const std::vector<std::string>& builtin_roots() {
  static const std::vector<std::string> roots = {"var",  "let",   "each", "count",
                                                 "self", "param", "path", "mesh"};
  return roots;
}

std::string base_dir_of(const SourceManager* sources, const SourceRange& range) {
  if (!sources || range.file == kNoFile || range.file >= sources->size()) return "";
  return std::filesystem::path(sources->path(range.file)).parent_path().string();
}

const std::vector<std::string>& builtin_members(std::string_view root) {
  static const std::vector<std::string> path = {"module", "root", "cwd"};
  static const std::vector<std::string> mesh = {"workspace"};
  static const std::vector<std::string> none;
  return root == "path" ? path : root == "mesh" ? mesh : none;
}

std::string builtin_member_list(std::string_view root) {
  const std::vector<std::string>& members = builtin_members(root);
  std::string out;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += i + 1 == members.size() ? " and " : ", ";
    out += "`" + members[i] + "`";
  }
  return out;
}

uint32_t builtin_use_bit(std::string_view root, const std::string* member) {
  if (root == "path") {
    if (!member) return kUsesPathModule | kUsesPathRoot | kUsesPathCwd;
    if (*member == "module") return kUsesPathModule;
    if (*member == "root") return kUsesPathRoot;
    if (*member == "cwd") return kUsesPathCwd;
  }
  if (root == "mesh" && (!member || *member == "workspace")) return kUsesWorkspace;
  return 0;
}

std::string absolute_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = fs::absolute(dir.empty() ? fs::path(".") : fs::path(dir), ec).lexically_normal();
  if (ec) return dir;
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p.string();
}

std::string builtin_value(const ResourceGraph& graph, std::string_view root,
                          std::string_view member, const SourceRange& written_at) {
  if (root == "mesh") return graph.builtins.workspace;
  if (member == "root") return graph.builtins.root;
  if (member == "cwd") return graph.builtins.cwd;
  // `<console>` and `<value of NAME>` texts have no directory: the root stands in for them.
  std::string dir = base_dir_of(graph.sources, written_at);
  if (dir.empty()) return graph.builtins.root;
  return absolute_dir(dir);
}

namespace {

/// A reference resolved as far as possible without reading values: resource groups and
/// template instances stay handles so that `x.y[key]` reads one instance, not all of them.
struct Ref {
  enum Kind : uint8_t { Val, Resources, Instances, Module } kind = Val;
  Value value;
  uint32_t module = 0;  ///< Resources/Instances: the module holding the group; Module: its id
  uint32_t decl = 0;    ///< Resources/Instances: the group
  SourceRange range;    ///< the text it came from, for messages
};

std::string quote_key(const std::string& key) {
  return InstanceKey::of_string(key).to_string();
}

Ref val(Value v) {
  Ref r;
  r.value = std::move(v);
  return r;
}

std::vector<std::string> names_of(const Value& object) {
  std::vector<std::string> out;
  for (const auto& [k, v] : object.entries()) out.push_back(k);
  return out;
}

class Evaluator {
 public:
  Evaluator(EvalContext& context) : c_(context) {}

  Value eval(const ast::Expr& e, const Frame& f);

  /// The value of key `key` of a for_each expression. `for_each = TYPE.NAME` (instances of a
  /// for_each resource or template) reads that one instance instead of all of them.
  Value each_value_of(const ast::Expr& for_each, const Frame& f, const std::string& key) {
    Ref r = resolve(for_each, f);
    if (r.kind == Ref::Resources || r.kind == Ref::Instances) {
      const ModuleInstance& m = c_.graph.modules[r.module];
      const auto& g = r.kind == Ref::Resources ? m.resources[r.decl] : m.instances[r.decl];
      if (g.mode == ModuleInstance::Group::ForEach)
        return materialize(step_index(r, Value::string(key), for_each.range));
    }
    Value all = materialize(r);
    if (all.is_object()) {
      const Value* v = all.find(key);
      return v ? *v : Value::unknown();
    }
    return Value::string(key);
  }

  /// templatefile: only the given variables are visible; paths are relative to `base_dir`.
  bool only_locals = false;
  std::string base_dir;

 private:
  using K = ast::ExprKind;

  Value fail(SourceRange range, std::string message, std::string suggestion = "") {
    Diagnostic& d = c_.diagnostics.error(range, std::move(message));
    d.suggestion = std::move(suggestion);
    return Value::unknown();
  }
  Value check(ValueResult r, SourceRange range) {
    if (r.ok()) return std::move(r.value);
    return fail(range, std::move(r.error));
  }

  const ModuleInstance* module_of(const Frame& f) const {
    return f.module < c_.graph.modules.size() ? &c_.graph.modules[f.module] : nullptr;
  }
  const Value* local(std::string_view name) const {
    for (auto it = c_.locals.rbegin(); it != c_.locals.rend(); ++it)
      if (it->first == name) return &it->second;
    return nullptr;
  }
  /// 0: resource type, 1: template kind, -1: neither.
  int reference_root(const Frame& f, const std::string& name) const {
    const ModuleInstance* m = module_of(f);
    if (!m || !m->body) return -1;
    auto it = m->body->reference_roots.find(name);
    return it == m->body->reference_roots.end() ? -1 : it->second;
  }

  Value variable(const ast::VariableExpr& v, const Frame& f);
  Value unknown_name(const ast::VariableExpr& v, const Frame& f);
  Ref resolve(const ast::Expr& e, const Frame& f);
  Ref resolve_root_attr(const ast::VariableExpr& root, const ast::GetAttrExpr& g, const Frame& f,
                        bool* handled);
  Ref step_attr(Ref r, const std::string& name, SourceRange range);
  Ref step_index(Ref r, const Value& key, SourceRange range);
  Value materialize(const Ref& r);
  Value module_object(uint32_t module);
  void ensure(const Ref& r);
  uint32_t find_key(bool resources, const ModuleInstance::Group& g, const Value& key,
                    SourceRange range, bool* failed);

  Value let_by_name(const Frame& f, const std::string& name, SourceRange range);
  Value template_member(const Frame& f, const std::string& root, const std::string& name,
                        SourceRange range);
  Value call(const ast::CallExpr& call, const Frame& f);
  Value template_string(const ast::TemplateExpr& t, const Frame& f);
  Value object(const ast::ObjectExpr& o, const Frame& f);
  Value for_expr(const ast::ForExpr& fe, const Frame& f);
  Value splat(const ast::SplatExpr& s, const Frame& f);
  Value binary(const ast::BinaryExpr& b, const Frame& f);

  EvalContext& c_;
};

Value Evaluator::eval(const ast::Expr& e, const Frame& f) {
  switch (e.kind) {
    case K::Null:
      return Value::null();
    case K::Bool:
      return Value::boolean(static_cast<const ast::BoolExpr&>(e).value);
    case K::Number: {
      auto n = Number::parse(static_cast<const ast::NumberExpr&>(e).text);
      if (!n) return fail(e.range, "malformed number");
      return Value::number(*n);
    }
    case K::Duration:
      return Value::duration(static_cast<const ast::DurationExpr&>(e).milliseconds);
    case K::String:
      return Value::string(static_cast<const ast::StringExpr&>(e).value);
    case K::Template:
      return template_string(static_cast<const ast::TemplateExpr&>(e), f);
    case K::Variable:
      return variable(static_cast<const ast::VariableExpr&>(e), f);
    case K::GetAttr:
    case K::Index:
      return materialize(resolve(e, f));
    case K::Splat:
      return splat(static_cast<const ast::SplatExpr&>(e), f);
    case K::Call:
      return call(static_cast<const ast::CallExpr&>(e), f);
    case K::Unary: {
      const auto& u = static_cast<const ast::UnaryExpr&>(e);
      Value operand = eval(*u.operand, f);
      return check(u.op == ast::UnaryOp::Negate ? negate(operand) : logical_not(operand), e.range);
    }
    case K::Binary:
      return binary(static_cast<const ast::BinaryExpr&>(e), f);
    case K::Conditional: {
      const auto& ce = static_cast<const ast::ConditionalExpr&>(e);
      Value cond = eval(*ce.condition, f);
      ValueResult ok = check_condition(cond);
      if (!ok) return fail(ce.condition->range, ok.error);
      if (cond.is_known() && cond.is_bool()) {
        Value v = eval(cond.as_bool() ? *ce.then_value : *ce.else_value, f);
        return cond.is_sensitive() ? v.mark_sensitive() : v;
      }
      Value a = eval(*ce.then_value, f);
      Value b = eval(*ce.else_value, f);
      return check(conditional(cond, a, b), e.range);
    }
    case K::Tuple: {
      ValueList items;
      for (const auto& item : static_cast<const ast::TupleExpr&>(e).items)
        items.push_back(eval(*item, f));
      return Value::list(std::move(items));
    }
    case K::Object:
      return object(static_cast<const ast::ObjectExpr&>(e), f);
    case K::For:
      return for_expr(static_cast<const ast::ForExpr&>(e), f);
    case K::Paren:
      return eval(*static_cast<const ast::ParenExpr&>(e).inner, f);
  }
  return Value::unknown();
}

Value Evaluator::binary(const ast::BinaryExpr& b, const Frame& f) {
  using Op = ast::BinaryOp;
  Value lhs = eval(*b.lhs, f);
  // Short-circuit so that `x != null && x.y` works; the result keeps lhs's marks.
  if ((b.op == Op::And || b.op == Op::Or) && lhs.is_bool() && lhs.as_bool() == (b.op == Op::Or))
    return lhs;
  Value rhs = eval(*b.rhs, f);
  ValueResult r;
  switch (b.op) {
    case Op::Or:
      r = logical_or(lhs, rhs);
      break;
    case Op::And:
      r = logical_and(lhs, rhs);
      break;
    case Op::Eq:
      return equal(lhs, rhs);
    case Op::Ne:
      return not_equal(lhs, rhs);
    case Op::Lt:
      r = less(lhs, rhs);
      break;
    case Op::Le:
      r = less_equal(lhs, rhs);
      break;
    case Op::Gt:
      r = greater(lhs, rhs);
      break;
    case Op::Ge:
      r = greater_equal(lhs, rhs);
      break;
    case Op::Add:
      r = add(lhs, rhs);
      break;
    case Op::Sub:
      r = subtract(lhs, rhs);
      break;
    case Op::Mul:
      r = multiply(lhs, rhs);
      break;
    case Op::Div:
      r = divide(lhs, rhs);
      break;
    case Op::Mod:
      r = modulo(lhs, rhs);
      break;
  }
  return check(std::move(r), b.range);
}

Value Evaluator::unknown_name(const ast::VariableExpr& v, const Frame& f) {
  std::vector<std::string> candidates;
  if (!only_locals) {
    candidates = builtin_roots();
    if (const ModuleInstance* m = module_of(f))
      if (m->body)
        for (const auto& [name, kind] : m->body->reference_roots) candidates.push_back(name);
  }
  for (const auto& [name, value] : c_.locals) candidates.emplace_back(name);
  if (only_locals)
    return fail(v.range, "`" + v.name + "` is not one of the template's variables",
                closest_match(v.name, candidates));
  return fail(v.range, "unknown name `" + v.name + "`", closest_match(v.name, candidates));
}

Value Evaluator::variable(const ast::VariableExpr& v, const Frame& f) {
  if (const Value* l = local(v.name)) return *l;
  if (only_locals) return unknown_name(v, f);
  const std::string& n = v.name;
  if (n == "var")
    return c_.graph.variables.object.is_null() ? Value::object({}) : c_.graph.variables.object;
  if (n == "each") {
    if (f.key.kind != InstanceKey::Kind::String)
      return fail(v.range, "`each` is only available in a block with `for_each`");
    return Value::object({{"key", Value::string(f.key.name)}, {"value", f.each_value}});
  }
  if (n == "count") {
    if (f.key.kind != InstanceKey::Kind::Index)
      return fail(v.range, "`count` is only available in a block with `count`");
    return Value::object({{"index", Value::integer(f.key.index)}});
  }
  if (n == "let") {
    ValueEntries entries;
    const ModuleInstance* m = module_of(f);
    if (m && f.module != 0)
      for (const LetDecl& l : m->body->lets) entries.emplace_back(l.name, Value());
    if (!c_.graph.modules.empty())
      for (const LetDecl& l : c_.graph.modules[0].body->lets) entries.emplace_back(l.name, Value());
    for (auto& [name, value] : entries) value = let_by_name(f, name, v.range);
    return Value::object(std::move(entries));
  }
  if (n == "param" || n == "self") {
    const ModuleInstance* m = module_of(f);
    if (!m || !m->tmpl) return fail(v.range, "`" + n + "` is only available inside a template");
    ValueEntries entries;
    const TemplateDecl& t = *m->tmpl;
    uint32_t count = n == "param" ? t.params.size() : t.params.size() + t.blocks.size();
    uint32_t module = f.module;
    for (uint32_t i = 0; i < count; ++i) {
      const std::string& name =
          i < t.params.size() ? t.params[i].name : t.blocks[i - t.params.size()].name;
      entries.emplace_back(name, param_value(module, i, c_));
    }
    return Value::object(std::move(entries));
  }
  if (n == "path" || n == "mesh") {
    ValueEntries entries;
    for (const std::string& member : builtin_members(n))
      entries.emplace_back(member, Value::string(builtin_value(c_.graph, n, member, v.range)));
    return Value::object(std::move(entries));
  }
  if (reference_root(f, n) >= 0) return fail(v.range, "`" + n + "` needs a name: `" + n + ".NAME`");
  return unknown_name(v, f);
}

Value Evaluator::let_by_name(const Frame& f, const std::string& name, SourceRange range) {
  const ModuleInstance* m = module_of(f);
  if (m && f.module != 0) {
    auto it = m->body->let_index.find(name);
    if (it != m->body->let_index.end()) return let_value(f.module, it->second, c_);
  }
  if (!c_.graph.modules.empty()) {
    const ModuleBody& root = *c_.graph.modules[0].body;
    auto it = root.let_index.find(name);
    if (it != root.let_index.end()) return let_value(0, it->second, c_);
  }
  std::vector<std::string> candidates;
  if (m && f.module != 0)
    for (const LetDecl& l : m->body->lets) candidates.push_back(l.name);
  if (!c_.graph.modules.empty())
    for (const LetDecl& l : c_.graph.modules[0].body->lets) candidates.push_back(l.name);
  return fail(range, "`let." + name + "` is not declared", closest_match(name, candidates));
}

Value Evaluator::template_member(const Frame& f, const std::string& root, const std::string& name,
                                 SourceRange range) {
  const ModuleInstance* m = module_of(f);
  if (!m || !m->tmpl) return fail(range, "`" + root + "` is only available inside a template");
  const TemplateDecl& t = *m->tmpl;
  std::vector<std::string> candidates;
  for (uint32_t i = 0; i < t.params.size(); ++i) {
    if (t.params[i].name == name) return param_value(f.module, i, c_);
    candidates.push_back(t.params[i].name);
  }
  if (root == "self") {
    for (uint32_t i = 0; i < t.blocks.size(); ++i) {
      if (t.blocks[i].name == name) return param_value(f.module, t.params.size() + i, c_);
      candidates.push_back(t.blocks[i].name);
    }
    // The instance's own label and address, so a template can name what it creates after its
    // instance (`cluster "dev"` → a directory `dev`) without repeating the label as a param.
    if (name == "name" && !m->path.empty()) return Value::string(m->path.back().name);
    if (name == "address") return Value::string(m->path_text);
    candidates.insert(candidates.end(), {"name", "address"});
  }
  return fail(range,
              "template `" + t.name + "` has no " + (root == "self" ? "param or block" : "param") +
                  " `" + name + "`",
              closest_match(name, candidates));
}

Ref Evaluator::resolve_root_attr(const ast::VariableExpr& root, const ast::GetAttrExpr& g,
                                 const Frame& f, bool* handled) {
  *handled = true;
  const std::string& n = root.name;
  if (n == "var") {
    const Value& vars = c_.graph.variables.object;
    if (const Value* v = vars.find(g.name)) return val(*v);
    return val(fail(g.range, "variable `" + g.name + "` is not declared",
                    closest_match(g.name, names_of(vars))));
  }
  if (n == "let") return val(let_by_name(f, g.name, g.range));
  if (n == "each") {
    if (f.key.kind != InstanceKey::Kind::String)
      return val(fail(root.range, "`each` is only available in a block with `for_each`"));
    if (g.name == "key") return val(Value::string(f.key.name));
    if (g.name == "value") return val(f.each_value);
    return val(fail(g.range, "`each` has `key` and `value`, not `" + g.name + "`",
                    closest_match(g.name, {"key", "value"})));
  }
  if (n == "count") {
    if (f.key.kind != InstanceKey::Kind::Index)
      return val(fail(root.range, "`count` is only available in a block with `count`"));
    if (g.name == "index") return val(Value::integer(f.key.index));
    return val(fail(g.range, "`count` has `index`, not `" + g.name + "`", "index"));
  }
  if (n == "param" || n == "self") return val(template_member(f, n, g.name, g.range));
  if (n == "path" || n == "mesh") {
    const std::vector<std::string>& members = builtin_members(n);
    if (std::find(members.begin(), members.end(), g.name) == members.end())
      return val(fail(g.range,
                      "`" + n + "` has " + builtin_member_list(n) + ", not `" + g.name + "`",
                      closest_match(g.name, members)));
    return val(Value::string(builtin_value(c_.graph, n, g.name, root.range)));
  }
  int kind = reference_root(f, n);
  if (kind < 0) {
    *handled = false;
    return {};
  }
  const ModuleBody& body = *module_of(f)->body;
  std::string key = n + "." + g.name;
  Ref r;
  r.module = f.module;
  r.range = g.range;
  if (auto it = body.resource_index.find(key); it != body.resource_index.end()) {
    r.kind = Ref::Resources;
    r.decl = it->second;
  } else if (auto it2 = body.instance_index.find(key); it2 != body.instance_index.end()) {
    r.kind = Ref::Instances;
    r.decl = it2->second;
  } else {
    std::vector<std::string> names;
    for (const ResourceDecl& rd : body.resources)
      if (rd.type == n) names.push_back(rd.name);
    for (const InstanceDecl& id : body.instances)
      if (id.kind == n) names.push_back(id.name);
    return val(
        fail(g.range, "no `" + key + "` is declared in this scope", closest_match(g.name, names)));
  }
  c_.touched = true;
  ensure(r);
  return r;
}

void Evaluator::ensure(const Ref& r) {
  if (!c_.hooks) return;
  const ModuleInstance& m = c_.graph.modules[r.module];
  if (r.kind == Ref::Resources && m.resources[r.decl].state != 2)
    c_.hooks->expand_resource(r.module, r.decl);
  else if (r.kind == Ref::Instances && m.instances[r.decl].state != 2)
    c_.hooks->expand_instance(r.module, r.decl);
}

Ref Evaluator::resolve(const ast::Expr& e, const Frame& f) {
  if (e.kind == K::GetAttr) {
    const auto& g = static_cast<const ast::GetAttrExpr&>(e);
    if (g.object->kind == K::Variable && !only_locals) {
      const auto& root = static_cast<const ast::VariableExpr&>(*g.object);
      if (!local(root.name)) {
        bool handled = false;
        Ref r = resolve_root_attr(root, g, f, &handled);
        if (handled) return r;
      }
    }
    return step_attr(resolve(*g.object, f), g.name, g.range);
  }
  if (e.kind == K::Index) {
    const auto& i = static_cast<const ast::IndexExpr&>(e);
    Ref r = resolve(*i.collection, f);
    Value key = eval(*i.key, f);
    return step_index(std::move(r), key, i.range);
  }
  return val(eval(e, f));
}

Ref Evaluator::step_attr(Ref r, const std::string& name, SourceRange range) {
  switch (r.kind) {
    case Ref::Val: {
      if (r.value.is_unknown()) return r;
      ValueResult v = get_attr(r.value, name);
      if (!v) {
        std::string suggestion =
            r.value.is_object() ? closest_match(name, names_of(r.value)) : std::string();
        return val(fail(range, v.error, suggestion));
      }
      return val(std::move(v.value));
    }
    case Ref::Resources:
    case Ref::Instances: {
      const ModuleInstance& m = c_.graph.modules[r.module];
      const auto& g = r.kind == Ref::Resources ? m.resources[r.decl] : m.instances[r.decl];
      if (g.state != 2) return val(Value::unknown());
      if (g.mode == ModuleInstance::Group::Single) {
        if (r.kind == Ref::Resources)
          return step_attr(val(c_.source.instance_value(g.first)), name, range);
        Ref child;
        child.kind = Ref::Module;
        child.module = g.first;
        return step_attr(child, name, range);
      }
      const std::string text =
          r.kind == Ref::Resources
              ? m.body->resources[r.decl].type + "." + m.body->resources[r.decl].name
              : m.body->instances[r.decl].kind + "." + m.body->instances[r.decl].name;
      Diagnostic& d = c_.diagnostics.error(
          range, "`" + text + "` has several instances (" +
                     (g.mode == ModuleInstance::Group::Count ? "count" : "for_each") + "); `." +
                     name + "` needs one of them");
      d.notes.push_back({"use `" + text + "[KEY]." + name + "`, `" + text + "[*]." + name +
                             "` or a for expression",
                         {}});
      return val(Value::unknown());
    }
    case Ref::Module: {
      const ModuleInstance& m = c_.graph.modules[r.module];
      auto it = m.body->output_index.find(name);
      if (it == m.body->output_index.end()) {
        std::vector<std::string> names;
        for (const OutputDecl& o : m.body->outputs) names.push_back(o.name);
        return val(fail(range, "template `" + m.tmpl->name + "` has no output `" + name + "`",
                        closest_match(name, names)));
      }
      return val(module_output(r.module, it->second, c_));
    }
  }
  return val(Value::unknown());
}

uint32_t Evaluator::find_key(bool resources, const ModuleInstance::Group& g, const Value& key,
                             SourceRange range, bool* failed) {
  *failed = true;
  auto key_of = [&](uint32_t i) -> const InstanceKey& {
    return resources ? c_.graph.nodes[g.first + i].address.resource.key
                     : c_.graph.modules[g.first + i].path.back().key;
  };
  if (g.mode == ModuleInstance::Group::Count) {
    std::optional<int64_t> n;
    if (key.is_number()) n = key.as_number().to_int64();
    if (!n) {
      fail(range, "a count instance is selected by a whole number, got " + describe(key));
      return 0;
    }
    if (*n < 0 || *n >= static_cast<int64_t>(g.count)) {
      fail(range, "index " + std::to_string(*n) + " out of range: there are " +
                      std::to_string(g.count) + " instances");
      return 0;
    }
    *failed = false;
    return static_cast<uint32_t>(*n);
  }
  if (!key.is_string()) {
    fail(range, "a for_each instance is selected by a string key, got " + describe(key));
    return 0;
  }
  const std::string& k = key.as_string();
  uint32_t lo = 0, hi = g.count;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (key_of(mid).name < k)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < g.count && key_of(lo).name == k) {
    *failed = false;
    return lo;
  }
  std::vector<std::string> keys;
  for (uint32_t i = 0; i < g.count && i < 1000; ++i) keys.push_back(key_of(i).name);
  Diagnostic& d = c_.diagnostics.error(range, "no instance with key " + quote_key(k));
  d.suggestion = closest_match(k, keys);
  return 0;
}

Ref Evaluator::step_index(Ref r, const Value& key, SourceRange range) {
  if (r.kind == Ref::Resources || r.kind == Ref::Instances) {
    const ModuleInstance& m = c_.graph.modules[r.module];
    const auto g = r.kind == Ref::Resources ? m.resources[r.decl] : m.instances[r.decl];
    if (g.state != 2) return val(Value::unknown());
    if (g.mode != ModuleInstance::Group::Single) {
      if (key.is_unknown()) return val(Value::unknown());
      bool failed = false;
      uint32_t i = find_key(r.kind == Ref::Resources, g, key, range, &failed);
      if (failed) return val(Value::unknown());
      if (r.kind == Ref::Resources) {
        Value v = c_.source.instance_value(g.first + i);
        return val(key.is_sensitive() ? v.mark_sensitive() : v);
      }
      Ref child;
      child.kind = Ref::Module;
      child.module = g.first + i;
      return child;
    }
  }
  Value collection = materialize(r);
  return val(check(index(collection, key), range));
}

Value Evaluator::module_object(uint32_t module) {
  ValueEntries entries;
  const ModuleBody* body = c_.graph.modules[module].body;
  for (uint32_t i = 0; i < body->outputs.size(); ++i)
    entries.emplace_back(body->outputs[i].name, module_output(module, i, c_));
  return Value::object(std::move(entries));
}

Value Evaluator::materialize(const Ref& r) {
  if (r.kind == Ref::Val) return r.value;
  if (r.kind == Ref::Module) return module_object(r.module);
  const ModuleInstance& m = c_.graph.modules[r.module];
  const auto g = r.kind == Ref::Resources ? m.resources[r.decl] : m.instances[r.decl];
  if (g.state != 2) return Value::unknown();
  auto one = [&](uint32_t i) {
    return r.kind == Ref::Resources ? c_.source.instance_value(g.first + i)
                                    : module_object(g.first + i);
  };
  switch (g.mode) {
    case ModuleInstance::Group::Single:
      return one(0);
    case ModuleInstance::Group::Count: {
      ValueList items;
      items.reserve(g.count);
      for (uint32_t i = 0; i < g.count; ++i) items.push_back(one(i));
      return Value::list(std::move(items));
    }
    case ModuleInstance::Group::ForEach: {
      ValueEntries entries;
      entries.reserve(g.count);
      for (uint32_t i = 0; i < g.count; ++i) {
        const InstanceKey& k = r.kind == Ref::Resources
                                   ? c_.graph.nodes[g.first + i].address.resource.key
                                   : c_.graph.modules[g.first + i].path.back().key;
        entries.emplace_back(k.name, one(i));
      }
      return Value::object(std::move(entries));
    }
  }
  return Value::unknown();
}

Value Evaluator::call(const ast::CallExpr& ce, const Frame& f) {
  std::vector<Value> args;
  args.reserve(ce.args.size());
  for (const auto& a : ce.args) args.push_back(eval(*a, f));
  if (ce.expand_last && !args.empty()) {
    Value last = std::move(args.back());
    args.pop_back();
    if (last.is_unknown()) return Value::unknown();
    if (!last.is_sequence())
      return fail(ce.args.back()->range, "`...` expands a list, got " + describe(last));
    for (const Value& v : last.items())
      args.push_back(last.is_sensitive() ? v.mark_sensitive() : v);
  }
  std::string base = only_locals ? base_dir : base_dir_of(c_.graph.sources, ce.range);
  if (ce.name == "templatefile") {
    FunctionResult r = call_templatefile(args, base, c_);
    if (!r.ok()) {
      SourceRange at = r.arg >= 0 && static_cast<size_t>(r.arg) < ce.args.size()
                           ? ce.args[r.arg]->range
                           : ce.range;
      return fail(at, r.error);
    }
    return r.value;
  }
  const Function* fn = find_function(ce.name);
  if (!fn)
    return fail(ce.name_range, "unknown function `" + ce.name + "`",
                closest_match(ce.name, function_names()));
  FunctionContext context{base};
  FunctionResult r = call_function(*fn, std::move(args), context);
  if (!r.ok()) {
    SourceRange at = r.arg >= 0 && static_cast<size_t>(r.arg) < ce.args.size()
                         ? ce.args[r.arg]->range
                         : ce.range;
    return fail(at, r.error);
  }
  return std::move(r.value);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

Value Evaluator::template_string(const ast::TemplateExpr& t, const Frame& f) {
  std::string out;
  bool unknown = false, sensitive = false, strip_next = false;
  for (const ast::TemplatePart& part : t.parts) {
    if (!part.expr) {
      size_t start = 0;
      if (strip_next)
        while (start < part.literal.size() && is_space(part.literal[start])) ++start;
      out.append(part.literal, start, std::string::npos);
      strip_next = false;
      continue;
    }
    if (part.strip_left)
      while (!out.empty() && is_space(out.back())) out.pop_back();
    strip_next = part.strip_right;
    Value v = eval(*part.expr, f);
    ValueResult s = to_template_string(v);
    if (!s) {
      fail(part.expr->range, s.error);
      unknown = true;
      continue;
    }
    sensitive = sensitive || s.value.is_sensitive();
    if (s.value.is_unknown()) {
      unknown = true;
      continue;
    }
    out += s.value.as_string();
  }
  Value result = unknown ? Value::unknown(Type::string()) : Value::string(std::move(out));
  return sensitive ? result.mark_sensitive() : result;
}

Value Evaluator::object(const ast::ObjectExpr& o, const Frame& f) {
  ValueEntries entries;
  entries.reserve(o.items.size());
  bool unknown = false, sensitive_key = false;
  for (const ast::ObjectItem& item : o.items) {
    std::string key;
    if (item.bare_key && item.key->kind == K::String) {
      key = static_cast<const ast::StringExpr&>(*item.key).value;
    } else {
      Value k = eval(*item.key, f);
      ValueResult s = to_template_string(k);
      if (!s) {
        fail(item.key->range, "an object key must be a string, got " + describe(k));
        continue;
      }
      if (s.value.is_unknown()) {
        unknown = true;
        eval(*item.value, f);
        continue;
      }
      sensitive_key = sensitive_key || s.value.is_sensitive();
      key = s.value.as_string();
    }
    for (const ValueEntry& e : entries)
      if (e.first == key) {
        fail(item.key->range, "duplicate key \"" + key + "\" in object");
        break;
      }
    entries.emplace_back(std::move(key), eval(*item.value, f));
  }
  if (unknown) return Value::unknown();
  Value result = Value::object(std::move(entries));
  return sensitive_key ? result.mark_sensitive() : result;
}

Value Evaluator::for_expr(const ast::ForExpr& fe, const Frame& f) {
  Value coll = eval(*fe.collection, f);
  if (coll.is_unknown()) return Value::unknown();
  if (coll.is_null()) return fail(fe.collection->range, "cannot iterate over null");
  if (!coll.is_collection())
    return fail(fe.collection->range,
                "a for expression iterates over a list, set or object, got " + describe(coll));
  bool sensitive = coll.is_sensitive();
  ValueList items;
  ValueEntries entries;
  std::vector<std::pair<std::string, ValueList>> groups;
  bool unknown = false;
  size_t mark = c_.locals.size();
  auto visit = [&](Value key, Value value) {
    c_.locals.resize(mark);
    if (!fe.key_var.empty()) c_.locals.emplace_back(fe.key_var, std::move(key));
    c_.locals.emplace_back(fe.value_var, std::move(value));
    if (fe.condition) {
      Value cond = eval(*fe.condition, f);
      ValueResult ok = check_condition(cond);
      if (!ok) {
        fail(fe.condition->range, ok.error);
        return;
      }
      if (cond.is_unknown()) {
        unknown = true;
        return;
      }
      sensitive = sensitive || cond.is_sensitive();
      if (!cond.as_bool()) return;
    }
    if (!fe.object_result) {
      items.push_back(eval(*fe.value, f));
      return;
    }
    Value k = eval(*fe.key, f);
    ValueResult ks = to_template_string(k);
    if (!ks) {
      fail(fe.key->range, "an object key must be a string, got " + describe(k));
      return;
    }
    Value v = eval(*fe.value, f);
    if (ks.value.is_unknown()) {
      unknown = true;
      return;
    }
    sensitive = sensitive || ks.value.is_sensitive();
    const std::string& key_text = ks.value.as_string();
    if (fe.grouping) {
      for (auto& g : groups)
        if (g.first == key_text) {
          g.second.push_back(std::move(v));
          return;
        }
      groups.push_back({key_text, {std::move(v)}});
      return;
    }
    for (const ValueEntry& e : entries)
      if (e.first == key_text) {
        fail(fe.key->range, "duplicate key \"" + key_text +
                                "\" in for expression; add `...` after the value to group");
        return;
      }
    entries.emplace_back(key_text, std::move(v));
  };
  if (coll.is_object()) {
    for (const auto& [k, v] : coll.entries()) visit(Value::string(k), v);
  } else {
    int64_t i = 0;
    for (const Value& v : coll.items()) visit(coll.is_set() ? v : Value::integer(i++), v);
  }
  c_.locals.resize(mark);
  if (unknown) return Value::unknown();
  Value result;
  if (!fe.object_result) {
    result = Value::list(std::move(items));
  } else if (fe.grouping) {
    for (auto& g : groups) entries.emplace_back(g.first, Value::list(std::move(g.second)));
    result = Value::object(std::move(entries));
  } else {
    result = Value::object(std::move(entries));
  }
  return sensitive ? result.mark_sensitive() : result;
}

Value Evaluator::splat(const ast::SplatExpr& s, const Frame& f) {
  Ref ref = resolve(*s.source, f);
  bool instances = (ref.kind == Ref::Resources || ref.kind == Ref::Instances);
  if (instances) {
    const ModuleInstance& m = c_.graph.modules[ref.module];
    const auto& g = ref.kind == Ref::Resources ? m.resources[ref.decl] : m.instances[ref.decl];
    instances = g.mode == ModuleInstance::Group::ForEach;
  }
  Value source = materialize(ref);
  if (source.is_unknown()) return Value::unknown(Type::list(Type::any()));
  auto apply = [&](Value v) {
    for (const ast::Traversal& t : s.each) {
      if (v.is_unknown()) return v;
      if (t.key) {
        v = check(index(v, eval(*t.key, f)), t.range);
      } else {
        ValueResult r = get_attr(v, t.name);
        v = r ? r.value : fail(t.range, r.error);
      }
    }
    return v;
  };
  ValueList out;
  if (source.is_null()) return Value::list({});
  if (source.is_sequence()) {
    for (const Value& v : source.items()) out.push_back(apply(v));
  } else if (instances && source.is_object()) {
    // The instances of a for_each resource or template: splat over them, in key order.
    for (const auto& [k, v] : source.entries()) out.push_back(apply(v));
  } else {
    out.push_back(apply(source));
  }
  Value result = Value::list(std::move(out));
  return source.is_sensitive() ? result.mark_sensitive() : result;
}

/// Evaluates `expr` in a fresh scope (no `for` locals of the caller).
template <typename Fn>
Value in_fresh_scope(EvalContext& c, Fn&& fn) {
  std::vector<std::pair<std::string_view, Value>> saved;
  saved.swap(c.locals);
  Value v = fn();
  c.locals.swap(saved);
  return v;
}

/// Shared caching of lets and params: static values are computed once while building.
template <typename Compute>
Value cached(EvalContext& c, uint32_t module, uint32_t index, bool is_param, SourceRange range,
             const std::string& what, Compute&& compute) {
  auto state_of = [&](const ResourceGraph& g) -> uint8_t {
    const ModuleInstance& m = g.modules[module];
    return is_param ? m.param_state[index] : m.let_state[index];
  };
  uint8_t state = state_of(c.graph);
  if (state == ModuleInstance::kStatic)
    return is_param ? c.graph.modules[module].params[index] : c.graph.modules[module].lets[index];
  if (state == ModuleInstance::kInProgress) {
    // Cycles among lets are reported by the static checks, cycles through resources by the
    // graph; a param reading itself is reported here.
    if (is_param) c.diagnostics.error(range, what + " refers to itself");
    return Value::unknown();
  }
  if (state == ModuleInstance::kPending && c.building) {
    auto set_state = [&](uint8_t s) {
      ModuleInstance& m = c.building->modules[module];
      (is_param ? m.param_state[index] : m.let_state[index]) = s;
    };
    set_state(ModuleInstance::kInProgress);
    bool outer = c.touched;
    c.touched = false;
    Value v = in_fresh_scope(c, compute);
    bool dynamic = c.touched;
    c.touched = outer || dynamic;
    set_state(dynamic ? ModuleInstance::kDynamic : ModuleInstance::kStatic);
    if (!dynamic) {
      ModuleInstance& m = c.building->modules[module];
      (is_param ? m.params[index] : m.lets[index]) = v;
    }
    return v;
  }
  return in_fresh_scope(c, compute);
}

const ast::Attribute* find_attr(const ast::Body& body, std::string_view name) {
  for (const ast::Attribute& a : body.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

/// One param of a template instance or of one of its nested blocks.
Value param_of(EvalContext& c, uint32_t module, const ParamDecl& p, const ast::Body& body,
               const Frame& parent_frame, const std::string& where) {
  Value v;
  SourceRange at = body.range;
  if (const ast::Attribute* a = find_attr(body, p.name)) {
    v = Evaluator(c).eval(*a->value, parent_frame);
    at = a->value->range;
  } else if (p.default_value) {
    Frame own;
    own.module = module;
    v = Evaluator(c).eval(*p.default_value, own);
    at = p.default_value->range;
  } else {
    return Value::unknown(p.type);  // missing: reported by the static checks
  }
  ValueResult r = convert(v, p.type);
  if (!r) {
    c.diagnostics.error(at, "param `" + p.name + "` of " + where + ": " + r.error);
    return Value::unknown(p.type);
  }
  return p.sensitive ? r.value.mark_sensitive() : r.value;
}

}  // namespace

Value evaluate_expr(const ast::Expr& expr, const Frame& frame, EvalContext& context) {
  return Evaluator(context).eval(expr, frame);
}

Value evaluate_template_body(const ast::Expr& expr, const Value& vars, const std::string& base_dir,
                             EvalContext& context) {
  return in_fresh_scope(context, [&] {
    for (const auto& [k, v] : vars.entries()) context.locals.emplace_back(k, v);
    Evaluator e(context);
    e.only_locals = true;
    e.base_dir = base_dir;
    return e.eval(expr, Frame{});
  });
}

Value dynamic_each_value(const ast::Body& body, uint32_t module, const InstanceKey& key,
                         EvalContext& context) {
  const ast::Attribute* for_each = find_attr(body, "for_each");
  if (!for_each) return Value::unknown();
  return in_fresh_scope(context, [&] {
    Frame f;
    f.module = module;
    return Evaluator(context).each_value_of(*for_each->value, f, key.name);
  });
}

Value let_value(uint32_t module, uint32_t index, EvalContext& context) {
  const LetDecl& decl = context.graph.modules[module].body->lets[index];
  return cached(context, module, index, false, decl.attribute->name_range,
                "`let." + decl.name + "`", [&] {
                  Frame f;
                  f.module = module;
                  return Evaluator(context).eval(*decl.attribute->value, f);
                });
}

Value param_value(uint32_t module, uint32_t index, EvalContext& context) {
  const ModuleInstance& m = context.graph.modules[module];
  const TemplateDecl& t = *m.tmpl;
  const std::string& name =
      index < t.params.size() ? t.params[index].name : t.blocks[index - t.params.size()].name;
  return cached(
      context, module, index, true, m.decl->block->labels[0].range,
      "param `" + name + "` of `" + m.path_text + "`", [&]() -> Value {
        const ModuleInstance& mi = context.graph.modules[module];
        Frame parent;
        parent.module = mi.parent;
        parent.key = mi.path.back().key;
        parent.each_value = mi.each_dynamic ? dynamic_each_value(mi.decl->block->body, mi.parent,
                                                                 parent.key, context)
                                            : mi.each_value;
        std::string where = "`" + mi.path_text + "`";
        const ast::Body& body = mi.decl->block->body;
        if (index < t.params.size())
          return param_of(context, module, t.params[index], body, parent, where);
        const NestedBlockDecl& nb = t.blocks[index - t.params.size()];
        ValueEntries entries;
        for (const ast::Block& b : body.blocks) {
          if (b.type != nb.name || b.labels.size() != 1) continue;
          ValueEntries fields;
          std::string block_where =
              where + " block `" + nb.name + " \"" + b.labels[0].value + "\"`";
          for (const ParamDecl& p : nb.params)
            fields.emplace_back(p.name, param_of(context, module, p, b.body, parent, block_where));
          entries.emplace_back(b.labels[0].value, Value::object(std::move(fields)));
        }
        return Value::object(std::move(entries));
      });
}

Value module_output(uint32_t module, uint32_t index, EvalContext& context) {
  const OutputDecl& o = context.graph.modules[module].body->outputs[index];
  if (!o.value) return Value::unknown();
  return in_fresh_scope(context, [&] {
    Frame f;
    f.module = module;
    Value v = Evaluator(context).eval(*o.value, f);
    return o.sensitive ? v.mark_sensitive() : v;
  });
}

}  // namespace mesh
