#include "core/value.h"

#include <algorithm>
#include <cassert>

#include "core/value_ops.h"

namespace mesh {
namespace {

const std::string& empty_string() {
  static const std::string s;
  return s;
}
const ValueList& empty_list() {
  static const ValueList l;
  return l;
}
const ValueEntries& empty_entries() {
  static const ValueEntries e;
  return e;
}

}  // namespace

std::string_view kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::Null:
      return "null";
    case ValueKind::Bool:
      return "bool";
    case ValueKind::Number:
      return "number";
    case ValueKind::String:
      return "string";
    case ValueKind::Duration:
      return "duration";
    case ValueKind::List:
      return "list";
    case ValueKind::Set:
      return "set";
    case ValueKind::Object:
      return "object";
    case ValueKind::Unknown:
      return "unknown";
  }
  return "unknown";
}

void Value::absorb_deep_flags(const Value& element) {
  if (element.contains_unknown()) flags_ |= kDeepUnknown;
  if (element.contains_sensitive()) flags_ |= kDeepSensitive;
}

Value Value::boolean(bool value) {
  Value v;
  v.kind_ = ValueKind::Bool;
  v.int_ = 0;
  v.bool_ = value;
  return v;
}

Value Value::number(const Number& value) {
  Value v;
  v.kind_ = ValueKind::Number;
  if (value.exact_) {
    v.int_ = value.mantissa_;
    v.scale_ = value.scale_;
  } else {
    v.double_ = value.double_;
    v.flags_ |= kInexact;
  }
  return v;
}

Value Value::integer(int64_t value) {
  Value v;
  v.kind_ = ValueKind::Number;
  v.int_ = value;
  return v;
}

Value Value::string(std::string value) {
  Value v;
  v.kind_ = ValueKind::String;
  v.payload_ = std::make_shared<const std::string>(std::move(value));
  return v;
}

Value Value::duration(int64_t milliseconds) {
  Value v;
  v.kind_ = ValueKind::Duration;
  v.int_ = milliseconds;
  return v;
}

Value Value::list(ValueList items) {
  Value v;
  v.kind_ = ValueKind::List;
  for (const Value& item : items) v.absorb_deep_flags(item);
  if (!items.empty()) v.payload_ = std::make_shared<const ValueList>(std::move(items));
  return v;
}

Value Value::set(ValueList items) {
  Value v;
  v.kind_ = ValueKind::Set;
  for (const Value& item : items) v.absorb_deep_flags(item);
  if (v.flags_ & kDeepUnknown) {
    Type element = Type::any();
    return unknown(Type::set(element));
  }
  std::sort(items.begin(), items.end(),
            [](const Value& a, const Value& b) { return compare_values(a, b) < 0; });
  // Equal elements that differ only by marks collapse into one that keeps the mark.
  ValueList unique;
  unique.reserve(items.size());
  for (Value& item : items) {
    if (!unique.empty() && compare_values(unique.back(), item) == 0) {
      if (item.is_sensitive()) unique.back() = unique.back().mark_sensitive();
      continue;
    }
    unique.push_back(std::move(item));
  }
  if (!unique.empty()) v.payload_ = std::make_shared<const ValueList>(std::move(unique));
  return v;
}

Value Value::object(ValueEntries entries) {
  Value v;
  v.kind_ = ValueKind::Object;
  // Fast path: entries that arrive sorted with unique keys (JSON objects, converted objects,
  // most builders) are taken as they are.
  bool strictly_sorted = true;
  for (size_t i = 1; i < entries.size() && strictly_sorted; ++i) {
    strictly_sorted = entries[i - 1].first < entries[i].first;
  }
  if (strictly_sorted) {
    for (const ValueEntry& e : entries) v.absorb_deep_flags(e.second);
    if (!entries.empty()) v.payload_ = std::make_shared<const ValueEntries>(std::move(entries));
    return v;
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const ValueEntry& a, const ValueEntry& b) { return a.first < b.first; });
  ValueEntries unique;
  unique.reserve(entries.size());
  for (ValueEntry& e : entries) {
    if (!unique.empty() && unique.back().first == e.first) {
      unique.back().second = std::move(e.second);
      continue;
    }
    unique.push_back(std::move(e));
  }
  for (const ValueEntry& e : unique) v.absorb_deep_flags(e.second);
  if (!unique.empty()) v.payload_ = std::make_shared<const ValueEntries>(std::move(unique));
  return v;
}

