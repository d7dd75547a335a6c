#include <doctest/doctest.h>

#include "core/value_display.h"
#include "core/value_ops.h"

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
std::string show(const Value& v) {
  return to_inline_string(v);
}
const Value kUnknown = Value::unknown();
const Value kSecret = Value::integer(4).mark_sensitive();
}  // namespace

TEST_CASE("arithmetic on numbers") {
  CHECK(show(add(num("0.1"), num("0.2"))) == "0.3");
  CHECK(show(subtract(num("5"), num("7"))) == "-2");
  CHECK(show(multiply(num("1.5"), num("4"))) == "6");
  CHECK(show(divide(num("7"), num("2"))) == "3.5");
  CHECK(show(modulo(num("7"), num("3"))) == "1");
  CHECK(show(divide(num("1"), num("0"))) == "error: division by zero");
  CHECK(show(modulo(num("1"), num("0"))) == "error: modulo by zero");
  CHECK(show(negate(num("3"))) == "-3");
}

TEST_CASE("arithmetic on durations") {
  Value h = Value::duration(3600000), m = Value::duration(60000);
  CHECK(show(add(h, Value::duration(1800000))) == "1h30m");
  CHECK(show(subtract(h, m)) == "59m");
  CHECK(show(multiply(h, num("8"))) == "8h");
  CHECK(show(multiply(num("2"), m)) == "2m");
  CHECK(show(multiply(m, num("1.5"))) == "1m30s");
  CHECK(show(divide(h, num("4"))) == "15m");
  CHECK(show(divide(h, m)) == "60");
  CHECK(show(modulo(Value::duration(90000), m)) == "30s");
  CHECK(show(negate(m)) == "-1m");
  CHECK(show(divide(h, num("0"))) == "error: division by zero");
  CHECK(show(multiply(h, m)) == "error: operator * is not defined for a duration and a duration");
  CHECK(show(add(h, num("1"))) == "error: operator + is not defined for a duration and a number");
  CHECK(show(divide(num("1"), h)) ==
        "error: operator / is not defined for a number and a duration");
  CHECK(show(less(m, h)) == "true");
  CHECK(show(greater_equal(m, h)) == "false");
}

TEST_CASE("arithmetic type errors") {
  CHECK(show(add(str("a"), str("b"))) ==
        "error: operator + needs numbers or durations, got a string and a string; join strings "
        "with a template: \"${a}${b}\"");
  CHECK(show(subtract(Value(), num("1"))) ==
        "error: operator - needs numbers or durations, got null and a number");
  CHECK(show(multiply(Value::boolean(true), num("1"))) ==
        "error: operator * needs numbers or durations, got a bool and a number");
  CHECK(show(negate(str("x"))) == "error: operator - needs a number or a duration, got a string");
  CHECK(show(add(str("a"), kUnknown)).rfind("error: operator + needs", 0) == 0);
}

TEST_CASE("unknown operands give typed unknown results") {
  ValueResult r = add(num("1"), kUnknown);
  REQUIRE(r.ok());
  CHECK(r.value.is_unknown());
  CHECK(r.value.unknown_type() == Type::number());
  CHECK(add(Value::duration(1), kUnknown).value.unknown_type() == Type::duration());
  CHECK(divide(Value::duration(1), kUnknown).value.unknown_type().is_any());
  CHECK(multiply(num("1"), kUnknown).value.unknown_type().is_any());
  CHECK(multiply(num("1"), Value::unknown(Type::number())).value.unknown_type() == Type::number());
  CHECK(less(num("1"), kUnknown).value.unknown_type() == Type::boolean());
  CHECK(negate(Value::unknown(Type::number())).value.is_unknown());
  CHECK(negate(kUnknown).value.is_unknown());
  CHECK(show(add(num("1"), Value::unknown(Type::string()))).rfind("error:", 0) == 0);
}

TEST_CASE("sensitive operands give sensitive results") {
  CHECK(add(kSecret, num("1")).value.is_sensitive());
  CHECK(show(add(kSecret, num("1"))) == "(sensitive)");
  CHECK(add(kSecret, num("1")).value.without_sensitive().as_number().to_string() == "5");
  CHECK(less(num("1"), kSecret).value.is_sensitive());
  CHECK(negate(kSecret).value.is_sensitive());
  CHECK(add(kSecret, kUnknown).value.is_sensitive());
  CHECK(add(kSecret, kUnknown).value.is_unknown());
  CHECK(equal(Value::list({kSecret}), Value::list({num("4")})).is_sensitive());
  CHECK(logical_not(Value::boolean(true).mark_sensitive()).value.is_sensitive());
}

