#include "tests/unit/executor/fake.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "providers/registry.h"

namespace mesh::test {
namespace {

const Value& attr(const Value& object, const char* name) {
  static const Value null;
  const Value* v = object.is_object() ? object.find(name) : nullptr;
  return v ? *v : null;
}

std::string name_of(const Value& object) {
  const Value& n = attr(attr(object, "input"), "name");
  return n.is_string() ? n.as_string() : "?";
}

bool flag(const Value& object, const char* name) {
  const Value& v = attr(attr(object, "input"), name);
  return v.is_bool() && v.as_bool();
}

ResourceSchema fake_schema(const std::string& type) {
  ResourceSchema s;
  s.type = type;
  auto attribute = [](const char* name, Type type, AttributeMode mode) {
    AttributeSchema a;
    a.name = name;
    a.type = std::move(type);
    a.mode = mode;
    return a;
  };
  s.attributes = {attribute("id", Type::string(), AttributeMode::Computed),
                  attribute("input", Type::any(), AttributeMode::Optional),
                  attribute("output", Type::any(), AttributeMode::Computed)};
  s.sort();
  return s;
}

class FakeProvider final : public Provider {
 public:
  explicit FakeProvider(std::shared_ptr<Recorder> r) : r_(std::move(r)) {
    schema_.name = "fake";
    schema_.resources = {fake_schema("fake_read"), fake_schema("fake_thing")};
  }
  const ProviderSchema& schema() const override { return schema_; }
  std::string configure(const Value&) override { return ""; }

  /// Like mesh_data: `output` is `input`, `id` unknown until created.
  PlannedState plan(const std::string&, const Value& prior, const Value& config) const override {
    PlannedState p;
    const Value& input = attr(config, "input");
    p.value =
        Value::object({{"id", prior.is_null() ? Value::unknown(Type::string()) : attr(prior, "id")},
                       {"input", input},
                       {"output", input}});
    return p;
  }

  ProviderResult create(const std::string&, const Value& planned,
                        const OperationContext& context) override {
    return run("create", planned, context);
  }
  ProviderResult update(const std::string&, const Value&, const Value& planned,
                        const OperationContext& context) override {
    return run("update", planned, context);
  }
  std::string destroy(const std::string&, const Value& state,
                      const OperationContext& context) override {
    ProviderResult r = run("delete", state, context);
    return r.error;
  }
  ReadResult read(const std::string&, const Value& state, const OperationContext&) override {
    ReadResult r;
    r.value = state;
    return r;
  }
  bool can_read(const std::string& type) const override { return type == "fake_read"; }

