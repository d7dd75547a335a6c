/// Ordering, failure isolation, parallelism and stopping of the executor's walk.

#include <doctest/doctest.h>

#include <thread>

#include "executor/change_graph.h"
#include "tests/unit/executor/fake.h"

using namespace mesh;
using namespace mesh::test;
using plan::Action;

namespace {

Value slow(const std::string& name, int ms, ValueEntries extra = {}) {
  extra.emplace_back("sleep_ms", Value::integer(ms));
  return input(name, std::move(extra));
}

}  // namespace

TEST_CASE("creates follow their dependencies and see applied values") {
  Harness h;
  Scenario s;
  s.add("a", Action::Create, {}, slow("a", 20));
  s.add("b", Action::Create, {"a"});
  // c's input is b's id: unknown at plan, filled from the applied b.
  s.add("c", Action::Create, {"b"}, Value::unknown());
  s.configs[2] = [](const InstanceValueSource& src) {
    return input("c", {{"from", *src.instance_value(1).find("id")}});
  };
  s.add("d", Action::Create);
  s.finish();
  exec::ApplyResult r = h.apply(s);
  CHECK(r.ok());
  CHECK(r.added == 4);
  CHECK(h.recorder->index("create a") < h.recorder->index("create b"));
  CHECK(h.recorder->index("create b") < h.recorder->index("create c"));
  state::Snapshot snap = h.snapshot();
  const state::ResourceRecord* c = snap.find("fake_thing.c");
  REQUIRE(c);
  CHECK(c->attributes_json.find("\"from\":\"id-b\"") != std::string::npos);
  CHECK(c->dependencies == std::vector<std::string>{"fake_thing.b"});
  CHECK(h.addresses().size() == 4);
}

TEST_CASE("deletes run before the deletes of what they depend on") {
  Harness h;
  Scenario s;
  s.add("base", Action::Delete, {}, Value());
  s.add("mid", Action::Delete, {"base"});
  s.add("top", Action::Delete, {"mid"});
  s.finish();
  exec::ApplyResult r = h.apply(s);
  CHECK(r.ok());
  CHECK(r.destroyed == 3);
  CHECK(h.recorder->calls() == std::vector<std::string>{"delete top", "delete mid", "delete base"});
}

TEST_CASE("orphans are deleted in the order their recorded dependencies say") {
  Harness h;
  Scenario s;
  s.add("base", Action::Delete);
  s.add("top", Action::Delete);  // the plan lost the edge; state has it
  s.finish();
  state::Snapshot prior;
  state::ResourceRecord top;
  top.address = "fake_thing.top";
  top.dependencies = {"fake_thing.base"};
  state::ResourceRecord base;
  base.address = "fake_thing.base";
  prior.resources = {base, top};
  exec::ApplyOptions options;
  options.prior = &prior;
  options.parallelism = 4;
  CHECK(h.apply(s, options).ok());
  CHECK(h.recorder->calls() == std::vector<std::string>{"delete top", "delete base"});
}

TEST_CASE("replace: delete then create by default") {
  Harness h;
  Scenario s;
  s.add("x", Action::DeleteCreate, {}, input("x", {{"v", Value::integer(2)}}));
  s.add("user", Action::Update, {"x"});
  s.finish();
  exec::ApplyResult r = h.apply(s);
  CHECK(r.ok());
  CHECK(r.replaced == 1);
  CHECK(r.changed == 1);
  CHECK(h.recorder->calls() == std::vector<std::string>{"delete x", "create x", "update user"});
}

TEST_CASE("replace under create_before_destroy: create, dependents, then delete the old") {
  Harness h;
  Scenario s;
  plan::ResourceChange& x =
      s.add("x", Action::CreateDelete, {}, input("x", {{"v", Value::integer(2)}}));
  x.create_before_destroy = true;
  s.add("user", Action::Update, {"x"});
  s.finish();
  exec::ApplyResult r = h.apply(s);
  CHECK(r.ok());
  CHECK(h.recorder->calls() == std::vector<std::string>{"create x", "update user", "delete x"});
  // The record holds the new object after the old one is gone.
  // Kept alive: find() points into it (a temporary snapshot was freed under the pointer).
  const state::Snapshot snapshot = h.snapshot();
  const state::ResourceRecord* rec = snapshot.find("fake_thing.x");
  REQUIRE(rec);
  CHECK(rec->attributes_json.find("\"v\":2") != std::string::npos);
}

