#include "functions_test_support.h"

using namespace mesh;
using namespace mesh::testing;

TEST_CASE("format") {
  CHECK(call("format", {S("hello %s"), S("world")}) == "\"hello world\"");
  CHECK(call("format", {S("%d items"), N("42")}) == "\"42 items\"");
  CHECK(call("format", {S("%5d|%-5d|%05d"), N("42"), N("42"), N("-42")}) ==
        "\"   42|42   |-0042\"");
  CHECK(call("format", {S("%+d"), N("3")}) == "\"+3\"");
  CHECK(call("format", {S("%f"), N("3.5")}) == "\"3.500000\"");
  CHECK(call("format", {S("%.2f"), N("0.125")}) == "\"0.13\"");
  CHECK(call("format", {S("%.2f"), N("-0.001")}) == "\"0.00\"");
  CHECK(call("format", {S("%.0f"), N("9.5")}) == "\"10\"");
  CHECK(call("format", {S("%8.3f"), N("3.14159")}) == "\"   3.142\"");
  CHECK(call("format", {S("%t"), B(true)}) == "\"true\"");
  CHECK(call("format", {S("%v %v %v"), N("1"), L({S("a")}), Value()}) == "\"1 [\\\"a\\\"] null\"");
  CHECK(call("format", {S("%q"), S("a\"b")}) == "\"\\\"a\\\\\\\"b\\\"\"");
  CHECK(call("format", {S("100%%")}) == "\"100%\"");
  CHECK(call("format", {S("%.3s"), S("abcdef")}) == "\"abc\"");
  CHECK(call("format", {S("%-4s|"), S("é")}) == "\"é   |\"");
  CHECK(call("format", {S("%s"), Value::duration(90000)}) == "\"1m30s\"");
  CHECK(call("format", {S("%d"), N("2.5")}) == "error(1): %d needs a whole number, got 2.5");
  CHECK(call("format", {S("%d"), S("x")}) == "error(1): %d needs a number, got a string");
  CHECK(call("format", {S("%s"), L({})}) ==
        "error(1): a list of 0 elements cannot be used as text; use jsonencode()");
  CHECK(call("format", {S("%s")}) == "error(0): format has more verbs than the 0 arguments given");
  CHECK(call("format", {S("%s"), S("a"), S("b")}) ==
        "error(2): format uses 1 of the 2 arguments given");
  CHECK(call("format", {S("%x"), N("1")}) ==
        "error(0): unsupported verb %x in format; use %s %d %f %t %v %q or %%");
  CHECK(call("format", {S("50%")}) == "error(0): format ends with a lone %");
  CHECK(call_raw("format", {S("%s"), U()}).value.is_unknown());
}

TEST_CASE("formatlist") {
  CHECK(call("formatlist", {S("%s=%s"), L({S("a"), S("b")}), L({N("1"), N("2")})}) ==
        "[\"a=1\", \"b=2\"]");
  CHECK(call("formatlist", {S("%s-%s"), S("x"), L({S("a"), S("b")})}) == "[\"x-a\", \"x-b\"]");
  CHECK(call("formatlist", {S("%s%s"), L({S("a")}), L({S("a"), S("b")})}) ==
        "error(2): all lists must have the same length: 1 and 2");
}

TEST_CASE("join and split") {
  CHECK(call("join", {S(", "), L({S("a"), S("b"), S("c")})}) == "\"a, b, c\"");
  CHECK(call("join", {S(","), L({})}) == "\"\"");
  CHECK(call("join", {S("-"), L({N("1"), B(true)})}) == "\"1-true\"");
  CHECK(call("join", {S(","), L({S("a"), Value()})}) == "error(1): element 1 of the list is null");
  CHECK(call("split", {S(","), S("a,b,,c")}) == "[\"a\", \"b\", \"\", \"c\"]");
  CHECK(call("split", {S(","), S("")}) == "[\"\"]");
  CHECK(call("split", {S("::"), S("a::b")}) == "[\"a\", \"b\"]");
  CHECK(call("split", {S(""), S("ab")}) == "error(0): the separator must not be empty");
}

TEST_CASE("case functions") {
  CHECK(call("lower", {S("HeLLo")}) == "\"hello\"");
  CHECK(call("upper", {S("hello é")}) == "\"HELLO é\"");
  CHECK(call("title", {S("hello big-world")}) == "\"Hello Big-World\"");
}

