#pragma once
/// Static types of the mesh language: `string`, `number`, `bool`, `duration`, `list(T)`,
/// `set(T)`, `map(T)`, `object({name = T, ...})` (attributes may be optional), `tuple([...])`
/// and `any`. A Type is a cheap handle (kind + shared immutable payload for composite types).
/// Conversions between values and types live in core/convert.h.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mesh {

enum class TypeKind : uint8_t {
  Any,  ///< any value; also the type of `null` and of an unknown without a type
  Bool,
  Number,
  String,
  Duration,
  List,    ///< list(T)
  Set,     ///< set(T)
  Map,     ///< map(T)
  Object,  ///< object({a = T, b = U})
  Tuple,   ///< tuple([T, U])
};

class Type;
struct TypeAttribute;

class Type {
 public:
  Type() = default;  ///< any
  static Type any() { return Type(TypeKind::Any); }
  static Type boolean() { return Type(TypeKind::Bool); }
  static Type number() { return Type(TypeKind::Number); }
  static Type string() { return Type(TypeKind::String); }
  static Type duration() { return Type(TypeKind::Duration); }
  static Type list(Type element);
  static Type set(Type element);
  static Type map(Type element);
  /// Attributes are kept sorted by name; duplicate names keep the first.
  static Type object(std::vector<TypeAttribute> attributes);
  static Type tuple(std::vector<Type> elements);

  TypeKind kind() const { return kind_; }
  bool is_any() const { return kind_ == TypeKind::Any; }
  bool is_primitive() const;   ///< bool, number, string, duration
  bool is_collection() const;  ///< list, set, map (one element type)
  bool is_structural() const;  ///< object, tuple

  /// Element type of list/set/map; `any` for other kinds.
  const Type& element() const;
  /// Attributes of an object type, sorted by name; empty for other kinds.
  const std::vector<TypeAttribute>& attributes() const;
  /// The attribute named `name` of an object type, or nullptr.
  const TypeAttribute* attribute(std::string_view name) const;
  /// Element types of a tuple type; empty for other kinds.
  const std::vector<Type>& elements() const;

  /// True when `any` appears anywhere in the type.
  bool has_any() const;

  /// As written in source: `string`, `map(string)`, `object({ name = string, port =
  /// optional(number) })`, `tuple([string, number])`.
  std::string to_string() const;

  bool operator==(const Type& other) const;
  bool operator!=(const Type& other) const { return !(*this == other); }

 private:
  explicit Type(TypeKind kind) : kind_(kind) {}
  struct Payload;
  TypeKind kind_ = TypeKind::Any;
  std::shared_ptr<const Payload> payload_;
};

struct TypeAttribute {
  std::string name;
  Type type;
  bool optional = false;  ///< may be absent on conversion: filled with null
};

/// Sets `*out` to the type named by a primitive keyword (`string`, `number`, `bool`,
/// `duration`, `any`) and returns true; returns false when `name` is not one.
bool primitive_type_named(std::string_view name, Type* out);

/// Parses the text `Type::to_string` prints (and the type syntax of the language):
/// `string`, `list(number)`, `map(object({ name = string, port = optional(number) }))`,
/// `tuple([string, bool])`, `any`. For type declarations that arrive as text, such as the
/// schemas of external providers. nullopt with `*error` set ("unknown type `strng`",
/// "expected `)` at offset 11") when malformed.
std::optional<Type> parse_type(std::string_view text, std::string* error = nullptr);

}  // namespace mesh
