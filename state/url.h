#pragma once
/// State URLs: `sqlite:///abs/path.db`, a plain path, or
/// `postgres://user[:password]@host:port/db?schema=NAME&…` (`postgresql://` too).

#include <optional>
#include <string>

namespace mesh::state {

struct StateLocation {
  enum class Kind { Sqlite, Postgres } kind = Kind::Sqlite;
  std::string path;      ///< SQLite file
  std::string conninfo;  ///< PostgreSQL: the URI libpq gets (without `schema`)
  std::string display;   ///< for messages: the URL with any password masked
  std::string schema = "mesh";
};

std::optional<StateLocation> parse_state_url(const std::string& url, std::string* error);

}  // namespace mesh::state