TEST_CASE("a failure skips its dependents and nothing else") {
  Harness h;
  Scenario s;
  s.add("bad", Action::Create, {}, input("bad", {{"fail", Value::boolean(true)}}));
  s.add("child", Action::Create, {"bad"});
  s.add("grandchild", Action::Create, {"child"});
  s.add("other", Action::Create, {}, slow("other", 30));
  s.add("other2", Action::Create, {"other"});
  s.finish();
  exec::ApplyResult r = h.apply(s);
  CHECK_FALSE(r.ok());
  REQUIRE(r.failures.size() == 1);
  CHECK(r.failures[0].address == "fake_thing.bad");
  CHECK(r.failures[0].message == "create bad: boom");
  CHECK(r.skipped == std::vector<std::string>{"fake_thing.child", "fake_thing.grandchild"});
  CHECK(r.added == 2);
  CHECK(h.addresses() == std::vector<std::string>{"fake_thing.other", "fake_thing.other2"});
  CHECK(h.recorder->index("create child") == -1);
}

TEST_CASE("parallelism bounds how many operations run at once") {
  for (unsigned p : {1u, 3u, 8u}) {
    Harness h;
    Scenario s;
    for (int i = 0; i < 16; ++i) s.add("n" + std::to_string(i), Action::Create, {}, slow("n", 15));
    s.finish();
    exec::ApplyOptions options;
    options.parallelism = p;
    auto start = std::chrono::steady_clock::now();
    CHECK(h.apply(s, options).ok());
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    CAPTURE(p);
    CHECK(h.recorder->max_active <= static_cast<int>(p));
    CHECK(h.recorder->max_active >= (p > 1 ? 2 : 1));
    CHECK(ms >= static_cast<long>(15 * 16 / p) - 5);
  }
}

TEST_CASE("the stop flag lets in-flight work finish and starts nothing new") {
  Harness h;
  Scenario s;
  for (int i = 0; i < 20; ++i) {
    std::string n = "n" + std::to_string(i);
    s.add(n, Action::Create, {}, slow(n, 40));
  }
  s.finish();
  std::atomic<bool> stop{false};
  exec::ApplyOptions options;
  options.parallelism = 2;
  options.stop = &stop;
  // Stop 50 ms after the first operation started (however long the set-up took).
  std::atomic<bool> started{false};
  h.recorder->on_call = [&](const std::string&) { started = true; };
  std::thread stopper([&] {
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop = true;
  });
  exec::ApplyResult r = h.apply(s, options);
  stopper.join();
  CHECK(r.interrupted);
  CHECK(r.failures.empty());
  CHECK(r.added >= 1);
  CHECK(r.added <= 6);
  CHECK(r.added + r.not_started.size() == 20);
  // Everything that ran is in state; nothing else is.
  CHECK(h.addresses().size() == r.added);
  CHECK(h.recorder->calls().size() == r.added);
}

TEST_CASE("cancel reaches in-flight operations") {
  Harness h;
  Scenario s;
  s.add("long", Action::Create, {}, slow("long", 5000));
  s.finish();
  std::atomic<bool> stop{false}, cancel{false};
  exec::ApplyOptions options;
  options.stop = &stop;
  options.cancel = &cancel;
  std::atomic<bool> started{false};
  h.recorder->on_call = [&](const std::string&) { started = true; };
  std::thread stopper([&] {
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    stop = true;
    cancel = true;
  });
  auto start = std::chrono::steady_clock::now();
  exec::ApplyResult r = h.apply(s, options);
  stopper.join();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(4));
  REQUIRE(r.failures.size() == 1);
  CHECK(r.failures[0].message == "create long cancelled");
  CHECK(h.addresses().empty());
}

