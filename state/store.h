#pragma once
/// The state store: the one interface the planner, executor and CLI use to read and write
/// state. Two backends share it: SQLite (default, one file) and PostgreSQL (teams).
///
/// Errors are values: every fallible call returns false, nullopt or nullptr and sets `error`
/// to one line that names the state file or URL. Nothing throws.
///
/// Thread safety: one StateStore may be used from several threads; calls are serialized
/// internally, and commits arriving together are written as one transaction (group commit).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "state/lock.h"
#include "state/records.h"

namespace mesh::state {

struct OpenOptions {
  /// Who writes: recorded on locks and history. Defaults to the current process.
  Actor actor = Actor::current("mesh");
  /// Create the SQLite file (and its directory) when missing. Read-only commands pass false so
  /// a typo in `--state` does not leave an empty database behind.
  bool create = true;
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  /// The URL or file this store was opened from, for messages.
  virtual const std::string& location() const = 0;
  virtual const Actor& actor() const = 0;

  // --- Locking: one writer per workspace.

  /// Takes the workspace lock, polling until `timeout` (zero: one attempt). On failure
  /// returns nullptr and sets `error` to LockInfo::message() of the holder. The lock is
  /// released when the returned guard is destroyed; the store must outlive it.
  virtual std::unique_ptr<StateLock> lock(const std::string& workspace,
                                          std::chrono::milliseconds timeout,
                                          std::string* error) = 0;
  /// The current holder of a workspace lock, if any.
  virtual std::optional<LockInfo> lock_holder(const std::string& workspace, std::string* error) = 0;
  /// Breaks the lock with this id, whoever holds it.
  virtual bool force_unlock(const std::string& lock_id, std::string* error) = 0;

  // --- Reads.

  /// All resources and outputs of a workspace in one consistent read. A workspace that does
  /// not exist yields `exists = false` and no error.
  virtual std::optional<Snapshot> snapshot(const std::string& workspace, std::string* error) = 0;
  /// Versions oldest first; with `address`, only versions that touched it (and only its
  /// changes).
  virtual std::optional<std::vector<HistoryEntry>> history(const std::string& workspace,
                                                           const std::string& address,
                                                           std::string* error) = 0;

  // --- Writes (callers hold the workspace lock).

  /// Applies `changes` as one transaction: bumps the serial, appends a history version, and
  /// creates the workspace (with a new lineage) when missing. Returns the new serial.
  virtual std::optional<int64_t> commit(const std::string& workspace, const ChangeSet& changes,
                                        std::string* error) = 0;
  /// Renames one address, or every instance under it (`a.b` moves `a.b["x"]` and `a.b.c…`).
  /// Returns how many instances moved.
  virtual std::optional<size_t> move(const std::string& workspace, const std::string& from,
                                     const std::string& to, std::string* error) = 0;
  /// Forgets addresses (each exact, or every instance under it) without destroying anything.
  /// Returns how many instances were removed; an address matching nothing is an error.
  virtual std::optional<size_t> remove(const std::string& workspace,
                                       const std::vector<std::string>& addresses,
                                       std::string* error) = 0;

  // --- Workspaces.

  virtual std::optional<std::vector<std::string>> workspaces(std::string* error) = 0;
  /// The same names with each workspace's expiry (one query: `mesh workspace list`, `mesh gc`).
  virtual std::optional<std::vector<WorkspaceInfo>> workspace_infos(std::string* error) = 0;
  /// Sets the workspace's expiry, or clears it with nullopt (the caller holds the lock).
  /// Creates the workspace when missing. A change adds a history version (change `workspace`,
  /// action `updated`, detail `expires at TIME` or `expiry cleared`) and returns its serial;
  /// no change writes nothing and returns the current serial. `default` cannot expire.
  virtual std::optional<int64_t> set_workspace_expiry(const std::string& workspace,
                                                      std::optional<int64_t> expires_at,
                                                      std::string* error) = 0;
  /// Creates an empty workspace with a fresh lineage; an existing name is an error.
  virtual bool create_workspace(const std::string& name, std::string* error) = 0;
  /// Deletes a workspace with its history. Refuses one that still has resources unless
  /// `force`, and one that is locked.
  virtual bool delete_workspace(const std::string& name, bool force, std::string* error) = 0;

  // --- Export and import (docs/state.md: "Export format").

  /// The whole workspace (records, lineage, serial, history) as versioned JSON text.
  virtual std::optional<std::string> export_json(const std::string& workspace,
                                                 std::string* error) = 0;
  /// Restores an export into `workspace`, which must be missing or empty: lineage, serial,
  /// resources, outputs and history are kept as exported.
  virtual bool import_json(const std::string& workspace, const std::string& json_text,
                           std::string* error) = 0;

 protected:
  friend class StateLock;
  virtual void release(const LockInfo& lock) = 0;
};

/// Opens a store: `sqlite:///abs/path.db`, a plain file path, or
/// `postgres://user@host:port/db?schema=NAME` (also `postgresql://`). Runs migrations.
std::unique_ptr<StateStore> open_store(const std::string& url, const OpenOptions& options,
                                       std::string* error);

/// The state URL a command uses: `--state`, else $MESH_STATE, else `DIR/.mesh/state.db`.
std::string default_state_url(const std::string& flag, const std::string& config_dir);

}  // namespace mesh::state
