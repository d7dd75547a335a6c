#pragma once
/// The one value type every stage speaks: null, bool, number, string, duration, list, set and
/// object (string keys; also what a `map(T)` holds), plus `unknown` (computed by a provider at
/// apply, may carry its expected type) and the `sensitive` mark (redacted wherever printed).
///
/// Values are immutable and cheap to copy: strings, lists and objects share their payload
/// (`std::shared_ptr<const ...>`); numbers, bools and durations are stored inline.
/// sizeof(Value) == 32 on 64-bit targets (1-byte kind, flags, number scale, an 8-byte inline
/// slot, a 16-byte shared pointer).
///
/// Marks are per value and deep: a list may hold a sensitive element without being sensitive
/// itself. Each composite value caches whether any element (recursively) is unknown or
/// sensitive, so `contains_unknown()` / `contains_sensitive()` are O(1).
///
/// Related headers: core/value_ops.h (operators, index, equality, ordering, hashing),
/// core/convert.h (type_of, convert), core/value_json.h, core/value_yaml.h,
/// core/value_display.h.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/number.h"
#include "core/types.h"

namespace mesh {

enum class ValueKind : uint8_t {
  Null,
  Bool,
  Number,
  String,
  Duration,
  List,     ///< ordered, any element kinds (tuples are lists)
  Set,      ///< sorted by `compare_values`, unique; what `toset` returns
  Object,   ///< sorted by key, unique keys; objects and maps alike
  Unknown,  ///< known after apply; `unknown_type()` says what it will be
};

/// "null", "bool", "number", "string", "duration", "list", "set", "object", "unknown".
std::string_view kind_name(ValueKind kind);

class Value;
using ValueList = std::vector<Value>;
using ValueEntry = std::pair<std::string, Value>;
using ValueEntries = std::vector<ValueEntry>;

class Value {
 public:
  Value() = default;  ///< null
  static Value null() { return Value(); }
  static Value boolean(bool value);
  static Value number(const Number& value);
  static Value integer(int64_t value);
  static Value string(std::string value);
  static Value duration(int64_t milliseconds);
  static Value list(ValueList items);
  /// Sorts by `compare_values` and removes duplicates. A set of unknowns cannot be deduplicated:
  /// when any element is unknown (deep), the result is an unknown set instead.
  static Value set(ValueList items);
  /// Sorts by key. On duplicate keys the last entry wins (like `merge`).
  static Value object(ValueEntries entries);
  /// An unknown value that will have type `type` (`any` when not known).
  static Value unknown(const Type& type = Type::any());

  ValueKind kind() const { return kind_; }
  bool is_null() const { return kind_ == ValueKind::Null; }
  bool is_unknown() const { return kind_ == ValueKind::Unknown; }
  bool is_known() const { return kind_ != ValueKind::Unknown; }
  bool is_sensitive() const { return flags_ & kSensitive; }
  bool is_bool() const { return kind_ == ValueKind::Bool; }
  bool is_number() const { return kind_ == ValueKind::Number; }
  bool is_string() const { return kind_ == ValueKind::String; }
  bool is_duration() const { return kind_ == ValueKind::Duration; }
  bool is_list() const { return kind_ == ValueKind::List; }
  bool is_set() const { return kind_ == ValueKind::Set; }
  bool is_object() const { return kind_ == ValueKind::Object; }
  /// List or set.
  bool is_sequence() const { return is_list() || is_set(); }
  bool is_collection() const { return is_sequence() || is_object(); }

  /// This value or anything inside it is unknown.
  bool contains_unknown() const { return is_unknown() || (flags_ & kDeepUnknown); }
  /// This value or anything inside it is sensitive.
  bool contains_sensitive() const { return (flags_ & (kSensitive | kDeepSensitive)) != 0; }
  /// Known all the way down.
  bool is_wholly_known() const { return !contains_unknown(); }

  // Accessors: calling one on the wrong kind is a programming error (asserted in debug builds);
  // in release they return false / 0 / "" / empty.
  bool as_bool() const;
  Number as_number() const;
  const std::string& as_string() const;
  int64_t as_duration() const;  ///< milliseconds
  /// Elements of a list or set; empty for other kinds.
  const ValueList& items() const;
  /// Entries of an object, sorted by key; empty for other kinds.
  const ValueEntries& entries() const;
  /// Attribute `key` of an object (binary search), or nullptr.
  const Value* find(std::string_view key) const;
  /// Number of elements of a list, set or object; 0 for other kinds.
  size_t size() const;
  /// The announced type of an unknown value; `any` for known values.
  Type unknown_type() const;

  /// A copy with the sensitive mark set (or cleared) on this value only.
  Value mark_sensitive(bool sensitive = true) const;
  /// A copy without any sensitive mark, deep.
  Value without_sensitive() const;

 private:
  enum : uint8_t {
    kSensitive = 1,
    kDeepUnknown = 2,    ///< some element (recursively) is unknown
    kDeepSensitive = 4,  ///< some element (recursively) is sensitive
    kInexact = 8,        ///< number stored as double
  };
  void absorb_deep_flags(const Value& element);

  ValueKind kind_ = ValueKind::Null;
  uint8_t flags_ = 0;
  int8_t scale_ = 0;  ///< decimal scale of an exact number
  union {
    bool bool_;
    int64_t int_ = 0;  ///< number mantissa or duration milliseconds
    double double_;
  };
  std::shared_ptr<const void> payload_;  ///< string, ValueList, ValueEntries or Type
};

/// A value or an error message; the evaluator turns the message into a located diagnostic.
struct ValueResult {
  Value value;
  std::string error;  ///< empty on success

  ValueResult() = default;
  ValueResult(Value v) : value(std::move(v)) {}  // NOLINT: implicit on purpose
  static ValueResult failure(std::string message) {
    ValueResult r;
    r.error = std::move(message);
    return r;
  }
  bool ok() const { return error.empty(); }
  explicit operator bool() const { return ok(); }
};

}  // namespace mesh
