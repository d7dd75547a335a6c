/// External provider plugins: the example Python plugin (providers/plugins/mesh-provider-kv)
/// run for real, plus small shell plugins that misbehave on purpose.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "providers/attributes.h"
#include "providers/plugin.h"
#include "temp_dir.h"

using namespace mesh;
using mesh::testing::TempDir;

namespace {

const std::string kPlugins = std::string(MESH_SOURCE_DIR) + "/providers/plugins";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

void write_script(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  chmod(path.c_str(), 0755);
}

/// The kv plugin loaded into a registry, with extra environment for its process.
std::optional<ResolvedProvider> load_kv(PluginOptions options, std::string* error) {
  return load_plugin("kv", kPlugins + "/mesh-provider-kv", "/", options, error);
}

std::unique_ptr<Provider> kv_provider(const std::string& dir, PluginOptions options = {},
                                      std::string* configure_error = nullptr) {
  std::string error;
  std::optional<ResolvedProvider> kv = load_kv(options, &error);
  REQUIRE_MESSAGE(kv, error);
  std::unique_ptr<Provider> p = kv->factory(ProviderEnvironment{dir});
  std::string configured = p->configure(Value::object({{"directory", Value::string("store")}}));
  if (configure_error)
    *configure_error = configured;
  else
    REQUIRE_MESSAGE(configured == "", configured);
  return p;
}

Value entry(const std::string& key, const std::string& value) {
  return Value::object({{"key", Value::string(key)}, {"value", Value::string(value)}});
}

Value create(Provider& p, const Value& config) {
  PlannedState planned = p.plan("kv_entry", Value(), config);
  REQUIRE(planned.error.empty());
  ProviderResult created = p.create("kv_entry", planned.value, OperationContext{});
  REQUIRE_MESSAGE(created.ok(), created.error);
  return created.value;
}

}  // namespace

TEST_CASE("plugins: found in MESH_PLUGIN_PATH, then .mesh/plugins of the configuration") {
  TempDir dir;
  REQUIRE(mkdir((dir / "a").c_str(), 0755) == 0);
  REQUIRE(mkdir((dir / ".mesh").c_str(), 0755) == 0);
  REQUIRE(mkdir((dir / ".mesh/plugins").c_str(), 0755) == 0);
  write_script(dir / ".mesh/plugins/mesh-provider-one", "#!/bin/sh\n");
  write_script(dir / "a/mesh-provider-one", "#!/bin/sh\n");
  write_script(dir / ".mesh/plugins/mesh-provider-two", "#!/bin/sh\n");
  std::ofstream(dir / ".mesh/plugins/mesh-provider-noexec") << "x";
  setenv("MESH_PLUGIN_PATH", ("/nonexistent:" + dir / "a").c_str(), 1);
  std::vector<std::string> path = plugin_search_path(dir.path());
  unsetenv("MESH_PLUGIN_PATH");
  REQUIRE(path.size() == 3);
  CHECK(path.back() == dir / ".mesh/plugins");
  CHECK(find_plugin("one", path) == dir / "a/mesh-provider-one");
  CHECK(find_plugin("two", path) == dir / ".mesh/plugins/mesh-provider-two");
  CHECK(find_plugin("noexec", path) == "");
  CHECK(find_plugin("three", path) == "");
  CHECK(find_plugin("../a/mesh-provider-one", path) == "");
  CHECK(find_plugin("", path) == "");
}