 private:
  ProviderResult run(const std::string& verb, const Value& object,
                     const OperationContext& context) {
    const std::string name = name_of(object);
    {
      std::lock_guard<std::mutex> lock(r_->mutex);
      r_->log.push_back(verb + " " + name);
      r_->max_active = std::max(r_->max_active, ++r_->active);
    }
    if (r_->on_call) r_->on_call(name);
    const Value& sleep = attr(attr(object, "input"), "sleep_ms");
    if (sleep.is_number()) {
      auto until = std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(static_cast<int64_t>(sleep.as_number().to_double()));
      while (std::chrono::steady_clock::now() < until && !context.cancelled())
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    {
      std::lock_guard<std::mutex> lock(r_->mutex);
      --r_->active;
    }
    if (context.cancelled()) return ProviderResult::failure(verb + " " + name + " cancelled");
    if (flag(object, "fail")) return ProviderResult::failure(verb + " " + name + ": boom");
    const Value& input = attr(object, "input");
    Value id = attr(object, "id");
    if (!id.is_string()) id = Value::string("id-" + name);
    return ProviderResult::success(
        Value::object({{"id", id},
                       {"input", input},
                       {"output", flag(object, "lie") ? Value::string("surprise") : input}}));
  }

  std::shared_ptr<Recorder> r_;
  ProviderSchema schema_;
};

}  // namespace

int Recorder::index(const std::string& entry) {
  std::lock_guard<std::mutex> lock(mutex);
  for (size_t i = 0; i < log.size(); ++i)
    if (log[i] == entry) return static_cast<int>(i);
  return -1;
}

std::unique_ptr<Provider> make_fake_provider(std::shared_ptr<Recorder> recorder) {
  return std::make_unique<FakeProvider>(std::move(recorder));
}

Value input(const std::string& name, ValueEntries extra) {
  extra.emplace_back("name", Value::string(name));
  return Value::object(std::move(extra));
}

plan::ResourceChange& Scenario::add(const std::string& name, plan::Action action,
                                    std::vector<std::string> deps, Value in,
                                    const std::string& type) {
  if (in.is_null()) in = input(name);
  plan::ResourceChange c;
  c.address = type + "." + name;
  c.type = type;
  c.provider = "fake";
  c.action = action;
  for (std::string& d : deps)
    c.dependencies.push_back(d.find('.') == std::string::npos ? "fake_thing." + d : d);
  Value before = Value::object(
      {{"id", Value::string("id-" + name)}, {"input", input(name)}, {"output", input(name)}});
  if (action != plan::Action::Create) c.before = before;
  if (action != plan::Action::Delete) {
    bool fresh = action != plan::Action::Update && action != plan::Action::NoOp;
    c.after = Value::object({{"id", fresh ? Value::unknown(Type::string()) : attr(before, "id")},
                             {"input", in},
                             {"output", in}});
  }
  {
    GraphNode node;
    node.address_text = c.address;
    node.type = type;
    node.provider = "fake";
    c.graph_node = static_cast<int64_t>(graph.nodes.size());
    graph.nodes.push_back(std::move(node));
    configs.emplace_back();
  }
  plan.changes.push_back(std::move(c));
  return plan.changes.back();
}

void Scenario::finish() {
  graph.dep_offsets.assign(graph.nodes.size() + 1, 0);
  graph.deps.clear();
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    for (const plan::ResourceChange& c : plan.changes) {
      if (c.graph_node != static_cast<int64_t>(n)) continue;
      for (const std::string& d : c.dependencies)
        for (size_t m = 0; m < graph.nodes.size(); ++m)
          if (graph.nodes[m].address_text == d) graph.deps.push_back(static_cast<uint32_t>(m));
    }
    graph.dep_offsets[n + 1] = static_cast<uint32_t>(graph.deps.size());
  }
  std::sort(plan.changes.begin(), plan.changes.end(),
            [](const plan::ResourceChange& a, const plan::ResourceChange& b) {
              return a.address < b.address;
            });
}

Value ScenarioEvaluator::instance(uint32_t node, const InstanceValueSource& source,
                                  Diagnostics&) const {
  if (s_.configs[node]) return Value::object({{"input", s_.configs[node](source)}});
  for (const plan::ResourceChange& c : s_.plan.changes)
    if (c.graph_node == node) return Value::object({{"input", attr(c.after, "input")}});
  return Value();
}

Value ScenarioEvaluator::output(uint32_t node, const InstanceValueSource& source,
                                Diagnostics& diagnostics) const {
  return s_.configs[node] ? s_.configs[node](source) : instance(node, source, diagnostics);
}

Harness::Harness() {
  registry.add([r = recorder](const ProviderEnvironment&) { return make_fake_provider(r); });
  std::string error;
  store = state::open_store(dir.file("state.db"), {}, &error);
  REQUIRE_MESSAGE(store, error);
}

exec::ApplyResult Harness::apply(Scenario& s, exec::ApplyOptions options) {
  ProviderSet providers(registry, {});
  ScenarioEvaluator evaluator(s);
  std::string error;
  auto lock = store->lock(options.workspace, std::chrono::milliseconds(0), &error);
  REQUIRE_MESSAGE(lock, error);
  return exec::apply(s.plan, s.graph, evaluator, providers, *store, options);
}

state::Snapshot Harness::snapshot() {
  std::string error;
  auto snap = store->snapshot("default", &error);
  REQUIRE_MESSAGE(snap, error);
  return *snap;
}

std::vector<std::string> Harness::addresses() {
  std::vector<std::string> out;
  for (const auto& r : snapshot().resources) out.push_back(r.address);
  return out;
}

}  // namespace mesh::test
