#include "state/sqlite_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "state/migrations.h"
#include "state/sql_store.h"
#include "state/sqlite_connection.h"

namespace mesh::state {
namespace {

/// How long a statement waits for another process's write transaction before failing.
constexpr int kBusyTimeoutMs = 10000;

/// Copies the WAL back into the database on its own thread and connection. With
/// synchronous=NORMAL the only fsyncs are at checkpoints; SQLite's automatic checkpoint runs
/// them inside whichever commit crosses the threshold, which on a busy disk costs that commit
/// tens of milliseconds. Here commits only poke this thread.
class Checkpointer {
 public:
  explicit Checkpointer(std::string path) : path_(std::move(path)) {
    thread_ = std::thread([this] { run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard<std::mutex> guard(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  void poke() {
    {
      std::lock_guard<std::mutex> guard(mutex_);
      pending_ = true;
    }
    wake_.notify_one();
  }

 private:
  void run() {
    std::string ignored;
    std::unique_ptr<SqliteConnection> db;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return pending_ || stop_; });
      if (stop_) return;
      pending_ = false;
      lock.unlock();
      if (!db) db = SqliteConnection::open(path_, SQLITE_OPEN_READWRITE, &ignored);
      // PASSIVE never blocks writers or readers; a later poke finishes what it could not.
      if (db)
        sqlite3_wal_checkpoint_v2(db->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                  nullptr);
      lock.lock();
    }
  }

  std::string path_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stop_ = false;
  std::thread thread_;
};

/// WAL pages after which the checkpointer is poked (16 MB at 4 KB pages), and after which a
/// commit checkpoints itself because the background thread is not keeping up.
constexpr int kCheckpointPages = 4096;
constexpr int kCheckpointInlinePages = 16 * kCheckpointPages;

int on_wal_commit(void* checkpointer, sqlite3* db, const char*, int pages) {
  if (pages >= kCheckpointInlinePages) {
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (pages >= kCheckpointPages) {
    static_cast<Checkpointer*>(checkpointer)->poke();
  }
  return SQLITE_OK;
}

class SqliteStore : public SqlStore {
 public:
  SqliteStore(std::unique_ptr<SqliteConnection> db, std::string path, Actor actor)
      : SqlStore(nullptr, path, std::move(actor)), handle_(db->handle()), checkpointer_(path) {
    db_ = std::move(db);
    // Replaces SQLite's automatic checkpoint.
    sqlite3_wal_hook(handle_, on_wal_commit, &checkpointer_);
  }
  ~SqliteStore() override { sqlite3_wal_hook(handle_, nullptr, nullptr); }

 protected:
  /// The lock row is inserted inside BEGIN IMMEDIATE: SQLite admits one writer at a time, so
  /// exactly one of several racing processes sees no row and inserts its own.
  Attempt try_lock(const LockInfo& mine, LockInfo* holder, std::string* error) override {
    sql::Transaction txn(db());
    if (!txn.begin(sql::TransactionKind::Write, error)) return Attempt::Failed;
    std::optional<LockInfo> row = read_lock_row("workspace", mine.workspace, error);
    if (!error->empty()) return Attempt::Failed;
    if (row) {
      *holder = *row;
      return Attempt::Held;
    }
    if (!db().run("INSERT INTO locks (workspace, id, user_name, host, pid, command, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {mine.workspace, mine.id, mine.user, mine.host, mine.pid, mine.command,
                   mine.created_at},
                  error) ||
        !txn.commit(error)) {
      return Attempt::Failed;
    }
    return Attempt::Acquired;
  }
  void release_backend(const LockInfo&) override {}

 private:
  sqlite3* handle_;  ///< owned by db_; kept typed for the WAL hook
  Checkpointer checkpointer_;
};

uint32_t be16(const unsigned char* p) {
  return (uint32_t(p[0]) << 8) | p[1];
}
uint32_t be32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

off_t file_size(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

/// Checks the 100-byte SQLite header without opening the file through SQLite.
bool check_header(const std::string& path, off_t size, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = fmt::format("cannot read state file {}: {}", path, std::strerror(errno));
    return false;
  }
  unsigned char header[100] = {};
  ssize_t n = ::read(fd, header, sizeof header);
  ::close(fd);
  if (n < 100 || std::memcmp(header, "SQLite format 3", 16) != 0) {
    *error = fmt::format(
        "{} is not a mesh state file (not an SQLite database); refusing to touch it", path);
    return false;
  }
  uint32_t page_size = be16(header + 16);
  if (page_size == 1) page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0 || size % page_size != 0) {
    *error = fmt::format(
        "state file {} is corrupt or truncated (size {} is not a whole number of "
        "{}-byte pages); restore it from a backup or `mesh state export`",
        path, size, page_size);
    return false;
  }
  // The in-header page count is valid when its version-valid-for matches the change counter.
  // Without a WAL beside it, the file must hold every page the header claims. (With a WAL, a
  // checkpoint interrupted by a crash may legitimately leave it short until recovery.)
  uint32_t pages = be32(header + 28);
  bool count_valid = be32(header + 92) == be32(header + 24) && pages != 0;
  off_t wal = file_size(path + "-wal");
  if (count_valid && wal <= 0 && size < off_t(pages) * off_t(page_size)) {
    *error = fmt::format(
        "state file {} is truncated ({} bytes; its header says {}); restore it "
        "from a backup or `mesh state export`",
        path, size, off_t(pages) * off_t(page_size));
    return false;
  }
  return true;
}

enum class Inspection { Ok, Refused, NeedsRecovery };

/// Checks through `db` that the file is (or can become) a mesh state database of a schema
/// this binary knows. Only reads.
Inspection inspect(SqliteConnection& db, const std::string& path, std::string* error) {
  auto corrupt = [&](const std::string& detail) {
    *error = fmt::format("state file {} is corrupt ({}); restore it from a backup", path, detail);
    return Inspection::Refused;
  };
  int64_t tables = 0;
  int64_t ours = 0;
  std::string query_error;
  if (!db.query(
          "SELECT count(*), sum(name = 'schema_migrations') FROM sqlite_master WHERE type = "
          "'table'",
          {},
          [&](const sql::Row& r) {
            tables = r.integer(0);
            ours = r.integer(1);
          },
          &query_error)) {
    int code = db.last_error_code();
    if (code == SQLITE_NOTADB) {
      *error = fmt::format(
          "{} is not a mesh state file (not an SQLite database); refusing to touch it", path);
      return Inspection::Refused;
    }
    if (code == SQLITE_CORRUPT) return corrupt(query_error);
    // A read-only connection cannot replay the WAL a crashed writer left behind.
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN) return Inspection::NeedsRecovery;
    *error = query_error;
    return Inspection::Refused;
  }
  if (tables > 0 && ours == 0) {
    *error = fmt::format("{} is an SQLite database but not a mesh state file; refusing to touch it",
                         path);
    return Inspection::Refused;
  }
  if (ours == 0) return Inspection::Ok;
  std::optional<int64_t> version = schema_version(db, &query_error);
  if (!version) return corrupt(query_error);
  return check_not_newer(*version, path, error) ? Inspection::Ok : Inspection::Refused;
}

/// Creates the directory (0700) and the empty file (0600) so SQLite never creates them with
/// the umask's mode; SQLite gives -wal and -shm the database file's mode.
bool create_file(const std::string& path, std::string* error) {
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    std::string dir = path.substr(0, slash);
    // mkdir -p, one level at a time.
    for (size_t at = dir.find('/', 1);; at = dir.find('/', at + 1)) {
      std::string part = at == std::string::npos ? dir : dir.substr(0, at);
      if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) {
        *error = fmt::format("cannot create directory {} for the state file: {}", part,
                             std::strerror(errno));
        return false;
      }
      if (at == std::string::npos) break;
    }
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST) {
    *error = fmt::format("cannot create state file {}: {}", path, std::strerror(errno));
    return false;
  }
  if (fd >= 0) {
    ::fchmod(fd, 0600);  // the umask may have masked bits we asked for; never adds any
    ::close(fd);
  }
  return true;
}

}  // namespace

