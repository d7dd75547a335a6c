/// make_plan: each action and reason, unknown propagation, orphans, outputs.

#include <doctest/doctest.h>

#include "plan_test_support.h"
#include "planner/describe.h"
#include "planner/order.h"

using namespace mesh;
using namespace mesh::test;
using plan::Action;
using plan::Reason;

namespace {

/// What `mesh_data.NAME` looks like in state after an apply with `input`.
Value data(const std::string& id, const Value& input, const Value& triggers = Value()) {
  return obj(
      {{"id", str(id)}, {"input", input}, {"output", input}, {"triggers_replace", triggers}});
}

}  // namespace

TEST_CASE("plan: creates against an empty state; computed attributes unknown") {
  PlanFixture f;
  f.config(R"(
resource "mesh_data" "a" { input = "x" }
resource "test_thing" "t" { name = "n" }
)");
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  REQUIRE(p->changes.size() == 2);
  const plan::ResourceChange* t = find_change(*p, "test_thing.t");
  REQUIRE(t);
  CHECK(t->action == Action::Create);
  CHECK(t->reason == Reason::None);
  CHECK(t->after.find("id")->is_unknown());
  CHECK(t->after.find("name")->as_string() == "n");
  CHECK(t->before.is_null());
  CHECK(p->summary().add == 2);
  CHECK(p->lineage == f.snapshot.lineage);
  CHECK(p->serial == 7);
  CHECK(p->config_digest.size() == 64);
}

TEST_CASE("plan: no-op when the state matches, update in place when an attribute changes") {
  PlanFixture f;
  f.config(R"(
resource "mesh_data" "same" { input = { a = 1, b = [true, "x"] } }
resource "mesh_data" "changed" { input = "new" }
)");
  f.record("mesh_data.same", "mesh_data",
           data("id-1", obj({{"a", Value::integer(1)},
                             {"b", Value::list({Value::boolean(true), str("x")})}})));
  f.record("mesh_data.changed", "mesh_data", data("id-2", str("old")));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(find_change(*p, "mesh_data.same")->action == Action::NoOp);
  const plan::ResourceChange* c = find_change(*p, "mesh_data.changed");
  CHECK(c->action == Action::Update);
  CHECK(c->after.find("id")->as_string() == "id-2");  // computed kept on update
  CHECK(c->after.find("input")->as_string() == "new");
  CHECK(p->summary().change == 1);
  CHECK(p->summary().add == 0);
}

TEST_CASE("plan: durations and sets recorded as JSON compare equal to the configuration") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "t" {
  name   = "n"
  period = 90m
}
resource "mesh_data" "s" { input = toset(["b", "a"]) }
)");
  f.record("test_thing.t", "test_thing", thing("n", "i1", {{"period", Value::duration(5400000)}}));
  f.record("mesh_data.s", "mesh_data", data("i2", Value::list({str("a"), str("b")})));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(find_change(*p, "test_thing.t")->action == Action::NoOp);
  CHECK(find_change(*p, "mesh_data.s")->action == Action::NoOp);
}

TEST_CASE("plan: a force-new attribute replaces, with the path and the reason") {
  PlanFixture f;
  f.config(R"(resource "test_thing" "t" { name = "new" })");
  f.record("test_thing.t", "test_thing", thing("old", "i1"));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "test_thing.t");
  CHECK(c->action == Action::DeleteCreate);
  CHECK(c->reason == Reason::ForcesReplacement);
  CHECK(c->replace_paths == std::vector<std::string>{"name"});
  CHECK(plan::reason_text(*c) == "forces replacement: name");
  CHECK(c->after.find("id")->is_unknown());
  CHECK(p->summary().replace == 1);
}

TEST_CASE("plan: create_before_destroy turns a replacement around") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "t" {
  name = "new"
  lifecycle { create_before_destroy = true }
}
)");
  f.record("test_thing.t", "test_thing", thing("old", "i1"));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(find_change(*p, "test_thing.t")->action == Action::CreateDelete);
}

TEST_CASE("plan: a replaced parent makes its children's references unknown") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "parent" { name = "p2" }
resource "mesh_data" "child" { input = test_thing.parent.id }
resource "mesh_data" "grandchild" { input = mesh_data.child.output }
)");
  f.record("test_thing.parent", "test_thing", thing("p1", "pid"));
  f.record("mesh_data.child", "mesh_data", data("c", str("pid")), depends({"test_thing.parent"}));
  f.record("mesh_data.grandchild", "mesh_data", data("g", str("pid")),
           depends({"mesh_data.child"}));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(find_change(*p, "test_thing.parent")->action == Action::DeleteCreate);
  const plan::ResourceChange* child = find_change(*p, "mesh_data.child");
  CHECK(child->action == Action::Update);
  CHECK(child->after.find("input")->is_unknown());
  CHECK(child->dependencies == std::vector<std::string>{"test_thing.parent"});
  const plan::ResourceChange* grandchild = find_change(*p, "mesh_data.grandchild");
  CHECK(grandchild->action == Action::Update);
  CHECK(grandchild->after.find("input")->is_unknown());
}

