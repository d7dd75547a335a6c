#include <algorithm>

#include "functions_test_support.h"

using namespace mesh;
using namespace mesh::testing;

TEST_CASE("registry finds functions by name and lists every name for did-you-mean") {
  CHECK(find_function("join") != nullptr);
  CHECK(find_function("jion") == nullptr);
  CHECK(find_function("templatefile") == nullptr);
  CHECK(is_evaluator_function("templatefile"));
  CHECK_FALSE(is_evaluator_function("file"));
  const auto& names = function_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::find(names.begin(), names.end(), "templatefile") != names.end());
  for (const char* name : {"format",
                           "formatlist",
                           "join",
                           "split",
                           "lower",
                           "upper",
                           "title",
                           "replace",
                           "trim",
                           "trimspace",
                           "trimprefix",
                           "trimsuffix",
                           "substr",
                           "regex",
                           "regexall",
                           "startswith",
                           "endswith",
                           "strlen",
                           "indent",
                           "length",
                           "keys",
                           "values",
                           "merge",
                           "concat",
                           "flatten",
                           "lookup",
                           "contains",
                           "toset",
                           "tolist",
                           "tomap",
                           "range",
                           "zipmap",
                           "coalesce",
                           "distinct",
                           "element",
                           "slice",
                           "reverse",
                           "sort",
                           "compact",
                           "jsonencode",
                           "jsondecode",
                           "yamlencode",
                           "yamldecode",
                           "base64encode",
                           "base64decode",
                           "urlencode",
                           "sha256",
                           "file",
                           "fileexists",
                           "env",
                           "timestamp",
                           "duration",
                           "durationseconds",
                           "formatduration",
                           "tostring",
                           "tonumber",
                           "tobool"}) {
    CHECK_MESSAGE(find_function(name) != nullptr, name);
    CHECK_MESSAGE(!find_function(name)->summary.empty(), name);
  }
}

TEST_CASE("call_function checks arity") {
  CHECK(call("join", {S(",")}) == "error(-1): function \"join\" takes 2 arguments, got 1");
  CHECK(call("upper", {}) == "error(-1): function \"upper\" takes 1 argument, got 0");
  CHECK(call("range", {}) == "error(-1): function \"range\" takes 1 to 3 arguments, got 0");
  CHECK(call("range", {N("1"), N("2"), N("3"), N("4")}) ==
        "error(-1): function \"range\" takes 1 to 3 arguments, got 4");
  CHECK(call("format", {}) == "error(-1): function \"format\" takes at least 1 argument, got 0");
  CHECK(call("timestamp", {N("1")}) ==
        "error(-1): function \"timestamp\" takes 0 arguments, got 1");
}

TEST_CASE("call_function converts arguments and rejects null with the argument index") {
  CHECK(call("upper", {N("1")}) == "\"1\"");
  CHECK(call("join", {S(","), S("x")}) ==
        "error(1): invalid value for \"list\": a list is required, got \"x\"");
  CHECK(call("join", {S(","), L({S("a"), L({})})}) ==
        "error(1): invalid value for \"list\": [1]: a string is required, got a list of 0 "
        "elements");
  CHECK(call("upper", {Value()}) == "error(0): invalid value for \"string\": null is not allowed");
}

TEST_CASE("unknown arguments give unknown results of the function's type") {
  FunctionResult r = call_raw("upper", {U()});
  REQUIRE(r.ok());
  CHECK(r.value.is_unknown());
  CHECK(r.value.unknown_type() == Type::string());
  CHECK(call_raw("join", {S(","), L({S("a"), U()})}).value.is_unknown());
  CHECK(call_raw("keys", {U()}).value.unknown_type() == Type::list(Type::string()));
  CHECK(call_raw("length", {U()}).value.unknown_type() == Type::number());
}

TEST_CASE("sensitive arguments give sensitive results, deep") {
  FunctionResult r = call_raw("upper", {S("pw").mark_sensitive()});
  REQUIRE(r.ok());
  CHECK(r.value.is_sensitive());
  CHECK(r.value.without_sensitive().as_string() == "PW");
  CHECK(call_raw("join", {S(","), L({S("a"), S("b").mark_sensitive()})}).value.is_sensitive());
  CHECK(call_raw("length", {L({S("a").mark_sensitive()})}).value.is_sensitive());
  CHECK(call_raw("upper", {U().mark_sensitive()}).value.is_sensitive());
  CHECK(call("upper", {S("pw").mark_sensitive()}) == "(sensitive)");
}
