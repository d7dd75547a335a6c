/// mesh_test_postgres: starts a throwaway PostgreSQL server (PostgresServer), prints its URL
/// (`postgres://postgres@127.0.0.1:PORT/postgres`) on one line, and stops and removes it when
/// stdin closes. For shell-driven tests: `coproc PG { mesh_test_postgres; }; read -r URL <&…`.

#include <unistd.h>

#include <cstdio>

#include "tests/support/postgres_server.h"

int main() {
  mesh::test::PostgresServer server;
  if (!server.ok()) {
    std::fprintf(stderr, "mesh_test_postgres: %s\n", server.error().c_str());
    return 1;
  }
  std::printf("%s\n", server.url().c_str());
  std::fflush(stdout);
  char buffer[256];
  while (read(0, buffer, sizeof buffer) > 0) {
  }
  return 0;
}
