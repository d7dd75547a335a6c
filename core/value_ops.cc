#include "core/value_ops.h"

#include <fmt/format.h>

#include "core/convert.h"

namespace mesh {
namespace {

Value marked(Value v, bool sensitive) {
  return sensitive ? v.mark_sensitive() : v;
}

bool either_sensitive(const Value& a, const Value& b) {
  return a.is_sensitive() || b.is_sensitive();
}

/// The kind a value has or, for an unknown, the kind its announced type promises
/// (ValueKind::Unknown when it promises nothing useful).
ValueKind effective_kind(const Value& v) {
  if (!v.is_unknown()) return v.kind();
  switch (v.unknown_type().kind()) {
    case TypeKind::Bool:
      return ValueKind::Bool;
    case TypeKind::Number:
      return ValueKind::Number;
    case TypeKind::String:
      return ValueKind::String;
    case TypeKind::Duration:
      return ValueKind::Duration;
    default:
      return ValueKind::Unknown;
  }
}

std::string a_kind(ValueKind kind) {
  switch (kind) {
    case ValueKind::Null:
      return "null";
    case ValueKind::Unknown:
      return "an unknown value";
    case ValueKind::Object:
      return "an object";
    default:
      return fmt::format("a {}", kind_name(kind));
  }
}

enum class Arith { Add, Sub, Mul, Div, Mod };

const char* arith_symbol(Arith op) {
  switch (op) {
    case Arith::Add:
      return "+";
    case Arith::Sub:
      return "-";
    case Arith::Mul:
      return "*";
    case Arith::Div:
      return "/";
    case Arith::Mod:
      return "%";
  }
  return "?";
}

bool is_arith_kind(ValueKind k) {
  return k == ValueKind::Number || k == ValueKind::Duration || k == ValueKind::Unknown;
}

/// The kind of `a op b`, or Null when the combination is not allowed; Unknown when an
/// operand's kind is not known yet.
ValueKind arith_result(Arith op, ValueKind a, ValueKind b) {
  using K = ValueKind;
  if (a == K::Unknown || b == K::Unknown) {
    ValueKind known = a == K::Unknown ? b : a;
    if (known == K::Unknown) return K::Unknown;
    // One side known: the result is still ambiguous for durations (d/d is a number).
    if (known == K::Number) {
      return (op == Arith::Mul || (op == Arith::Div && a == K::Unknown)) ? K::Unknown : K::Number;
    }
    return op == Arith::Div ? K::Unknown : K::Duration;
  }
  if (a == K::Number && b == K::Number) return K::Number;
  if (a == K::Duration && b == K::Duration) {
    if (op == Arith::Mul) return K::Null;
    return op == Arith::Div ? K::Number : K::Duration;
  }
  if (a == K::Duration && b == K::Number && (op == Arith::Mul || op == Arith::Div)) {
    return K::Duration;
  }
  if (a == K::Number && b == K::Duration && op == Arith::Mul) return K::Duration;
  return K::Null;
}

Type type_for_kind(ValueKind k) {
  switch (k) {
    case ValueKind::Number:
      return Type::number();
    case ValueKind::Duration:
      return Type::duration();
    case ValueKind::Bool:
      return Type::boolean();
    case ValueKind::String:
      return Type::string();
    default:
      return Type::any();
  }
}

/// Milliseconds from a number of milliseconds, truncated toward zero; nullopt on overflow.
std::optional<int64_t> truncate_ms(const Number& n) {
  Number t = n.is_negative() ? -((-n).floor()) : n.floor();
  return t.to_int64();
}

ValueResult arithmetic(Arith op, const Value& a, const Value& b) {
  bool sensitive = either_sensitive(a, b);
  ValueKind ka = effective_kind(a), kb = effective_kind(b);
  if (!is_arith_kind(ka) || !is_arith_kind(kb)) {
    std::string message = fmt::format("operator {} needs numbers or durations, got {} and {}",
                                      arith_symbol(op), a_kind(a.kind()), a_kind(b.kind()));
    if (op == Arith::Add && (ka == ValueKind::String || kb == ValueKind::String)) {
      message += "; join strings with a template: \"${a}${b}\"";
    }
    return ValueResult::failure(message);
  }
  ValueKind result = arith_result(op, ka, kb);
  if (result == ValueKind::Null) {
    return ValueResult::failure(fmt::format("operator {} is not defined for {} and {}",
                                            arith_symbol(op), a_kind(ka), a_kind(kb)));
  }
  if (a.is_unknown() || b.is_unknown()) {
    return marked(Value::unknown(type_for_kind(result)), sensitive);
  }
  if (ka == ValueKind::Number && kb == ValueKind::Number) {
    Number x = a.as_number(), y = b.as_number();
    switch (op) {
      case Arith::Add:
        return marked(Value::number(x + y), sensitive);
      case Arith::Sub:
        return marked(Value::number(x - y), sensitive);
      case Arith::Mul:
        return marked(Value::number(x * y), sensitive);
      case Arith::Div: {
        auto q = x.divide(y);
        if (!q) return ValueResult::failure("division by zero");
        return marked(Value::number(*q), sensitive);
      }
      case Arith::Mod: {
        auto r = x.modulo(y);
        if (!r) return ValueResult::failure("modulo by zero");
        return marked(Value::number(*r), sensitive);
      }
    }
  }
  if (ka == ValueKind::Duration && kb == ValueKind::Duration) {
    int64_t x = a.as_duration(), y = b.as_duration(), r = 0;
    switch (op) {
      case Arith::Add:
        if (__builtin_add_overflow(x, y, &r)) return ValueResult::failure("duration overflow");
        return marked(Value::duration(r), sensitive);
      case Arith::Sub:
        if (__builtin_sub_overflow(x, y, &r)) return ValueResult::failure("duration overflow");
        return marked(Value::duration(r), sensitive);
      case Arith::Div: {
        auto q = Number::from_int(x).divide(Number::from_int(y));
        if (!q) return ValueResult::failure("division by zero");
        return marked(Value::number(*q), sensitive);
      }
      case Arith::Mod:
        if (y == 0) return ValueResult::failure("modulo by zero");
        return marked(Value::duration(y == -1 ? 0 : x % y), sensitive);
      case Arith::Mul:
        break;
    }
  }
  // duration * number, number * duration, duration / number
  const Value& d = ka == ValueKind::Duration ? a : b;
  const Value& n = ka == ValueKind::Duration ? b : a;
  Number ms = Number::from_int(d.as_duration());
  Number factor = n.as_number();
  std::optional<Number> product;
  if (op == Arith::Mul) {
    product = ms * factor;
  } else {
    product = ms.divide(factor);
    if (!product) return ValueResult::failure("division by zero");
  }
  auto whole = truncate_ms(*product);
  if (!whole) return ValueResult::failure("duration overflow");
  return marked(Value::duration(*whole), sensitive);
}

enum class Cmp { Lt, Le, Gt, Ge };

ValueResult comparison(Cmp op, const Value& a, const Value& b) {
  static const char* symbols[] = {"<", "<=", ">", ">="};
  bool sensitive = either_sensitive(a, b);
  ValueKind ka = effective_kind(a), kb = effective_kind(b);
  auto comparable = [](ValueKind k) {
    return k == ValueKind::Number || k == ValueKind::Duration || k == ValueKind::String ||
           k == ValueKind::Unknown;
  };
  if (!comparable(ka) || !comparable(kb) ||
      (ka != ValueKind::Unknown && kb != ValueKind::Unknown && ka != kb)) {
    return ValueResult::failure(fmt::format("operator {} cannot compare {} with {}",
                                            symbols[static_cast<int>(op)], a_kind(a.kind()),
                                            a_kind(b.kind())));
  }
  if (a.is_unknown() || b.is_unknown()) {
    return marked(Value::unknown(Type::boolean()), sensitive);
  }
  int c = 0;
  if (ka == ValueKind::Number) {
    c = a.as_number().compare(b.as_number());
  } else if (ka == ValueKind::Duration) {
    c = a.as_duration() < b.as_duration() ? -1 : (a.as_duration() > b.as_duration() ? 1 : 0);
  } else {
    int s = a.as_string().compare(b.as_string());
    c = s < 0 ? -1 : (s > 0 ? 1 : 0);
  }
  bool r = false;
  switch (op) {
    case Cmp::Lt:
      r = c < 0;
      break;
    case Cmp::Le:
      r = c <= 0;
      break;
    case Cmp::Gt:
      r = c > 0;
      break;
    case Cmp::Ge:
      r = c >= 0;
      break;
  }
  return marked(Value::boolean(r), sensitive);
}

enum class Tri { False, True, Unknown };

Tri deep_equal(const Value& a, const Value& b) {
  if (a.is_unknown() || b.is_unknown()) return Tri::Unknown;
  if (a.kind() != b.kind()) return Tri::False;
  switch (a.kind()) {
    case ValueKind::Null:
      return Tri::True;
    case ValueKind::Bool:
      return a.as_bool() == b.as_bool() ? Tri::True : Tri::False;
    case ValueKind::Number:
      return a.as_number() == b.as_number() ? Tri::True : Tri::False;
    case ValueKind::String:
      return a.as_string() == b.as_string() ? Tri::True : Tri::False;
    case ValueKind::Duration:
      return a.as_duration() == b.as_duration() ? Tri::True : Tri::False;
    case ValueKind::List:
    case ValueKind::Set: {
      if (a.size() != b.size()) return Tri::False;
      Tri result = Tri::True;
      for (size_t i = 0; i < a.size(); ++i) {
        Tri t = deep_equal(a.items()[i], b.items()[i]);
        if (t == Tri::False) return Tri::False;
        if (t == Tri::Unknown) result = Tri::Unknown;
      }
      return result;
    }
    case ValueKind::Object: {
      if (a.size() != b.size()) return Tri::False;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a.entries()[i].first != b.entries()[i].first) return Tri::False;
      }
      Tri result = Tri::True;
      for (size_t i = 0; i < a.size(); ++i) {
        Tri t = deep_equal(a.entries()[i].second, b.entries()[i].second);
        if (t == Tri::False) return Tri::False;
        if (t == Tri::Unknown) result = Tri::Unknown;
      }
      return result;
    }
    case ValueKind::Unknown:
      return Tri::Unknown;
  }
  return Tri::False;
}

