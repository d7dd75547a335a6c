#include <doctest/doctest.h>

#include "core/types.h"

using namespace mesh;

TEST_CASE("types print as written in source") {
  CHECK(Type().to_string() == "any");
  CHECK(Type::string().to_string() == "string");
  CHECK(Type::duration().to_string() == "duration");
  CHECK(Type::map(Type::string()).to_string() == "map(string)");
  CHECK(Type::list(Type::set(Type::number())).to_string() == "list(set(number))");
  Type obj = Type::object({{"port", Type::number(), true}, {"name", Type::string(), false}});
  CHECK(obj.to_string() == "object({ name = string, port = optional(number) })");
  CHECK(Type::object({}).to_string() == "object({})");
  CHECK(Type::tuple({Type::string(), Type::boolean()}).to_string() == "tuple([string, bool])");
}

TEST_CASE("type equality, attributes and queries") {
  CHECK(Type::map(Type::string()) == Type::map(Type::string()));
  CHECK(Type::map(Type::string()) != Type::list(Type::string()));
  CHECK(Type::map(Type::string()) != Type::map(Type::number()));
  Type obj = Type::object({{"b", Type::number(), false}, {"a", Type::string(), false}});
  REQUIRE(obj.attributes().size() == 2);
  CHECK(obj.attributes()[0].name == "a");
  CHECK(obj.attribute("b")->type == Type::number());
  CHECK(obj.attribute("c") == nullptr);
  CHECK(obj == Type::object({{"a", Type::string(), false}, {"b", Type::number(), false}}));
  CHECK(obj != Type::object({{"a", Type::string(), true}, {"b", Type::number(), false}}));
  CHECK(Type::string().is_primitive());
  CHECK(Type::set(Type::string()).is_collection());
  CHECK(obj.is_structural());
  CHECK(Type::list(Type::any()).has_any());
  CHECK_FALSE(obj.has_any());
  CHECK(Type::string().element().is_any());
  Type t;
  CHECK(primitive_type_named("duration", &t));
  CHECK(t == Type::duration());
  CHECK_FALSE(primitive_type_named("strin", &t));
}

TEST_CASE("parse_type reads what to_string prints") {
  for (const char* text :
       {"string", "any", "duration", "map(string)", "list(set(number))",
        "object({ name = string, port = optional(number) })", "object({})", "tuple([string, bool])",
        "tuple([])", "map(object({ tags = map(string) }))"}) {
    std::optional<Type> t = parse_type(text);
    REQUIRE_MESSAGE(t.has_value(), text);
    CHECK(t->to_string() == text);
  }
  CHECK(parse_type(" list ( string ) ")->to_string() == "list(string)");
  CHECK(parse_type("object({a=number,b=bool,})")->to_string() ==
        "object({ a = number, b = bool })");
  std::string error;
  CHECK_FALSE(parse_type("strng", &error));
  CHECK(error == "unknown type `strng` at offset 0");
  CHECK_FALSE(parse_type("list(string", &error));
  CHECK(error == "expected `)` at offset 11");
  CHECK_FALSE(parse_type("map(string) x", &error));
  CHECK(error == "unexpected text at offset 12");
  CHECK_FALSE(parse_type("", &error));
  CHECK(error == "expected a type at offset 0");
  CHECK_FALSE(parse_type("object({ a string })", &error));
  CHECK(error == "expected `=` after `a` at offset 11");
}