TEST_CASE("plugins: the kv plugin's schema reaches the registry through the resolver") {
  TempDir dir;
  REQUIRE(mkdir((dir / ".mesh").c_str(), 0755) == 0);
  REQUIRE(symlink(kPlugins.c_str(), (dir / ".mesh/plugins").c_str()) == 0);
  ProviderRegistry registry = make_builtin_registry();
  std::vector<std::string> errors;
  registry.add_resolver(
      plugin_resolver(dir.path(), {}, [&](const std::string& e) { errors.push_back(e); }));
  CHECK_FALSE(registry.resolve("nosuchplugin"));
  REQUIRE(registry.resolve("kv"));
  CHECK(errors.empty());
  const ResourceSchema* kv = registry.resource("kv_entry");
  REQUIRE(kv);
  CHECK(kv->find("key")->force_new);
  CHECK(kv->find("key")->mode == AttributeMode::Required);
  CHECK(kv->find("secret")->sensitive);
  CHECK(kv->find("tags")->type.to_string() == "map(string)");
  CHECK(kv->find("version")->mode == AttributeMode::Computed);
  REQUIRE(registry.provider("kv"));
  CHECK(registry.provider("kv")->config.size() == 1);

  // Through a ProviderSet, as a run uses it: one configured instance, one process.
  ProviderSet set(registry, ProviderEnvironment{dir.path()});
  CHECK(set.configure("kv", Value::object({{"directory", Value::string("data")}})) == "");
  std::string error;
  Provider* p = set.for_resource("kv_entry", "", &error);
  REQUIRE_MESSAGE(p, error);
  Value created = create(*p, entry("a", "1"));
  CHECK(exists(dir / "data/a.json"));
  CHECK(attribute(created, "id").as_string() == dir / "data/a.json");
}

TEST_CASE("plugins: kv create, read, drift, update, delete, import") {
  TempDir dir;
  std::unique_ptr<Provider> p = kv_provider(dir.path());
  std::vector<std::string> errors = p->validate("kv_entry", entry("bad key!", "x"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("key: \"bad key!\" may only hold") != std::string::npos);
  CHECK(p->validate("kv_entry", entry("good", "x")).empty());

  // The plugin's stderr is logged from the host's reader thread: guarded, and waited for.
  std::mutex logged_mutex;
  std::vector<std::string> logged;
  OperationContext context;
  context.log = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(logged_mutex);
    logged.push_back(line);
  };
  Value config = with_attributes(entry("greeting", "hello"),
                                 {{"secret", Value::string("s3cr3t-value").mark_sensitive()}});
  PlannedState planned = p->plan("kv_entry", Value(), config);
  CHECK(attribute(planned.value, "version").is_unknown());
  CHECK(attribute(planned.value, "secret").is_sensitive());
  ProviderResult created = p->create("kv_entry", planned.value, context);
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(attribute(created.value, "version").as_number().to_int64() == 1);
  CHECK(attribute(created.value, "secret").is_sensitive());  // from the schema
  CHECK(slurp(dir / "store/greeting.json").find("\"hello\"") != std::string::npos);
  // The plugin's stderr reaches the operation's log, soon (a fixed 100 ms wait was too short
  // under ASan on a loaded machine).
  bool saw = false;
  for (int i = 0; i < 200 && !saw; ++i) {
    {
      std::lock_guard<std::mutex> lock(logged_mutex);
      for (const std::string& line : logged)
        saw = saw || line == "plugin mesh-provider-kv: kv: created greeting";
    }
    if (!saw) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(saw);

  ReadResult read = p->read("kv_entry", created.value, context);
  REQUIRE(read.value);
  CHECK(same_value(*read.value, created.value));
  // Drift: the file edited by hand.
  std::string text = slurp(dir / "store/greeting.json");
  text.replace(text.find("\"hello\""), 7, "\"hacked\"");
  std::ofstream(dir / "store/greeting.json") << text;
  read = p->read("kv_entry", created.value, context);
  REQUIRE(read.value);
  CHECK(attribute(*read.value, "value").as_string() == "hacked");
  PlannedState repair = p->plan("kv_entry", *read.value, config);
  CHECK(repair.requires_replace.empty());
  CHECK(attribute(repair.value, "version").is_unknown());  // the plugin's own `plan`
  CHECK(attribute(repair.value, "secret").is_sensitive());
  ProviderResult updated = p->update("kv_entry", *read.value, repair.value, context);
  REQUIRE_MESSAGE(updated.ok(), updated.error);
  CHECK(attribute(updated.value, "value").as_string() == "hello");
  CHECK(attribute(updated.value, "version").as_number().to_int64() == 2);
  // A key change forces replacement (from the plugin's schema).
  CHECK(p->plan("kv_entry", updated.value, entry("other", "hello")).requires_replace ==
        std::vector<std::string>{"key"});

  // Errors carry the plugin's message, never the secret.
  ProviderResult again = p->create("kv_entry", planned.value, context);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error == "plugin mesh-provider-kv: create: key greeting already exists");

  ProviderResult imported = p->import("kv_entry", "greeting", context);
  REQUIRE_MESSAGE(imported.ok(), imported.error);
  CHECK(attribute(imported.value, "value").as_string() == "hello");
  CHECK_FALSE(p->import("kv_entry", "nope", context).ok());

  CHECK(p->destroy("kv_entry", updated.value, context) == "");
  CHECK_FALSE(exists(dir / "store/greeting.json"));
  ReadResult gone = p->read("kv_entry", updated.value, context);
  CHECK(gone.ok());
  CHECK_FALSE(gone.value);
}

