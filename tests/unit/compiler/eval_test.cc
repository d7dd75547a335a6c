/// The expression evaluator: every operator, literals, collections, for expressions, splats,
/// conditionals, function calls, and how unknown and sensitive marks travel through them.

#include <doctest/doctest.h>

#include "compile_test_support.h"

using mesh::test::eval_text;

namespace {

/// A configuration with an unknown (`test_file.f.id`) and a sensitive (`var.secret`) value.
const char* kMarks = R"(
variable "secret" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
variable "n" {
  type    = number
  default = 4
}
resource "test_file" "f" {
  path = "a.txt"
}
)";

std::string marked(const std::string& expr) {
  return eval_text(expr, kMarks);
}

}  // namespace

TEST_CASE("eval: literals") {
  CHECK(eval_text("null") == "null");
  CHECK(eval_text("true") == "true");
  CHECK(eval_text("12.50") == "12.5");
  CHECK(eval_text("8h") == "8h");
  CHECK(eval_text("\"a\\tb\"") == "\"a\\tb\"");
  CHECK(eval_text("[1, \"a\", true]") == "[1, \"a\", true]");
  CHECK(eval_text("{ b = 2, a = 1 }") == "{ a = 1, b = 2 }");
  CHECK(eval_text("{ \"x y\" = 1, (\"k${1}\") = 2 }") == "{ k1 = 2, \"x y\" = 1 }");
}

TEST_CASE("eval: arithmetic and comparison operators") {
  CHECK(eval_text("1 + 2 * 3") == "7");
  CHECK(eval_text("(1 + 2) * 3") == "9");
  CHECK(eval_text("7 / 2") == "3.5");
  CHECK(eval_text("7 % 3") == "1");
  CHECK(eval_text("0.1 + 0.2") == "0.3");
  CHECK(eval_text("10 - 12") == "-2");
  CHECK(eval_text("-(3)") == "-3");
  CHECK(eval_text("1h + 30m") == "1h30m");
  CHECK(eval_text("2h / 2") == "1h");
  CHECK(eval_text("1 < 2") == "true");
  CHECK(eval_text("2 <= 2") == "true");
  CHECK(eval_text("3 > 4") == "false");
  CHECK(eval_text("3 >= 4") == "false");
  CHECK(eval_text("\"a\" < \"b\"") == "true");
  CHECK(eval_text("1 == 1") == "true");
  CHECK(eval_text("1 == \"1\"") == "false");
  CHECK(eval_text("[1, {a = 2}] == [1, {a = 2}]") == "true");
  CHECK(eval_text("1 != 2") == "true");
}

TEST_CASE("eval: logic and conditionals") {
  CHECK(eval_text("true && false") == "false");
  CHECK(eval_text("true || false") == "true");
  CHECK(eval_text("!true") == "false");
  CHECK(eval_text("1 > 0 ? \"yes\" : \"no\"") == "\"yes\"");
  // Short-circuit: the right side is not evaluated when the left decides.
  CHECK(eval_text("false && [][0]") == "false");
  CHECK(eval_text("true || [][0]") == "true");
  CHECK(eval_text("true ? 1 : [][0]") == "1");
}

TEST_CASE("eval: operator errors are located") {
  CHECK(eval_text("\"1\" + 1").rfind("error: ", 0) == 0);
  CHECK(eval_text("1 ? 2 : 3") == "error: condition must be a bool, got a number\n");
  CHECK(eval_text("1 / 0").rfind("error: ", 0) == 0);
  CHECK(eval_text("!1").rfind("error: ", 0) == 0);
}

TEST_CASE("eval: index, attributes, splat") {
  CHECK(eval_text("[10, 20, 30][1]") == "20");
  CHECK(eval_text("{ a = { b = 5 } }.a.b") == "5");
  CHECK(eval_text("{ a = 1 }[\"a\"]") == "1");
  CHECK(eval_text("[{ n = 1 }, { n = 2 }][*].n") == "[1, 2]");
  CHECK(eval_text("[[1, 2], [3, 4]][*][0]") == "[1, 3]");
  CHECK(eval_text("[10][3]") == "error: index 3 out of range for list of 1 element\n");
  std::string e = eval_text("{ name = 1 }.nmae");
  CHECK(e.find("error:") == 0);
}

TEST_CASE("eval: templates and heredocs") {
  CHECK(eval_text("\"a-${1 + 1}-${true}\"") == "\"a-2-true\"");
  CHECK(eval_text("\"x ${~ \"y\" ~} z\"") == "\"xyz\"");
  CHECK(eval_text("\"${[1]}\"").rfind("error: ", 0) == 0);
}

TEST_CASE("eval: for expressions") {
  CHECK(eval_text("[for x in [1, 2, 3] : x * 2]") == "[2, 4, 6]");
  CHECK(eval_text("[for i, x in [\"a\", \"b\"] : \"${i}${x}\"]") == "[\"0a\", \"1b\"]");
  CHECK(eval_text("[for x in [1, 2, 3, 4] : x if x % 2 == 0]") == "[2, 4]");
  CHECK(eval_text("{for k, v in { a = 1, b = 2 } : v => k}") == "{ \"1\" = \"a\", \"2\" = \"b\" }");
  CHECK(eval_text("{for x in [\"a\", \"b\", \"a\"] : x => 1...}") == "{ a = [1, 1], b = [1] }");
  CHECK(eval_text("{for x in [\"a\", \"a\"] : x => 1}").rfind("error: duplicate key", 0) == 0);
  CHECK(eval_text("[for x in toset([\"b\", \"a\"]) : x]") == "[\"a\", \"b\"]");
}

TEST_CASE("eval: function calls") {
  CHECK(eval_text("upper(\"abc\")") == "\"ABC\"");
  CHECK(eval_text("join(\"-\", [\"a\", \"b\"])") == "\"a-b\"");
  CHECK(eval_text("max([3, 9, 2]...)") == "9");
  std::string e = eval_text("uper(\"a\")");
  CHECK(e == "error: unknown function `uper`\n");
}

TEST_CASE("eval: unknown values propagate") {
  CHECK(marked("test_file.f.id") == "(known after apply)");
  CHECK(marked("\"p-${test_file.f.id}\"") == "(known after apply)");
  CHECK(marked("test_file.f.size + 1") == "(known after apply)");
  CHECK(marked("test_file.f.size > 1") == "(known after apply)");
  CHECK(marked("[test_file.f.id, \"x\"]") == "[(known after apply), \"x\"]");
  CHECK(marked("upper(test_file.f.id)") == "(known after apply)");
  CHECK(marked("test_file.f.id == null ? 1 : 2") == "(known after apply)");
  CHECK(marked("[for x in [1] : test_file.f.id]") == "[(known after apply)]");
  // Configured attributes are known at compile time.
  CHECK(marked("test_file.f.path") == "\"a.txt\"");
  CHECK(marked("test_file.f.mode") == "\"0644\"");
}

TEST_CASE("eval: sensitive values propagate") {
  CHECK(marked("var.secret") == "(sensitive)");
  CHECK(marked("\"pw=${var.secret}\"") == "(sensitive)");
  CHECK(marked("upper(var.secret)") == "(sensitive)");
  CHECK(marked("var.secret == \"x\"") == "(sensitive)");
  CHECK(marked("[var.secret, \"x\"]") == "[(sensitive), \"x\"]");
  CHECK(marked("length(var.secret) + var.n") == "(sensitive)");
  CHECK(marked("var.n + 1") == "5");
}
