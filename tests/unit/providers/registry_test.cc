#include "providers/registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "providers/builtin.h"

using namespace mesh;

TEST_CASE("registry: the built-in providers and their resource types") {
  const ProviderRegistry& registry = builtin_providers();
  CHECK(registry.names() == std::vector<std::string>{"exec", "http", "local", "mesh", "postgres"});
  CHECK(registry.resource_types() ==
        std::vector<std::string>{"exec_command", "http_resource", "local_directory", "local_file",
                                 "mesh_data", "postgres_database", "postgres_extension",
                                 "postgres_grant", "postgres_role", "postgres_schema",
                                 "postgres_table"});
  const SchemaCatalog& catalog = builtin_catalog();
  REQUIRE(catalog.resource("local_file"));
  CHECK(catalog.resource("local_file")->find("path")->force_new);
  CHECK(catalog.resource("local_file")->find("sensitive_content")->sensitive);
  CHECK(catalog.resource("local_file")->find("sha256")->mode == AttributeMode::Computed);
  CHECK(catalog.resource("nope_thing") == nullptr);
  REQUIRE(catalog.provider("exec"));
  CHECK(catalog.provider("exec")->find("exec_command"));
  CHECK(catalog.provider("nosuch") == nullptr);
  // Every type belongs to the provider its name starts with.
  for (const std::string& type : catalog.resource_types())
    CHECK(catalog.provider(provider_of_type(type))->find(type));
  // Schemas are sorted by attribute name (ResourceSchema::find relies on it).
  for (const std::string& type : catalog.resource_types()) {
    std::vector<std::string> names = catalog.resource(type)->attribute_names();
    CHECK(std::is_sorted(names.begin(), names.end()));
  }
}

TEST_CASE("registry: create_provider, unknown names and did-you-mean") {
  std::unique_ptr<Provider> local = create_provider("local");
  REQUIRE(local);
  CHECK(local->schema().name == "local");
  CHECK(create_provider("nosuch") == nullptr);
  CHECK(builtin_providers().suggest("locl") == "local");
  CHECK(builtin_providers().suggest("zzzzzzzz") == "");
}

TEST_CASE("registry: a resolver adds providers on demand (the plugin hook)") {
  ProviderRegistry registry = make_builtin_registry();
  int calls = 0;
  registry.add_resolver([&](std::string_view name) -> std::optional<ResolvedProvider> {
    ++calls;
    if (name != "files") return std::nullopt;
    ResolvedProvider found;
    found.factory = [](const ProviderEnvironment& environment) {
      std::vector<std::unique_ptr<ResourceType>> types;
      types.push_back(make_local_file(environment));
      return std::make_unique<BuiltinProvider>("files", std::move(types));
    };
    found.schema = found.factory({})->schema();
    return found;
  });
  CHECK_FALSE(registry.has("files"));
  CHECK(registry.resolve("local"));  // registered: no resolver call
  CHECK(calls == 0);
  CHECK(registry.resolve("files"));
  CHECK(registry.has("files"));
  CHECK(registry.provider("files"));
  CHECK(registry.create("files"));
  CHECK_FALSE(registry.resolve("other"));
  CHECK(calls == 2);
}

TEST_CASE("registry: provider keys") {
  CHECK(parse_provider_key("postgres").name == "postgres");
  CHECK(parse_provider_key("postgres").alias == "");
  CHECK(parse_provider_key("postgres.analytics").name == "postgres");
  CHECK(parse_provider_key("postgres.analytics").alias == "analytics");
  CHECK(parse_provider_key("postgres.analytics").to_string() == "postgres.analytics");
}

TEST_CASE("provider set: default and named configurations") {
  ProviderSet set(builtin_providers(), ProviderEnvironment{"/tmp"});
  std::string error;
  Provider* local = set.for_resource("local_file", "", &error);
  REQUIRE(local);
  CHECK(set.get("local", &error) == local);  // made once
  CHECK(set.configure("local.other", Value::object({{"alias", Value::string("other")}})) == "");
  Provider* other = set.get("local.other", &error);
  REQUIRE(other);
  CHECK(other != local);
  CHECK(set.for_resource("local_file", "local.other", &error) == other);

  CHECK(set.get("local.undeclared", &error) == nullptr);
  CHECK(error.find("not declared") != std::string::npos);
  CHECK(set.for_resource("lokal_file", "", &error) == nullptr);
  CHECK(error == "unknown provider \"lokal\" (did you mean \"local\"?)");
  CHECK(set.configure("exec", Value::object({{"shell", Value::string("zsh")}})) ==
        "provider \"exec\" has no configuration attribute \"shell\"");
  CHECK(set.get("exec", &error) == nullptr);  // the failed configuration is remembered
  CHECK(error.find("shell") != std::string::npos);
}

TEST_CASE("provider set: concurrent first use makes one instance") {
  ProviderSet set(builtin_providers(), ProviderEnvironment{});
  std::vector<Provider*> seen(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] {
      std::string error;
      seen[i] = set.for_resource("mesh_data", "", &error);
    });
  for (std::thread& t : threads) t.join();
  REQUIRE(seen[0]);
  for (Provider* p : seen) CHECK(p == seen[0]);
}

TEST_CASE("built-in providers take no configuration") {
  std::unique_ptr<Provider> mesh = create_provider("mesh");
  CHECK(mesh->configure(Value::object({})) == "");
  CHECK(mesh->configure(Value()) == "");
  CHECK(mesh->configure(Value::object({{"x", Value::integer(1)}})) ==
        "provider \"mesh\" takes no configuration attributes, got \"x\"");
  CHECK(mesh->plan("local_file", Value(), Value::object({})).error ==
        "provider \"mesh\" has no resource type \"local_file\"");
}