TEST_CASE("replace: plain and /regex/") {
  CHECK(call("replace", {S("a-b-c"), S("-"), S("+")}) == "\"a+b+c\"");
  CHECK(call("replace", {S("aaa"), S("aa"), S("b")}) == "\"ba\"");
  CHECK(call("replace", {S("v1.2.3"), S("/(\\d+)\\.(\\d+)/"), S("$2.$1")}) == "\"v2.1.3\"");
  CHECK(call("replace", {S("x"), S("/(/"), S("y")})
            .rfind("error(1): invalid regular expression", 0) == 0);
  CHECK(call("replace", {S("x"), S(""), S("y")}) == "error(1): the substring must not be empty");
  CHECK(call("replace", {S("a/b"), S("/"), S("_")}) == "\"a_b\"");
}

TEST_CASE("trim functions") {
  CHECK(call("trim", {S("?!hello?!"), S("!?")}) == "\"hello\"");
  CHECK(call("trim", {S("ééaéé"), S("é")}) == "\"a\"");
  CHECK(call("trim", {S("xx"), S("x")}) == "\"\"");
  CHECK(call("trimspace", {S("  \t hi \n")}) == "\"hi\"");
  CHECK(call("trimprefix", {S("helloworld"), S("hello")}) == "\"world\"");
  CHECK(call("trimprefix", {S("helloworld"), S("x")}) == "\"helloworld\"");
  CHECK(call("trimsuffix", {S("helloworld"), S("world")}) == "\"hello\"");
  CHECK(call("trimsuffix", {S("d"), S("world")}) == "\"d\"");
  CHECK(call("chomp", {S("line\r\n\n")}) == "\"line\"");
}

TEST_CASE("substr works on code points") {
  CHECK(call("substr", {S("hello world"), N("1"), N("4")}) == "\"ello\"");
  CHECK(call("substr", {S("héllo"), N("1"), N("3")}) == "\"éll\"");
  CHECK(call("substr", {S("hello"), N("-3"), N("-1")}) == "\"llo\"");
  CHECK(call("substr", {S("hello"), N("10"), N("2")}) == "\"\"");
  CHECK(call("substr", {S("hello"), N("3"), N("100")}) == "\"lo\"");
  CHECK(call("substr", {S("hello"), N("0.5"), N("1")}) ==
        "error(1): the offset must be a whole number");
  CHECK(call("substr", {S("hello"), N("0"), N("-2")}) == "error(2): the length must be -1 or more");
}

TEST_CASE("regex and regexall") {
  CHECK(call("regex", {S("[a-z]+"), S("53453453.345345aaabbbccc23454")}) == "\"aaabbbccc\"");
  CHECK(call("regex", {S("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), S("2019-02-01")}) ==
        "[\"2019\", \"02\", \"01\"]");
  CHECK(call("regex", {S("(a)|(b)"), S("b")}) == "[null, \"b\"]");
  CHECK(call("regex", {S("x"), S("abc")}) ==
        "error(1): the pattern did not match any part of the string");
  CHECK(call("regex", {S("("), S("abc")}).rfind("error(0): invalid regular expression", 0) == 0);
  CHECK(call("regexall", {S("[a-z]+"), S("1234abcd5678efgh9")}) == "[\"abcd\", \"efgh\"]");
  CHECK(call("regexall", {S("(\\w)=(\\d)"), S("a=1 b=2")}) == "[[\"a\", \"1\"], [\"b\", \"2\"]]");
  CHECK(call("regexall", {S("z"), S("abc")}) == "[]");
}

TEST_CASE("startswith, endswith, strlen, strrev, indent") {
  CHECK(call("startswith", {S("hello"), S("he")}) == "true");
  CHECK(call("startswith", {S("hello"), S("lo")}) == "false");
  CHECK(call("endswith", {S("hello"), S("lo")}) == "true");
  CHECK(call("endswith", {S("o"), S("hello")}) == "false");
  CHECK(call("strlen", {S("héllo")}) == "5");
  CHECK(call("strrev", {S("héllo")}) == "\"olléh\"");
  CHECK(call("indent", {N("2"), S("a\nb\nc")}) == "\"a\\n  b\\n  c\"");
  CHECK(call("indent", {N("-1"), S("a")}) ==
        "error(0): the number of spaces must be a whole number, 0 or more");
}

TEST_CASE("strcontains") {
  CHECK(call("strcontains", {S("hello world"), S("o w")}) == "true");
  CHECK(call("strcontains", {S("hello"), S("x")}) == "false");
}
