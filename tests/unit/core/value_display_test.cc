#include <doctest/doctest.h>

#include "core/value_display.h"

using namespace mesh;

namespace {
Value num(const char* t) {
  return Value::number(*Number::parse(t));
}
Value str(const char* s) {
  return Value::string(s);
}
}  // namespace

TEST_CASE("display of primitives and marks") {
  CHECK(to_display_string(Value()) == "null");
  CHECK(to_display_string(Value::boolean(true)) == "true");
  CHECK(to_display_string(num("12.50")) == "12.5");
  CHECK(to_display_string(Value::duration(5400000)) == "1h30m");
  CHECK(to_display_string(str("a\"b\n${x}")) == "\"a\\\"b\\n$${x}\"");
  CHECK(to_display_string(str("pw").mark_sensitive()) == "(sensitive)");
  CHECK(to_display_string(Value::unknown()) == "(known after apply)");
  CHECK(to_display_string(Value::list({}).mark_sensitive()) == "(sensitive)");
  CHECK(quote_string("tab\there\x01") == "\"tab\\there\\u0001\"");
  CHECK(quote_string("%{if}") == "\"%%{if}\"");
}

TEST_CASE("display of collections: inline short lists, aligned multi-line objects") {
  CHECK(to_display_string(Value::list({})) == "[]");
  CHECK(to_display_string(Value::object({})) == "{}");
  CHECK(to_display_string(Value::list({num("1"), str("a")})) == "[1, \"a\"]");
  Value v = Value::object({{"name", str("db")},
                           {"password", str("x").mark_sensitive()},
                           {"id", Value::unknown()},
                           {"my key", Value::list({Value::object({{"a", num("1")}})})}});
  CHECK(to_display_string(v) ==
        "{\n"
        "  id       = (known after apply)\n"
        "  \"my key\" = [\n"
        "    {\n"
        "      a = 1\n"
        "    },\n"
        "  ]\n"
        "  name     = \"db\"\n"
        "  password = (sensitive)\n"
        "}");
  CHECK(to_display_string(Value::object({{"a", num("1")}}), DisplayOptions{4, 80}) ==
        "{\n      a = 1\n    }");
  Value long_list = Value::list(ValueList(30, str("abcdef")));
  CHECK(to_display_string(long_list).find("[\n  \"abcdef\",\n") == 0);
  CHECK(to_inline_string(v) ==
        "{ id = (known after apply), \"my key\" = [{ a = 1 }], name = \"db\", password = "
        "(sensitive) }");
}

TEST_CASE("multi-line text ending with a newline displays as a heredoc") {
  Value v = Value::object({{"content", str("line 1\n\n  ${x}\n")}, {"one", str("a\n")}});
  CHECK(to_display_string(v) ==
        "{\n"
        "  content = <<-EOT\n"
        "    line 1\n"
        "\n"
        "      $${x}\n"
        "  EOT\n"
        "  one     = \"a\\n\"\n"
        "}");
  CHECK(to_display_string(str("a\nb")) == "\"a\\nb\"");
  CHECK(to_display_string(str("a\nEOT\n")) == "\"a\\nEOT\\n\"");
  CHECK(to_display_string(str("a\nb\n").mark_sensitive()) == "(sensitive)");
  CHECK(to_inline_string(str("a\nb\n")) == "\"a\\nb\\n\"");
}