TEST_CASE("plan: an unchanged parent feeds its recorded values to children") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "parent" { name = "p" }
resource "mesh_data" "child" { input = test_thing.parent.endpoint }
)");
  f.record("test_thing.parent", "test_thing", thing("p", "pid"));
  f.record("mesh_data.child", "mesh_data", data("c", str("ep-pid")));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(find_change(*p, "mesh_data.child")->action == Action::NoOp);
  CHECK(p->summary().empty());
}

TEST_CASE("plan: instances no longer configured are deleted, dependents first") {
  PlanFixture f;
  f.config(R"(resource "mesh_data" "kept" { input = 1 })");
  f.record("mesh_data.kept", "mesh_data", data("k", Value::integer(1)));
  f.record("mesh_data.base", "mesh_data", data("b", str("x")));
  f.record("mesh_data.mid", "mesh_data", data("m", str("x")), depends({"mesh_data.base"}));
  f.record("mesh_data.a_top", "mesh_data", data("t", str("x")), depends({"mesh_data.mid"}));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* mid = find_change(*p, "mesh_data.mid");
  CHECK(mid->action == Action::Delete);
  CHECK(mid->reason == Reason::NotInConfig);
  CHECK(plan::reason_text(*mid) == "no longer in configuration");
  CHECK(mid->dependencies == std::vector<std::string>{"mesh_data.base"});
  std::vector<std::string> order;
  for (size_t i : plan::delete_order(*p)) order.push_back(p->changes[i].address);
  CHECK(order == std::vector<std::string>{"mesh_data.a_top", "mesh_data.mid", "mesh_data.base"});
  CHECK(p->summary().destroy == 3);
}

TEST_CASE("plan: for_each keys added and removed") {
  PlanFixture f;
  f.config(R"(
resource "mesh_data" "k" {
  for_each = toset(["a", "c"])
  input    = each.key
}
)");
  f.record("mesh_data.k[\"a\"]", "mesh_data", data("1", str("a")));
  f.record("mesh_data.k[\"b\"]", "mesh_data", data("2", str("b")));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(find_change(*p, "mesh_data.k[\"a\"]")->action == Action::NoOp);
  CHECK(find_change(*p, "mesh_data.k[\"b\"]")->action == Action::Delete);
  CHECK(find_change(*p, "mesh_data.k[\"c\"]")->action == Action::Create);
}

TEST_CASE("plan: outputs are created, updated and deleted") {
  PlanFixture f;
  f.config(R"(
resource "mesh_data" "a" { input = "x" }
output "same" { value = "s" }
output "changed" { value = mesh_data.a.output }
output "fresh" { value = mesh_data.a.id }
)");
  f.record("mesh_data.a", "mesh_data", data("id-a", str("x")));
  f.snapshot.outputs = {
      {"changed", "\"old\"", false}, {"gone", "1", false}, {"same", "\"s\"", false}};
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  REQUIRE(p->outputs.size() == 4);
  CHECK(p->outputs[0].name == "changed");
  CHECK(p->outputs[0].action == Action::Update);
  CHECK(p->outputs[0].after.as_string() == "x");
  CHECK(p->outputs[1].name == "fresh");
  CHECK(p->outputs[1].action == Action::Create);
  CHECK(p->outputs[1].after.as_string() == "id-a");
  CHECK(p->outputs[2].name == "gone");
  CHECK(p->outputs[2].action == Action::Delete);
  CHECK(p->outputs[3].action == Action::NoOp);
}

TEST_CASE("plan: sensitive state values stay sensitive in the plan") {
  PlanFixture f;
  f.config(R"(
variable "secret" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
resource "test_thing" "t" {
  name  = "n"
  value = var.secret
}
)");
  f.record("test_thing.t", "test_thing",
           thing("n", "i", {{"value", str("old-secret").mark_sensitive()}}));
  CHECK(f.snapshot.resources[0].sensitive_paths == std::vector<std::string>{"/value"});
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "test_thing.t");
  CHECK(c->action == Action::Update);
  CHECK(c->before.find("value")->is_sensitive());
  CHECK(c->after.find("value")->is_sensitive());
}

TEST_CASE("plan: a provider's planning error is located and fails the plan") {
  PlanFixture f;
  f.config(
      "resource \"mesh_data\" \"a\" { input = \"x\" }\n"
      "resource \"test_thing\" \"t\" { name = \"boom\" }\n");
  auto p = f.plan();
  CHECK_FALSE(p);
  REQUIRE(f.diagnostics.error_count() == 1);
  const Diagnostic& d = f.diagnostics.items()[0];
  CHECK(d.message == "test_thing.t: name \"boom\" is not allowed");
  CHECK(d.subject == "test_thing.t");
  CHECK(d.range.begin.line == 2);
}
