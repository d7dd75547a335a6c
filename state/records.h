#pragma once
/// Plain records the state store reads and writes. They carry JSON text, not language values:
/// state knows nothing of the language; the planner converts values to and from JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mesh::state {

/// One resource instance as last recorded. Times are Unix seconds (UTC).
struct ResourceRecord {
  std::string address;   ///< e.g. `postgres_schema.orders["v1"]`: the key within a workspace
  std::string type;      ///< e.g. `postgres_schema`
  std::string provider;  ///< e.g. `postgres` or `postgres.analytics`
  std::string attributes_json = "{}";        ///< the provider's attributes, compact JSON text
  std::vector<std::string> sensitive_paths;  ///< JSON Pointers (RFC 6901) into the attributes
  std::vector<std::string> dependencies;     ///< addresses this instance depends on
  bool prevent_destroy = false;
  bool create_before_destroy = false;
  int64_t created_at = 0;             ///< set by the store on first commit; kept on updates
  int64_t updated_at = 0;             ///< set by the store on every commit
  std::optional<int64_t> expires_at;  ///< ttl: when `mesh gc` may destroy it
  /// The `ttl` (milliseconds) `expires_at` was computed from: a different ttl in the
  /// configuration moves the expiry. Empty for records written before schema version 3.
  std::optional<int64_t> ttl_ms;
  int64_t schema_version = 0;  ///< the provider's schema version for these attributes
};

/// One root output. `value_json` is compact JSON text.
struct OutputRecord {
  std::string name;
  std::string value_json = "null";
  bool sensitive = false;
};

/// A consistent read of one workspace.
struct Snapshot {
  std::string workspace;
  bool exists = false;  ///< false: the workspace was never created (lineage empty, serial 0)
  std::string lineage;  ///< UUID fixed when the workspace was created
  int64_t serial = 0;   ///< bumped by every commit
  /// The workspace's own expiry (`mesh apply --ttl`), Unix seconds: once past, `mesh gc`
  /// destroys everything in it and deletes it.
  std::optional<int64_t> expires_at;
  std::vector<ResourceRecord> resources;  ///< sorted by address
  std::vector<OutputRecord> outputs;      ///< sorted by name

  const ResourceRecord* find(const std::string& address) const;
  const OutputRecord* find_output(const std::string& name) const;
};

/// A workspace as listed: its name and its own expiry, if any.
struct WorkspaceInfo {
  std::string name;
  std::optional<int64_t> expires_at;  ///< Unix seconds
};

/// What one commit changes; applied as one transaction that bumps the serial once.
struct ChangeSet {
  std::vector<ResourceRecord> upserts;
  std::vector<std::string> deletes;  ///< resource addresses
  std::vector<OutputRecord> set_outputs;
  std::vector<std::string> delete_outputs;  ///< output names
  bool empty() const {
    return upserts.empty() && deletes.empty() && set_outputs.empty() && delete_outputs.empty();
  }
};

/// What one version did to one address. Outputs appear as `output.NAME`.
struct HistoryChange {
  std::string address;
  std::string action;  ///< created, updated, deleted, moved
  std::string detail;  ///< for moved: `from ADDR` or `to ADDR`; otherwise empty
};

/// One state version: who committed it, when, with which command, and what changed.
struct HistoryEntry {
  int64_t serial = 0;
  int64_t time = 0;  ///< Unix seconds
  std::string user;
  std::string host;
  int64_t pid = 0;
  std::string command;
  std::vector<HistoryChange> changes;
};

/// Who is writing: recorded on locks and history rows.
struct Actor {
  std::string user;
  std::string host;
  int64_t pid = 0;
  std::string command;  ///< e.g. `mesh apply`

  /// The current process: $USER (or the passwd entry), gethostname(), getpid().
  static Actor current(std::string command);
};

/// The holder of a workspace lock, as recorded in the lock row.
struct LockInfo {
  std::string id;  ///< UUID; what `mesh force-unlock` takes
  std::string workspace;
  std::string user;
  std::string host;
  int64_t pid = 0;
  std::string command;
  int64_t created_at = 0;  ///< Unix seconds

  /// True when the holder ran on this host and its pid no longer exists.
  bool stale() const;
  /// `state is locked by alice@host (pid 4242, mesh apply) since 12:03:11`, plus the
  /// force-unlock hint when stale.
  std::string message() const;
};

}  // namespace mesh::state
