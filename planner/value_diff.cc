#include "planner/value_diff.h"

#include <algorithm>

#include "core/value_display.h"
#include "planner/equality.h"

namespace mesh::plan {
namespace {

const Value& null_value() {
  static const Value null{};
  return null;
}

bool identifier(const std::string& key) {
  if (key.empty()) return false;
  auto head = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!head(key[0])) return false;
  for (char c : key) {
    if (!head(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  }
  return true;
}

bool opaque(const Value& v) {
  return v.is_sensitive() || v.is_unknown();
}

/// Same value and same marks where a reader could tell (a value turning sensitive is a change
/// worth showing even if its text is equal).
bool same_for_display(const Value& a, const Value& b) {
  return same_value(a, b) && a.contains_sensitive() == b.contains_sensitive();
}

void diff_objects(ValueDiff& d) {
  const ValueEntries& x = d.before.entries();
  const ValueEntries& y = d.after.entries();
  size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    if (j == y.size() || (i < x.size() && x[i].first < y[j].first)) {
      d.children.push_back(diff_values(x[i].first, x[i].second, null_value()));
      ++i;
    } else if (i == x.size() || y[j].first < x[i].first) {
      d.children.push_back(diff_values(y[j].first, null_value(), y[j].second));
      ++j;
    } else {
      ValueDiff child = diff_values(x[i].first, x[i].second, y[j].second);
      if (child.op == DiffOp::Same) {
        ++d.hidden;
      } else {
        d.children.push_back(std::move(child));
      }
      ++i;
      ++j;
    }
  }
}

/// Element-wise list diff by longest common subsequence (small lists), else by index.
void diff_lists(ValueDiff& d) {
  const ValueList& x = d.before.items();
  const ValueList& y = d.after.items();
  const size_t n = x.size(), m = y.size();
  if (n * m > 40000) {
    for (size_t k = 0; k < std::max(n, m); ++k) {
      const Value& a = k < n ? x[k] : null_value();
      const Value& b = k < m ? y[k] : null_value();
      ValueDiff child = diff_values("", a, b);
      if (k >= n) child.op = DiffOp::Add;
      if (k >= m) child.op = DiffOp::Remove;
      if (child.op == DiffOp::Same) {
        ++d.hidden;
      } else {
        d.children.push_back(std::move(child));
      }
    }
    return;
  }
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t a = n; a-- > 0;) {
    for (size_t b = m; b-- > 0;) {
      lcs[a][b] = same_for_display(x[a], y[b]) ? lcs[a + 1][b + 1] + 1
                                               : std::max(lcs[a + 1][b], lcs[a][b + 1]);
    }
  }
  size_t a = 0, b = 0;
  while (a < n || b < m) {
    if (a < n && b < m && same_for_display(x[a], y[b])) {
      ++d.hidden;
      ++a;
      ++b;
    } else if (a < n && (b == m || lcs[a + 1][b] >= lcs[a][b + 1])) {
      ValueDiff child;
      child.op = DiffOp::Remove;
      child.before = x[a++];
      d.children.push_back(std::move(child));
    } else {
      ValueDiff child;
      child.op = DiffOp::Add;
      child.after = y[b++];
      d.children.push_back(std::move(child));
    }
  }
}

}  // namespace

std::string display_key(const std::string& key) {
  return identifier(key) ? key : quote_string(key);
}

ValueDiff diff_values(std::string key, const Value& before, const Value& after) {
  ValueDiff d;
  d.key = std::move(key);
  d.before = before;
  d.after = after;
  if (same_for_display(before, after)) return d;
  if (before.is_null()) {
    d.op = DiffOp::Add;
  } else if (after.is_null()) {
    d.op = DiffOp::Remove;
  } else {
    d.op = DiffOp::Change;
  }
  if (d.op != DiffOp::Change || opaque(before) || opaque(after)) return d;
  if (before.is_object() && after.is_object()) {
    d.nested = true;
    diff_objects(d);
  } else if (before.is_sequence() && after.is_sequence()) {
    d.nested = true;
    diff_lists(d);
  }
  return d;
}

AttributeDiff diff_attributes(const Value& before, const Value& after,
                              const std::vector<std::string>& replace_paths) {
  AttributeDiff out;
  const ValueEntries& x = before.is_object() ? before.entries() : null_value().entries();
  const ValueEntries& y = after.is_object() ? after.entries() : null_value().entries();
  auto forces = [&](const std::string& key) {
    return std::find(replace_paths.begin(), replace_paths.end(), key) != replace_paths.end();
  };
  auto take = [&](ValueDiff d) {
    if (d.op == DiffOp::Same) {
      ++out.hidden;
      return;
    }
    d.forces_replacement = forces(d.key);
    out.attributes.push_back(std::move(d));
  };
  size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    if (j == y.size() || (i < x.size() && x[i].first < y[j].first)) {
      if (!x[i].second.is_null()) take(diff_values(x[i].first, x[i].second, null_value()));
      ++i;
    } else if (i == x.size() || y[j].first < x[i].first) {
      if (!y[j].second.is_null()) take(diff_values(y[j].first, null_value(), y[j].second));
      ++j;
    } else {
      if (!x[i].second.is_null() || !y[j].second.is_null())
        take(diff_values(x[i].first, x[i].second, y[j].second));
      ++i;
      ++j;
    }
  }
  return out;
}

}  // namespace mesh::plan
