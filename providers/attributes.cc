#include "providers/attributes.h"

#include <sys/random.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <random>

#include "core/value_ops.h"

namespace mesh {

AttributeSchema schema_attribute(std::string name, Type type, AttributeMode mode, unsigned flags,
                                 std::string description, Value default_value) {
  AttributeSchema a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.mode = mode;
  a.force_new = flags & kForceNew;
  a.sensitive = flags & kSensitive;
  a.description = std::move(description);
  a.default_value = std::move(default_value);
  return a;
}

const Value& attribute(const Value& object, std::string_view name) {
  static const Value kNull{};
  if (!object.is_object()) return kNull;
  const Value* v = object.find(name);
  return v ? *v : kNull;
}

std::string string_attribute(const Value& object, std::string_view name,
                             std::string_view fallback) {
  const Value& v = attribute(object, name);
  return v.is_string() ? v.as_string() : std::string(fallback);
}

Value with_attributes(const Value& object, std::vector<std::pair<std::string, Value>> changes) {
  ValueEntries entries = object.is_object() ? object.entries() : ValueEntries{};
  for (auto& change : changes)
    entries.emplace_back(std::move(change.first), std::move(change.second));
  return Value::object(std::move(entries));  // later entries win
}

bool same_value(const Value& a, const Value& b) {
  if (a.contains_unknown() || b.contains_unknown()) return false;
  return compare_values(a, b) == 0;
}

std::string absolute_path(std::string_view base_dir, std::string_view path) {
  std::string joined;
  if (!path.empty() && path.front() == '/') {
    joined = path;
  } else {
    if (base_dir.empty() || base_dir.front() != '/') {
      char cwd[PATH_MAX];
      joined = getcwd(cwd, sizeof cwd) ? cwd : "/";
      if (!base_dir.empty()) joined += "/" + std::string(base_dir);
    } else {
      joined = base_dir;
    }
    joined += "/";
    joined += path;
  }
  // Fold `.`, `..` and repeated slashes.
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string result;
  for (std::string_view part : parts) {
    result += '/';
    result += part;
  }
  return result.empty() ? "/" : result;
}

std::string random_id() {
  thread_local std::mt19937_64 generator = [] {
    uint64_t seed[4] = {};
    if (getrandom(seed, sizeof seed, 0) != sizeof seed) {
      seed[0] = uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
      seed[1] = uint64_t(getpid());
    }
    std::seed_seq sequence{seed[0], seed[1], seed[2], seed[3]};
    return std::mt19937_64(sequence);
  }();
  uint64_t high = generator(), low = generator();
  high = (high & ~uint64_t(0xf000)) | 0x4000;                  // version 4
  low = (low & ~(uint64_t(0xc) << 60)) | (uint64_t(8) << 60);  // RFC 4122 variant
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id(36, '-');
  int bit = 60;
  bool in_low = false;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    uint64_t word = in_low ? low : high;
    id[i] = kDigits[(word >> bit) & 15];
    bit -= 4;
    if (bit < 0) {
      in_low = true;
      bit = 60;
    }
  }
  return id;
}

}  // namespace mesh
