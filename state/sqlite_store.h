#pragma once
/// The SQLite backend: one file, WAL, a lock row per workspace. Internal to state/; use
/// open_store().

#include <memory>
#include <string>

#include "state/store.h"

namespace mesh::state {

/// Opens (or creates, with mode 0600) the state file at `path`. Before anything is written,
/// the file is checked read-only: a file that is not SQLite, is truncated, is another
/// program's database, or has a newer schema is refused with a message naming it.
std::unique_ptr<StateStore> open_sqlite_store(const std::string& path, const OpenOptions& options,
                                              std::string* error);

}  // namespace mesh::state
