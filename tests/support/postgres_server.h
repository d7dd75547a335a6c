#pragma once
/// A throwaway PostgreSQL server for tests: initdb + pg_ctl from the Debian `postgresql`
/// package, in a temp dir, on a free loopback port, trust auth. Stopped and removed when
/// destroyed. Runs as the `postgres` user when we are root (the server refuses root).

#include <string>

namespace mesh::test {

class PostgresServer {
 public:
  /// Starts the server; check ok() — on failure error() says why (e.g. binaries missing).
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

  /// `postgres://postgres@127.0.0.1:PORT/DB`, plus `?schema=SCHEMA` when given.
  std::string url(const std::string& schema = "", const std::string& db = "postgres") const;
  /// A libpq URI without mesh's `schema` parameter.
  std::string conninfo(const std::string& db = "postgres") const;
  /// Runs SQL through libpq; returns "" or the error message.
  std::string execute(const std::string& sql) const;

 private:
  bool start(std::string* error);

  std::string bin_;
  std::string dir_;
  int port_ = 0;
  bool running_ = false;
  std::string error_;
};

/// One server per test process, started on first use and stopped at exit.
PostgresServer& shared_postgres();

/// The directory holding initdb and pg_ctl (newest /usr/lib/postgresql/N/bin), or "".
std::string find_postgres_bin();

}  // namespace mesh::test
