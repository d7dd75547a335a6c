#include "planner/policy.h"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/eval.h"

namespace mesh::plan {
namespace {

/// Planned values by node: the `after` of each planned change.
class PlannedSource final : public InstanceValueSource {
 public:
  PlannedSource(const ResourceGraph& graph, const Plan& plan)
      : values_(graph.nodes.size(), Value::unknown()) {
    for (const ResourceChange& c : plan.changes)
      if (c.graph_node >= 0 && static_cast<size_t>(c.graph_node) < values_.size())
        values_[c.graph_node] = c.after;
  }
  Value instance_value(uint32_t node) const override { return values_[node]; }

 private:
  std::vector<Value> values_;
};

std::string location(const ResourceGraph& graph, const SourceRange& range) {
  if (!graph.sources || !range.valid()) return "";
  return graph.sources->path(range.file) + ":" + std::to_string(range.begin.line) + ":" +
         std::to_string(range.begin.column);
}

const ast::Expr* attribute(const ast::Block& block, std::string_view name) {
  for (const ast::Attribute& a : block.body.attributes)
    if (a.name == name) return a.value.get();
  return nullptr;
}

/// `kind` matches a template by its block kind (`dm_cluster` when imported `as dm`) or by the
/// name it is declared with (`template "cluster"`): a policy written next to a template says
/// `instances("cluster")` and must still see its instances when a configuration imports the
/// file under an alias.
bool template_matches(const TemplateDecl& t, const std::string& kind) {
  if (t.name == kind) return true;
  return t.block && !t.block->labels.empty() && t.block->labels[0].value == kind;
}

struct Subject {
  std::string address;
  Value value;  ///< each.value
  SourceRange range;
};

Value ttl_value(const std::optional<int64_t>& ttl_ms) {
  return ttl_ms ? Value::duration(*ttl_ms) : Value::null();
}

Value lifecycle_value(const Lifecycle& l) {
  return Value::object({{"create_before_destroy", Value::boolean(l.create_before_destroy)},
                        {"prevent_destroy", Value::boolean(l.prevent_destroy)}});
}

/// Sorted entries with meta entries replacing attributes of the same name.
Value with_meta(ValueEntries entries, ValueEntries meta) {
  for (ValueEntry& m : meta) {
    auto same = [&](const ValueEntry& e) { return e.first == m.first; };
    entries.erase(std::remove_if(entries.begin(), entries.end(), same), entries.end());
    entries.push_back(std::move(m));
  }
  std::sort(entries.begin(), entries.end(),
            [](const ValueEntry& a, const ValueEntry& b) { return a.first < b.first; });
  return Value::object(std::move(entries));
}

std::vector<Subject> resource_subjects(const ResourceGraph& graph, const std::string& type,
                                       const InstanceValueSource& source) {
  std::vector<Subject> out;
  for (uint32_t i = 0; i < graph.nodes.size(); ++i) {
    const GraphNode& n = graph.nodes[i];
    if (n.kind != NodeKind::Resource || n.type != type) continue;
    Value v = source.instance_value(i);
    ValueEntries attrs = v.is_object() ? v.entries() : ValueEntries{};
    out.push_back({n.address_text,
                   with_meta(std::move(attrs), {{"address", Value::string(n.address_text)},
                                                {"type", Value::string(n.type)},
                                                {"name", Value::string(n.address.resource.name)},
                                                {"ttl", ttl_value(n.ttl_ms)},
                                                {"lifecycle", lifecycle_value(n.lifecycle)}}),
                   n.range});
  }
  return out;
}

std::vector<Subject> instance_subjects(const ResourceGraph& graph, const std::string& kind,
                                       EvalContext& context) {
  std::vector<Subject> out;
  for (uint32_t m = 1; m < graph.modules.size(); ++m) {
    const ModuleInstance& mi = graph.modules[m];
    if (!mi.tmpl || !template_matches(*mi.tmpl, kind)) continue;
    const TemplateDecl& t = *mi.tmpl;
    ValueEntries entries;
    for (uint32_t i = 0; i < t.params.size() + t.blocks.size(); ++i)
      entries.emplace_back(
          i < t.params.size() ? t.params[i].name : t.blocks[i - t.params.size()].name,
          param_value(m, i, context));
    ValueEntries outputs;
    for (uint32_t i = 0; i < t.body.outputs.size(); ++i)
      outputs.emplace_back(t.body.outputs[i].name, module_output(m, i, context));
    std::sort(outputs.begin(), outputs.end(),
              [](const ValueEntry& a, const ValueEntry& b) { return a.first < b.first; });
    Lifecycle none;
    out.push_back({mi.path_text,
                   with_meta(std::move(entries), {{"address", Value::string(mi.path_text)},
                                                  {"type", Value::string(kind)},
                                                  {"name", Value::string(mi.path.back().name)},
                                                  {"ttl", ttl_value(mi.ttl_ms)},
                                                  {"lifecycle", lifecycle_value(none)},
                                                  {"outputs", Value::object(std::move(outputs))}}),
                   mi.decl ? mi.decl->block->range : SourceRange{}});
  }
  return out;
}

/// The subjects of a policy's `for_each`: `instances("KIND")` or `resources("TYPE")`.
bool subjects_of(const ResourceGraph& graph, const PolicyDecl& policy,
                 const InstanceValueSource& source, EvalContext& context, std::vector<Subject>& out,
                 Diagnostics& diagnostics) {
  const ast::Expr* each = attribute(*policy.block, "for_each");
  const ast::CallExpr* call =
      each && each->kind == ast::ExprKind::Call ? static_cast<const ast::CallExpr*>(each) : nullptr;
  const ast::StringExpr* arg =
      call && call->args.size() == 1 && call->args[0]->kind == ast::ExprKind::String
          ? static_cast<const ast::StringExpr*>(call->args[0].get())
          : nullptr;
  if (!arg || (call->name != "instances" && call->name != "resources")) {
    diagnostics.error(each ? each->range : policy.block->type_range,
                      "a policy's `for_each` is `instances(\"TEMPLATE\")` or "
                      "`resources(\"TYPE\")`");
    return false;
  }
  out = call->name == "instances" ? instance_subjects(graph, arg->value, context)
                                  : resource_subjects(graph, arg->value, source);
  std::sort(out.begin(), out.end(),
            [](const Subject& a, const Subject& b) { return a.address < b.address; });
  return true;
}

std::string message_text(const Value& v) {
  if (v.is_sensitive() || v.contains_sensitive()) return "(sensitive)";
  if (v.is_string()) return v.as_string();
  if (!v.is_wholly_known()) return "(known after apply)";
  return "";
}

/// Evaluates `policies`; `only` (when non-null) limits them to these policy/address pairs.
std::vector<PolicyResult> run(const ResourceGraph& graph, const std::vector<PolicyRef>& policies,
                              const InstanceValueSource& source,
                              const std::set<std::pair<std::string, std::string>>* only,
                              Diagnostics& diagnostics) {
  std::vector<PolicyResult> results;
  EvalContext context(graph, source, diagnostics);
  for (const PolicyRef& ref : policies) {
    const PolicyDecl& p = *ref.decl;
    std::vector<Subject> subjects;
    if (!subjects_of(graph, p, source, context, subjects, diagnostics)) continue;
    const ast::Expr* condition = attribute(*p.block, "condition");
    const ast::Expr* message = attribute(*p.block, "message");
    if (!condition || !message) continue;
    for (const Subject& s : subjects) {
      if (only && !only->count({p.name, s.address})) continue;
      Frame frame;
      frame.key = InstanceKey::of_string(s.address);
      frame.each_value = s.value;
      PolicyResult r;
      r.policy = p.name;
      r.address = s.address;
      r.enforcement = p.enforcement;
      r.policy_range = p.block->range;
      r.subject_range = s.range;
      r.policy_location = location(graph, p.block->range);
      r.subject_location = location(graph, s.range);
      size_t errors = diagnostics.error_count();
      Value ok = evaluate_expr(*condition, frame, context);
      if (diagnostics.error_count() != errors) continue;
      if (!ok.is_known()) {
        r.status = "unknown";
      } else if (ok.is_bool()) {
        r.status = ok.as_bool() ? "pass" : "fail";
      } else {
        diagnostics.error(
            condition->range,
            "policy `" + p.name + "`: the condition must be a bool, for " + s.address);
        continue;
      }
      if (r.status != "pass") r.message = message_text(evaluate_expr(*message, frame, context));
      results.push_back(std::move(r));
    }
  }
  return results;
}

}  // namespace

std::vector<PolicyRef> collect_policies(const Config& config,
                                        const std::vector<const Config*>& central) {
  std::vector<PolicyRef> out;
  std::set<std::string> central_names;
  for (const Config* c : central)
    for (const PolicyDecl& p : c->policies) central_names.insert(p.name);
  for (const PolicyDecl& p : config.policies)
    if (!central_names.count(p.name)) out.push_back({&p, "configuration"});
  std::set<std::string> seen;
  for (const Config* c : central)
    for (const PolicyDecl& p : c->policies)
      if (seen.insert(p.name).second) out.push_back({&p, "central"});
  return out;
}

void evaluate_policies(const ResourceGraph& graph, const std::vector<PolicyRef>& policies,
                       Plan& plan, Diagnostics& diagnostics) {
  PlannedSource source(graph, plan);
  plan.policies = run(graph, policies, source, nullptr, diagnostics);
}

std::vector<PolicyResult> evaluate_policies_applied(const ResourceGraph& graph,
                                                    const std::vector<PolicyRef>& policies,
                                                    const std::vector<PolicyResult>& planned,
                                                    const InstanceValueSource& source,
                                                    Diagnostics& diagnostics) {
  std::set<std::pair<std::string, std::string>> only;
  for (const PolicyResult& r : planned)
    if (r.status == "unknown") only.insert({r.policy, r.address});
  if (only.empty()) return {};
  return run(graph, policies, source, &only, diagnostics);
}

bool denied(const std::vector<PolicyResult>& results) {
  for (const PolicyResult& r : results)
    if (r.enforcement == "deny" && r.status == "fail") return true;
  return false;
}

}  // namespace mesh::plan
