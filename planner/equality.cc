#include "planner/equality.h"

#include "core/duration.h"

namespace mesh::plan {
namespace {

bool duration_matches(int64_t ms, const Value& other) {
  if (other.is_duration()) return other.as_duration() == ms;
  if (other.is_string()) {
    std::optional<int64_t> parsed = parse_duration(other.as_string());
    return parsed && *parsed == ms;
  }
  return false;
}

const Value& null_value() {
  static const Value null{};
  return null;
}

}  // namespace

bool same_value(const Value& a, const Value& b) {
  if (a.is_unknown() || b.is_unknown()) return false;
  if (a.is_duration()) return duration_matches(a.as_duration(), b);
  if (b.is_duration()) return duration_matches(b.as_duration(), a);
  if (a.is_sequence() && b.is_sequence()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!same_value(a.items()[i], b.items()[i])) return false;
    }
    return true;
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::Null:
      return true;
    case ValueKind::Bool:
      return a.as_bool() == b.as_bool();
    case ValueKind::Number:
      return a.as_number() == b.as_number();
    case ValueKind::String:
      return a.as_string() == b.as_string();
    case ValueKind::Object: {
      // Merge-walk the two sorted entry lists; a key on one side only must be null.
      const ValueEntries& x = a.entries();
      const ValueEntries& y = b.entries();
      size_t i = 0, j = 0;
      while (i < x.size() || j < y.size()) {
        if (j == y.size() || (i < x.size() && x[i].first < y[j].first)) {
          if (!same_value(x[i].second, null_value())) return false;
          ++i;
        } else if (i == x.size() || y[j].first < x[i].first) {
          if (!same_value(null_value(), y[j].second)) return false;
          ++j;
        } else {
          if (!same_value(x[i].second, y[j].second)) return false;
          ++i;
          ++j;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace mesh::plan
