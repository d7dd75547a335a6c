#include "functions_test_support.h"

using namespace mesh;
using namespace mesh::testing;

TEST_CASE("length") {
  CHECK(call("length", {L({N("1"), N("2")})}) == "2");
  CHECK(call("length", {O({{"a", N("1")}})}) == "1");
  CHECK(call("length", {S("héllo")}) == "5");
  CHECK(call("length", {Value::set({S("a"), S("a")})}) == "1");
  CHECK(call("length", {N("5")}) ==
        "error(0): length needs a string, list, set or object, got a number");
  // Known length even when elements are unknown.
  CHECK(call("length", {L({U(), U()})}) == "2");
  CHECK(call_raw("length", {U()}).value.is_unknown());
}

TEST_CASE("keys and values") {
  Value o = O({{"b", N("2")}, {"a", N("1")}});
  CHECK(call("keys", {o}) == "[\"a\", \"b\"]");
  CHECK(call("values", {o}) == "[1, 2]");
  CHECK(call("keys", {O({{"a", U()}})}) == "[\"a\"]");
  CHECK(call("keys", {L({})}) ==
        "error(0): invalid value for \"object\": a map is required, got a list of 0 elements");
}

TEST_CASE("merge and concat") {
  CHECK(call("merge", {O({{"a", N("1")}, {"b", N("1")}}), O({{"b", N("2")}}), Value()}) ==
        "{ a = 1, b = 2 }");
  CHECK(call("merge", {}) == "{}");
  CHECK(call("merge", {O({}), S("x")}) == "error(1): merge needs objects or maps, got a string");
  CHECK(call("concat", {L({N("1")}), L({N("2"), N("3")}), Value::set({S("x")})}) ==
        "[1, 2, 3, \"x\"]");
  CHECK(call("concat", {L({}), N("1")}) == "error(1): concat needs lists, got a number");
}

TEST_CASE("flatten") {
  CHECK(call("flatten", {L({L({N("1"), L({N("2")})}), L({}), N("3")})}) == "[1, 2, 3]");
}

TEST_CASE("lookup") {
  Value m = O({{"a", S("x")}});
  CHECK(call("lookup", {m, S("a")}) == "\"x\"");
  CHECK(call("lookup", {m, S("b"), S("d")}) == "\"d\"");
  CHECK(call("lookup", {m, S("b"), Value()}) == "null");
  CHECK(call("lookup", {m, S("b")}) ==
        "error(1): object has no attribute \"b\" and no default was given");
}

TEST_CASE("contains") {
  CHECK(call("contains", {L({S("a"), S("b")}), S("b")}) == "true");
  CHECK(call("contains", {L({S("a")}), S("c")}) == "false");
  CHECK(call("contains", {L({N("1")}), S("1")}) == "false");
  CHECK(call("contains", {Value::set({S("a")}), S("a")}) == "true");
  CHECK(call_raw("contains", {L({S("a")}), U()}).value.is_unknown());
}

TEST_CASE("toset, tolist, tomap") {
  CHECK(call("toset", {L({S("b"), S("a"), S("b")})}) == "[\"a\", \"b\"]");
  CHECK(call_raw("toset", {L({S("a")})}).value.is_set());
  CHECK(call("toset", {L({S("a"), N("1"), B(true)})}) == "[\"1\", \"a\", \"true\"]");
  CHECK(call_raw("toset", {L({S("a"), U()})}).value.is_unknown());
  CHECK(call("tolist", {Value::set({S("b"), S("a")})}) == "[\"a\", \"b\"]");
  CHECK(call_raw("tolist", {Value::set({S("a")})}).value.is_list());
  CHECK(call("tomap", {O({{"a", N("1")}, {"b", S("x")}})}) == "{ a = \"1\", b = \"x\" }");
  CHECK(call("tomap", {S("x")}) ==
        "error(0): invalid value for \"object\": a map is required, got \"x\"");
}

