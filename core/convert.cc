#include "core/convert.h"

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "core/duration.h"
#include "core/value_display.h"
#include "core/value_json.h"
#include "core/value_ops.h"

namespace mesh {
namespace {

Value keep_mark(Value v, const Value& from) {
  return from.is_sensitive() ? v.mark_sensitive() : v;
}

/// What a failed conversion says about the value it got: the text of a short string, the kind
/// otherwise; never the content of a sensitive value.
std::string got(const Value& v) {
  if (v.is_string() && !v.is_sensitive() && v.as_string().size() <= 40) {
    return quote_string(v.as_string());
  }
  return describe(v);
}

std::string a_type(const Type& t) {
  switch (t.kind()) {
    case TypeKind::Any:
      return "a value";
    case TypeKind::Bool:
      return "a bool";
    case TypeKind::Number:
      return "a number";
    case TypeKind::String:
      return "a string";
    case TypeKind::Duration:
      return "a duration";
    case TypeKind::List:
      return "a list";
    case TypeKind::Set:
      return "a set";
    case TypeKind::Map:
      return "a map";
    case TypeKind::Object:
      return "an object";
    case TypeKind::Tuple:
      return "a tuple";
  }
  return "a value";
}

ValueResult mismatch(const Value& v, const Type& t, const std::string& path) {
  std::string message = fmt::format("{} is required, got {}", a_type(t), got(v));
  if (t.kind() == TypeKind::Duration && v.is_number()) message += "; write a unit, e.g. 30s";
  return ValueResult::failure(path.empty() ? message : path + ": " + message);
}

ValueResult fail_at(const std::string& path, const std::string& message) {
  return ValueResult::failure(path.empty() ? message : path + ": " + message);
}

/// Whether a value announced as `from` may convert to `to` (for unknowns).
bool may_convert(const Type& from, const Type& to) {
  if (from.is_any() || to.is_any() || from == to) return true;
  if (from.is_primitive() && to.is_primitive()) {
    return from.kind() == TypeKind::String || to.kind() == TypeKind::String;
  }
  auto sequence = [](TypeKind k) {
    return k == TypeKind::List || k == TypeKind::Set || k == TypeKind::Tuple;
  };
  if (sequence(from.kind()) && sequence(to.kind())) return true;
  auto keyed = [](TypeKind k) { return k == TypeKind::Map || k == TypeKind::Object; };
  return keyed(from.kind()) && keyed(to.kind());
}

ValueResult convert_at(const Value& v, const Type& t, const std::string& path) {
  if (t.is_any() || v.is_null()) return v;
  if (v.is_unknown()) {
    if (!may_convert(v.unknown_type(), t)) {
      return fail_at(path, fmt::format("{} is required, got an unknown {}", a_type(t),
                                       v.unknown_type().to_string()));
    }
    return keep_mark(Value::unknown(t), v);
  }
  switch (t.kind()) {
    case TypeKind::Any:
      return v;
    case TypeKind::String:
      switch (v.kind()) {
        case ValueKind::String:
          return v;
        case ValueKind::Bool:
          return keep_mark(Value::string(v.as_bool() ? "true" : "false"), v);
        case ValueKind::Number:
          return keep_mark(Value::string(v.as_number().to_string()), v);
        case ValueKind::Duration:
          return keep_mark(Value::string(format_duration(v.as_duration())), v);
        default:
          return mismatch(v, t, path);
      }
    case TypeKind::Number:
      if (v.is_number()) return v;
      if (v.is_string()) {
        if (auto n = Number::parse(v.as_string())) return keep_mark(Value::number(*n), v);
      }
      return mismatch(v, t, path);
    case TypeKind::Bool:
      if (v.is_bool()) return v;
      if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false")) {
        return keep_mark(Value::boolean(v.as_string() == "true"), v);
      }
      return mismatch(v, t, path);
    case TypeKind::Duration:
      if (v.is_duration()) return v;
      if (v.is_string()) {
        if (auto ms = parse_duration(v.as_string())) return keep_mark(Value::duration(*ms), v);
      }
      return mismatch(v, t, path);
    case TypeKind::List:
    case TypeKind::Set: {
      if (!v.is_sequence()) return mismatch(v, t, path);
      ValueList items;
      items.reserve(v.size());
      for (size_t i = 0; i < v.size(); ++i) {
        ValueResult r = convert_at(v.items()[i], t.element(), path_index(path, i));
        if (!r) return r;
        items.push_back(std::move(r.value));
      }
      Value out =
          t.kind() == TypeKind::List ? Value::list(std::move(items)) : Value::set(std::move(items));
      return keep_mark(out, v);
    }
    case TypeKind::Tuple: {
      if (!v.is_sequence()) return mismatch(v, t, path);
      if (v.size() != t.elements().size()) {
        return fail_at(path, fmt::format("a tuple of {} elements is required, got {}",
                                         t.elements().size(), describe(v)));
      }
      ValueList items;
      for (size_t i = 0; i < v.size(); ++i) {
        ValueResult r = convert_at(v.items()[i], t.elements()[i], path_index(path, i));
        if (!r) return r;
        items.push_back(std::move(r.value));
      }
      return keep_mark(Value::list(std::move(items)), v);
    }
    case TypeKind::Map: {
      if (!v.is_object()) return mismatch(v, t, path);
      ValueEntries entries;
      entries.reserve(v.size());
      for (const ValueEntry& e : v.entries()) {
        ValueResult r = convert_at(e.second, t.element(), path_attr(path, e.first));
        if (!r) return r;
        entries.emplace_back(e.first, std::move(r.value));
      }
      return keep_mark(Value::object(std::move(entries)), v);
    }
    case TypeKind::Object: {
      if (!v.is_object()) return mismatch(v, t, path);
      for (const ValueEntry& e : v.entries()) {
        if (!t.attribute(e.first)) {
          std::vector<std::string> names;
          for (const TypeAttribute& a : t.attributes()) {
            if (!v.find(a.name)) names.push_back(a.name);
          }
          std::string guess = closest_match(e.first, names);
          std::string hint = guess.empty() ? "" : fmt::format("; did you mean \"{}\"?", guess);
          return fail_at(path, fmt::format("unexpected attribute \"{}\"{}", e.first, hint));
        }
      }
      ValueEntries entries;
      entries.reserve(t.attributes().size());
      for (const TypeAttribute& a : t.attributes()) {
        const Value* present = v.find(a.name);
        if (!present) {
          if (!a.optional)
            return fail_at(path, fmt::format("attribute \"{}\" is required", a.name));
          entries.emplace_back(a.name, Value());
          continue;
        }
        ValueResult r = convert_at(*present, a.type, path_attr(path, a.name));
        if (!r) return r;
        entries.emplace_back(a.name, std::move(r.value));
      }
      return keep_mark(Value::object(std::move(entries)), v);
    }
  }
  return mismatch(v, t, path);
}

}  // namespace