TEST_CASE("plugins: a plugin that crashes mid-request fails that request, with its name") {
  TempDir dir;
  PluginOptions options;
  options.environment = {{"MESH_KV_FAULT", "crash:create"}};
  std::unique_ptr<Provider> p = kv_provider(dir.path(), options);
  ProviderResult created = p->create("kv_entry", entry("a", "1"), OperationContext{});
  REQUIRE_FALSE(created.ok());
  CHECK(created.error.find("plugin mesh-provider-kv crashed during create: exited with status 3") ==
        0);
  CHECK(created.error.find("crashing on purpose during create") != std::string::npos);
  CHECK_FALSE(exists(dir / "store/a.json"));
  // Later requests fail fast: the plugin is not restarted behind the run's back.
  ReadResult read = p->read("kv_entry", entry("a", "1"), OperationContext{});
  CHECK(read.error.find("plugin mesh-provider-kv is not running (exited with status 3)") == 0);
}

TEST_CASE("plugins: a hanging plugin is killed after the timeout") {
  TempDir dir;
  PluginOptions options;
  options.environment = {{"MESH_KV_FAULT", "hang:update"}};
  options.timeout = std::chrono::milliseconds(800);
  std::unique_ptr<Provider> p = kv_provider(dir.path(), options);
  Value created = create(*p, entry("a", "1"));
  auto start = std::chrono::steady_clock::now();
  ProviderResult updated =
      p->update("kv_entry", created, with_attributes(created, {{"value", Value::string("2")}}),
                OperationContext{});
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(updated.ok());
  CHECK(updated.error ==
        "plugin mesh-provider-kv did not answer update within 800ms (the plugin was stopped)");
  CHECK(elapsed < std::chrono::seconds(3));
  CHECK(p->destroy("kv_entry", created, OperationContext{}).find("is not running") !=
        std::string::npos);

  // The operation's own timeout applies when shorter; cancellation stops it too.
  options.timeout = std::chrono::milliseconds(0);
  std::unique_ptr<Provider> q = kv_provider(dir.path(), options);
  std::atomic<bool> cancel{false};
  OperationContext context;
  context.cancel = &cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel = true;
  });
  ProviderResult cancelled = q->update("kv_entry", created, created, context);
  canceller.join();
  CHECK(cancelled.error == "plugin mesh-provider-kv: update cancelled (the plugin was stopped)");
}