TEST_CASE("range") {
  CHECK(call("range", {N("3")}) == "[0, 1, 2]");
  CHECK(call("range", {N("1"), N("4")}) == "[1, 2, 3]");
  CHECK(call("range", {N("0"), N("1"), N("0.25")}) == "[0, 0.25, 0.5, 0.75]");
  CHECK(call("range", {N("4"), N("1")}) == "[4, 3, 2]");
  CHECK(call("range", {N("10"), N("0"), N("-3")}) == "[10, 7, 4, 1]");
  CHECK(call("range", {N("0")}) == "[]");
  CHECK(call("range", {N("1"), N("3"), N("-1")}) == "[]");
  CHECK(call("range", {N("0"), N("1"), N("0")}) == "error(2): the step must not be zero");
  CHECK(call("range", {N("1e7")}) == "error(-1): range would produce more than 1048576 elements");
}

TEST_CASE("zipmap") {
  CHECK(call("zipmap", {L({S("a"), S("b")}), L({N("1"), N("2")})}) == "{ a = 1, b = 2 }");
  CHECK(call("zipmap", {L({S("a")}), L({})}) ==
        "error(1): 1 keys but 0 values: the lists must have the same length");
}

TEST_CASE("coalesce and coalescelist") {
  CHECK(call("coalesce", {Value(), S(""), S("b"), S("c")}) == "\"b\"");
  CHECK(call("coalesce", {N("1"), U()}) == "1");
  CHECK(call_raw("coalesce", {Value(), U(), S("x")}).value.is_unknown());
  CHECK(call("coalesce", {Value(), S("")}) == "error(-1): no non-null, non-empty argument");
  CHECK(call("coalescelist", {L({}), L({S("a")})}) == "[\"a\"]");
  CHECK(call("coalescelist", {L({})}) == "error(-1): no non-empty list argument");
  CHECK(call("coalescelist", {S("x")}) == "error(0): coalescelist needs lists, got a string");
}

TEST_CASE("distinct, element, index, slice, reverse") {
  CHECK(call("distinct", {L({S("b"), S("a"), S("b"), S("c"), S("a")})}) == "[\"b\", \"a\", \"c\"]");
  CHECK(call("element", {L({S("a"), S("b")}), N("3")}) == "\"b\"");
  CHECK(call("element", {L({}), N("0")}) == "error(0): cannot take an element of an empty list");
  CHECK(call("element", {L({S("a")}), N("-1")}) ==
        "error(1): the index must be a whole number, 0 or more");
  CHECK(call("index", {L({S("a"), S("b")}), S("b")}) == "1");
  CHECK(call("index", {L({S("a")}), S("z")}) == "error(1): the value is not in the list");
  CHECK(call("slice", {L({N("1"), N("2"), N("3"), N("4")}), N("1"), N("3")}) == "[2, 3]");
  CHECK(call("slice", {L({N("1")}), N("0"), N("0")}) == "[]");
  CHECK(call("slice", {L({N("1")}), N("2"), N("2")}) ==
        "error(1): start index 2 out of range for list of 1 elements");
  CHECK(call("slice", {L({N("1")}), N("0"), N("5")}) ==
        "error(2): end index 5 out of range: must be between 0 and 1");
  CHECK(call("reverse", {L({N("1"), N("2"), N("3")})}) == "[3, 2, 1]");
}

