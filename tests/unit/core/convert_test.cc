#include <doctest/doctest.h>

#include "core/convert.h"
#include "core/value_display.h"

using namespace mesh;

namespace {
Value num(const char* t) {
  return Value::number(*Number::parse(t));
}
Value str(const char* s) {
  return Value::string(s);
}
std::string show(const ValueResult& r) {
  return r.ok() ? to_inline_string(r.value) : "error: " + r.error;
}
}  // namespace

TEST_CASE("type_of infers the most specific type") {
  CHECK(type_of(Value()).is_any());
  CHECK(type_of(str("a")) == Type::string());
  CHECK(type_of(Value::duration(1)) == Type::duration());
  CHECK(type_of(Value::list({num("1"), num("2")})) == Type::list(Type::number()));
  CHECK(type_of(Value::list({num("1"), str("a")})).to_string() == "tuple([number, string])");
  CHECK(type_of(Value::list({})) == Type::list(Type::any()));
  CHECK(type_of(Value::set({str("a")})) == Type::set(Type::string()));
  CHECK(type_of(Value::set({str("a"), num("1")})) == Type::set(Type::any()));
  CHECK(type_of(Value::object({{"a", num("1")}, {"b", Value::list({str("x")})}})).to_string() ==
        "object({ a = number, b = list(string) })");
  CHECK(type_of(Value::unknown(Type::map(Type::string()))) == Type::map(Type::string()));
}

TEST_CASE("primitive conversions") {
  CHECK(show(convert(num("12.5"), Type::string())) == "\"12.5\"");
  CHECK(show(convert(Value::boolean(true), Type::string())) == "\"true\"");
  CHECK(show(convert(Value::duration(5400000), Type::string())) == "\"1h30m\"");
  CHECK(show(convert(str("42"), Type::number())) == "42");
  CHECK(show(convert(str("abc"), Type::number())) == "error: a number is required, got \"abc\"");
  CHECK(show(convert(str("false"), Type::boolean())) == "false");
  CHECK(show(convert(str("yes"), Type::boolean())) == "error: a bool is required, got \"yes\"");
  CHECK(show(convert(str("8h"), Type::duration())) == "8h");
  CHECK(show(convert(num("30"), Type::duration())) ==
        "error: a duration is required, got a number; write a unit, e.g. 30s");
  CHECK(show(convert(num("1"), Type::boolean())) == "error: a bool is required, got a number");
  CHECK(show(convert(Value::list({}), Type::string())) ==
        "error: a string is required, got a list of 0 elements");
  CHECK(show(convert(Value(), Type::string())) == "null");
  CHECK(show(convert(Value::list({num("1")}), Type::any())) == "[1]");
  // Sensitive text never appears in an error.
  CHECK(show(convert(str("hunter2").mark_sensitive(), Type::number())) ==
        "error: a number is required, got a string");
}

TEST_CASE("collection conversions") {
  Value l = Value::list({str("b"), str("a"), str("b")});
  CHECK(show(convert(l, Type::set(Type::string()))) == "[\"a\", \"b\"]");
  CHECK(convert(l, Type::set(Type::string())).value.is_set());
  CHECK(show(convert(Value::set({num("1")}), Type::list(Type::string()))) == "[\"1\"]");
  CHECK(show(convert(Value::list({num("1"), str("a")}), Type::list(Type::string()))) ==
        "[\"1\", \"a\"]");
  CHECK(show(convert(Value::list({num("1"), Value::list({})}), Type::list(Type::string()))) ==
        "error: [1]: a string is required, got a list of 0 elements");
  CHECK(show(convert(Value::list({num("1"), str("a")}),
                     Type::tuple({Type::string(), Type::string()}))) == "[\"1\", \"a\"]");
  CHECK(show(convert(Value::list({num("1")}), Type::tuple({Type::string(), Type::string()}))) ==
        "error: a tuple of 2 elements is required, got a list of 1 element");
  Value o = Value::object({{"a", num("1")}, {"b", Value::boolean(true)}});
  CHECK(show(convert(o, Type::map(Type::string()))) == "{ a = \"1\", b = \"true\" }");
  CHECK(show(convert(Value::object({{"tags", Value::object({{"env", Value::list({})}})}}),
                     Type::map(Type::map(Type::string())))) ==
        "error: tags.env: a string is required, got a list of 0 elements");
  CHECK(show(convert(Value::object({{"my key", Value::list({})}}), Type::map(Type::string()))) ==
        "error: [\"my key\"]: a string is required, got a list of 0 elements");
  CHECK(show(convert(str("x"), Type::map(Type::string()))) ==
        "error: a map is required, got \"x\"");
  CHECK(show(convert(str("x"), Type::list(Type::string()))) ==
        "error: a list is required, got \"x\"");
}

TEST_CASE("object conversions check attributes, optional ones become null") {
  Type t = Type::object({{"name", Type::string(), false}, {"port", Type::number(), true}});
  CHECK(show(convert(Value::object({{"name", str("db")}, {"port", str("5432")}}), t)) ==
        "{ name = \"db\", port = 5432 }");
  CHECK(show(convert(Value::object({{"name", str("db")}}), t)) == "{ name = \"db\", port = null }");
  CHECK(show(convert(Value::object({{"port", num("1")}}), t)) ==
        "error: attribute \"name\" is required");
  CHECK(show(convert(Value::object({{"name", str("db")}, {"extra", num("1")}}), t)) ==
        "error: unexpected attribute \"extra\"");
  CHECK(show(convert(Value::object({{"nmae", str("db")}}), t)) ==
        "error: unexpected attribute \"nmae\"; did you mean \"name\"?");
  CHECK(show(convert(Value::object({{"name", str("db")}, {"port", str("x")}}), t)) ==
        "error: port: a number is required, got \"x\"");
}

TEST_CASE("unknown and sensitive survive conversion") {
  ValueResult r = convert(Value::unknown(), Type::map(Type::string()));
  CHECK(r.value.is_unknown());
  CHECK(r.value.unknown_type() == Type::map(Type::string()));
  CHECK(convert(Value::unknown(Type::number()), Type::string()).value.unknown_type() ==
        Type::string());
  CHECK(show(convert(Value::unknown(Type::list(Type::string())), Type::number())) ==
        "error: a number is required, got an unknown list(string)");
  CHECK(convert(num("1").mark_sensitive(), Type::string()).value.is_sensitive());
  CHECK(convert(Value::unknown().mark_sensitive(), Type::string()).value.is_sensitive());
  Value l = Value::list({num("1").mark_sensitive(), num("2")});
  Value out = convert(l, Type::list(Type::string())).value;
  CHECK(out.items()[0].is_sensitive());
  CHECK_FALSE(out.items()[1].is_sensitive());
  CHECK(convert(Value::list({Value::unknown()}), Type::list(Type::string()))
            .value.items()[0]
            .unknown_type() == Type::string());
}

TEST_CASE("template interpolation text") {
  CHECK(show(to_template_string(str("a"))) == "\"a\"");
  CHECK(show(to_template_string(num("3.50"))) == "\"3.5\"");
  CHECK(show(to_template_string(Value::boolean(false))) == "\"false\"");
  CHECK(show(to_template_string(Value::duration(90000))) == "\"1m30s\"");
  CHECK(show(to_template_string(Value())) == "error: cannot interpolate null");
  CHECK(show(to_template_string(Value::list({num("1")}))) ==
        "error: cannot interpolate a list of 1 element; use jsonencode() or join()");
  CHECK(to_template_string(Value::unknown()).value.unknown_type() == Type::string());
  CHECK(to_template_string(num("1").mark_sensitive()).value.is_sensitive());
}