TEST_CASE("comparison") {
  CHECK(show(less(num("1"), num("2"))) == "true");
  CHECK(show(less_equal(num("2"), num("2"))) == "true");
  CHECK(show(greater(num("0.3"), num("0.25"))) == "true");
  CHECK(show(greater_equal(num("1"), num("2"))) == "false");
  CHECK(show(less(str("a"), str("b"))) == "true");
  CHECK(show(less(num("1"), str("2"))) ==
        "error: operator < cannot compare a number with a string");
  CHECK(show(less(Value(), num("2"))) == "error: operator < cannot compare null with a number");
}

TEST_CASE("equality is deep, structural and kind-strict") {
  CHECK(show(equal(num("1"), num("1.0"))) == "true");
  CHECK(show(equal(num("1"), str("1"))) == "false");
  CHECK(show(equal(Value(), Value())) == "true");
  CHECK(show(equal(Value(), str("a"))) == "false");
  CHECK(show(not_equal(str("a"), str("b"))) == "true");
  Value a = Value::object({{"x", Value::list({num("1"), str("a")})}});
  Value b = Value::object({{"x", Value::list({num("1"), str("a")})}});
  Value c = Value::object({{"x", Value::list({num("1"), str("b")})}});
  CHECK(show(equal(a, b)) == "true");
  CHECK(show(equal(a, c)) == "false");
  CHECK(show(equal(Value::list({num("1")}), Value::list({num("1"), num("2")}))) == "false");
  CHECK(show(equal(Value::object({{"a", num("1")}}), Value::object({{"b", num("1")}}))) == "false");
  CHECK(equal(kUnknown, num("1")).is_unknown());
  CHECK(equal(kUnknown, num("1")).unknown_type() == Type::boolean());
  CHECK(not_equal(kUnknown, num("1")).is_unknown());
  // An unknown element does not matter when another element already differs.
  CHECK(show(equal(Value::list({kUnknown, num("1")}), Value::list({num("2"), num("3")}))) ==
        "false");
  CHECK(equal(Value::list({kUnknown, num("1")}), Value::list({num("2"), num("1")})).is_unknown());
  CHECK(show(equal(Value::duration(60000), Value::duration(60000))) == "true");
}

TEST_CASE("logical operators are strict and short-circuit over unknowns") {
  Value t = Value::boolean(true), f = Value::boolean(false);
  CHECK(show(logical_and(t, f)) == "false");
  CHECK(show(logical_and(t, t)) == "true");
  CHECK(show(logical_or(f, f)) == "false");
  CHECK(show(logical_or(f, t)) == "true");
  CHECK(show(logical_not(t)) == "false");
  CHECK(show(logical_and(f, kUnknown)) == "false");
  CHECK(show(logical_and(kUnknown, f)) == "false");
  CHECK(show(logical_or(t, kUnknown)) == "true");
  CHECK(show(logical_or(kUnknown, t)) == "true");
  CHECK(logical_and(t, kUnknown).value.is_unknown());
  CHECK(logical_or(f, kUnknown).value.is_unknown());
  CHECK(logical_not(kUnknown).value.is_unknown());
  CHECK(show(logical_and(t, num("1"))) == "error: operator && needs bool operands, got a number");
  CHECK(show(logical_or(str("x"), t)) == "error: operator || needs bool operands, got a string");
  CHECK(show(logical_not(Value())) == "error: operator ! needs bool operands, got null");
}

TEST_CASE("conditions must be bool") {
  CHECK(show(check_condition(Value::boolean(true))) == "true");
  CHECK(check_condition(kUnknown).value.is_unknown());
  CHECK(show(check_condition(str("true"))) == "error: condition must be a bool, got a string");
  CHECK(show(check_condition(Value())) == "error: condition must be a bool, got null");
  CHECK(show(check_condition(Value::unknown(Type::string()))).rfind("error:", 0) == 0);
  CHECK(show(conditional(Value::boolean(true), num("1"), num("2"))) == "1");
  CHECK(show(conditional(Value::boolean(false), num("1"), num("2"))) == "2");
  ValueResult u = conditional(kUnknown, num("1"), num("2"));
  CHECK(u.value.is_unknown());
  CHECK(u.value.unknown_type() == Type::number());
  CHECK(conditional(kUnknown, num("1"), str("a")).value.unknown_type().is_any());
  CHECK(
      conditional(Value::boolean(true).mark_sensitive(), num("1"), num("2")).value.is_sensitive());
  CHECK(show(conditional(num("1"), num("1"), num("2"))) ==
        "error: condition must be a bool, got a number");
}