std::unique_ptr<StateStore> open_sqlite_store(const std::string& path, const OpenOptions& options,
                                              std::string* error) {
  off_t size = file_size(path);
  if (size < 0) {
    if (!options.create) {
      *error = fmt::format("no state file at {}", path);
      return nullptr;
    }
    if (!create_file(path, error)) return nullptr;
    size = 0;
  }
  // Nothing is written before these checks pass. An empty file is an empty database.
  bool recover = false;
  if (size > 0) {
    if (!check_header(path, size, error)) return nullptr;
    auto readonly = SqliteConnection::open(path, SQLITE_OPEN_READONLY, error);
    if (!readonly) return nullptr;
    sqlite3_busy_timeout(readonly->handle(), kBusyTimeoutMs);
    Inspection result = inspect(*readonly, path, error);
    if (result == Inspection::Refused) return nullptr;
    recover = result == Inspection::NeedsRecovery;
  }
  auto db = SqliteConnection::open(path, SQLITE_OPEN_READWRITE, error);
  if (!db) return nullptr;
  sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs);
  // After a crash the read-write connection replays the WAL (committed transactions only);
  // the same checks then run before anything of ours is written.
  if (recover && inspect(*db, path, error) != Inspection::Ok) {
    if (error->empty()) *error = fmt::format("cannot recover state file {}", path);
    return nullptr;
  }
  // The cache holds the working set of a large state (64 MB at most).
  if (!db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = "
                "ON; PRAGMA cache_size = -65536;",
                error) ||
      !migrate(*db, path, 0, error)) {
    return nullptr;
  }
  return std::make_unique<SqliteStore>(std::move(db), path, options.actor);
}

}  // namespace mesh::state
