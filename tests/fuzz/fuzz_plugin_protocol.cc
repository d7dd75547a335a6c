// libFuzzer target: the plugin protocol decoder. Each input line is what a plugin writes on
// stdout (docs/provider-protocol.md): a JSON response with an integer `id`, whose `result`
// is decoded both as a `schema` answer and as a value answer (create/read/update/plan).
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include "providers/plugin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  // What PluginHost accepts as a response line.
  nlohmann::json message = nlohmann::json::parse(line, nullptr, false);
  if (message.is_discarded() || !message.is_object() || !message.contains("id") ||
      !message["id"].is_number_integer())
    return 0;
  const nlohmann::json result = message.value("result", nlohmann::json());
  std::string error;
  std::optional<mesh::PluginSchema> schema =
      mesh::parse_plugin_schema("kv", result, "plugin mesh-provider-kv schema", &error);
  const mesh::ResourceSchema* resource = nullptr;
  if (schema && !schema->schema.resources.empty()) resource = &schema->schema.resources.front();
  mesh::Value value = mesh::decode_plugin_value(result, resource);
  (void)value;
  return 0;
}
