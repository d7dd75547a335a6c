/// Plan options: --target, --replace, --destroy, refresh (drift, gone).

#include <doctest/doctest.h>

#include "plan_test_support.h"
#include "planner/describe.h"
#include "planner/order.h"

using namespace mesh;
using namespace mesh::test;
using plan::Action;
using plan::Reason;

namespace {

const char* kChain = R"(
resource "test_thing" "base" { name = "b" }
resource "test_thing" "mid" {
  name = "m"
  tags = { base = test_thing.base.id }
}
resource "test_thing" "top" {
  name = "t"
  tags = { mid = test_thing.mid.id }
}
resource "test_thing" "other" { name = "o" }
)";

std::vector<std::string> addresses(const plan::Plan& p, bool only_changes = true) {
  std::vector<std::string> out;
  for (const auto& c : p.changes)
    if (!only_changes || c.action != Action::NoOp) out.push_back(c.address);
  return out;
}

}  // namespace

TEST_CASE("--target: the target and what it depends on, nothing else") {
  PlanFixture f;
  f.config(kChain);
  plan::PlanOptions options;
  options.targets = {"test_thing.mid"};
  auto p = f.plan(options);
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(addresses(*p) == std::vector<std::string>{"test_thing.base", "test_thing.mid"});
  CHECK(p->targets == options.targets);
  CHECK(p->outputs.empty());
}

TEST_CASE("--target: instances of a for_each resource, orphans within the target") {
  PlanFixture f;
  f.config(R"(
resource "mesh_data" "k" {
  for_each = toset(["a", "b"])
  input    = each.key
}
resource "mesh_data" "x" { input = 1 }
)");
  f.record("mesh_data.k[\"old\"]", "mesh_data",
           obj({{"id", str("1")}, {"input", str("old")}, {"output", str("old")}}));
  f.record("mesh_data.gone", "mesh_data", obj({{"id", str("2")}}));
  plan::PlanOptions options;
  options.targets = {"mesh_data.k"};
  auto p = f.plan(options);
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(addresses(*p) == std::vector<std::string>{"mesh_data.k[\"a\"]", "mesh_data.k[\"b\"]",
                                                  "mesh_data.k[\"old\"]"});

  SUBCASE("a target matching nothing is a warning") {
    options.targets = {"mesh_data.nope"};
    auto q = f.plan(options);
    REQUIRE(q);
    CHECK(q->changes.empty());
    REQUIRE(f.diagnostics.items().size() == 1);
    CHECK(f.diagnostics.items()[0].severity == Severity::Warning);
  }
}

TEST_CASE("--replace: forces a replacement of an unchanged instance") {
  PlanFixture f;
  f.config(R"(resource "test_thing" "t" { name = "n" })");
  f.record("test_thing.t", "test_thing", thing("n", "i"));
  plan::PlanOptions options;
  options.replace = {"test_thing.t"};
  auto p = f.plan(options);
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "test_thing.t");
  CHECK(c->action == Action::DeleteCreate);
  CHECK(c->reason == Reason::ReplaceRequested);
  CHECK(plan::reason_text(*c) == "replace requested");
  CHECK(c->after.find("id")->is_unknown());
}

TEST_CASE("--destroy: every recorded instance, dependents first") {
  PlanFixture f;
  f.config(kChain);
  f.record("test_thing.base", "test_thing", thing("b", "1"));
  f.record("test_thing.mid", "test_thing", thing("m", "2"), depends({"test_thing.base"}));
  f.record("test_thing.top", "test_thing", thing("t", "3"), depends({"test_thing.mid"}));
  f.snapshot.outputs = {{"o", "1", false}};
  plan::PlanOptions options;
  options.destroy = true;
  auto p = f.plan(options);
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(p->destroy);
  CHECK(p->summary().destroy == 3);
  CHECK(p->summary().add == 0);  // test_thing.other is not created
  for (const auto& c : p->changes) CHECK(c.reason == Reason::DestroyRequested);
  std::vector<std::string> order;
  for (size_t i : plan::delete_order(*p)) order.push_back(p->changes[i].address);
  CHECK(order == std::vector<std::string>{"test_thing.top", "test_thing.mid", "test_thing.base"});
  REQUIRE(p->outputs.size() == 1);
  CHECK(p->outputs[0].action == Action::Delete);

  SUBCASE("with a target: the target and its dependents") {
    options.targets = {"test_thing.mid"};
    auto q = f.plan(options);
    REQUIRE_MESSAGE(q, f.errors());
    CHECK(addresses(*q) == std::vector<std::string>{"test_thing.mid", "test_thing.top"});
  }
}

TEST_CASE("refresh: drift is reported and the plan restores the configuration") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "changed" {
  name = "c"
  size = 1
}
resource "test_thing" "deleted" { name = "d" }
resource "test_thing" "same" { name = "s" }
)");
  f.record("test_thing.changed", "test_thing", thing("c", "1", {{"size", Value::integer(1)}}));
  f.record("test_thing.deleted", "test_thing", thing("d", "2"));
  f.record("test_thing.same", "test_thing", thing("s", "3"));
  {
    std::lock_guard<std::mutex> guard(world().mutex);
    world().track = true;
    world().objects["1"] = thing("c", "1", {{"size", Value::integer(9)}});
    world().objects["3"] = thing("s", "3");
  }
  plan::PlanOptions options;
  options.refresh = true;
  options.parallelism = 4;
  auto p = f.plan(options);
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(p->refreshed);
  REQUIRE(p->drift.size() == 2);
  CHECK(p->drift[0].address == "test_thing.changed");
  CHECK_FALSE(p->drift[0].gone);
  CHECK(p->drift[0].after.find("size")->as_number().to_int64() == 9);
  CHECK(p->drift[1].address == "test_thing.deleted");
  CHECK(p->drift[1].gone);
  const plan::ResourceChange* changed = find_change(*p, "test_thing.changed");
  CHECK(changed->action == Action::Update);
  CHECK(changed->reason == Reason::Drifted);
  CHECK(changed->before.find("size")->as_number().to_int64() == 9);
  const plan::ResourceChange* deleted = find_change(*p, "test_thing.deleted");
  CHECK(deleted->action == Action::Create);
  CHECK(deleted->reason == Reason::Gone);
  CHECK(find_change(*p, "test_thing.same")->action == Action::NoOp);

  SUBCASE("--refresh=false plans from the recorded state") {
    options.refresh = false;
    auto q = f.plan(options);
    REQUIRE(q);
    CHECK(q->drift.empty());
    CHECK_FALSE(q->refreshed);
    CHECK(q->summary().empty());
  }
}

TEST_CASE("refresh: many instances are read in parallel") {
  PlanFixture f;
  std::string text =
      "resource \"test_thing\" \"t\" {\n  count = 200\n  name = \"n${count.index}\"\n}\n";
  f.config(text);
  {
    std::lock_guard<std::mutex> guard(world().mutex);
    world().track = true;
  }
  for (int i = 0; i < 200; ++i) {
    std::string id = std::to_string(i);
    Value v = thing("n" + id, id);
    f.record("test_thing.t[" + id + "]", "test_thing", v);
    std::lock_guard<std::mutex> guard(world().mutex);
    world().objects[id] = i % 50 == 0 ? thing("n" + id, id, {{"size", Value::integer(1)}}) : v;
  }
  plan::PlanOptions options;
  options.refresh = true;
  options.parallelism = 8;
  auto p = f.plan(options);
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(p->drift.size() == 4);
  CHECK(p->summary().change == 4);
}
