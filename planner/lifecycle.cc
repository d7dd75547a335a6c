#include "planner/lifecycle.h"

#include "planner/describe.h"
#include "planner/paths.h"

namespace mesh::plan {

Value apply_ignore_changes(const Value& config, const Value& prior, const Lifecycle& lifecycle,
                           const ResourceSchema* schema, const std::string& address,
                           Diagnostics& diagnostics) {
  if (!prior.is_object() || !config.is_object()) return config;
  if (lifecycle.ignore_all_changes) {
    ValueEntries entries = config.entries();
    for (ValueEntry& e : entries) {
      const AttributeSchema* a = schema ? schema->find(e.first) : nullptr;
      if (a && !a->settable()) continue;
      const Value* old = prior.find(e.first);
      e.second = old ? *old : Value();
    }
    return Value::object(std::move(entries));
  }
  Value out = config;
  for (const std::string& path : lifecycle.ignore_changes) {
    std::vector<PathStep> steps;
    if (!parse_path(path, &steps) || steps.empty()) {
      Diagnostic& d = diagnostics.warning(
          {}, "ignore_changes: malformed attribute path \"" + path + "\" is ignored");
      d.subject = address;
      continue;
    }
    const Value* old = value_at(prior, steps);
    out = set_at(out, steps, old ? std::optional<Value>(*old) : std::nullopt);
  }
  return out;
}

bool is_protected(const GraphNode* node, const state::ResourceRecord* record) {
  return (node && node->lifecycle.prevent_destroy) || (record && record->prevent_destroy);
}

Diagnostic protection_error(const ResourceChange& change, const GraphNode* node,
                            const state::ResourceRecord* record) {
  Diagnostic d;
  const bool replacing = is_replace(change.action);
  std::string why = reason_text(change);
  // Without a source range the renderer prints the address in front already.
  d.message = (node ? change.address + ": " : std::string()) + "cannot " +
              (replacing ? "replace" : "destroy") + " a protected instance (prevent_destroy)";
  if (!why.empty())
    d.message += "; it would be " + std::string(replacing ? "replaced" : "destroyed") + ": " + why;
  if (node) d.range = node->range;
  d.subject = change.address;
  const bool from_config = node && node->lifecycle.prevent_destroy;
  if (!from_config && record && record->prevent_destroy) {
    d.notes.push_back({"the state records prevent_destroy = true for " + change.address +
                           " (set by an earlier apply); the protection stays until an applied "
                           "change sets it to false",
                       {}});
  }
  d.notes.push_back({from_config ? "remove `prevent_destroy` (or set it to false) in its lifecycle "
                                   "block and apply first; then plan this change again"
                                 : "remove `prevent_destroy` and apply first: keep the resource "
                                   "in the configuration with `lifecycle { prevent_destroy = "
                                   "false }`, apply, then plan this change again",
                     {}});
  return d;
}

bool expired(const state::ResourceRecord& record, int64_t now) {
  return record.expires_at && *record.expires_at <= now;
}

std::optional<int64_t> planned_expiry(const std::optional<int64_t>& ttl_ms,
                                      const state::ResourceRecord* record, bool fresh,
                                      int64_t now) {
  if (!ttl_ms) return std::nullopt;
  const int64_t ttl_seconds = (*ttl_ms + 999) / 1000;
  if (fresh || !record || !record->expires_at) return now + ttl_seconds;
  if (record->ttl_ms && *record->ttl_ms != *ttl_ms) {
    // The ttl changed: the lifetime still counts from when the expiry was first set (the
    // object was made, or got its ttl), so a shorter ttl may already be over.
    const int64_t start = *record->expires_at - (*record->ttl_ms + 999) / 1000;
    return start + ttl_seconds;
  }
  return record->expires_at;
}

}  // namespace mesh::plan