ValueResult require_bool(const Value& v, const char* op) {
  if (v.is_unknown() || v.is_bool()) return v;
  return ValueResult::failure(
      fmt::format("operator {} needs bool operands, got {}", op, a_kind(v.kind())));
}

int cmp_int(int64_t a, int64_t b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

void hash_bytes(uint64_t& h, const void* data, size_t n) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
}

void hash_u64(uint64_t& h, uint64_t v) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(v >> (8 * i));
  hash_bytes(h, bytes, 8);
}

void hash_string(uint64_t& h, const std::string& s) {
  hash_u64(h, s.size());
  hash_bytes(h, s.data(), s.size());
}

void hash_into(uint64_t& h, const Value& v) {
  unsigned char header[2] = {static_cast<unsigned char>(v.kind()),
                             static_cast<unsigned char>(v.is_sensitive() ? 1 : 0)};
  hash_bytes(h, header, 2);
  switch (v.kind()) {
    case ValueKind::Null:
      break;
    case ValueKind::Bool:
      hash_u64(h, v.as_bool() ? 1 : 0);
      break;
    case ValueKind::Number:
      hash_string(h, v.as_number().to_string());
      break;
    case ValueKind::String:
      hash_string(h, v.as_string());
      break;
    case ValueKind::Duration:
      hash_u64(h, static_cast<uint64_t>(v.as_duration()));
      break;
    case ValueKind::List:
    case ValueKind::Set:
      hash_u64(h, v.size());
      for (const Value& item : v.items()) hash_into(h, item);
      break;
    case ValueKind::Object:
      hash_u64(h, v.size());
      for (const ValueEntry& e : v.entries()) {
        hash_string(h, e.first);
        hash_into(h, e.second);
      }
      break;
    case ValueKind::Unknown:
      hash_string(h, v.unknown_type().to_string());
      break;
  }
}

}  // namespace

