#include <cctype>

#include "core/types.h"

namespace mesh {
namespace {

/// A recursive-descent parser over the type syntax; positions are byte offsets for errors.
class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  std::optional<Type> parse_all(std::string* error) {
    std::optional<Type> t = parse();
    if (t) {
      skip_space();
      if (pos_ != text_.size()) t = fail("unexpected text");
    }
    if (!t && error) *error = error_;
    return t;
  }

 private:
  std::optional<Type> fail(const std::string& message) {
    if (error_.empty()) error_ = message + " at offset " + std::to_string(pos_);
    return std::nullopt;
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool eat(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::string identifier() {
    skip_space();
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '_' || text_[pos_] == '-')) {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  std::optional<Type> expect(char c, std::optional<Type> t) {
    if (!t) return t;
    if (!eat(c)) return fail(std::string("expected `") + c + "`");
    return t;
  }

  std::optional<Type> parse() {
    size_t start = pos_;
    std::string name = identifier();
    if (name.empty()) return fail("expected a type");
    Type primitive;
    if (primitive_type_named(name, &primitive)) return primitive;
    if (name == "list" || name == "set" || name == "map") {
      if (!eat('(')) return fail("expected `(` after `" + name + "`");
      std::optional<Type> element = expect(')', parse());
      if (!element) return element;
      if (name == "list") return Type::list(*element);
      if (name == "set") return Type::set(*element);
      return Type::map(*element);
    }
    if (name == "object") {
      if (!eat('(') || !eat('{')) return fail("expected `({` after `object`");
      std::vector<TypeAttribute> attributes;
      while (!eat('}')) {
        if (!attributes.empty() && !eat(',')) return fail("expected `,` or `}`");
        if (eat('}')) break;
        TypeAttribute a;
        a.name = identifier();
        if (a.name.empty()) return fail("expected an attribute name");
        if (!eat('=')) return fail("expected `=` after `" + a.name + "`");
        size_t at = pos_;
        std::string maybe_optional = identifier();
        if (maybe_optional == "optional" && eat('(')) {
          std::optional<Type> t = expect(')', parse());
          if (!t) return t;
          a.type = *t;
          a.optional = true;
        } else {
          pos_ = at;
          std::optional<Type> t = parse();
          if (!t) return t;
          a.type = *t;
        }
        attributes.push_back(std::move(a));
      }
      if (!eat(')')) return fail("expected `)`");
      return Type::object(std::move(attributes));
    }
    if (name == "tuple") {
      if (!eat('(') || !eat('[')) return fail("expected `([` after `tuple`");
      std::vector<Type> elements;
      while (!eat(']')) {
        if (!elements.empty() && !eat(',')) return fail("expected `,` or `]`");
        if (eat(']')) break;
        std::optional<Type> t = parse();
        if (!t) return t;
        elements.push_back(*t);
      }
      if (!eat(')')) return fail("expected `)`");
      return Type::tuple(std::move(elements));
    }
    pos_ = start;
    skip_space();
    return fail("unknown type `" + name + "`");
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

std::optional<Type> parse_type(std::string_view text, std::string* error) {
  return TypeParser(text).parse_all(error);
}

}  // namespace mesh