TEST_CASE("index and attribute access") {
  Value l = Value::list({str("a"), str("b"), str("c")});
  Value o = Value::object({{"name", str("n")}, {"port", num("5432")}});
  CHECK(show(index(l, num("1"))) == "\"b\"");
  CHECK(show(index(l, num("5"))) == "error: index 5 out of range for list of 3 elements");
  CHECK(show(index(Value::list({str("a")}), num("1"))) ==
        "error: index 1 out of range for list of 1 element");
  CHECK(show(index(l, num("-1"))) == "error: index -1 out of range for list of 3 elements");
  CHECK(show(index(l, num("0.5"))) == "error: a list index must be a whole number, got 0.5");
  CHECK(show(index(l, str("0"))) == "error: a list index must be a number, got a string");
  CHECK(show(index(o, str("port"))) == "5432");
  CHECK(show(index(o, str("x"))) == "error: object has no attribute \"x\"");
  CHECK(show(index(o, num("1"))) == "error: an object key must be a string, got a number");
  CHECK(show(index(str("abc"), num("1"))) == "error: cannot index a string");
  CHECK(show(index(Value(), num("1"))) == "error: cannot index null");
  CHECK(show(index(Value::set({str("a")}), num("0"))).find("cannot index a set") !=
        std::string::npos);
  CHECK(index(l, kUnknown).value.is_unknown());
  CHECK(index(kUnknown, num("0")).value.is_unknown());
  CHECK(index(Value::unknown(Type::list(Type::string())), num("0")).value.unknown_type() ==
        Type::string());
  CHECK(index(l, num("0").mark_sensitive()).value.is_sensitive());
  CHECK(index(Value::list({kSecret}), num("0")).value.is_sensitive());

  CHECK(show(get_attr(o, "name")) == "\"n\"");
  CHECK(show(get_attr(o, "nmae")) == "error: object has no attribute \"nmae\"");
  CHECK(show(get_attr(str("s"), "x")) == "error: cannot access attribute \"x\" of a string");
  CHECK(show(get_attr(Value(), "x")) == "error: cannot access attribute \"x\" of null");
  Type ot = Type::object({{"id", Type::string(), false}});
  CHECK(get_attr(Value::unknown(ot), "id").value.unknown_type() == Type::string());
  CHECK(show(get_attr(Value::unknown(ot), "x")) == "error: object has no attribute \"x\"");
  CHECK(get_attr(kUnknown, "x").value.is_unknown());
  CHECK(get_attr(o.mark_sensitive(), "name").value.is_sensitive());
}

TEST_CASE("identity, ordering, hashing and descriptions") {
  Value a = Value::object({{"k", Value::list({num("1"), str("x")})}});
  Value b = Value::object({{"k", Value::list({num("1.0"), str("x")})}});
  CHECK(identical(a, b));
  CHECK_FALSE(identical(a, a.mark_sensitive()));
  CHECK(identical(Value::unknown(Type::string()), Value::unknown(Type::string())));
  CHECK_FALSE(identical(Value::unknown(Type::string()), Value::unknown(Type::number())));
  CHECK(compare_values(Value(), Value::boolean(false)) < 0);
  CHECK(compare_values(num("2"), num("10")) < 0);
  CHECK(compare_values(num("10"), str("1")) < 0);
  CHECK(compare_values(str("b"), str("a")) > 0);
  CHECK(compare_values(Value::list({num("1")}), Value::list({num("1"), num("0")})) < 0);
  CHECK(compare_values(a, b) == 0);
  CHECK(hash_value(a) == hash_value(b));
  CHECK(hash_value(a) != hash_value(Value::object({{"k", Value::list({num("2")})}})));
  CHECK(hash_value(str("a")) != hash_value(str("a").mark_sensitive()));
  CHECK(describe(Value::list({num("1")})) == "a list of 1 element");
  CHECK(describe(Value::set({num("1"), num("2")})) == "a set of 2 elements");
  CHECK(describe(a) == "an object with 1 attribute");
  CHECK(describe(kUnknown) == "an unknown value");
  CHECK(describe(Value::duration(1)) == "a duration");
}
