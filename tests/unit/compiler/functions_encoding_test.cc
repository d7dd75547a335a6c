#include "functions_test_support.h"

using namespace mesh;
using namespace mesh::testing;

TEST_CASE("jsonencode and jsondecode") {
  CHECK(call("jsonencode", {O({{"b", L({N("1"), B(true), Value()})}, {"a", S("x")}})}) ==
        "\"{\\\"a\\\":\\\"x\\\",\\\"b\\\":[1,true,null]}\"");
  CHECK(call("jsonencode", {Value()}) == "\"null\"");
  CHECK(call("jsonencode", {Value::duration(60000)}) == "\"\\\"1m\\\"\"");
  CHECK(call_raw("jsonencode", {O({{"id", U()}})}).value.is_unknown());
  CHECK(call("jsondecode", {S("{\"a\": [1, 2.5, \"x\"]}")}) == "{ a = [1, 2.5, \"x\"] }");
  CHECK(call("jsondecode", {S("{")}).rfind("error(0): invalid JSON: parse error", 0) == 0);
}

TEST_CASE("yamlencode and yamldecode") {
  CHECK(call_raw("yamlencode", {O({{"a", N("1")}, {"b", L({S("x")})}})}).value.as_string() ==
        "a: 1\nb:\n  - x\n");
  CHECK(call("yamldecode", {S("a: 1\nb: [x, \"2\"]\n")}) == "{ a = 1, b = [\"x\", \"2\"] }");
  CHECK(call("yamldecode", {S("a: [")}).rfind("error(0): invalid YAML at line", 0) == 0);
}

TEST_CASE("base64 and urlencode") {
  CHECK(call("base64encode", {S("")}) == "\"\"");
  CHECK(call("base64encode", {S("f")}) == "\"Zg==\"");
  CHECK(call("base64encode", {S("fo")}) == "\"Zm8=\"");
  CHECK(call("base64encode", {S("foo")}) == "\"Zm9v\"");
  CHECK(call("base64encode", {S("Hello World")}) == "\"SGVsbG8gV29ybGQ=\"");
  CHECK(call("base64decode", {S("SGVsbG8gV29ybGQ=")}) == "\"Hello World\"");
  CHECK(call("base64decode", {S("Zg==")}) == "\"f\"");
  CHECK(call("base64decode", {S("Zm8=")}) == "\"fo\"");
  CHECK(call("base64decode", {S("abc")}) ==
        "error(0): invalid base64: length 3 is not a multiple of 4");
  CHECK(call("base64decode", {S("ab!=")}) ==
        "error(0): invalid base64: unexpected character at offset 2");
  CHECK(call("base64decode", {S("a=bc")}) ==
        "error(0): invalid base64: unexpected character at offset 1");
  CHECK(call("base64decode", {S("//79")}) ==
        "error(0): the decoded bytes are not valid UTF-8 text");
  CHECK(call("urlencode", {S("a b&c=d/é")}) == "\"a+b%26c%3Dd%2F%C3%A9\"");
}

TEST_CASE("sha256 and base64sha256") {
  CHECK(call("sha256", {S("hello world")}) ==
        "\"b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9\"");
  CHECK(call("base64sha256", {S("hello world")}) ==
        "\"uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=\"");
  CHECK(call_raw("sha256", {S("pw").mark_sensitive()}).value.is_sensitive());
  CHECK(call("md5", {S("hello world")}) == "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
}
