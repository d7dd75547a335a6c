#include "state/url.h"

#include <fmt/format.h>

#include <cstdlib>

#include "state/postgres_store.h"
#include "state/sqlite_store.h"
#include "state/store.h"

namespace mesh::state {
namespace {

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

/// Percent-decodes a query value (schema names are plain, but be lenient).
std::string decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::optional<StateLocation> parse_state_url(const std::string& url, std::string* error) {
  StateLocation loc;
  if (url.empty()) {
    *error = "empty state URL";
    return std::nullopt;
  }
  if (starts_with(url, "sqlite://")) {
    loc.path = url.substr(9);
    if (loc.path.empty()) {
      *error = fmt::format("state URL {} has no file path (sqlite:///abs/path.db)", url);
      return std::nullopt;
    }
    loc.display = loc.path;
    return loc;
  }
  if (starts_with(url, "postgres://") || starts_with(url, "postgresql://")) {
    loc.kind = StateLocation::Kind::Postgres;
    std::string rest = url.substr(url.find("://") + 3);
    std::string query;
    if (size_t q = rest.find('?'); q != std::string::npos) {
      query = rest.substr(q + 1);
      rest = rest.substr(0, q);
    }
    std::string kept;
    size_t start = 0;
    while (start <= query.size() && !query.empty()) {
      size_t amp = query.find('&', start);
      std::string pair =
          query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (starts_with(pair, "schema=")) {
        loc.schema = decode(pair.substr(7));
      } else if (!pair.empty()) {
        kept += (kept.empty() ? "" : "&") + pair;
      }
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    loc.conninfo = "postgresql://" + rest + (kept.empty() ? "" : "?" + kept);
    // Mask a password in user:password@host.
    std::string shown = rest;
    if (size_t at = shown.find('@'); at != std::string::npos) {
      if (size_t colon = shown.find(':'); colon != std::string::npos && colon < at) {
        shown = shown.substr(0, colon) + ":***" + shown.substr(at);
      }
    }
    loc.display = "postgres://" + shown + "?schema=" + loc.schema;
    return loc;
  }
  if (url.find("://") != std::string::npos) {
    *error = fmt::format("unsupported state URL {} (use sqlite:///path or postgres://…)", url);
    return std::nullopt;
  }
  loc.path = url;
  loc.display = url;
  return loc;
}

std::unique_ptr<StateStore> open_store(const std::string& url, const OpenOptions& options,
                                       std::string* error) {
  std::optional<StateLocation> loc = parse_state_url(url, error);
  if (!loc) return nullptr;
  if (loc->kind == StateLocation::Kind::Postgres) {
    return open_postgres_store(loc->conninfo, loc->display, loc->schema, options, error);
  }
  return open_sqlite_store(loc->path, options, error);
}

std::string default_state_url(const std::string& flag, const std::string& config_dir) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("MESH_STATE"); env && *env) return env;
  std::string dir = config_dir.empty() ? "." : config_dir;
  if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir + "/.mesh/state.db";
}

}  // namespace mesh::state
