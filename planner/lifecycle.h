#pragma once
/// Lifecycle rules applied while planning one instance: `ignore_changes`, `prevent_destroy`
/// (from the configuration and from state: a protection recorded by an apply outlives the
/// block that set it) and `ttl` expiry.

#include <cstdint>
#include <optional>
#include <string>

#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "core/schema.h"
#include "core/value.h"
#include "planner/plan.h"
#include "state/records.h"

namespace mesh::plan {

/// `config` with the ignored attributes taken from `prior` (Terraform semantics: an ignored
/// attribute keeps its recorded value, whatever the configuration says). `ignore_changes =
/// all` keeps every settable attribute. A malformed path is reported as a warning.
Value apply_ignore_changes(const Value& config, const Value& prior, const Lifecycle& lifecycle,
                           const ResourceSchema* schema, const std::string& address,
                           Diagnostics& diagnostics);

/// Whether the instance is protected: its configuration says `prevent_destroy = true`, or the
/// state recorded it so and no applied change has lifted it since.
bool is_protected(const GraphNode* node, const state::ResourceRecord* record);

/// The located error for a plan that would destroy or replace a protected instance.
Diagnostic protection_error(const ResourceChange& change, const GraphNode* node,
                            const state::ResourceRecord* record);

/// Whether a recorded instance's ttl ran out at `now` (Unix seconds).
bool expired(const state::ResourceRecord& record, int64_t now);

/// The expiry to record: a new object (create, replace) expires `ttl` after `now`; an existing
/// one keeps its recorded expiry, gets one from `now` when a ttl was just added, loses it when
/// the ttl was removed, and has it moved when the ttl changed (the record says which ttl its
/// expiry came from): the new ttl counts from when the old expiry started (expires_at − old
/// ttl). A record without its ttl (written before state schema 3) keeps its expiry.
std::optional<int64_t> planned_expiry(const std::optional<int64_t>& ttl_ms,
                                      const state::ResourceRecord* record, bool fresh, int64_t now);

}  // namespace mesh::plan