ValueResult add(const Value& lhs, const Value& rhs) {
  return arithmetic(Arith::Add, lhs, rhs);
}
ValueResult subtract(const Value& lhs, const Value& rhs) {
  return arithmetic(Arith::Sub, lhs, rhs);
}
ValueResult multiply(const Value& lhs, const Value& rhs) {
  return arithmetic(Arith::Mul, lhs, rhs);
}
ValueResult divide(const Value& lhs, const Value& rhs) {
  return arithmetic(Arith::Div, lhs, rhs);
}
ValueResult modulo(const Value& lhs, const Value& rhs) {
  return arithmetic(Arith::Mod, lhs, rhs);
}

ValueResult less(const Value& lhs, const Value& rhs) {
  return comparison(Cmp::Lt, lhs, rhs);
}
ValueResult less_equal(const Value& lhs, const Value& rhs) {
  return comparison(Cmp::Le, lhs, rhs);
}
ValueResult greater(const Value& lhs, const Value& rhs) {
  return comparison(Cmp::Gt, lhs, rhs);
}
ValueResult greater_equal(const Value& lhs, const Value& rhs) {
  return comparison(Cmp::Ge, lhs, rhs);
}

Value equal(const Value& lhs, const Value& rhs) {
  bool sensitive = lhs.contains_sensitive() || rhs.contains_sensitive();
  Tri t = deep_equal(lhs, rhs);
  if (t == Tri::Unknown) return marked(Value::unknown(Type::boolean()), sensitive);
  return marked(Value::boolean(t == Tri::True), sensitive);
}

