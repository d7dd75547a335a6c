/// The postgres provider's connection pool and SQL helpers (see postgres.h).

#include <algorithm>
#include <atomic>
#include <chrono>

#include "core/value_ops.h"
#include "providers/attributes.h"
#include "providers/postgres.h"

namespace mesh {

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
      text.replace(at, secret.size(), "(sensitive)");
  }
  return text;
}

namespace {

std::atomic<int64_t> wait_nanos{0};

/// Adds the lifetime of this object to `wait_nanos`.
struct WaitTimer {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  ~WaitTimer() {
    wait_nanos.fetch_add((std::chrono::steady_clock::now() - start).count(),
                         std::memory_order_relaxed);
  }
};

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

int64_t postgres_wait_nanos() {
  return wait_nanos.load(std::memory_order_relaxed);
}

PgSession::PgSession(PostgresClient* owner, PGconn* conn, long timeout_ms,
                     std::vector<std::string> secrets)
    : owner_(owner), conn_(conn), timeout_ms_(timeout_ms), secrets_(std::move(secrets)) {}

PgSession::~PgSession() {
  owner_->give_back(conn_, timeout_ms_);
}

void PgSession::add_secret(std::string secret) {
  secrets_.push_back(std::move(secret));
}

std::string PgSession::failure(const char* message) {
  return redact(trimmed(message ? message : "unknown libpq error"), secrets_);
}

std::string PgSession::ident(std::string_view name) {
  char* quoted = PQescapeIdentifier(conn_, name.data(), name.size());
  if (!quoted) return "";
  std::string result(quoted);
  PQfreemem(quoted);
  return result;
}

std::string PgSession::literal(std::string_view text) {
  char* quoted = PQescapeLiteral(conn_, text.data(), text.size());
  if (!quoted) return "''";
  std::string result(quoted);
  PQfreemem(quoted);
  return result;
}

std::string PgSession::qualified(std::string_view schema, std::string_view name) {
  return ident(schema) + "." + ident(name);
}

std::string PgSession::exec(const std::string& sql) {
  PgResultPtr result;
  {
    WaitTimer timer;
    result.reset(PQexec(conn_, sql.c_str()));
  }
  ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return "";
  return failure(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_));
}

std::optional<PgRows> PgSession::query(const std::string& sql,
                                       const std::vector<std::string>& params, std::string* error) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  PgResultPtr result;
  {
    WaitTimer timer;
    result.reset(PQexecParams(conn_, sql.c_str(), int(values.size()), nullptr, values.data(),
                              nullptr, nullptr, 0));
  }
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    *error = failure(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_));
    return std::nullopt;
  }
  PgRows rows;
  const int n = PQntuples(result.get()), columns = PQnfields(result.get());
  rows.reserve(size_t(n));
  for (int r = 0; r < n; ++r) {
    PgRow row;
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result.get(), r, c))
        row.emplace_back(std::nullopt);
      else
        row.emplace_back(
            std::string(PQgetvalue(result.get(), r, c), size_t(PQgetlength(result.get(), r, c))));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

PostgresClient::~PostgresClient() = default;

void PostgresClient::configure(PostgresSettings settings) {
  std::lock_guard<std::mutex> lock(mutex_);
  settings_ = std::move(settings);
  if (settings_.max_connections == 0) settings_.max_connections = 1;
  configured_ = true;
}

std::unique_ptr<PgSession> PostgresClient::session(const OperationContext& context,
                                                   std::string* error) {
  if (context.cancelled()) {
    *error = "cancelled";
    return nullptr;
  }
  const long want_timeout = long(context.timeout.count());
  PGconn* conn = nullptr;
  long timeout_ms = -1;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    auto deadline = std::chrono::steady_clock::now() + context.timeout;
    while (idle_.empty() && open_ >= settings_.max_connections) {
      if (available_.wait_until(lock, deadline) == std::cv_status::timeout) {
        *error = "timed out waiting for a free connection";
        return nullptr;
      }
    }
    if (!idle_.empty()) {
      conn = idle_.back().conn.release();
      timeout_ms = idle_.back().timeout_ms;
      idle_.pop_back();
    } else {
      ++open_;
    }
  }
  if (!conn) {
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : settings_.params) {
      keys.push_back(k.c_str());
      values.push_back(v.c_str());
    }
    if (!settings_.password.empty()) {
      keys.push_back("password");
      values.push_back(settings_.password.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PgConnPtr fresh;
    {
      WaitTimer timer;
      fresh.reset(PQconnectdbParams(keys.data(), values.data(), 0));
    }
    if (!fresh || PQstatus(fresh.get()) != CONNECTION_OK) {
      *error = "cannot connect to PostgreSQL: " +
               redact(trimmed(fresh ? PQerrorMessage(fresh.get()) : "out of memory"),
                      {settings_.password});
      std::lock_guard<std::mutex> lock(mutex_);
      --open_;
      available_.notify_one();
      return nullptr;
    }
    // Server notices ("… does not exist, skipping") are not errors: keep them off stderr.
    PQsetNoticeProcessor(
        fresh.get(), [](void*, const char*) {}, nullptr);
    conn = fresh.release();
  }
  auto session = std::make_unique<PgSession>(this, conn, timeout_ms,
                                             std::vector<std::string>{settings_.password});
  if (timeout_ms != want_timeout) {
    std::string failed = session->exec("SET statement_timeout = " + std::to_string(want_timeout));
    if (!failed.empty()) {
      *error = failed;
      return nullptr;  // the session gives the connection back (or drops a broken one)
    }
    session->timeout_ms_ = want_timeout;
  }
  return session;
}

void PostgresClient::give_back(PGconn* conn, long timeout_ms) {
  PgConnPtr owned(conn);
  if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE) {
    PgResultPtr(PQexec(conn, "ROLLBACK"));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE) {
    idle_.push_back({std::move(owned), timeout_ms});
  } else {
    --open_;  // broken: closed by `owned`
  }
  available_.notify_one();
}

bool bool_attribute(const Value& object, std::string_view name, bool fallback) {
  const Value& v = attribute(object, name);
  return v.is_bool() ? v.as_bool() : fallback;
}

std::vector<std::string> string_items(const Value& value) {
  std::vector<std::string> out;
  for (const Value& item : value.items())
    if (item.is_string()) out.push_back(item.as_string());
  return out;
}

Value string_set(std::vector<std::string> items) {
  ValueList list;
  for (std::string& s : items) list.push_back(Value::string(std::move(s)));
  return Value::set(std::move(list));
}

Value keep_or_set(const Value& state, const std::vector<std::string>& items) {
  std::vector<std::string> have = string_items(state), want = items;
  std::sort(have.begin(), have.end());
  have.erase(std::unique(have.begin(), have.end()), have.end());
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  if (have == want && state.is_sequence()) return state;
  return string_set(std::move(want));
}

}  // namespace mesh
