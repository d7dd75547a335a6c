#pragma once
/// Planner test fixture: a configuration written to a temporary directory and compiled
/// against the built-in providers plus `test`, a provider whose objects live in a shared
/// in-memory "world" (so tests can change or delete them behind mesh's back), and a state
/// snapshot built record by record.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "compiler/compile.h"
#include "core/value_ops.h"
#include "planner/planner.h"
#include "planner/state_values.h"
#include "providers/registry.h"
#include "tests/support/temp_dir.h"

namespace mesh::test {

/// Objects of the `test` provider by id: read returns them (nullopt when erased).
struct World {
  std::mutex mutex;
  std::map<std::string, Value> objects;
  bool track = false;  ///< when false, read returns the state unchanged
};

inline World& world() {
  static World w;
  return w;
}

inline AttributeSchema attribute_schema(std::string name, Type type, AttributeMode mode,
                                        bool force_new = false, bool sensitive = false) {
  AttributeSchema a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.mode = mode;
  a.force_new = force_new;
  a.sensitive = sensitive;
  return a;
}

/// `test_thing`: name (force-new), value (sensitive), tags, size, ttl_hint (duration), id
/// (computed), endpoint (computed).
class TestProvider final : public Provider {
 public:
  TestProvider() {
    using M = AttributeMode;
    schema_.name = "test";
    ResourceSchema thing;
    thing.type = "test_thing";
    thing.attributes = {
        attribute_schema("name", Type::string(), M::Required, true),
        attribute_schema("value", Type::string(), M::Optional, false, true),
        attribute_schema("tags", Type::map(Type::string()), M::Optional),
        attribute_schema("items", Type::list(Type::string()), M::Optional),
        attribute_schema("size", Type::number(), M::Optional),
        attribute_schema("period", Type::duration(), M::Optional),
        attribute_schema("id", Type::string(), M::Computed),
        attribute_schema("endpoint", Type::string(), M::Computed),
    };
    thing.sort();
    schema_.resources.push_back(std::move(thing));
  }
  const ProviderSchema& schema() const override { return schema_; }
  std::string configure(const Value&) override { return ""; }
  PlannedState plan(const std::string& type, const Value& prior,
                    const Value& config) const override {
    const Value* name = config.find("name");
    if (name && name->is_string() && name->as_string() == "boom") {
      PlannedState failed;
      failed.error = "name \"boom\" is not allowed";
      return failed;
    }
    return Provider::plan(type, prior, config);
  }
  ProviderResult create(const std::string&, const Value& planned,
                        const OperationContext&) override {
    return ProviderResult::success(planned);
  }
  ReadResult read(const std::string&, const Value& state, const OperationContext&) override {
    ReadResult r;
    World& w = world();
    std::lock_guard<std::mutex> guard(w.mutex);
    if (!w.track) {
      r.value = state;
      return r;
    }
    const Value* id = state.find("id");
    if (!id || !id->is_string()) {
      r.error = "no id";
      return r;
    }
    auto it = w.objects.find(id->as_string());
    if (it != w.objects.end()) r.value = it->second;
    return r;
  }
  ProviderResult update(const std::string&, const Value&, const Value& planned,
                        const OperationContext&) override {
    return ProviderResult::success(planned);
  }
  std::string destroy(const std::string&, const Value&, const OperationContext&) override {
    return "";
  }

 private:
  ProviderSchema schema_;
};

inline ProviderRegistry test_registry() {
  ProviderRegistry r = make_builtin_registry();
  r.add([](const ProviderEnvironment&) { return std::make_unique<TestProvider>(); });
  return r;
}

/// Options of a seeded record.
struct RecordOptions {
  std::vector<std::string> dependencies;
  bool prevent_destroy = false;
  std::optional<int64_t> expires_at;
  int64_t created_at = 1000;
};

inline RecordOptions depends(std::vector<std::string> dependencies) {
  RecordOptions o;
  o.dependencies = std::move(dependencies);
  return o;
}
inline RecordOptions protect() {
  RecordOptions o;
  o.prevent_destroy = true;
  return o;
}

struct PlanFixture {
  TempDir dir;
  SourceManager sources;
  Diagnostics diagnostics;
  ProviderRegistry registry = test_registry();
  Compilation compilation;
  state::Snapshot snapshot;
  std::unique_ptr<ProviderSet> providers;

  PlanFixture() {
    snapshot.workspace = "default";
    snapshot.lineage = "11111111-2222-3333-4444-555555555555";
    snapshot.serial = 7;
    snapshot.exists = true;
    std::lock_guard<std::mutex> guard(world().mutex);
    world().objects.clear();
    world().track = false;
  }

  /// Compiles `text` as main.mesh; REQUIREs success.
  void config(const std::string& text, VariableInputs variables = {}) {
    dir.write("main.mesh", text);
    compile_dir(std::move(variables));
    REQUIRE_MESSAGE(!diagnostics.has_errors(), render(diagnostics, sources));
  }
  void compile_dir(VariableInputs variables = {}) {
    sources = SourceManager();
    diagnostics = Diagnostics();
    CompileOptions options;
    options.directory = dir.path();
    options.variables = std::move(variables);
    options.evaluate_all = false;
    compilation = compile(options, sources, registry, diagnostics);
    providers = std::make_unique<ProviderSet>(registry, ProviderEnvironment{dir.path()});
  }
  const ResourceGraph& graph() const { return *compilation.graph; }

  void record(const std::string& address, const std::string& type, const Value& attributes,
              const RecordOptions& options = {}) {
    state::ResourceRecord r;
    r.address = address;
    r.type = type;
    r.provider = std::string(provider_of_type(type));
    plan::store_value(attributes, &r);
    r.dependencies = options.dependencies;
    r.prevent_destroy = options.prevent_destroy;
    r.expires_at = options.expires_at;
    r.created_at = options.created_at;
    r.updated_at = options.created_at;
    snapshot.resources.push_back(std::move(r));
    std::sort(snapshot.resources.begin(), snapshot.resources.end(),
              [](const auto& a, const auto& b) { return a.address < b.address; });
  }

  std::optional<plan::Plan> plan(plan::PlanOptions options = {}) {
    diagnostics = Diagnostics();
    if (options.now == 0) options.now = 10000;
    if (!options.refresh) options.refresh = false;
    return plan::make_plan(graph(), snapshot, *providers, options, diagnostics);
  }
  std::string errors() const { return render(diagnostics, sources); }
};

inline const plan::ResourceChange* find_change(const plan::Plan& p, const std::string& address) {
  for (const plan::ResourceChange& c : p.changes)
    if (c.address == address) return &c;
  return nullptr;
}

inline Value obj(ValueEntries entries) {
  return Value::object(std::move(entries));
}
inline Value str(const std::string& s) {
  return Value::string(s);
}

/// A test_thing as recorded after apply.
inline Value thing(const std::string& name, const std::string& id, ValueEntries extra = {}) {
  ValueEntries e = {{"name", str(name)}, {"id", str(id)},    {"endpoint", str("ep-" + id)},
                    {"value", Value()},  {"tags", Value()},  {"items", Value()},
                    {"size", Value()},   {"period", Value()}};
  for (auto& [k, v] : extra) {
    for (auto& [k2, v2] : e)
      if (k2 == k) v2 = v;
  }
  return obj(std::move(e));
}

}  // namespace mesh::test