TEST_CASE("plugins: handshake, start and protocol failures are reported") {
  TempDir dir;
  std::string error;
  PluginOptions options;
  options.environment = {{"MESH_KV_FAULT", "protocol"}};
  CHECK_FALSE(load_kv(options, &error));
  CHECK(error == "plugin mesh-provider-kv speaks protocol 99, mesh speaks 1");

  write_script(dir / "mesh-provider-dies", "#!/bin/sh\necho 'no luck' >&2\nexit 1\n");
  CHECK_FALSE(load_plugin("dies", dir / "mesh-provider-dies", dir.path(), {}, &error));
  CHECK(error.find("plugin mesh-provider-dies crashed during handshake: exited with status 1") ==
        0);
  CHECK(error.find("no luck") != std::string::npos);

  write_script(dir / "mesh-provider-chatty", "#!/bin/sh\nread line\necho hello\nsleep 5\n");
  CHECK_FALSE(load_plugin("chatty", dir / "mesh-provider-chatty", dir.path(), {}, &error));
  CHECK(error.find("not a JSON response: hello") != std::string::npos);

  write_script(dir / "mesh-provider-wrong",
               "#!/bin/sh\nread l\necho '{\"id\":1,\"result\":{\"protocol\":1}}'\nread l\n"
               "echo '{\"id\":2,\"result\":{\"resources\":[{\"type\":\"other_thing\"}]}}'\n"
               "read l\necho '{\"id\":3,\"result\":{}}'\n");
  CHECK_FALSE(load_plugin("wrong", dir / "mesh-provider-wrong", dir.path(), {}, &error));
  CHECK(error.find("resource type \"other_thing\" must start with \"wrong_\"") !=
        std::string::npos);

  CHECK_FALSE(load_plugin("gone", dir / "mesh-provider-gone", dir.path(), {}, &error));
  CHECK(error.find("plugin mesh-provider-gone: start") == 0);

  std::string configure_error;
  PluginOptions crash_on_configure;
  crash_on_configure.environment = {{"MESH_KV_FAULT", "crash:configure"}};
  kv_provider(dir.path(), crash_on_configure, &configure_error);
  CHECK(configure_error.find("crashed during configure") != std::string::npos);
}

TEST_CASE("plugins: concurrent requests on one plugin process") {
  TempDir dir;
  std::unique_ptr<Provider> p = kv_provider(dir.path());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        std::string key = "k" + std::to_string(t) + "_" + std::to_string(i);
        ProviderResult r = p->create("kv_entry", entry(key, key), OperationContext{});
        if (!r.ok() || attribute(r.value, "value").as_string() != key) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(exists(dir / "store/k7_24.json"));
}

TEST_CASE("plugins: the minimal shell plugin of docs/provider-protocol.md works") {
  std::string doc = slurp(std::string(MESH_SOURCE_DIR) + "/docs/provider-protocol.md");
  size_t start = doc.find("```sh\n");
  REQUIRE(start != std::string::npos);
  start += 6;
  std::string script = doc.substr(start, doc.find("```", start) - start);
  TempDir dir;
  write_script(dir / "mesh-provider-echo", script);
  std::string error;
  std::optional<ResolvedProvider> echo =
      load_plugin("echo", dir / "mesh-provider-echo", dir.path(), {}, &error);
  REQUIRE_MESSAGE(echo, error);
  std::unique_ptr<Provider> p = echo->factory(ProviderEnvironment{dir.path()});
  REQUIRE(p->configure(Value()) == "");
  CHECK_FALSE(p->can_read("echo_thing"));
  Value config = Value::object({{"text", Value::string("hi")}});
  CHECK(p->validate("echo_thing", config).empty());
  ProviderResult created = p->create("echo_thing", config, OperationContext{});
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(attribute(created.value, "text").as_string() == "hi");
  CHECK(p->destroy("echo_thing", created.value, OperationContext{}) == "");
}

TEST_CASE("plugins: ResolvingCatalog loads a plugin on the first lookup of its type") {
  TempDir dir;
  REQUIRE(mkdir((dir / ".mesh").c_str(), 0755) == 0);
  REQUIRE(symlink(kPlugins.c_str(), (dir / ".mesh/plugins").c_str()) == 0);
  ProviderRegistry registry = make_builtin_registry();
  registry.add_resolver(plugin_resolver(dir.path(), {}));
  ResolvingCatalog catalog(registry);
  CHECK(catalog.resource("local_file"));
  CHECK_FALSE(registry.has("kv"));
  REQUIRE(catalog.resource("kv_entry"));
  CHECK(registry.has("kv"));
  CHECK(catalog.provider("kv"));
  CHECK_FALSE(catalog.resource("kv_nothing"));
  CHECK_FALSE(catalog.resource("nosuch_thing"));
  CHECK_FALSE(catalog.provider("nosuch"));
}
