#include "planner/render_json.h"

#include "core/value_json.h"
#include "planner/describe.h"

namespace mesh::plan {
namespace {

using ojson = nlohmann::ordered_json;

/// Terraform's shape: one or two steps, in execution order.
ojson actions_json(Action action) {
  switch (action) {
    case Action::NoOp:
      return ojson::array({"no-op"});
    case Action::Create:
      return ojson::array({"create"});
    case Action::Update:
      return ojson::array({"update"});
    case Action::DeleteCreate:
      return ojson::array({"delete", "create"});
    case Action::CreateDelete:
      return ojson::array({"create", "delete"});
    case Action::Delete:
      return ojson::array({"delete"});
  }
  return ojson::array();
}

/// A value redacted: sensitive places null (paths in `*sensitive`), unknown places null
/// (paths in `*unknown`). The plain json is re-parsed into ordered_json: object keys stay
/// sorted as the value holds them.
ojson ordered(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      ojson out = ojson::object();
      for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = ordered(it.value());
      return out;
    }
    case nlohmann::json::value_t::array: {
      ojson out = ojson::array();
      for (const nlohmann::json& item : j) out.push_back(ordered(item));
      return out;
    }
    case nlohmann::json::value_t::string:
      return j.get<std::string>();
    case nlohmann::json::value_t::boolean:
      return j.get<bool>();
    case nlohmann::json::value_t::number_integer:
      return j.get<int64_t>();
    case nlohmann::json::value_t::number_unsigned:
      return j.get<uint64_t>();
    case nlohmann::json::value_t::number_float:
      return j.get<double>();
    default:
      return nullptr;
  }
}

ojson redacted(const Value& v, std::vector<std::string>* sensitive,
               std::vector<std::string>* unknown) {
  return ordered(to_json_redacted(v, sensitive, unknown));
}

}  // namespace

ojson change_json(const ResourceChange& c) {
  ojson j;
  j["address"] = c.address;
  j["type"] = c.type;
  j["provider"] = c.provider;
  j["action"] = std::string(action_name(c.action));
  j["actions"] = actions_json(c.action);
  j["reason"] = std::string(reason_name(c.reason));
  j["reason_text"] = reason_text(c);
  j["replace_paths"] = c.replace_paths;
  j["dependencies"] = c.dependencies;
  std::vector<std::string> before_sensitive, before_unknown, after_sensitive, after_unknown;
  j["before"] = redacted(c.before, &before_sensitive, &before_unknown);
  j["after"] = redacted(c.after, &after_sensitive, &after_unknown);
  j["after_unknown"] = after_unknown;
  j["before_sensitive"] = before_sensitive;
  j["after_sensitive"] = after_sensitive;
  j["prevent_destroy"] = c.prevent_destroy;
  j["prior_prevent_destroy"] = c.prior_prevent_destroy;
  j["create_before_destroy"] = c.create_before_destroy;
  j["expires_at"] = c.expires_at ? ojson(*c.expires_at) : ojson(nullptr);
  j["prior_expires_at"] = c.prior_expires_at ? ojson(*c.prior_expires_at) : ojson(nullptr);
  return j;
}

ojson output_change_json(const OutputChange& o) {
  ojson j;
  j["name"] = o.name;
  j["action"] = std::string(action_name(o.action));
  j["actions"] = actions_json(o.action);
  j["sensitive"] = o.sensitive;
  std::vector<std::string> before_sensitive, before_unknown, after_sensitive, after_unknown;
  Value before = o.sensitive ? o.before.mark_sensitive() : o.before;
  Value after = o.sensitive ? o.after.mark_sensitive() : o.after;
  j["before"] = redacted(before, &before_sensitive, &before_unknown);
  j["after"] = redacted(after, &after_sensitive, &after_unknown);
  j["after_unknown"] = after_unknown;
  j["before_sensitive"] = before_sensitive;
  j["after_sensitive"] = after_sensitive;
  return j;
}

ojson drift_json(const Drift& d) {
  ojson j;
  j["address"] = d.address;
  j["gone"] = d.gone;
  std::vector<std::string> before_sensitive, after_sensitive, unknown;
  j["before"] = redacted(d.before, &before_sensitive, &unknown);
  j["after"] = redacted(d.after, &after_sensitive, &unknown);
  j["before_sensitive"] = before_sensitive;
  j["after_sensitive"] = after_sensitive;
  return j;
}

ojson plan_json(const Plan& plan) {
  ojson j;
  j["format_version"] = kPlanFormatVersion;
  j["workspace"] = plan.workspace;
  j["lineage"] = plan.lineage;
  j["serial"] = plan.serial;
  j["config_digest"] = plan.config_digest;
  j["created_at"] = plan.created_at;
  j["workspace_expires_at"] =
      plan.workspace_expires_at ? ojson(*plan.workspace_expires_at) : ojson(nullptr);
  j["prior_workspace_expires_at"] =
      plan.prior_workspace_expires_at ? ojson(*plan.prior_workspace_expires_at) : ojson(nullptr);
  j["destroy"] = plan.destroy;
  j["refreshed"] = plan.refreshed;
  j["targets"] = plan.targets;
  j["replace"] = plan.replace;
  ojson changes = ojson::array();
  for (const ResourceChange& c : plan.changes) changes.push_back(change_json(c));
  j["changes"] = std::move(changes);
  ojson outputs = ojson::array();
  for (const OutputChange& o : plan.outputs) outputs.push_back(output_change_json(o));
  j["output_changes"] = std::move(outputs);
  ojson drift = ojson::array();
  for (const Drift& d : plan.drift) drift.push_back(drift_json(d));
  j["drift"] = std::move(drift);
  ojson policies = ojson::array();
  for (const PolicyResult& p : plan.policies) {
    ojson r;
    r["policy"] = p.policy;
    r["address"] = p.address;
    r["enforcement"] = p.enforcement;
    r["status"] = p.status;
    r["message"] = p.message;
    if (!p.policy_location.empty()) r["policy_location"] = p.policy_location;
    if (!p.subject_location.empty()) r["subject_location"] = p.subject_location;
    policies.push_back(std::move(r));
  }
  j["policy_results"] = std::move(policies);
  Summary s = plan.summary();
  ojson summary;
  summary["add"] = s.add;
  summary["change"] = s.change;
  summary["replace"] = s.replace;
  summary["destroy"] = s.destroy;
  j["summary"] = std::move(summary);
  return j;
}

std::string render_json(const Plan& plan) {
  return plan_json(plan).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace mesh::plan
