#include "tests/support/postgres_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace mesh::test {
namespace {

/// Runs argv (as `postgres` when root), output appended to `log`; returns the exit status.
int run(std::vector<std::string> argv, const std::string& log) {
  if (geteuid() == 0) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    int null_in = ::open("/dev/null", O_RDONLY);
    if (null_in >= 0) dup2(null_in, 0);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string find_postgres_bin() {
  const std::string root = "/usr/lib/postgresql";
  DIR* d = opendir(root.c_str());
  if (!d) return "";
  int best = -1;
  while (dirent* e = readdir(d)) {
    int version = std::atoi(e->d_name);
    std::string candidate = root + "/" + e->d_name + "/bin/initdb";
    if (version > best && access(candidate.c_str(), X_OK) == 0) best = version;
  }
  closedir(d);
  return best < 0 ? "" : root + "/" + std::to_string(best) + "/bin";
}

PostgresServer::PostgresServer() {
  std::string error;
  if (!start(&error)) error_ = error.empty() ? "cannot start PostgreSQL" : error;
}

bool PostgresServer::start(std::string* error) {
  bin_ = find_postgres_bin();
  if (bin_.empty()) {
    *error =
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install the "
        "`postgresql` package (scripts/deps.sh test)";
    return false;
  }
  char tmpl[] = "/tmp/mesh-pg-XXXXXX";
  if (!mkdtemp(tmpl)) {
    *error = std::string("mkdtemp: ") + std::strerror(errno);
    return false;
  }
  dir_ = tmpl;
  if (geteuid() == 0) {
    const passwd* pw = getpwnam("postgres");
    if (!pw || chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      *error = "running as root but there is no `postgres` user to run the server as";
      return false;
    }
  }
  std::string log = dir_ + "/setup.log";
  if (run({bin_ + "/initdb", "-D", dir_ + "/data", "-U", "postgres", "-A", "trust", "--no-sync",
           "-E", "UTF8", "--locale=C"},
          log) != 0) {
    *error = "initdb failed: " + read_file(log);
    return false;
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                          dir_ + " -c fsync=off -c max_connections=200";
    if (run({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/server.log", "-w", "-t", "30",
             "-o", options, "start"},
            log) == 0) {
      running_ = true;
      return true;
    }
  }
  *error = "pg_ctl start failed: " + read_file(log) + read_file(dir_ + "/server.log");
  return false;
}

PostgresServer::~PostgresServer() {
  if (running_) {
    run({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"},
        dir_ + "/setup.log");
  }
  if (!dir_.empty()) run({"rm", "-rf", dir_}, "/dev/null");
}

std::string PostgresServer::url(const std::string& schema, const std::string& db) const {
  std::string u = "postgres://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
  if (!schema.empty()) u += "?schema=" + schema;
  return u;
}

std::string PostgresServer::conninfo(const std::string& db) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

std::string PostgresServer::execute(const std::string& sql) const {
  PGconn* conn = PQconnectdb(conninfo().c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

PostgresServer& shared_postgres() {
  static PostgresServer server;
  return server;
}

}  // namespace mesh::test