Value not_equal(const Value& lhs, const Value& rhs) {
  Value eq = equal(lhs, rhs);
  if (eq.is_unknown()) return eq;
  return marked(Value::boolean(!eq.as_bool()), eq.is_sensitive());
}

ValueResult logical_and(const Value& lhs, const Value& rhs) {
  if (auto r = require_bool(lhs, "&&"); !r) return r;
  if (auto r = require_bool(rhs, "&&"); !r) return r;
  if (lhs.is_bool() && !lhs.as_bool()) return marked(Value::boolean(false), lhs.is_sensitive());
  if (rhs.is_bool() && !rhs.as_bool()) return marked(Value::boolean(false), rhs.is_sensitive());
  bool sensitive = either_sensitive(lhs, rhs);
  if (lhs.is_unknown() || rhs.is_unknown()) {
    return marked(Value::unknown(Type::boolean()), sensitive);
  }
  return marked(Value::boolean(true), sensitive);
}

ValueResult logical_or(const Value& lhs, const Value& rhs) {
  if (auto r = require_bool(lhs, "||"); !r) return r;
  if (auto r = require_bool(rhs, "||"); !r) return r;
  if (lhs.is_bool() && lhs.as_bool()) return marked(Value::boolean(true), lhs.is_sensitive());
  if (rhs.is_bool() && rhs.as_bool()) return marked(Value::boolean(true), rhs.is_sensitive());
  bool sensitive = either_sensitive(lhs, rhs);
  if (lhs.is_unknown() || rhs.is_unknown()) {
    return marked(Value::unknown(Type::boolean()), sensitive);
  }
  return marked(Value::boolean(false), sensitive);
}

ValueResult logical_not(const Value& operand) {
  if (auto r = require_bool(operand, "!"); !r) return r;
  if (operand.is_unknown()) return marked(Value::unknown(Type::boolean()), operand.is_sensitive());
  return marked(Value::boolean(!operand.as_bool()), operand.is_sensitive());
}