Type type_of(const Value& value) {
  switch (value.kind()) {
    case ValueKind::Null:
      return Type::any();
    case ValueKind::Bool:
      return Type::boolean();
    case ValueKind::Number:
      return Type::number();
    case ValueKind::String:
      return Type::string();
    case ValueKind::Duration:
      return Type::duration();
    case ValueKind::Unknown:
      return value.unknown_type();
    case ValueKind::List: {
      if (value.size() == 0) return Type::list(Type::any());
      std::vector<Type> types;
      bool same = true;
      for (const Value& item : value.items()) {
        types.push_back(type_of(item));
        if (types.back() != types.front()) same = false;
      }
      if (same) return Type::list(types.front());
      return Type::tuple(std::move(types));
    }
    case ValueKind::Set: {
      if (value.size() == 0) return Type::set(Type::any());
      Type first = type_of(value.items().front());
      for (const Value& item : value.items()) {
        if (type_of(item) != first) return Type::set(Type::any());
      }
      return Type::set(first);
    }
    case ValueKind::Object: {
      std::vector<TypeAttribute> attributes;
      attributes.reserve(value.size());
      for (const ValueEntry& e : value.entries()) {
        attributes.push_back(TypeAttribute{e.first, type_of(e.second), false});
      }
      return Type::object(std::move(attributes));
    }
  }
  return Type::any();
}

ValueResult convert(const Value& value, const Type& type) {
  return convert_at(value, type, "");
}

ValueResult to_template_string(const Value& value) {
  switch (value.kind()) {
    case ValueKind::String:
      return value;
    case ValueKind::Unknown:
      return keep_mark(Value::unknown(Type::string()), value);
    case ValueKind::Bool:
    case ValueKind::Number:
    case ValueKind::Duration:
      return convert(value, Type::string());
    case ValueKind::Null:
      return ValueResult::failure("cannot interpolate null");
    default:
      return ValueResult::failure(
          fmt::format("cannot interpolate {}; use jsonencode() or join()", describe(value)));
  }
}

}  // namespace mesh
