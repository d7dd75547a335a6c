#pragma once
/// The StateStore logic both backends share, written once over sql::Connection. Backends
/// supply how a workspace lock is taken and released (a lock row in SQLite, a session
/// advisory lock plus the same row in PostgreSQL). Internal to state/.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>

#include "state/sql.h"
#include "state/store.h"

namespace mesh::state {

class SqlStore : public StateStore {
 public:
  SqlStore(std::unique_ptr<sql::Connection> db, std::string location, Actor actor)
      : db_(std::move(db)), location_(std::move(location)), actor_(std::move(actor)) {}

  const std::string& location() const override { return location_; }
  const Actor& actor() const override { return actor_; }

  std::unique_ptr<StateLock> lock(const std::string& workspace, std::chrono::milliseconds timeout,
                                  std::string* error) override;
  std::optional<LockInfo> lock_holder(const std::string& workspace, std::string* error) override;
  bool force_unlock(const std::string& lock_id, std::string* error) override;

  std::optional<Snapshot> snapshot(const std::string& workspace, std::string* error) override;
  std::optional<std::vector<HistoryEntry>> history(const std::string& workspace,
                                                   const std::string& address,
                                                   std::string* error) override;
  std::optional<int64_t> commit(const std::string& workspace, const ChangeSet& changes,
                                std::string* error) override;
  std::optional<size_t> move(const std::string& workspace, const std::string& from,
                             const std::string& to, std::string* error) override;
  std::optional<size_t> remove(const std::string& workspace,
                               const std::vector<std::string>& addresses,
                               std::string* error) override;
  std::optional<std::vector<std::string>> workspaces(std::string* error) override;
  std::optional<std::vector<WorkspaceInfo>> workspace_infos(std::string* error) override;
  std::optional<int64_t> set_workspace_expiry(const std::string& workspace,
                                              std::optional<int64_t> expires_at,
                                              std::string* error) override;
  bool create_workspace(const std::string& name, std::string* error) override;
  bool delete_workspace(const std::string& name, bool force, std::string* error) override;
  std::optional<std::string> export_json(const std::string& workspace, std::string* error) override;
  bool import_json(const std::string& workspace, const std::string& json_text,
                   std::string* error) override;

 protected:
  enum class Attempt { Acquired, Held, Failed };
  /// One non-blocking attempt, called with mutex_ held. On Held, fills `holder`.
  virtual Attempt try_lock(const LockInfo& mine, LockInfo* holder, std::string* error) = 0;
  /// Frees the backend's lock (called with mutex_ held, after the lock row is deleted).
  virtual void release_backend(const LockInfo& lock) = 0;
  /// The row of a lock that is really held (PostgreSQL drops rows of dead sessions).
  virtual std::optional<LockInfo> live_lock_row(const std::string& column, const std::string& key,
                                                std::string* error);
  /// Breaks a lock held by another session, before its row is deleted.
  virtual bool break_backend(const LockInfo& lock, std::string* error);
  void release(const LockInfo& lock) override;

  std::optional<LockInfo> read_lock_row(const std::string& column, const std::string& key,
                                        std::string* error);
  sql::Connection& db() { return *db_; }

  std::unique_ptr<sql::Connection> db_;
  std::string location_;
  Actor actor_;
  std::mutex mutex_;            ///< serializes every use of the connection
  std::set<std::string> held_;  ///< workspaces this store holds the lock of

 private:
  struct PendingCommit;
  bool write_commits(std::deque<PendingCommit*>& batch);
  std::optional<int64_t> write_one(const std::string& workspace, const ChangeSet& changes,
                                   std::string* error);
  std::optional<int64_t> next_version(const std::string& workspace, std::string* error);
  bool add_change(const std::string& workspace, int64_t serial, int64_t& seq,
                  const std::string& address, const char* action, const std::string& detail,
                  const std::string* record, std::string* error);
  bool workspace_exists(const std::string& name, bool* exists, std::string* error);
  std::optional<std::vector<std::string>> matching(const std::string& workspace,
                                                   const std::string& address, std::string* error);

  // Group commit: callers queue; one leader writes the whole queue in one transaction.
  std::mutex queue_mutex_;
  std::condition_variable queue_done_;
  std::deque<PendingCommit*> queue_;
  bool leader_active_ = false;
};

/// Names a workspace may have: letters, digits, `-`, `_`, `.`; at most 90 characters.
bool valid_workspace_name(const std::string& name, std::string* error);

}  // namespace mesh::state