ValueResult negate(const Value& operand) {
  bool sensitive = operand.is_sensitive();
  switch (effective_kind(operand)) {
    case ValueKind::Unknown:
      if (operand.is_unknown()) return operand;
      break;
    case ValueKind::Number:
      if (operand.is_unknown()) return operand;
      return marked(Value::number(-operand.as_number()), sensitive);
    case ValueKind::Duration:
      if (operand.is_unknown()) return operand;
      if (operand.as_duration() == INT64_MIN) return ValueResult::failure("duration overflow");
      return marked(Value::duration(-operand.as_duration()), sensitive);
    default:
      break;
  }
  return ValueResult::failure(
      fmt::format("operator - needs a number or a duration, got {}", a_kind(operand.kind())));
}

ValueResult check_condition(const Value& condition) {
  if (condition.is_bool()) return condition;
  if (condition.is_unknown()) {
    TypeKind k = condition.unknown_type().kind();
    if (k == TypeKind::Any || k == TypeKind::Bool) {
      return marked(Value::unknown(Type::boolean()), condition.is_sensitive());
    }
  }
  return ValueResult::failure(fmt::format("condition must be a bool, got {}", describe(condition)));
}

ValueResult conditional(const Value& condition, const Value& then_value, const Value& else_value) {
  ValueResult c = check_condition(condition);
  if (!c) return c;
  bool sensitive = condition.is_sensitive();
  if (condition.is_unknown()) {
    Type t = type_of(then_value);
    Type e = type_of(else_value);
    Type result = t == e ? t : (then_value.is_null() ? e : (else_value.is_null() ? t : Type()));
    return marked(Value::unknown(result), sensitive);
  }
  const Value& chosen = condition.as_bool() ? then_value : else_value;
  return sensitive ? chosen.mark_sensitive() : chosen;
}

ValueResult index(const Value& collection, const Value& key) {
  bool sensitive = either_sensitive(collection, key);
  if (collection.is_unknown()) {
    const Type& t = collection.unknown_type();
    Type element = t.element();
    if (t.kind() == TypeKind::Tuple && key.is_number()) {
      auto i = key.as_number().to_int64();
      if (i && *i >= 0 && static_cast<size_t>(*i) < t.elements().size()) element = t.elements()[*i];
    } else if (t.kind() == TypeKind::Object && key.is_string()) {
      if (const TypeAttribute* a = t.attribute(key.as_string())) element = a->type;
    }
    return marked(Value::unknown(element), sensitive);
  }
  if (collection.is_null()) return ValueResult::failure("cannot index null");
  if (collection.is_list()) {
    if (key.is_unknown()) return marked(Value::unknown(), sensitive);
    if (!key.is_number()) {
      return ValueResult::failure(
          fmt::format("a list index must be a number, got {}", describe(key)));
    }
    Number n = key.as_number();
    auto i = n.to_int64();
    if (!i) {
      return ValueResult::failure(
          fmt::format("a list index must be a whole number, got {}", n.to_string()));
    }
    if (*i < 0 || static_cast<uint64_t>(*i) >= collection.size()) {
      return ValueResult::failure(fmt::format("index {} out of range for list of {} element{}", *i,
                                              collection.size(),
                                              collection.size() == 1 ? "" : "s"));
    }
    return marked(collection.items()[static_cast<size_t>(*i)], sensitive);
  }
  if (collection.is_set()) {
    return ValueResult::failure("cannot index a set: its elements have no order; use tolist()");
  }
  if (collection.is_object()) {
    if (key.is_unknown()) return marked(Value::unknown(), sensitive);
    if (!key.is_string()) {
      return ValueResult::failure(
          fmt::format("an object key must be a string, got {}", describe(key)));
    }
    const Value* v = collection.find(key.as_string());
    if (!v) {
      return ValueResult::failure(fmt::format("object has no attribute \"{}\"", key.as_string()));
    }
    return marked(*v, sensitive);
  }
  return ValueResult::failure(fmt::format("cannot index {}", describe(collection)));
}

