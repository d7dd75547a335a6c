#pragma once
/// A throwaway nginx for the http provider tests: a temp prefix with its own configuration,
/// WebDAV PUT/DELETE over PREFIX/www, a free loopback port, run in the foreground as a child
/// (`nginx -p PREFIX -c CONF -g 'daemon off; master_process off;'`) and killed with its
/// process group when the object goes away.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "providers/process.h"
#include "temp_dir.h"

namespace mesh::testing {

inline int free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

inline bool port_open(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(uint16_t(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

class NginxServer {
 public:
  NginxServer() {
    const char* candidates[] = {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"};
    std::string binary;
    for (const char* c : candidates)
      if (access(c, X_OK) == 0) binary = c;
    if (binary.empty()) {
      error_ = "nginx not found: install nginx-light (scripts/deps.sh test)";
      return;
    }
    for (const char* d : {"www", "tmp", "logs"}) mkdir((dir_ / d).c_str(), 0777);
    for (int attempt = 0; attempt < 5 && !process_; ++attempt) {
      port_ = free_loopback_port();
      std::ofstream(dir_ / "nginx.conf") << config();
      ProcessOptions options;
      options.argv = {binary,
                      "-p",
                      dir_.path() + "/",
                      "-c",
                      dir_ / "nginx.conf",
                      "-e",
                      dir_ / "logs/error.log",
                      "-g",
                      "daemon off; master_process off;"};
      std::string error;
      process_ = Process::start(options, &error);
      if (!process_) {
        error_ = error;
        return;
      }
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!port_open(port_) && !process_->has_exited() &&
             std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (!port_open(port_)) process_.reset();  // port taken meanwhile, or a failure: retry
    }
    if (!process_) error_ = "nginx did not start; see " + dir_ / "logs/error.log";
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  /// Where PUT files land: PREFIX/www/PATH.
  std::string file(const std::string& path) const { return dir_.path() + "/www" + path; }
  /// Requests logged so far for `path` (access log, one line each).
  /// nginx logs a request after answering it: wait briefly for the count to settle.
  int hits(const std::string& path) const {
    int n = -1;
    for (int settled = 0; settled < 5;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::ifstream in(dir_ / "logs/access.log");
      int count = 0;
      for (std::string line; std::getline(in, line);)
        if (line.find(" " + path + " ") != std::string::npos) ++count;
      settled = count == n ? settled + 1 : 0;
      n = count;
    }
    return n;
  }

 private:
  std::string config() const {
    const std::string p = dir_.path();
    return "worker_processes 1;\npid " + p +
           "/nginx.pid;\nevents { worker_connections 64; }\n"
           "http {\n  access_log " +
           p +
           "/logs/access.log;\n"
           "  client_body_temp_path " +
           p + "/tmp/body;\n  proxy_temp_path " + p +
           "/tmp/proxy;\n"
           "  fastcgi_temp_path " +
           p + "/tmp/fastcgi;\n  uwsgi_temp_path " + p +
           "/tmp/uwsgi;\n"
           "  scgi_temp_path " +
           p +
           "/tmp/scgi;\n"
           "  server {\n    listen 127.0.0.1:" +
           std::to_string(port_) +
           ";\n"
           "    root " +
           p +
           "/www;\n"
           "    location / {\n      dav_methods PUT DELETE;\n      create_full_put_path on;\n"
           "      dav_access user:rw group:r all:r;\n    }\n"
           "    location /unavailable/ { return 503; }\n"
           "    location /busy/ { add_header Retry-After 0 always; return 429; }\n"
           "    location = /created { add_header Location /things/42 always; return 201 "
           "'{\"data\": {\"id\": 42}}'; }\n"
           "    location /secret/ { if ($http_authorization != \"Bearer t0ken\") { return 401 "
           "'denied'; } dav_methods PUT DELETE; create_full_put_path on; }\n"
           "  }\n}\n";
  }

  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Process> process_;
  std::string error_;
};

}  // namespace mesh::testing
