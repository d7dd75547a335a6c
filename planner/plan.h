#pragma once
/// The plan: what `mesh plan` computed and `mesh apply` executes. One model, rendered three
/// ways (human, JSON, Markdown) and saved to a file with `--out`. Values here may hold
/// unknowns (known after apply) and sensitive marks; every renderer redacts sensitive values.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/source.h"
#include "core/value.h"

namespace mesh::plan {

enum class Action : uint8_t {
  NoOp,
  Create,
  Update,        ///< in place
  DeleteCreate,  ///< replace: delete first, then create (the default)
  CreateDelete,  ///< replace under create_before_destroy
  Delete,
};

/// Why a change happens; shown on the reason line of every renderer.
enum class Reason : uint8_t {
  None,               ///< creates and updates whose cause is plain from the diff
  ForcesReplacement,  ///< an attribute marked force-new changed (`replace_paths` says which)
  ReplaceRequested,   ///< `--replace ADDR`
  NotInConfig,        ///< in state, no longer in configuration
  TtlExpired,         ///< `ttl` ran out (`mesh gc`, or a plan after expiry)
  Drifted,            ///< changed outside mesh (found by refresh)
  Gone,               ///< deleted outside mesh: re-created
  DestroyRequested,   ///< `mesh destroy` / `--destroy`
};

struct ResourceChange {
  std::string address;
  std::string type;
  std::string provider;  ///< provider configuration: `postgres` or `postgres.analytics`
  Action action = Action::NoOp;
  Reason reason = Reason::None;
  std::vector<std::string> replace_paths;  ///< attributes forcing the replacement
  Value before;                            ///< prior state (null for creates)
  Value after;                             ///< planned state, may hold unknowns (null for deletes)
  std::vector<std::string> dependencies;   ///< addresses this instance depends on
  bool prevent_destroy = false;
  bool create_before_destroy = false;
  std::optional<int64_t> expires_at;  ///< Unix seconds, from ttl
  /// As recorded in state before this change (a flip of either is itself a change to record:
  /// protection is lifted only by an applied change).
  bool prior_prevent_destroy = false;
  std::optional<int64_t> prior_expires_at;
  /// The configured `ttl` (milliseconds) `expires_at` comes from, and the one state recorded:
  /// kept in state so that a changed ttl moves the expiry (not part of the JSON format).
  std::optional<int64_t> ttl_ms;
  std::optional<int64_t> prior_ttl_ms;
  SourceRange range;        ///< the resource block, when in configuration
  int64_t graph_node = -1;  ///< node id in the resource graph; -1 for orphans
};

/// A resource that refresh found changed (or gone) outside mesh.
struct Drift {
  std::string address;
  Value before;  ///< as recorded in state
  Value after;   ///< as read now (null when gone)
  bool gone = false;
};

struct OutputChange {
  std::string name;
  Action action = Action::NoOp;  ///< Create, Update, Delete or NoOp
  Value before;
  Value after;
  bool sensitive = false;
};

/// One policy verdict (filled by the policy engine; see docs/plan-format.md).
struct PolicyResult {
  std::string policy;
  std::string address;
  std::string enforcement;  ///< "deny" or "warn"
  std::string status;       ///< "pass", "fail" or "unknown" (checked at apply)
  std::string message;
  SourceRange policy_range;
  SourceRange subject_range;
  std::string policy_location;   ///< `file:line:col` of the policy block
  std::string subject_location;  ///< `file:line:col` of the instance or resource block
};

struct Summary {
  size_t add = 0, change = 0, replace = 0, destroy = 0;
  bool empty() const { return add + change + replace + destroy == 0; }
};

struct Plan {
  std::string workspace;
  std::string lineage;        ///< state lineage the plan was made against ("" for a new workspace)
  int64_t serial = 0;         ///< state serial the plan was made against
  std::string config_digest;  ///< sha256 over sources and variable values
  bool destroy = false;       ///< a `--destroy` / `mesh destroy` plan
  std::vector<std::string> targets;  ///< `--target` addresses the plan was limited to
  std::vector<std::string> replace;  ///< `--replace` addresses
  bool refreshed = false;            ///< instances were read from their providers first
  int64_t created_at = 0;            ///< Unix seconds; expiries are shown relative to it
  /// The workspace's own expiry (Unix seconds) once this plan is applied: `--ttl D` sets it
  /// to created_at + D, `--ttl none` clears it, neither keeps what state records
  /// (`prior_workspace_expires_at`). A difference is itself a change the apply records.
  std::optional<int64_t> workspace_expires_at;
  std::optional<int64_t> prior_workspace_expires_at;
  std::vector<ResourceChange> changes;  ///< every instance, no-ops included, sorted by address
  std::vector<OutputChange> outputs;
  std::vector<Drift> drift;
  std::vector<PolicyResult> policies;

  Summary summary() const;
};

}  // namespace mesh::plan
