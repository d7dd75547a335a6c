#pragma once
/// Random (version 4) UUIDs for lineages and lock ids, from /dev/urandom.

#include <string>

namespace mesh::state {

/// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase. Falls back to a time- and pid-seeded
/// generator only if /dev/urandom cannot be read.
std::string new_uuid();

}  // namespace mesh::state
