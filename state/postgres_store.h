#pragma once
/// The PostgreSQL backend: the same tables in one schema, locks as session advisory locks.
/// Internal to state/; use open_store().

#include <cstdint>
#include <memory>
#include <string>

#include "state/store.h"

namespace mesh::state {

/// Connects (libpq URI without the `schema` parameter), creates the schema when missing and
/// runs migrations. `display` is the URL without its password, for messages.
std::unique_ptr<StateStore> open_postgres_store(const std::string& conninfo,
                                                const std::string& display,
                                                const std::string& schema,
                                                const OpenOptions& options, std::string* error);

/// The advisory lock key of a workspace: FNV-1a 64 of `schema`, a NUL, and `workspace`, so
/// equal workspace names in two schemas of one database never share a lock.
int64_t advisory_key(const std::string& schema, const std::string& workspace);

}  // namespace mesh::state