TEST_CASE("each result is in state before anything that depends on it starts") {
  Harness h;
  Scenario s;
  std::vector<std::string> previous;
  for (int i = 0; i < 30; ++i) {
    std::string n = "c" + std::to_string(i);
    s.add(n, Action::Create, previous);
    previous = {n};
  }
  s.finish();
  std::vector<size_t> seen;
  h.recorder->on_call = [&](const std::string&) { seen.push_back(h.addresses().size()); };
  CHECK(h.apply(s).ok());
  REQUIRE(seen.size() == 30);
  for (size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
  // One commit per result: the serial counts them.
  CHECK(h.snapshot().serial == 30);
}

TEST_CASE("a create that can be read back is recorded before it starts") {
  Harness h;
  Scenario s;
  s.add("fake_read.r", Action::Create, {}, input("r"), "fake_read");
  s.add("fake_read.bad", Action::Create, {}, input("bad", {{"fail", Value::boolean(true)}}),
        "fake_read");
  s.finish();
  std::vector<std::string> during;
  h.recorder->on_call = [&](const std::string& name) {
    if (name == "r") during = h.addresses();
  };
  exec::ApplyResult r = h.apply(s);
  CHECK(r.failures.size() == 1);
  CHECK(std::find(during.begin(), during.end(), "fake_read.fake_read.r") != during.end());
  // The failed create's pending record is gone again.
  CHECK(h.addresses() == std::vector<std::string>{"fake_read.fake_read.r"});
}

TEST_CASE("a result contradicting the plan is an error, and still recorded") {
  Harness h;
  Scenario s;
  s.add("liar", Action::Create, {}, input("liar", {{"lie", Value::boolean(true)}}));
  s.add("after", Action::Create, {"liar"});
  s.finish();
  exec::ApplyResult r = h.apply(s);
  REQUIRE(r.failures.size() == 1);
  CHECK(r.failures[0].message.find("provider produced an inconsistent result: `output`") == 0);
  CHECK(r.skipped == std::vector<std::string>{"fake_thing.after"});
  CHECK(h.addresses() == std::vector<std::string>{"fake_thing.liar"});
}

TEST_CASE("replacement cycles are refused before anything runs") {
  Harness h;
  Scenario s;
  s.add("a", Action::DeleteCreate);
  plan::ResourceChange& b = s.add("b", Action::CreateDelete, {"a"});
  b.create_before_destroy = true;
  s.finish();
  exec::ApplyResult r = h.apply(s);
  CHECK(r.error.find("cannot be ordered") != std::string::npos);
  CHECK(h.recorder->calls().empty());
}

TEST_CASE("outputs are recorded once their inputs applied") {
  Harness h;
  Scenario s;
  s.add("a", Action::Create);
  s.add("bad", Action::Create, {}, input("bad", {{"fail", Value::boolean(true)}}));
  s.finish();
  for (const char* name : {"good", "broken"}) {
    GraphNode out;
    out.kind = NodeKind::Output;
    out.address.resource = {"output", name, {}};
    out.address_text = std::string("output.") + name;
    s.graph.nodes.push_back(out);
    s.plan.outputs.push_back({name, Action::Create, Value(), Value::unknown(), false});
  }
  s.configs.resize(s.graph.nodes.size());
  s.configs[2] = [](const InstanceValueSource& src) { return *src.instance_value(0).find("id"); };
  s.configs[3] = [](const InstanceValueSource& src) { return *src.instance_value(1).find("id"); };
  s.graph.deps = {0, 1};
  s.graph.dep_offsets = {0, 0, 0, 1, 2};
  exec::ApplyResult r = h.apply(s);
  CHECK(r.failures.size() == 1);
  state::Snapshot snap = h.snapshot();
  REQUIRE(snap.outputs.size() == 1);
  CHECK(snap.outputs[0].name == "good");
  CHECK(snap.outputs[0].value_json == "\"id-a\"");
}
