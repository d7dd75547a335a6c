#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/value_display.h"
#include "core/value_json.h"
#include "core/value_ops.h"

using namespace mesh;
using nlohmann::json;

namespace {
Value num(const char* t) {
  return Value::number(*Number::parse(t));
}
Value str(const char* s) {
  return Value::string(s);
}
}  // namespace

TEST_CASE("paths use the language's syntax") {
  CHECK(path_attr("", "password") == "password");
  CHECK(path_attr("tags", "env") == "tags.env");
  CHECK(path_attr("tags", "my key") == "tags[\"my key\"]");
  CHECK(path_attr("", "1abc") == "[\"1abc\"]");
  CHECK(path_index("items", 0) == "items[0]");
  CHECK(path_index("", 3) == "[3]");
}

TEST_CASE("raw JSON export keeps sensitive values and lists their paths") {
  Value v = Value::object({{"name", str("db")},
                           {"password", str("pw").mark_sensitive()},
                           {"port", num("5432")},
                           {"ratio", num("0.1")},
                           {"ttl", Value::duration(28800000)},
                           {"id", Value::unknown()},
                           {"tags", Value::object({{"my key", str("v").mark_sensitive()}})},
                           {"list", Value::list({Value(), Value::boolean(true)})}});
  std::vector<std::string> sensitive, unknown;
  json j = to_json(v, &sensitive, &unknown);
  CHECK(
      j.dump() ==
      R"({"id":null,"list":[null,true],"name":"db","password":"pw","port":5432,"ratio":0.1,"tags":{"my key":"v"},"ttl":"8h"})");
  CHECK(sensitive == std::vector<std::string>{"password", "tags[\"my key\"]"});
  CHECK(unknown == std::vector<std::string>{"id"});

  std::vector<std::string> rs, ru;
  json redacted = to_json_redacted(v, &rs, &ru);
  CHECK(redacted["password"].is_null());
  CHECK(redacted["tags"]["my key"].is_null());
  CHECK(redacted["name"] == "db");
  CHECK(rs == sensitive);
  CHECK(ru == unknown);
  CHECK(redacted.dump().find("pw") == std::string::npos);

  Value back = from_json(j, sensitive, unknown);
  CHECK(back.find("password")->is_sensitive());
  CHECK(back.find("password")->as_string() == "pw");
  CHECK(back.find("tags")->find("my key")->is_sensitive());
  CHECK(back.find("id")->is_unknown());
  CHECK(back.find("ratio")->as_number().to_string() == "0.1");
  CHECK(back.find("ttl")->as_string() == "8h");
  CHECK(back.find("list")->items()[1].as_bool());
}

TEST_CASE("a sensitive whole value and list paths") {
  std::vector<std::string> s;
  to_json(Value::list({str("a"), str("b").mark_sensitive()}).mark_sensitive(), &s);
  CHECK(s == std::vector<std::string>{"", "[1]"});
  Value back = from_json(json::parse(R"({"a":[{"b":1},{"b":2}]})"), {"a[1].b", "zz", "a[9]"});
  CHECK(back.find("a")->items()[1].find("b")->is_sensitive());
  CHECK_FALSE(back.find("a")->items()[0].find("b")->is_sensitive());
  CHECK(from_json(json(1), {""}).is_sensitive());
}

TEST_CASE("json text encode and decode") {
  CHECK(to_json_text(Value::object({{"b", num("1")}, {"a", Value::list({str("x")})}}))
            .value.as_string() == R"({"a":["x"],"b":1})");
  CHECK(to_json_text(num("2.5")).value.as_string() == "2.5");
  CHECK(to_json_text(str("é\"")).value.as_string() == "\"é\\\"\"");
  CHECK_FALSE(to_json_text(Value::list({Value::unknown()})).ok());
  ValueResult r = from_json_text(R"({"a": [1, 2.5, "x", null, true], "b": {}})");
  REQUIRE(r.ok());
  CHECK(to_inline_string(r.value) == "{ a = [1, 2.5, \"x\", null, true], b = {} }");
  ValueResult bad = from_json_text("{x");
  CHECK_FALSE(bad.ok());
  CHECK(bad.error.rfind("invalid JSON: parse error at line 1, column 2", 0) == 0);
  CHECK(from_json_text("18446744073709551615").value.is_number());
}

TEST_CASE("json text nesting is bounded") {
  std::string deep(600, '[');
  deep += std::string(600, ']');
  CHECK(from_json_text(deep).error == "invalid JSON: nested more than 512 levels deep");
  std::string fine(100, '[');
  fine += std::string(100, ']');
  CHECK(from_json_text(fine).ok());
}
