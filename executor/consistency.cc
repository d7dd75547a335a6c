#include "executor/consistency.h"

#include "core/value_display.h"
#include "core/value_json.h"
#include "planner/equality.h"

namespace mesh::exec {
namespace {

std::string describe_at(const std::string& path, const Value& planned, const Value& actual) {
  std::string where = path.empty() ? "the object" : "`" + path + "`";
  if (planned.contains_sensitive() || actual.contains_sensitive())
    return where + " differs from its planned value";
  return where + " was planned as " + to_inline_string(planned) + " but is " +
         to_inline_string(actual);
}

std::optional<std::string> walk(const Value& planned, const Value& actual,
                                const std::string& path) {
  if (planned.is_unknown()) return std::nullopt;
  if (!planned.contains_unknown()) {
    if (plan::same_value(planned, actual)) return std::nullopt;
    return describe_at(path, planned, actual);
  }
  // Known container with unknowns inside: compare what is known, place by place.
  if (planned.is_object() && actual.is_object()) {
    static const Value null{};
    for (const auto& [key, p] : planned.entries()) {
      const Value* a = actual.find(key);
      if (auto found = walk(p, a ? *a : null, path_attr(path, key))) return found;
    }
    return std::nullopt;
  }
  if (planned.is_list() && actual.is_sequence() && planned.size() == actual.size()) {
    for (size_t i = 0; i < planned.size(); ++i)
      if (auto found = walk(planned.items()[i], actual.items()[i], path_index(path, i)))
        return found;
    return std::nullopt;
  }
  return describe_at(path, planned, actual);
}

void find_unknown(const Value& v, const std::string& path, std::optional<std::string>* out) {
  if (*out || !v.contains_unknown()) return;
  if (v.is_unknown()) {
    *out = path;
    return;
  }
  if (v.is_object()) {
    for (const auto& [key, e] : v.entries()) find_unknown(e, path_attr(path, key), out);
  } else {
    for (size_t i = 0; i < v.items().size(); ++i)
      find_unknown(v.items()[i], path_index(path, i), out);
  }
}

}  // namespace

std::optional<std::string> contradiction(const Value& planned, const Value& actual) {
  return walk(planned, actual, "");
}

std::optional<std::string> first_unknown(const Value& value) {
  std::optional<std::string> out;
  find_unknown(value, "", &out);
  return out;
}

}  // namespace mesh::exec
