#include "state/sqlite_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>

#include "state/migrations.h"
#include "state/sql_store.h"
#include "state/sqlite_connection.h"

namespace mesh::state {
namespace {

/// How long a statement waits for another process's write transaction before failing.
constexpr int kBusyTimeoutMs = 10000;

class SqliteStore : public SqlStore {
 public:
  using SqlStore::SqlStore;

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

/// Opens read-only and checks the file is (or can become) a mesh state database.
bool check_readonly(const std::string& path, std::string* error) {
  auto db = SqliteConnection::open(path, SQLITE_OPEN_READONLY, error);
  if (!db) return false;
  sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs);
  auto corrupt = [&](const std::string& detail) {
    *error = fmt::format("state file {} is corrupt ({}); restore it from a backup", path, detail);
    return false;
  };
  int64_t tables = 0;
  int64_t ours = 0;
  std::string query_error;
  if (!db->query(
          "SELECT count(*), sum(name = 'schema_migrations') FROM sqlite_master WHERE type = "
          "'table'",
          {},
          [&](const sql::Row& r) {
            tables = r.integer(0);
            ours = r.integer(1);
          },
          &query_error)) {
    int code = db->last_error_code();
    if (code == SQLITE_NOTADB) {
      *error = fmt::format(
          "{} is not a mesh state file (not an SQLite database); refusing to "
          "touch it",
          path);
      return false;
    }
    if (code == SQLITE_CORRUPT) return corrupt(query_error);
    *error = query_error;
    return false;
  }
  if (tables > 0 && ours == 0) {
    *error = fmt::format("{} is an SQLite database but not a mesh state file; refusing to touch it",
                         path);
    return false;
  }
  if (ours == 0) return true;
  std::optional<int64_t> version = schema_version(*db, &query_error);
  if (!version) return corrupt(query_error);
  return check_not_newer(*version, path, error);
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
  // Nothing below writes before these checks pass. An empty file is an empty database.
  if (size > 0 && (!check_header(path, size, error) || !check_readonly(path, error))) {
    return nullptr;
  }
  auto db = SqliteConnection::open(path, SQLITE_OPEN_READWRITE, error);
  if (!db) return nullptr;
  sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs);
  // WAL + synchronous=NORMAL: a commit is in the WAL (written, not fsynced) when COMMIT
  // returns, so it survives a crash of the process; only an OS crash or power loss may lose
  // the last transactions, never consistency (docs/state.md, "Durability").
  if (!db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = "
                "ON;",
                error) ||
      !migrate(*db, path, 0, error)) {
    return nullptr;
  }
  return std::make_unique<SqliteStore>(std::move(db), path, options.actor);
}

}  // namespace mesh::state
