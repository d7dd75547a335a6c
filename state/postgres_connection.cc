#include "state/postgres_connection.h"

#include <fmt/format.h>

#include <cstdlib>

namespace mesh::state {
namespace {

class PostgresRow : public sql::Row {
 public:
  PostgresRow(const PGresult* result, int row) : result_(result), row_(row) {}
  bool null(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  int64_t integer(int column) const override {
    const char* v = PQgetvalue(result_, row_, column);
    if (v[0] == 't' && v[1] == '\0') return 1;  // booleans come back as t/f in text format
    if (v[0] == 'f' && v[1] == '\0') return 0;
    return std::strtoll(v, nullptr, 10);
  }
  std::string_view text(int column) const override {
    return {PQgetvalue(result_, row_, column),
            static_cast<size_t>(PQgetlength(result_, row_, column))};
  }

 private:
  const PGresult* result_;
  int row_;
};

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::unique_ptr<PostgresConnection> PostgresConnection::connect(const std::string& conninfo,
                                                                const std::string& display,
                                                                std::string* error) {
  PgConnHandle conn(PQconnectdb(conninfo.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    *error = fmt::format("cannot connect to state database {}: {}", display,
                         conn ? trim(PQerrorMessage(conn.get())) : "out of memory");
    return nullptr;
  }
  auto result =
      std::unique_ptr<PostgresConnection>(new PostgresConnection(std::move(conn), display));
  // Notices (e.g. "schema already exists, skipping") are not for the user.
  PQsetNoticeProcessor(
      result->conn_.get(), [](void*, const char*) {}, nullptr);
  return result;
}

std::string PostgresConnection::failure(const PGresult* result) const {
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(conn_.get());
  return fmt::format("state database {}: {}", display_, trim(message));
}

bool PostgresConnection::query(std::string_view sql, const std::vector<sql::Param>& params,
                               const sql::RowCallback& on_row, std::string* error) {
  std::string key(sql);
  auto it = statements_.find(key);
  if (it == statements_.end()) {
    std::string name = "s" + std::to_string(statements_.size());
    PgResultHandle prepared(
        PQprepare(conn_.get(), name.c_str(), number_placeholders(sql).c_str(), 0, nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      *error = failure(prepared.get());
      return false;
    }
    it = statements_.emplace(std::move(key), std::move(name)).first;
  }
  // Text format for everything: integers are rendered to a small owned buffer.
  std::vector<std::string> owned(params.size());
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    const sql::Param& p = params[i];
    switch (p.kind) {
      case sql::Param::Kind::Null:
        values[i] = nullptr;
        break;
      case sql::Param::Kind::Integer:
        owned[i] = std::to_string(p.integer);
        values[i] = owned[i].c_str();
        lengths[i] = static_cast<int>(owned[i].size());
        break;
      case sql::Param::Kind::Text:
        // libpq reads text parameters as C strings; copy to get the terminator.
        owned[i] = std::string(p.text);
        values[i] = owned[i].c_str();
        lengths[i] = static_cast<int>(owned[i].size());
        break;
    }
  }
  PgResultHandle result(PQexecPrepared(conn_.get(), it->second.c_str(),
                                       static_cast<int>(params.size()), values.data(),
                                       lengths.data(), nullptr, 0));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    *error = failure(result.get());
    return false;
  }
  if (on_row) {
    int rows = PQntuples(result.get());
    for (int r = 0; r < rows; ++r) on_row(PostgresRow(result.get(), r));
  }
  return true;
}

bool PostgresConnection::exec(const std::string& sql, std::string* error) {
  PgResultHandle result(PQexec(conn_.get(), sql.c_str()));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    *error = failure(result.get());
    return false;
  }
  return true;
}

}  // namespace mesh::state