TEST_CASE("sort, compact, sum, min, max") {
  CHECK(call("sort", {L({S("b"), S("a"), S("C")})}) == "[\"C\", \"a\", \"b\"]");
  CHECK(call("sort", {L({N("10"), N("9"), N("0.5")})}) == "[0.5, 9, 10]");
  CHECK(call("sort", {L({N("1"), S("a")})}) ==
        "error(0): sort needs elements of one kind; element 0 is a number and element 1 is a "
        "string");
  CHECK(call("sort", {L({L({})})}) ==
        "error(0): sort needs strings, numbers or durations; element 0 is a list of 0 elements");
  CHECK(call("compact", {L({S("a"), S(""), Value(), S("b")})}) == "[\"a\", \"b\"]");
  CHECK(call("sum", {L({N("0.1"), N("0.2"), N("1")})}) == "1.3");
  CHECK(call("sum", {L({})}) == "error(0): cannot sum an empty list");
  CHECK(call("min", {N("3"), N("1.5"), N("2")}) == "1.5");
  CHECK(call("max", {N("3"), N("1.5"), N("2")}) == "3");
  CHECK(call("max", {}) == "error(-1): needs at least one number");
}

TEST_CASE("structural functions keep known structure around unknown elements") {
  CHECK(call("merge", {O({{"a", U()}}), O({{"b", N("1")}})}) ==
        "{ a = (known after apply), b = 1 }");
  CHECK(call_raw("merge", {O({{"a", N("1")}}), U()}).value.is_unknown());
  CHECK(call("concat", {L({U()}), L({N("1")})}) == "[(known after apply), 1]");
  CHECK(call_raw("concat", {U(), L({N("1")})}).value.is_unknown());
  CHECK(call("lookup", {O({{"a", N("1")}, {"b", U()}}), S("a")}) == "1");
  CHECK(call_raw("lookup", {U(), S("a")}).value.is_unknown());
  CHECK(call_raw("lookup", {O({{"a", N("1")}}), U()}).value.is_unknown());
  CHECK(call("values", {O({{"a", U()}})}) == "[(known after apply)]");
  CHECK(call("element", {L({U(), N("2")}), N("1")}) == "2");
  CHECK(call_raw("element", {L({N("2")}), U()}).value.is_unknown());
  CHECK(call("slice", {L({U(), N("2")}), N("1"), N("2")}) == "[2]");
  CHECK(call("reverse", {L({U(), N("2")})}) == "[2, (known after apply)]");
  CHECK(call_raw("reverse", {U()}).value.is_unknown());
  CHECK(call_raw("sort", {L({U()})}).value.is_unknown());
  CHECK(call_raw("flatten", {L({U()})}).value.is_unknown());
}

TEST_CASE("set operations") {
  Value a = Value::set({S("a"), S("b"), S("c")});
  Value b = Value::set({S("b"), S("d")});
  CHECK(call("setunion", {a, b}) == "[\"a\", \"b\", \"c\", \"d\"]");
  CHECK(call_raw("setunion", {a, b}).value.is_set());
  CHECK(call("setintersection", {a, b}) == "[\"b\"]");
  CHECK(call("setintersection", {a, b, Value::set({})}) == "[]");
  CHECK(call("setsubtract", {a, b}) == "[\"a\", \"c\"]");
  CHECK(call("setunion", {L({S("x"), S("x")})}) == "[\"x\"]");
}

TEST_CASE("alltrue, anytrue, one, chunklist") {
  CHECK(call("alltrue", {L({B(true), B(true)})}) == "true");
  CHECK(call("alltrue", {L({B(true), B(false)})}) == "false");
  CHECK(call("alltrue", {L({})}) == "true");
  CHECK(call("alltrue", {L({S("true")})}) == "true");
  CHECK(call("anytrue", {L({B(false), B(true)})}) == "true");
  CHECK(call("anytrue", {L({})}) == "false");
  CHECK(call("one", {L({})}) == "null");
  CHECK(call("one", {L({S("x")})}) == "\"x\"");
  CHECK(call("one", {L({S("x"), S("y")})}) == "error(0): must have at most one element, got 2");
  CHECK(call("chunklist", {L({N("1"), N("2"), N("3")}), N("2")}) == "[[1, 2], [3]]");
  CHECK(call("chunklist", {L({N("1")}), N("0")}) == "[[1]]");
  CHECK(call("chunklist", {L({}), N("-1")}) ==
        "error(1): the chunk size must be a whole number, 0 or more");
}
