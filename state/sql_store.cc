#include "state/sql_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_set>

#include "state/export.h"
#include "state/uuid.h"

namespace mesh::state {
namespace {

using namespace std::chrono_literals;

int64_t now_seconds() {
  return static_cast<int64_t>(std::time(nullptr));
}

/// SQL `substr` counts characters, not bytes: count UTF-8 code points.
int64_t char_count(const std::string& s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

bool valid_json_object(const std::string& text) {
  size_t i = text.find_first_not_of(" \t\r\n");
  return i != std::string::npos && text[i] == '{' && nlohmann::json::accept(text);
}

bool validate(const ChangeSet& changes, std::string* error) {
  for (const ResourceRecord& r : changes.upserts) {
    if (r.address.empty()) {
      *error = "cannot commit a resource with an empty address";
      return false;
    }
    if (!valid_json_object(r.attributes_json)) {
      *error = fmt::format("cannot commit {}: its attributes are not a JSON object", r.address);
      return false;
    }
  }
  for (const OutputRecord& o : changes.set_outputs) {
    if (o.name.empty() || !nlohmann::json::accept(o.value_json)) {
      *error = fmt::format("cannot commit output \"{}\": its value is not JSON", o.name);
      return false;
    }
  }
  return true;
}

const char* kResourceColumns =
    "address, type, provider, attributes, sensitive_paths, dependencies, prevent_destroy, "
    "create_before_destroy, created_at, updated_at, expires_at, schema_version, ttl_ms";

bool read_resource(const sql::Row& row, ResourceRecord* r) {
  r->address = row.str(0);
  r->type = row.str(1);
  r->provider = row.str(2);
  r->attributes_json = row.str(3);
  r->prevent_destroy = row.integer(6) != 0;
  r->create_before_destroy = row.integer(7) != 0;
  r->created_at = row.integer(8);
  r->updated_at = row.integer(9);
  if (!row.null(10)) r->expires_at = row.integer(10);
  r->schema_version = row.integer(11);
  if (!row.null(12)) r->ttl_ms = row.integer(12);
  return parse_string_list(row.text(4), &r->sensitive_paths) &&
         parse_string_list(row.text(5), &r->dependencies);
}

bool insert_resource(sql::Connection& db, const std::string& workspace, const ResourceRecord& r,
                     bool upsert, std::string* error) {
  static const std::string insert_sql = std::string("INSERT INTO resources (workspace, ") +
                                        kResourceColumns +
                                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static const std::string upsert_sql =
      insert_sql +
      " ON CONFLICT (workspace, address) DO UPDATE SET type = excluded.type, provider = "
      "excluded.provider, attributes = excluded.attributes, sensitive_paths = "
      "excluded.sensitive_paths, dependencies = excluded.dependencies, prevent_destroy = "
      "excluded.prevent_destroy, create_before_destroy = excluded.create_before_destroy, "
      "updated_at = excluded.updated_at, expires_at = excluded.expires_at, schema_version = "
      "excluded.schema_version, ttl_ms = excluded.ttl_ms";
  std::string sensitive = string_list_json(r.sensitive_paths);
  std::string deps = string_list_json(r.dependencies);
  return db.run(upsert ? upsert_sql : insert_sql,
                {workspace, r.address, r.type, r.provider, r.attributes_json, sensitive, deps,
                 r.prevent_destroy, r.create_before_destroy, r.created_at, r.updated_at,
                 r.expires_at, r.schema_version, r.ttl_ms},
                error);
}

}  // namespace

bool valid_workspace_name(const std::string& name, std::string* error) {
  bool ok = !name.empty() && name.size() <= 90;
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  }
  if (!ok) {
    *error = fmt::format(
        "invalid workspace name \"{}\": use letters, digits, '-', '_' or '.' (at most 90)", name);
  }
  return ok;
}

// --- Locks -----------------------------------------------------------------------------------

std::unique_ptr<StateLock> SqlStore::lock(const std::string& workspace,
                                          std::chrono::milliseconds timeout, std::string* error) {
  if (!valid_workspace_name(workspace, error)) return nullptr;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = 25ms;
  for (;;) {
    LockInfo mine{new_uuid(), workspace,      actor_.user,  actor_.host,
                  actor_.pid, actor_.command, now_seconds()};
    LockInfo holder;
    Attempt attempt;
    {
      std::lock_guard<std::mutex> guard(mutex_);
      if (held_.count(workspace)) {
        *error = fmt::format("workspace {} is already locked by this process", workspace);
        return nullptr;
      }
      attempt = try_lock(mine, &holder, error);
      if (attempt == Attempt::Acquired) held_.insert(workspace);
    }
    if (attempt == Attempt::Acquired) return std::make_unique<StateLock>(this, std::move(mine));
    if (attempt == Attempt::Failed) return nullptr;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      *error = holder.message();
      return nullptr;
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min<std::chrono::milliseconds>(pause * 2, 500ms);
  }
}

void SqlStore::release(const LockInfo& lock) {
  std::lock_guard<std::mutex> guard(mutex_);
  std::string ignored;
  db().run("DELETE FROM locks WHERE id = ?", {lock.id}, &ignored);
  release_backend(lock);
  held_.erase(lock.workspace);
}

std::optional<LockInfo> SqlStore::read_lock_row(const std::string& column, const std::string& key,
                                                std::string* error) {
  std::optional<LockInfo> found;
  std::string sql =
      "SELECT id, workspace, user_name, host, pid, command, created_at FROM locks WHERE " + column +
      " = ?";
  bool ok = db().query(
      sql, {key},
      [&](const sql::Row& r) {
        found =
            LockInfo{r.str(0), r.str(1), r.str(2), r.str(3), r.integer(4), r.str(5), r.integer(6)};
      },
      error);
  if (!ok) {
    found.reset();
    return std::nullopt;
  }
  error->clear();
  return found;
}

std::optional<LockInfo> SqlStore::live_lock_row(const std::string& column, const std::string& key,
                                                std::string* error) {
  return read_lock_row(column, key, error);
}

bool SqlStore::break_backend(const LockInfo&, std::string*) {
  return true;
}

std::optional<LockInfo> SqlStore::lock_holder(const std::string& workspace, std::string* error) {
  std::lock_guard<std::mutex> guard(mutex_);
  error->clear();
  return live_lock_row("workspace", workspace, error);
}

bool SqlStore::force_unlock(const std::string& lock_id, std::string* error) {
  std::lock_guard<std::mutex> guard(mutex_);
  std::optional<LockInfo> row = read_lock_row("id", lock_id, error);
  if (!row) {
    if (error->empty()) *error = fmt::format("no lock with id {} in {}", lock_id, location_);
    return false;
  }
  if (!break_backend(*row, error)) return false;
  return db().run("DELETE FROM locks WHERE id = ?", {lock_id}, error);
}

// --- Reads -----------------------------------------------------------------------------------

namespace {

/// Reads one workspace; the caller holds the store mutex and a read transaction.
bool read_snapshot(sql::Connection& db, const std::string& workspace, Snapshot* out,
                   const std::string& location, std::string* error) {
  out->workspace = workspace;
  if (!db.query(
          "SELECT lineage, (SELECT coalesce(max(v.serial), 0) FROM versions v WHERE v.workspace = "
          "w.name), expires_at FROM workspaces w WHERE w.name = ?",
          {workspace},
          [&](const sql::Row& r) {
            out->exists = true;
            out->lineage = r.str(0);
            out->serial = r.integer(1);
            if (!r.null(2)) out->expires_at = r.integer(2);
          },
          error)) {
    return false;
  }
  if (!out->exists) return true;
  static const std::string resources_sql = std::string("SELECT ") + kResourceColumns +
                                           " FROM resources WHERE workspace = ? ORDER BY address";
  bool rows_ok = true;
  if (!db.query(
          resources_sql, {workspace},
          [&](const sql::Row& r) {
            out->resources.emplace_back();
            rows_ok = read_resource(r, &out->resources.back()) && rows_ok;
          },
          error)) {
    return false;
  }
  if (!rows_ok) {
    *error = fmt::format("state {}: workspace {} has a resource row with malformed JSON lists",
                         location, workspace);
    return false;
  }
  if (!db.query(
          "SELECT name, value, sensitive FROM outputs WHERE workspace = ? ORDER BY name",
          {workspace},
          [&](const sql::Row& r) {
            out->outputs.push_back(OutputRecord{r.str(0), r.str(1), r.integer(2) != 0});
          },
          error)) {
    return false;
  }
  // PostgreSQL orders by the database collation; callers rely on byte order.
  auto by_address = [](const ResourceRecord& a, const ResourceRecord& b) {
    return a.address < b.address;
  };
  if (!std::is_sorted(out->resources.begin(), out->resources.end(), by_address)) {
    std::sort(out->resources.begin(), out->resources.end(), by_address);
  }
  auto by_name = [](const OutputRecord& a, const OutputRecord& b) { return a.name < b.name; };
  if (!std::is_sorted(out->outputs.begin(), out->outputs.end(), by_name)) {
    std::sort(out->outputs.begin(), out->outputs.end(), by_name);
  }
  return true;
}

bool read_history(sql::Connection& db, const std::string& workspace, const std::string& address,
                  std::vector<HistoryEntry>* out, std::string* error) {
  const char* all_sql =
      "SELECT v.serial, v.created_at, v.user_name, v.host, v.pid, v.command, c.address, "
      "c.action, c.detail FROM versions v LEFT JOIN changes c ON c.workspace = v.workspace AND "
      "c.serial = v.serial WHERE v.workspace = ? ORDER BY v.serial, c.seq";
  const char* one_sql =
      "SELECT v.serial, v.created_at, v.user_name, v.host, v.pid, v.command, c.address, "
      "c.action, c.detail FROM versions v JOIN changes c ON c.workspace = v.workspace AND "
      "c.serial = v.serial WHERE v.workspace = ? AND c.address = ? ORDER BY v.serial, c.seq";
  auto on_row = [&](const sql::Row& r) {
    int64_t serial = r.integer(0);
    if (out->empty() || out->back().serial != serial) {
      out->push_back(
          HistoryEntry{serial, r.integer(1), r.str(2), r.str(3), r.integer(4), r.str(5), {}});
    }
    if (!r.null(6)) out->back().changes.push_back(HistoryChange{r.str(6), r.str(7), r.str(8)});
  };
  if (address.empty()) return db.query(all_sql, {workspace}, on_row, error);
  return db.query(one_sql, {workspace, address}, on_row, error);
}

}  // namespace

std::optional<Snapshot> SqlStore::snapshot(const std::string& workspace, std::string* error) {
  std::lock_guard<std::mutex> guard(mutex_);
  sql::Transaction txn(db());
  if (!txn.begin(sql::TransactionKind::Read, error)) return std::nullopt;
  Snapshot snap;
  if (!read_snapshot(db(), workspace, &snap, location_, error)) return std::nullopt;
  if (!txn.commit(error)) return std::nullopt;
  return snap;
}

std::optional<std::vector<HistoryEntry>> SqlStore::history(const std::string& workspace,
                                                           const std::string& address,
                                                           std::string* error) {
  std::lock_guard<std::mutex> guard(mutex_);
  std::vector<HistoryEntry> entries;
  if (!read_history(db(), workspace, address, &entries, error)) return std::nullopt;
  return entries;
}

// --- Commits ---------------------------------------------------------------------------------

struct SqlStore::PendingCommit {
  const std::string* workspace;
  const ChangeSet* changes;
  std::optional<int64_t> serial;
  std::string error;
  bool done = false;
};

std::optional<int64_t> SqlStore::commit(const std::string& workspace, const ChangeSet& changes,
                                        std::string* error) {
  if (!valid_workspace_name(workspace, error) || !validate(changes, error)) return std::nullopt;
  if (changes.empty()) {
    std::lock_guard<std::mutex> guard(mutex_);
    int64_t serial = 0;
    if (!db().query(
            "SELECT coalesce(max(serial), 0) FROM versions WHERE workspace = ?", {workspace},
            [&](const sql::Row& r) { serial = r.integer(0); }, error)) {
      return std::nullopt;
    }
    return serial;
  }
  PendingCommit me{&workspace, &changes, std::nullopt, {}, false};
  std::unique_lock<std::mutex> queue_lock(queue_mutex_);
  queue_.push_back(&me);
  while (!me.done) {
    if (leader_active_) {
      queue_done_.wait(queue_lock);
      continue;
    }
    // Become the leader: write everything queued so far in one transaction.
    leader_active_ = true;
    std::deque<PendingCommit*> batch;
    batch.swap(queue_);
    queue_lock.unlock();
    {
      std::lock_guard<std::mutex> guard(mutex_);
      write_commits(batch);
    }
    queue_lock.lock();
    leader_active_ = false;
    for (PendingCommit* p : batch) p->done = true;
    queue_done_.notify_all();
  }
  if (!me.serial) *error = me.error;
  return me.serial;
}

bool SqlStore::write_commits(std::deque<PendingCommit*>& batch) {
  if (batch.size() > 1) {
    sql::Transaction txn(db());
    std::string error;
    bool ok = txn.begin(sql::TransactionKind::Write, &error);
    for (PendingCommit* p : batch) {
      if (!ok) break;
      p->serial = write_one(*p->workspace, *p->changes, &error);
      ok = p->serial.has_value();
    }
    if (ok && txn.commit(&error)) return true;
    // One bad commit must not fail its neighbours: fall back to one transaction each.
    for (PendingCommit* p : batch) p->serial.reset();
  }
  bool all_ok = true;
  for (PendingCommit* p : batch) {
    sql::Transaction txn(db());
    if (!txn.begin(sql::TransactionKind::Write, &p->error)) {
      all_ok = false;
      continue;
    }
    std::optional<int64_t> serial = write_one(*p->workspace, *p->changes, &p->error);
    if (serial && txn.commit(&p->error)) {
      p->serial = serial;
    } else {
      all_ok = false;
    }
  }
  return all_ok;
}

std::optional<int64_t> SqlStore::next_version(const std::string& workspace, std::string* error) {
  // The serial is the newest version's: no counter row to rewrite, so a commit dirties one
  // page fewer. PostgreSQL writers of one workspace queue on its row (they hold the workspace
  // lock anyway; this keeps two unlocked writers from computing the same serial).
  bool exists = false;
  const char* find_sql = db().dialect() == sql::Dialect::Postgres
                             ? "SELECT 1 FROM workspaces WHERE name = ? FOR UPDATE"
                             : "SELECT 1 FROM workspaces WHERE name = ?";
  if (!db().query(
          find_sql, {workspace}, [&](const sql::Row&) { exists = true; }, error)) {
    return std::nullopt;
  }
  // First commit to this workspace: its lineage is fixed now.
  if (!exists && !db().run("INSERT INTO workspaces (name, lineage, created_at) VALUES (?, ?, ?)",
                           {workspace, new_uuid(), now_seconds()}, error)) {
    return std::nullopt;
  }
  std::optional<int64_t> serial;
  if (!db().query(
          "INSERT INTO versions (workspace, serial, created_at, user_name, host, pid, "
          "command) SELECT CAST(? AS TEXT), coalesce(max(serial), 0) + 1, CAST(? AS BIGINT), "
          "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT) FROM versions "
          "WHERE workspace = ? RETURNING serial",
          {workspace, now_seconds(), actor_.user, actor_.host, actor_.pid, actor_.command,
           workspace},
          [&](const sql::Row& r) { serial = r.integer(0); }, error)) {
    return std::nullopt;
  }
  if (!serial) *error = fmt::format("state {}: no version was recorded", location_);
  return serial;
}

bool SqlStore::add_change(const std::string& workspace, int64_t serial, int64_t& seq,
                          const std::string& address, const char* action, const std::string& detail,
                          const std::string* record, std::string* error) {
  return db().run(
      "INSERT INTO changes (workspace, serial, seq, address, action, detail, record) VALUES (?, ?, "
      "?, ?, ?, ?, ?)",
      {workspace, serial, seq++, address, action, detail,
       record ? sql::Param(*record) : sql::Param(nullptr)},
      error);
}

std::optional<int64_t> SqlStore::write_one(const std::string& workspace, const ChangeSet& changes,
                                           std::string* error) {
  std::optional<int64_t> serial = next_version(workspace, error);
  if (!serial) return std::nullopt;
  int64_t seq = 0;
  int64_t now = now_seconds();
  for (const ResourceRecord& in : changes.upserts) {
    std::optional<int64_t> created_at;
    if (!db().query(
            "SELECT created_at FROM resources WHERE workspace = ? AND address = ?",
            {workspace, in.address}, [&](const sql::Row& r) { created_at = r.integer(0); },
            error)) {
      return std::nullopt;
    }
    ResourceRecord r = in;
    r.created_at = created_at ? *created_at : now;
    r.updated_at = now;
    if (!insert_resource(db(), workspace, r, true, error)) return std::nullopt;
    std::string record = record_json(r);
    if (!add_change(workspace, *serial, seq, r.address, created_at ? "updated" : "created", "",
                    &record, error)) {
      return std::nullopt;
    }
  }
  for (const std::string& address : changes.deletes) {
    bool found = false;
    if (!db().query(
            "DELETE FROM resources WHERE workspace = ? AND address = ? RETURNING address",
            {workspace, address}, [&](const sql::Row&) { found = true; }, error)) {
      return std::nullopt;
    }
    if (found && !add_change(workspace, *serial, seq, address, "deleted", "", nullptr, error)) {
      return std::nullopt;
    }
  }
  for (const OutputRecord& o : changes.set_outputs) {
    bool existed = false;
    if (!db().query(
            "SELECT 1 FROM outputs WHERE workspace = ? AND name = ?", {workspace, o.name},
            [&](const sql::Row&) { existed = true; }, error) ||
        !db().run("INSERT INTO outputs (workspace, name, value, sensitive) VALUES (?, ?, ?, ?) ON "
                  "CONFLICT (workspace, name) DO UPDATE SET value = excluded.value, sensitive = "
                  "excluded.sensitive",
                  {workspace, o.name, o.value_json, o.sensitive}, error)) {
      return std::nullopt;
    }
    std::string record = to_json(o).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (!add_change(workspace, *serial, seq, "output." + o.name, existed ? "updated" : "created",
                    "", &record, error)) {
      return std::nullopt;
    }
  }
  for (const std::string& name : changes.delete_outputs) {
    bool found = false;
    if (!db().query(
            "DELETE FROM outputs WHERE workspace = ? AND name = ? RETURNING name",
            {workspace, name}, [&](const sql::Row&) { found = true; }, error)) {
      return std::nullopt;
    }
    if (found &&
        !add_change(workspace, *serial, seq, "output." + name, "deleted", "", nullptr, error)) {
      return std::nullopt;
    }
  }
  return serial;
}

// --- state mv / rm ---------------------------------------------------------------------------

std::optional<std::vector<std::string>> SqlStore::matching(const std::string& workspace,
                                                           const std::string& address,
                                                           std::string* error) {
  std::vector<std::string> found;
  int64_t n = char_count(address) + 1;
  std::string bracket = address + "[";
  std::string dot = address + ".";
  if (!db().query(
          "SELECT address FROM resources WHERE workspace = ? AND (address = ? OR "
          "substr(address, 1, ?) = ? OR substr(address, 1, ?) = ?)",
          {workspace, address, n, bracket, n, dot},
          [&](const sql::Row& r) { found.push_back(r.str(0)); }, error)) {
    return std::nullopt;
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::optional<size_t> SqlStore::move(const std::string& workspace, const std::string& from,
                                     const std::string& to, std::string* error) {
  if (from == to || to.empty()) {
    *error = fmt::format("cannot move {} to \"{}\"", from, to);
    return std::nullopt;
  }
  std::lock_guard<std::mutex> guard(mutex_);
  sql::Transaction txn(db());
  if (!txn.begin(sql::TransactionKind::Write, error)) return std::nullopt;
  auto sources = matching(workspace, from, error);
  if (!sources) return std::nullopt;
  if (sources->empty()) {
    *error = fmt::format("no resource in state (workspace {}) matches {}", workspace, from);
    return std::nullopt;
  }
  std::unordered_set<std::string> moving(sources->begin(), sources->end());
  std::vector<std::string> targets;
  for (const std::string& source : *sources) {
    std::string target = to + source.substr(from.size());
    bool taken = moving.count(target) > 0;
    if (!taken && !db().query(
                      "SELECT 1 FROM resources WHERE workspace = ? AND address = ?",
                      {workspace, target}, [&](const sql::Row&) { taken = true; }, error)) {
      return std::nullopt;
    }
    if (taken) {
      *error = fmt::format("cannot move {} to {}: {} is already in state", source, target, target);
      return std::nullopt;
    }
    targets.push_back(std::move(target));
  }
  auto serial = next_version(workspace, error);
  if (!serial) return std::nullopt;
  int64_t seq = 0;
  for (size_t i = 0; i < sources->size(); ++i) {
    const std::string& source = (*sources)[i];
    if (!db().run("UPDATE resources SET address = ?, updated_at = ? WHERE workspace = ? AND "
                  "address = ?",
                  {targets[i], now_seconds(), workspace, source}, error) ||
        !add_change(workspace, *serial, seq, source, "moved", "to " + targets[i], nullptr, error) ||
        !add_change(workspace, *serial, seq, targets[i], "moved", "from " + source, nullptr,
                    error)) {
      return std::nullopt;
    }
  }
  if (!txn.commit(error)) return std::nullopt;
  return sources->size();
}

std::optional<size_t> SqlStore::remove(const std::string& workspace,
                                       const std::vector<std::string>& addresses,
                                       std::string* error) {
  std::lock_guard<std::mutex> guard(mutex_);
  sql::Transaction txn(db());
  if (!txn.begin(sql::TransactionKind::Write, error)) return std::nullopt;
  std::vector<std::string> doomed;
  for (const std::string& address : addresses) {
    auto found = matching(workspace, address, error);
    if (!found) return std::nullopt;
    if (found->empty()) {
      *error = fmt::format("no resource in state (workspace {}) matches {}", workspace, address);
      return std::nullopt;
    }
    doomed.insert(doomed.end(), found->begin(), found->end());
  }
  std::sort(doomed.begin(), doomed.end());
  doomed.erase(std::unique(doomed.begin(), doomed.end()), doomed.end());
  auto serial = next_version(workspace, error);
  if (!serial) return std::nullopt;
  int64_t seq = 0;
  for (const std::string& address : doomed) {
    if (!db().run("DELETE FROM resources WHERE workspace = ? AND address = ?", {workspace, address},
                  error) ||
        !add_change(workspace, *serial, seq, address, "deleted", "removed from state", nullptr,
                    error)) {
      return std::nullopt;
    }
  }
  if (!txn.commit(error)) return std::nullopt;
  return doomed.size();
}

// --- Workspaces ------------------------------------------------------------------------------

bool SqlStore::workspace_exists(const std::string& name, bool* exists, std::string* error) {
  *exists = false;
  return db().query(
      "SELECT 1 FROM workspaces WHERE name = ?", {name}, [&](const sql::Row&) { *exists = true; },
      error);
}

std::optional<std::vector<std::string>> SqlStore::workspaces(std::string* error) {
  std::lock_guard<std::mutex> guard(mutex_);
  std::vector<std::string> names;
  if (!db().query(
          "SELECT name FROM workspaces", {}, [&](const sql::Row& r) { names.push_back(r.str(0)); },
          error)) {
    return std::nullopt;
  }
  // `default` always exists, even before its first commit.
  if (std::find(names.begin(), names.end(), "default") == names.end()) names.push_back("default");
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::vector<WorkspaceInfo>> SqlStore::workspace_infos(std::string* error) {
  std::lock_guard<std::mutex> guard(mutex_);
  std::vector<WorkspaceInfo> out;
  if (!db().query(
          "SELECT name, expires_at FROM workspaces", {},
          [&](const sql::Row& r) {
            out.push_back(WorkspaceInfo{r.str(0), std::nullopt});
            if (!r.null(1)) out.back().expires_at = r.integer(1);
          },
          error)) {
    return std::nullopt;
  }
  auto by_name = [](const WorkspaceInfo& a, const WorkspaceInfo& b) { return a.name < b.name; };
  if (std::none_of(out.begin(), out.end(),
                   [](const WorkspaceInfo& w) { return w.name == "default"; }))
    out.push_back(WorkspaceInfo{"default", std::nullopt});
  std::sort(out.begin(), out.end(), by_name);
  return out;
}

std::optional<int64_t> SqlStore::set_workspace_expiry(const std::string& workspace,
                                                      std::optional<int64_t> expires_at,
                                                      std::string* error) {
  if (!valid_workspace_name(workspace, error)) return std::nullopt;
  if (workspace == "default" && expires_at) {
    *error = "the default workspace cannot expire: give the ephemeral one a name (-w NAME)";
    return std::nullopt;
  }
  std::lock_guard<std::mutex> guard(mutex_);
  sql::Transaction txn(db());
  if (!txn.begin(sql::TransactionKind::Write, error)) return std::nullopt;
  bool exists = false;
  std::optional<int64_t> current;
  int64_t serial = 0;
  if (!db().query(
          "SELECT expires_at, (SELECT coalesce(max(v.serial), 0) FROM versions v WHERE "
          "v.workspace = w.name) FROM workspaces w WHERE w.name = ?",
          {workspace},
          [&](const sql::Row& r) {
            exists = true;
            if (!r.null(0)) current = r.integer(0);
            serial = r.integer(1);
          },
          error)) {
    return std::nullopt;
  }
  if (exists && current == expires_at) return serial;
  if (!exists && !expires_at) return serial;
  // next_version creates the workspace (with its lineage) when missing.
  std::optional<int64_t> version = next_version(workspace, error);
  if (!version) return std::nullopt;
  int64_t seq = 0;
  std::string detail = "expiry cleared";
  if (expires_at) {
    std::time_t t = static_cast<std::time_t>(*expires_at);
    std::tm tm{};
    char text[32] = "";
    if (gmtime_r(&t, &tm)) std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    detail = std::string("expires at ") + text;
  }
  if (!db().run("UPDATE workspaces SET expires_at = ? WHERE name = ?", {expires_at, workspace},
                error) ||
      !add_change(workspace, *version, seq, "workspace", "updated", detail, nullptr, error) ||
      !txn.commit(error)) {
    return std::nullopt;
  }
  return version;
}

bool SqlStore::create_workspace(const std::string& name, std::string* error) {
  if (!valid_workspace_name(name, error)) return false;
  std::lock_guard<std::mutex> guard(mutex_);
  sql::Transaction txn(db());
  if (!txn.begin(sql::TransactionKind::Write, error)) return false;
  bool exists = false;
  if (!workspace_exists(name, &exists, error)) return false;
  if (exists) {
    *error = fmt::format("workspace {} already exists in {}", name, location_);
    return false;
  }
  return db().run("INSERT INTO workspaces (name, lineage, created_at) VALUES (?, ?, ?)",
                  {name, new_uuid(), now_seconds()}, error) &&
         txn.commit(error);
}

bool SqlStore::delete_workspace(const std::string& name, bool force, std::string* error) {
  if (!valid_workspace_name(name, error)) return false;
  if (name == "default") {
    *error = "the default workspace cannot be deleted";
    return false;
  }
  std::lock_guard<std::mutex> guard(mutex_);
  sql::Transaction txn(db());
  if (!txn.begin(sql::TransactionKind::Write, error)) return false;
  bool exists = false;
  if (!workspace_exists(name, &exists, error)) return false;
  if (!exists) {
    *error = fmt::format("workspace {} does not exist in {}", name, location_);
    return false;
  }
  std::optional<LockInfo> holder = live_lock_row("workspace", name, error);
  if (!error->empty()) return false;
  if (holder) {
    *error = fmt::format("cannot delete workspace {}: {}", name, holder->message());
    return false;
  }
  int64_t count = 0;
  if (!db().query(
          "SELECT count(*) FROM resources WHERE workspace = ?", {name},
          [&](const sql::Row& r) { count = r.integer(0); }, error)) {
    return false;
  }
  if (count > 0 && !force) {
    *error = fmt::format(
        "workspace {} still has {} resource{}: destroy them first, or pass --force to forget "
        "them",
        name, count, count == 1 ? "" : "s");
    return false;
  }
  return db().run("DELETE FROM workspaces WHERE name = ?", {name}, error) && txn.commit(error);
}

// --- Export / import -------------------------------------------------------------------------

std::optional<std::string> SqlStore::export_json(const std::string& workspace, std::string* error) {
  std::lock_guard<std::mutex> guard(mutex_);
  sql::Transaction txn(db());
  if (!txn.begin(sql::TransactionKind::Read, error)) return std::nullopt;
  ExportDocument doc;
  if (!read_snapshot(db(), workspace, &doc.snapshot, location_, error)) return std::nullopt;
  if (!doc.snapshot.exists) {
    *error = fmt::format("workspace {} has no state in {}", workspace, location_);
    return std::nullopt;
  }
  if (!read_history(db(), workspace, "", &doc.history, error)) return std::nullopt;
  if (!txn.commit(error)) return std::nullopt;
  return export_document(doc);
}

bool SqlStore::import_json(const std::string& workspace, const std::string& json_text,
                           std::string* error) {
  if (!valid_workspace_name(workspace, error)) return false;
  std::optional<ExportDocument> doc = parse_export(json_text, error);
  if (!doc) return false;
  for (const ResourceRecord& r : doc->snapshot.resources) {
    if (r.address.empty() || !valid_json_object(r.attributes_json)) {
      *error = fmt::format("state export: resource \"{}\" has no address or non-object attributes",
                           r.address);
      return false;
    }
  }
  std::lock_guard<std::mutex> guard(mutex_);
  sql::Transaction txn(db());
  if (!txn.begin(sql::TransactionKind::Write, error)) return false;
  std::optional<int64_t> serial;
  if (!db().query(
          "SELECT (SELECT coalesce(max(v.serial), 0) FROM versions v WHERE v.workspace = w.name) "
          "FROM workspaces w WHERE w.name = ?",
          {workspace}, [&](const sql::Row& r) { serial = r.integer(0); }, error)) {
    return false;
  }
  if (serial && *serial > 0) {
    *error = fmt::format(
        "workspace {} already has state (serial {}): import into a new workspace (-w NAME)",
        workspace, *serial);
    return false;
  }
  int64_t now = now_seconds();
  const Snapshot& snap = doc->snapshot;
  if ((serial && !db().run("DELETE FROM workspaces WHERE name = ?", {workspace}, error)) ||
      !db().run(
          "INSERT INTO workspaces (name, lineage, created_at, expires_at) VALUES (?, ?, ?, ?)",
          {workspace, snap.lineage.empty() ? new_uuid() : snap.lineage, now,
           workspace == "default" ? std::nullopt : snap.expires_at},
          error)) {
    return false;
  }
  for (ResourceRecord r : snap.resources) {
    if (r.created_at == 0) r.created_at = now;
    if (r.updated_at == 0) r.updated_at = now;
    if (!insert_resource(db(), workspace, r, false, error)) return false;
  }
  for (const OutputRecord& o : snap.outputs) {
    if (!db().run("INSERT INTO outputs (workspace, name, value, sensitive) VALUES (?, ?, ?, ?)",
                  {workspace, o.name, o.value_json, o.sensitive}, error)) {
      return false;
    }
  }
  for (const HistoryEntry& e : doc->history) {
    if (!db().run("INSERT INTO versions (workspace, serial, created_at, user_name, host, pid, "
                  "command) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {workspace, e.serial, e.time, e.user, e.host, e.pid, e.command}, error)) {
      return false;
    }
    int64_t seq = 0;
    for (const HistoryChange& c : e.changes) {
      if (!add_change(workspace, e.serial, seq, c.address, c.action.c_str(), c.detail, nullptr,
                      error)) {
        return false;
      }
    }
  }
  // The serial lives in the newest version: an export whose history stops short of its serial
  // (or has none) gets one version marking the import.
  int64_t newest = 0;
  for (const HistoryEntry& e : doc->history) newest = std::max(newest, e.serial);
  if (snap.serial > newest &&
      !db().run("INSERT INTO versions (workspace, serial, created_at, user_name, host, pid, "
                "command) VALUES (?, ?, ?, ?, ?, ?, ?)",
                {workspace, snap.serial, now, actor_.user, actor_.host, actor_.pid, actor_.command},
                error)) {
    return false;
  }
  return txn.commit(error);
}

}  // namespace mesh::state