ValueResult get_attr(const Value& object, std::string_view name) {
  bool sensitive = object.is_sensitive();
  if (object.is_unknown()) {
    const Type& t = object.unknown_type();
    Type result;
    if (t.kind() == TypeKind::Object) {
      const TypeAttribute* a = t.attribute(name);
      if (!a) return ValueResult::failure(fmt::format("object has no attribute \"{}\"", name));
      result = a->type;
    } else if (t.kind() == TypeKind::Map) {
      result = t.element();
    }
    return marked(Value::unknown(result), sensitive);
  }
  if (object.is_object()) {
    const Value* v = object.find(name);
    if (!v) return ValueResult::failure(fmt::format("object has no attribute \"{}\"", name));
    return marked(*v, sensitive);
  }
  return ValueResult::failure(
      fmt::format("cannot access attribute \"{}\" of {}", name, describe(object)));
}

bool identical(const Value& lhs, const Value& rhs) {
  if (lhs.kind() != rhs.kind() || lhs.is_sensitive() != rhs.is_sensitive()) return false;
  switch (lhs.kind()) {
    case ValueKind::Unknown:
      return lhs.unknown_type() == rhs.unknown_type();
    case ValueKind::List:
    case ValueKind::Set:
      if (lhs.size() != rhs.size()) return false;
      for (size_t i = 0; i < lhs.size(); ++i) {
        if (!identical(lhs.items()[i], rhs.items()[i])) return false;
      }
      return true;
    case ValueKind::Object:
      if (lhs.size() != rhs.size()) return false;
      for (size_t i = 0; i < lhs.size(); ++i) {
        if (lhs.entries()[i].first != rhs.entries()[i].first ||
            !identical(lhs.entries()[i].second, rhs.entries()[i].second)) {
          return false;
        }
      }
      return true;
    default:
      return compare_values(lhs, rhs) == 0;
  }
}

int compare_values(const Value& lhs, const Value& rhs) {
  if (lhs.kind() != rhs.kind()) return lhs.kind() < rhs.kind() ? -1 : 1;
  switch (lhs.kind()) {
    case ValueKind::Null:
      return 0;
    case ValueKind::Bool:
      return cmp_int(lhs.as_bool(), rhs.as_bool());
    case ValueKind::Number:
      return lhs.as_number().compare(rhs.as_number());
    case ValueKind::String: {
      int c = lhs.as_string().compare(rhs.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case ValueKind::Duration:
      return cmp_int(lhs.as_duration(), rhs.as_duration());
    case ValueKind::List:
    case ValueKind::Set: {
      size_t n = std::min(lhs.size(), rhs.size());
      for (size_t i = 0; i < n; ++i) {
        if (int c = compare_values(lhs.items()[i], rhs.items()[i])) return c;
      }
      return cmp_int(static_cast<int64_t>(lhs.size()), static_cast<int64_t>(rhs.size()));
    }
    case ValueKind::Object: {
      size_t n = std::min(lhs.size(), rhs.size());
      for (size_t i = 0; i < n; ++i) {
        int k = lhs.entries()[i].first.compare(rhs.entries()[i].first);
        if (k != 0) return k < 0 ? -1 : 1;
        if (int c = compare_values(lhs.entries()[i].second, rhs.entries()[i].second)) return c;
      }
      return cmp_int(static_cast<int64_t>(lhs.size()), static_cast<int64_t>(rhs.size()));
    }
    case ValueKind::Unknown: {
      int c = lhs.unknown_type().to_string().compare(rhs.unknown_type().to_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
  return 0;
}

uint64_t hash_value(const Value& value) {
  uint64_t h = 14695981039346656037ULL;
  hash_into(h, value);
  return h;
}

std::string describe(const Value& value) {
  switch (value.kind()) {
    case ValueKind::Null:
      return "null";
    case ValueKind::Bool:
      return "a bool";
    case ValueKind::Number:
      return "a number";
    case ValueKind::String:
      return "a string";
    case ValueKind::Duration:
      return "a duration";
    case ValueKind::List:
    case ValueKind::Set:
      return fmt::format("a {} of {} element{}", kind_name(value.kind()), value.size(),
                         value.size() == 1 ? "" : "s");
    case ValueKind::Object:
      return fmt::format("an object with {} attribute{}", value.size(),
                         value.size() == 1 ? "" : "s");
    case ValueKind::Unknown:
      return "an unknown value";
  }
  return "a value";
}

}  // namespace mesh
