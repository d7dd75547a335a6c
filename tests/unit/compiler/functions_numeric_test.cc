#include "functions_test_support.h"

using namespace mesh;
using namespace mesh::testing;

TEST_CASE("abs, ceil, floor, signum") {
  CHECK(call("abs", {N("-2.5")}) == "2.5");
  CHECK(call("abs", {N("3")}) == "3");
  CHECK(call("ceil", {N("1.2")}) == "2");
  CHECK(call("ceil", {N("-1.2")}) == "-1");
  CHECK(call("ceil", {N("4")}) == "4");
  CHECK(call("floor", {N("1.8")}) == "1");
  CHECK(call("floor", {N("-1.2")}) == "-2");
  CHECK(call("signum", {N("-0.1")}) == "-1");
  CHECK(call("signum", {N("0")}) == "0");
  CHECK(call("signum", {N("7")}) == "1");
  CHECK(call("abs", {S("x")}) ==
        "error(0): invalid value for \"number\": a number is required, got \"x\"");
}

TEST_CASE("parseint") {
  CHECK(call("parseint", {S("100"), N("10")}) == "100");
  CHECK(call("parseint", {S("FF"), N("16")}) == "255");
  CHECK(call("parseint", {S("-1010"), N("2")}) == "-10");
  CHECK(call("parseint", {S("zz"), N("36")}) == "1295");
  CHECK(call("parseint", {S("12"), N("2")}) == "error(0): \"12\" is not a number in base 2");
  CHECK(call("parseint", {S(""), N("10")}) == "error(0): \"\" is not a number in base 10");
  CHECK(call("parseint", {S("1"), N("37")}) ==
        "error(1): the base must be a whole number from 2 to 36");
  CHECK(call("parseint", {S("99999999999999999999"), N("10")}) ==
        "error(0): \"99999999999999999999\" is too large");
  CHECK(call("parseint", {S("-9223372036854775808"), N("10")}) == "-9223372036854775808");
}
