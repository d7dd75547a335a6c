#include <doctest/doctest.h>

#include "core/value_display.h"
#include "core/value_yaml.h"

using namespace mesh;

namespace {
Value num(const char* t) {
  return Value::number(*Number::parse(t));
}
Value str(const char* s) {
  return Value::string(s);
}
}  // namespace

TEST_CASE("yaml encode is block style, sorted, and quotes ambiguous strings") {
  Value v = Value::object({{"name", str("orders")},
                           {"port", num("5432")},
                           {"enabled", Value::boolean(true)},
                           {"version", str("1.0")},
                           {"flag", str("yes")},
                           {"none", Value()},
                           {"ttl", Value::duration(3600000)},
                           {"tags", Value::list({str("a"), str("b")})},
                           {"empty", Value::list({})},
                           {"script", str("line1\nline2\n")}});
  ValueResult r = to_yaml_text(v);
  REQUIRE(r.ok());
  CHECK(r.value.as_string() ==
        "empty: []\n"
        "enabled: true\n"
        "flag: \"yes\"\n"
        "name: orders\n"
        "none: null\n"
        "port: 5432\n"
        "script: |\n"
        "  line1\n"
        "  line2\n"
        "tags:\n"
        "  - a\n"
        "  - b\n"
        "ttl: 1h\n"
        "version: \"1.0\"\n");
  CHECK_FALSE(to_yaml_text(Value::unknown()).ok());
}

TEST_CASE("yaml decode follows the core schema") {
  ValueResult r = from_yaml_text(
      "name: orders\nport: 5432\nratio: 0.5\nenabled: true\nquoted: \"true\"\nnothing: null\n"
      "tilde: ~\nlist:\n  - 1\n  - two\nnested: {a: b}\n");
  REQUIRE(r.ok());
  CHECK(to_inline_string(r.value) ==
        "{ enabled = true, list = [1, \"two\"], name = \"orders\", nested = { a = \"b\" }, "
        "nothing = null, port = 5432, quoted = \"true\", ratio = 0.5, tilde = null }");
  CHECK(from_yaml_text("").value.is_null());
  ValueResult bad = from_yaml_text("a: [1, 2\n");
  CHECK_FALSE(bad.ok());
  CHECK(bad.error.rfind("invalid YAML at line", 0) == 0);
  ValueResult round = from_yaml_text(
      to_yaml_text(Value::object({{"v", str("1.0")}, {"s", str("")}})).value.as_string());
  CHECK(to_inline_string(round.value) == "{ s = \"\", v = \"1.0\" }");
  CHECK_FALSE(from_yaml_text("? [a]\n: 1\n").ok());
  for (const char* text : {"a\nb\n", "a\nb", "a\n\n", "\n", " lead"}) {
    ValueResult back = from_yaml_text(to_yaml_text(Value::list({str(text)})).value.as_string());
    REQUIRE(back.ok());
    CHECK(back.value.items()[0].as_string() == text);
  }
}

TEST_CASE("yaml nesting is bounded by yaml-cpp's depth guard") {
  std::string deep(3000, '[');
  deep += std::string(3000, ']');
  ValueResult r = from_yaml_text(deep);
  CHECK_FALSE(r.ok());
  CHECK(r.error.rfind("invalid YAML", 0) == 0);
}
