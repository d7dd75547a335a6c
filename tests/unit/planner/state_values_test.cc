/// Records ↔ values: sensitive paths are JSON Pointers in state (what state/redact.cc
/// honours), language paths in values; both directions agree.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/value_json.h"
#include "plan_test_support.h"
#include "planner/paths.h"
#include "state/redact.h"

using namespace mesh;
using namespace mesh::test;

TEST_CASE("state values: sensitive places are stored as JSON Pointers that redact() honours") {
  Value v = obj({{"name", str("db")},
                 {"password", str("hunter2").mark_sensitive()},
                 {"tags", obj({{"my key/x", str("s3cret").mark_sensitive()}, {"env", str("dev")}})},
                 {"items", Value::list({str("a"), str("tok~en").mark_sensitive()})}});
  state::ResourceRecord r;
  r.address = "test_thing.t";
  plan::store_value(v, &r);
  CHECK(r.sensitive_paths == std::vector<std::string>{"/items/1", "/password", "/tags/my key~1x"});
  nlohmann::json redacted =
      state::redact(nlohmann::json::parse(r.attributes_json), r.sensitive_paths);
  std::string text = redacted.dump();
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text.find("s3cret") == std::string::npos);
  CHECK(text.find("tok~en") == std::string::npos);
  CHECK(text.find("\"dev\"") != std::string::npos);

  std::string error;
  std::optional<Value> back = plan::record_value(r, nullptr, &error);
  REQUIRE(back);
  CHECK(identical(*back, v));
}

TEST_CASE("state values: language paths written by older records are accepted") {
  state::ResourceRecord r;
  r.attributes_json = R"({"a":{"b c":"x"},"l":["y"]})";
  r.sensitive_paths = {"a[\"b c\"]", "l[0]"};
  std::string error;
  std::optional<Value> v = plan::record_value(r, nullptr, &error);
  REQUIRE(v);
  CHECK(v->find("a")->find("b c")->is_sensitive());
  CHECK(v->find("l")->items()[0].is_sensitive());
}

TEST_CASE("state values: a pointer that cannot be honoured hides the whole value") {
  state::ResourceRecord r;
  r.attributes_json = R"({"a":"x"})";
  r.sensitive_paths = {"/a/~9"};
  std::string error;
  std::optional<Value> v = plan::record_value(r, nullptr, &error);
  REQUIRE(v);
  CHECK(v->is_sensitive());
}

TEST_CASE("state values: schema types are restored (durations, sets) and schema secrets marked") {
  ResourceSchema s;
  s.type = "x";
  s.attributes = {attribute_schema("period", Type::duration(), AttributeMode::Optional),
                  attribute_schema("names", Type::set(Type::string()), AttributeMode::Optional),
                  attribute_schema("token", Type::string(), AttributeMode::Computed, false, true)};
  s.sort();
  state::ResourceRecord r;
  r.attributes_json = R"({"period":"1h30m","names":["b","a"],"token":"t0k"})";
  std::string error;
  std::optional<Value> v = plan::record_value(r, &s, &error);
  REQUIRE(v);
  CHECK(v->find("period")->is_duration());
  CHECK(v->find("names")->is_set());
  CHECK(v->find("token")->is_sensitive());

  r.attributes_json = "{not json";
  CHECK_FALSE(plan::record_value(r, &s, &error));
}

TEST_CASE("paths: parse, set and pointer conversions") {
  std::vector<plan::PathStep> steps;
  REQUIRE(plan::parse_path("tags[\"a b\"].x[2]", &steps));
  REQUIRE(steps.size() == 4);
  CHECK(steps[1].key == "a b");
  CHECK(steps[3].is_index);
  CHECK(plan::format_path(steps) == "tags[\"a b\"].x[2]");
  CHECK(plan::path_to_pointer("tags[\"a/b\"].x[2]") ==
        std::optional<std::string>("/tags/a~1b/x/2"));
  nlohmann::json doc = nlohmann::json::parse(R"({"0":{"1":[5,6]}})");
  CHECK(plan::pointer_to_path("/0/1/1", doc) == std::optional<std::string>("[\"0\"][\"1\"][1]"));
  steps.clear();
  REQUIRE(plan::parse_path("tags.env", &steps));
  Value v = obj({{"tags", obj({{"env", str("dev")}, {"x", str("y")}})}});
  Value set = plan::set_at(v, steps, str("prod"));
  CHECK(set.find("tags")->find("env")->as_string() == "prod");
  Value removed = plan::set_at(v, steps, std::nullopt);
  CHECK(removed.find("tags")->find("env") == nullptr);
  CHECK_FALSE(plan::parse_path("a..b", &steps));
  CHECK_FALSE(plan::parse_path("a[", &steps));
}
