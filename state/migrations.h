#pragma once
/// Numbered schema migrations, shared by both backends. `schema_migrations` records every
/// applied version; the schema version of a database is the highest one.

#include <cstdint>
#include <optional>
#include <string>

#include "state/sql.h"

namespace mesh::state {

/// The highest schema version this binary knows.
int64_t latest_schema_version();

/// The DDL of migration `version` as run on `dialect` ("" for an unknown version): tests build
/// databases at older schema versions with it to check upgrades.
std::string migration_sql(int64_t version, sql::Dialect dialect);

/// The applied schema version (0 for a fresh database), or nullopt on error.
std::optional<int64_t> schema_version(sql::Connection& db, std::string* error);

/// Refuses a database written by a newer mesh: the message names `location`.
bool check_not_newer(int64_t version, const std::string& location, std::string* error);

/// Applies every missing migration, each in its own transaction with its version row.
/// `migration_lock` is a PostgreSQL advisory key that serializes concurrent migrators.
bool migrate(sql::Connection& db, const std::string& location, int64_t migration_lock,
             std::string* error);

}  // namespace mesh::state
