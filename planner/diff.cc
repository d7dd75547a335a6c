#include "planner/diff.h"

#include "planner/describe.h"
#include "planner/equality.h"
#include "planner/lifecycle.h"

namespace mesh::plan {
namespace {

void report(const GraphNode& node, const std::string& message, Diagnostics& diagnostics) {
  Diagnostic& d = diagnostics.error(node.range, node.address_text + ": " + message);
  d.subject = node.address_text;
}

}  // namespace

std::vector<std::string> changed_attributes(const Value& before, const Value& after) {
  std::vector<std::string> out;
  static const Value null{};
  const ValueEntries& x = before.is_object() ? before.entries() : null.entries();
  const ValueEntries& y = after.is_object() ? after.entries() : null.entries();
  size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    if (j == y.size() || (i < x.size() && x[i].first < y[j].first)) {
      if (!same_value(x[i].second, null)) out.push_back(x[i].first);
      ++i;
    } else if (i == x.size() || y[j].first < x[i].first) {
      if (!same_value(null, y[j].second)) out.push_back(y[j].first);
      ++j;
    } else {
      if (!same_value(x[i].second, y[j].second)) out.push_back(x[i].first);
      ++i;
      ++j;
    }
  }
  return out;
}

InstancePlan diff_instance(const InstanceInput& in, Diagnostics& diagnostics) {
  const GraphNode& node = *in.node;
  InstancePlan out;
  ResourceChange& c = out.change;
  c.address = node.address_text;
  c.type = node.type;
  c.provider = node.provider;
  c.range = node.range;
  c.graph_node = in.id;
  c.prevent_destroy = node.lifecycle.prevent_destroy;
  c.create_before_destroy = node.lifecycle.create_before_destroy;

  const state::ResourceRecord* record = in.prior ? in.prior->record : nullptr;
  const bool exists = in.prior && !in.prior->gone;
  if (record) {
    c.prior_prevent_destroy = record->prevent_destroy;
    c.prior_expires_at = record->expires_at;
    c.prior_ttl_ms = record->ttl_ms;
  }
  c.ttl_ms = node.ttl_ms;
  const Value prior = exists ? in.prior->current : Value();
  Value config = in.config;
  if (exists) {
    config =
        apply_ignore_changes(config, prior, node.lifecycle, node.schema, c.address, diagnostics);
  }

  PlannedState planned = in.provider->plan(node.type, prior, config);
  if (!planned.error.empty()) {
    report(node, planned.error, diagnostics);
    out.ok = false;
    out.planned = Value::unknown();
    return out;
  }

  const bool ttl_expired = exists && expired(*record, in.now);
  const bool forced = exists && (in.replace_requested || ttl_expired);
  if (forced && planned.requires_replace.empty()) {
    // The provider planned an update; a forced replacement needs the create-shaped plan
    // (computed attributes unknown again).
    PlannedState fresh = in.provider->plan(node.type, Value(), config);
    if (!fresh.error.empty()) {
      report(node, fresh.error, diagnostics);
      out.ok = false;
      out.planned = Value::unknown();
      return out;
    }
    planned.value = std::move(fresh.value);
  }

  c.before = prior;
  c.after = planned.value;
  out.planned = planned.value;
  const bool replacing = exists && (forced || !planned.requires_replace.empty());
  if (!exists) {
    c.action = Action::Create;
    c.reason = in.prior && in.prior->gone ? Reason::Gone : Reason::None;
  } else if (replacing) {
    c.action = node.lifecycle.create_before_destroy ? Action::CreateDelete : Action::DeleteCreate;
    c.replace_paths = planned.requires_replace;
    if (in.replace_requested) {
      c.reason = Reason::ReplaceRequested;
    } else if (!planned.requires_replace.empty()) {
      c.reason = Reason::ForcesReplacement;
    } else {
      c.reason = Reason::TtlExpired;
    }
  } else {
    c.expires_at = planned_expiry(node.ttl_ms, record, false, in.now);
    const bool changed = !same_value(prior, planned.value);
    const bool lifecycle_changed = record->prevent_destroy != c.prevent_destroy ||
                                   record->expires_at != c.expires_at ||
                                   (record->ttl_ms && record->ttl_ms != c.ttl_ms);
    if (changed) {
      c.action = Action::Update;
      c.reason = in.prior->drifted ? Reason::Drifted : Reason::None;
    } else if (lifecycle_changed) {
      c.action = Action::Update;
    } else {
      c.action = Action::NoOp;
      // Dependents see exactly what is recorded.
      out.planned = prior;
      c.after = prior;
    }
  }
  if (c.action == Action::Create || is_replace(c.action))
    c.expires_at = planned_expiry(node.ttl_ms, record, true, in.now);
  return out;
}

}  // namespace mesh::plan
