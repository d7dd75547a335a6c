#include "tests/unit/state/backends.h"

#include <unistd.h>

#include <atomic>

#include "tests/support/postgres_server.h"

namespace mesh::state::testing {

std::unique_ptr<StateStore> Backend::open(const std::string& command) const {
  OpenOptions options;
  options.actor = Actor::current(command);
  std::string error;
  auto store = open_store(url(), options, &error);
  INFO("open ", url(), ": ", error);
  REQUIRE(store != nullptr);
  return store;
}

PostgresBackend::PostgresBackend() {
  test::PostgresServer& server = test::shared_postgres();
  INFO(server.error());
  REQUIRE(server.ok());
  static std::atomic<int> counter{0};
  schema_ = "t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  url_ = server.url(schema_);
}

ResourceRecord resource(const std::string& address, const std::string& attributes) {
  ResourceRecord r;
  r.address = address;
  r.type = address.substr(0, address.find('.'));
  r.provider = "local";
  r.attributes_json = attributes;
  return r;
}

ChangeSet upserts(std::initializer_list<ResourceRecord> records) {
  ChangeSet changes;
  changes.upserts.assign(records.begin(), records.end());
  return changes;
}

}  // namespace mesh::state::testing
