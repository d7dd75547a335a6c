#include "core/types.h"

#include <algorithm>

namespace mesh {

struct Type::Payload {
  Type element;                           ///< list, set, map
  std::vector<TypeAttribute> attributes;  ///< object, sorted by name
  std::vector<Type> elements;             ///< tuple
};

namespace {

const Type& any_type() {
  static const Type t;
  return t;
}

}  // namespace

Type Type::list(Type element) {
  Type t(TypeKind::List);
  auto p = std::make_shared<Payload>();
  p->element = std::move(element);
  t.payload_ = std::move(p);
  return t;
}

Type Type::set(Type element) {
  Type t = list(std::move(element));
  t.kind_ = TypeKind::Set;
  return t;
}

Type Type::map(Type element) {
  Type t = list(std::move(element));
  t.kind_ = TypeKind::Map;
  return t;
}

Type Type::object(std::vector<TypeAttribute> attributes) {
  std::stable_sort(attributes.begin(), attributes.end(),
                   [](const TypeAttribute& a, const TypeAttribute& b) { return a.name < b.name; });
  attributes.erase(
      std::unique(attributes.begin(), attributes.end(),
                  [](const TypeAttribute& a, const TypeAttribute& b) { return a.name == b.name; }),
      attributes.end());
  Type t(TypeKind::Object);
  auto p = std::make_shared<Payload>();
  p->attributes = std::move(attributes);
  t.payload_ = std::move(p);
  return t;
}

Type Type::tuple(std::vector<Type> elements) {
  Type t(TypeKind::Tuple);
  auto p = std::make_shared<Payload>();
  p->elements = std::move(elements);
  t.payload_ = std::move(p);
  return t;
}

bool Type::is_primitive() const {
  return kind_ == TypeKind::Bool || kind_ == TypeKind::Number || kind_ == TypeKind::String ||
         kind_ == TypeKind::Duration;
}

bool Type::is_collection() const {
  return kind_ == TypeKind::List || kind_ == TypeKind::Set || kind_ == TypeKind::Map;
}

bool Type::is_structural() const {
  return kind_ == TypeKind::Object || kind_ == TypeKind::Tuple;
}

const Type& Type::element() const {
  if (is_collection() && payload_) return payload_->element;
  return any_type();
}

const std::vector<TypeAttribute>& Type::attributes() const {
  static const std::vector<TypeAttribute> empty;
  if (kind_ == TypeKind::Object && payload_) return payload_->attributes;
  return empty;
}

const TypeAttribute* Type::attribute(std::string_view name) const {
  const auto& attrs = attributes();
  auto it = std::lower_bound(attrs.begin(), attrs.end(), name,
                             [](const TypeAttribute& a, std::string_view n) { return a.name < n; });
  if (it != attrs.end() && it->name == name) return &*it;
  return nullptr;
}

const std::vector<Type>& Type::elements() const {
  static const std::vector<Type> empty;
  if (kind_ == TypeKind::Tuple && payload_) return payload_->elements;
  return empty;
}

bool Type::has_any() const {
  switch (kind_) {
    case TypeKind::Any:
      return true;
    case TypeKind::List:
    case TypeKind::Set:
    case TypeKind::Map:
      return element().has_any();
    case TypeKind::Object:
      return std::any_of(attributes().begin(), attributes().end(),
                         [](const TypeAttribute& a) { return a.type.has_any(); });
    case TypeKind::Tuple:
      return std::any_of(elements().begin(), elements().end(),
                         [](const Type& t) { return t.has_any(); });
    default:
      return false;
  }
}

std::string Type::to_string() const {
  switch (kind_) {
    case TypeKind::Any:
      return "any";
    case TypeKind::Bool:
      return "bool";
    case TypeKind::Number:
      return "number";
    case TypeKind::String:
      return "string";
    case TypeKind::Duration:
      return "duration";
    case TypeKind::List:
      return "list(" + element().to_string() + ")";
    case TypeKind::Set:
      return "set(" + element().to_string() + ")";
    case TypeKind::Map:
      return "map(" + element().to_string() + ")";
    case TypeKind::Object: {
      if (attributes().empty()) return "object({})";
      std::string out = "object({ ";
      bool first = true;
      for (const TypeAttribute& a : attributes()) {
        if (!first) out += ", ";
        first = false;
        out += a.name + " = ";
        out += a.optional ? "optional(" + a.type.to_string() + ")" : a.type.to_string();
      }
      return out + " })";
    }
    case TypeKind::Tuple: {
      std::string out = "tuple([";
      bool first = true;
      for (const Type& t : elements()) {
        if (!first) out += ", ";
        first = false;
        out += t.to_string();
      }
      return out + "])";
    }
  }
  return "any";
}

bool Type::operator==(const Type& other) const {
  if (kind_ != other.kind_) return false;
  if (payload_ == other.payload_) return true;
  switch (kind_) {
    case TypeKind::List:
    case TypeKind::Set:
    case TypeKind::Map:
      return element() == other.element();
    case TypeKind::Object: {
      const auto& a = attributes();
      const auto& b = other.attributes();
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].optional != b[i].optional || a[i].type != b[i].type) {
          return false;
        }
      }
      return true;
    }
    case TypeKind::Tuple:
      return elements() == other.elements();
    default:
      return true;
  }
}

bool primitive_type_named(std::string_view name, Type* out) {
  if (name == "string")
    *out = Type::string();
  else if (name == "number")
    *out = Type::number();
  else if (name == "bool")
    *out = Type::boolean();
  else if (name == "duration")
    *out = Type::duration();
  else if (name == "any")
    *out = Type::any();
  else
    return false;
  return true;
}

}  // namespace mesh