Value Value::unknown(const Type& type) {
  Value v;
  v.kind_ = ValueKind::Unknown;
  // Primitive types (the common case: provider-computed ids) live inline, without allocation.
  v.int_ = static_cast<int64_t>(type.kind());
  if (!type.is_any() && !type.is_primitive()) v.payload_ = std::make_shared<const Type>(type);
  return v;
}

bool Value::as_bool() const {
  assert(kind_ == ValueKind::Bool);
  return kind_ == ValueKind::Bool && bool_;
}

Number Value::as_number() const {
  assert(kind_ == ValueKind::Number);
  if (kind_ != ValueKind::Number) return Number();
  Number n;
  if (flags_ & kInexact) {
    n.double_ = double_;
    n.exact_ = false;
  } else {
    n.mantissa_ = int_;
    n.scale_ = scale_;
  }
  return n;
}

const std::string& Value::as_string() const {
  assert(kind_ == ValueKind::String);
  if (kind_ != ValueKind::String) return empty_string();
  return *static_cast<const std::string*>(payload_.get());
}

int64_t Value::as_duration() const {
  assert(kind_ == ValueKind::Duration);
  return kind_ == ValueKind::Duration ? int_ : 0;
}

const ValueList& Value::items() const {
  if ((kind_ != ValueKind::List && kind_ != ValueKind::Set) || !payload_) return empty_list();
  return *static_cast<const ValueList*>(payload_.get());
}

const ValueEntries& Value::entries() const {
  if (kind_ != ValueKind::Object || !payload_) return empty_entries();
  return *static_cast<const ValueEntries*>(payload_.get());
}

const Value* Value::find(std::string_view key) const {
  const ValueEntries& e = entries();
  auto it = std::lower_bound(e.begin(), e.end(), key,
                             [](const ValueEntry& a, std::string_view k) { return a.first < k; });
  if (it != e.end() && it->first == key) return &it->second;
  return nullptr;
}

size_t Value::size() const {
  if (kind_ == ValueKind::Object) return entries().size();
  return items().size();
}

Type Value::unknown_type() const {
  if (kind_ != ValueKind::Unknown) return Type::any();
  if (payload_) return *static_cast<const Type*>(payload_.get());
  switch (static_cast<TypeKind>(int_)) {
    case TypeKind::Bool:
      return Type::boolean();
    case TypeKind::Number:
      return Type::number();
    case TypeKind::String:
      return Type::string();
    case TypeKind::Duration:
      return Type::duration();
    default:
      return Type::any();
  }
}

Value Value::mark_sensitive(bool sensitive) const {
  Value v = *this;
  if (sensitive) {
    v.flags_ |= kSensitive;
  } else {
    v.flags_ &= static_cast<uint8_t>(~kSensitive);
  }
  return v;
}

Value Value::without_sensitive() const {
  if (!contains_sensitive()) return *this;
  Value v = mark_sensitive(false);
  if (!(flags_ & kDeepSensitive)) return v;
  if (kind_ == ValueKind::List || kind_ == ValueKind::Set) {
    ValueList items_copy;
    items_copy.reserve(size());
    for (const Value& item : items()) items_copy.push_back(item.without_sensitive());
    return kind_ == ValueKind::List ? list(std::move(items_copy)) : set(std::move(items_copy));
  }
  if (kind_ == ValueKind::Object) {
    ValueEntries copy;
    copy.reserve(size());
    for (const ValueEntry& e : entries()) copy.emplace_back(e.first, e.second.without_sensitive());
    return object(std::move(copy));
  }
  return v;
}

}  // namespace mesh
