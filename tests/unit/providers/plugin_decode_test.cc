/// The plugin protocol's decoding without a process: `schema` results and value results,
/// including malformed ones a broken plugin could send (found by tests/fuzz/fuzz_plugin_protocol:
/// a field of the wrong type used to escape as an exception and end mesh).

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "providers/attributes.h"
#include "providers/plugin.h"

using namespace mesh;

namespace {

const char* kWhere = "plugin mesh-provider-kv schema";

std::optional<PluginSchema> schema_of(const std::string& text, std::string* error) {
  return parse_plugin_schema("kv", nlohmann::json::parse(text), kWhere, error);
}

}  // namespace

TEST_CASE("plugin decoding: a schema result gives types, attributes, can_read and plan") {
  std::string error;
  auto schema = schema_of(R"({"config": [{"name": "root", "type": "string"}],
    "resources": [{"type": "kv_entry", "description": "an entry", "can_read": false,
      "attributes": [{"name": "value", "type": "string", "mode": "required", "sensitive": true},
                     {"name": "key", "type": "string", "mode": "required", "force_new": true}]}],
    "capabilities": {"plan": true}})",
                          &error);
  REQUIRE_MESSAGE(schema, error);
  CHECK(schema->schema.name == "kv");
  CHECK(schema->plans);
  CHECK(schema->no_read == std::vector<std::string>{"kv_entry"});
  REQUIRE(schema->schema.config.size() == 1);
  REQUIRE(schema->schema.resources.size() == 1);
  const ResourceSchema& entry = schema->schema.resources[0];
  CHECK(entry.description == "an entry");
  REQUIRE(entry.find("key"));
  CHECK(entry.find("key")->force_new);
  CHECK(entry.find("value")->sensitive);

  // A value result: listed paths and the schema's sensitive attributes are marked.
  Value v = decode_plugin_value(
      nlohmann::json::parse(
          R"({"value": {"key": "a", "value": "s3cret", "id": null}, "unknown": ["id"]})"),
      &entry);
  CHECK(attribute(v, "key").as_string() == "a");
  CHECK(attribute(v, "value").is_sensitive());
  CHECK(!attribute(v, "id").is_known());
  CHECK(decode_plugin_value(nlohmann::json::parse("[1]"), &entry).is_null());
}

TEST_CASE("plugin decoding: fields of the wrong type are errors naming the plugin, not crashes") {
  const char* cases[] = {
      R"({"resources": [{"type": "kv_entry", "description": 1}]})",
      R"({"resources": [{"type": "kv_entry", "can_read": "yes"}]})",
      R"({"resources": [{"type": "kv_entry"}], "capabilities": {"plan": "yes"}})",
      R"({"resources": [{"type": "kv_entry", "attributes": [{"name": "a", "type": "string", "mode": 5}]}]})",
      R"({"resources": [{"type": "kv_entry", "attributes": [{"name": "a", "type": "string", "force_new": "no"}]}]})",
      R"({"config": [{"name": "a", "type": "string", "sensitive": []}]})",
      R"({"config": [{"name": "a", "type": "string", "description": {}}]})",
      R"({"config": {"name": "a"}})",
      R"({"resources": [{"type": "other_entry"}]})",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    std::string error;
    std::optional<PluginSchema> schema;
    CHECK_NOTHROW(schema = schema_of(text, &error));
    CHECK(!schema);
    CHECK(error.rfind(kWhere, 0) == 0);
  }
}
