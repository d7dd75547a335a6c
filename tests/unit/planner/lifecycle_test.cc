/// Lifecycle rules: prevent_destroy (from configuration and from state), ignore_changes, ttl.

#include <doctest/doctest.h>

#include "plan_test_support.h"
#include "planner/describe.h"

using namespace mesh;
using namespace mesh::test;
using plan::Action;
using plan::Reason;

TEST_CASE("prevent_destroy: a replacement of a protected instance is a located error") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "db" {
  name = "new"
  lifecycle { prevent_destroy = true }
}
)");
  f.record("test_thing.db", "test_thing", thing("old", "i"), protect());
  auto p = f.plan();
  CHECK_FALSE(p);
  REQUIRE(f.diagnostics.error_count() == 1);
  const Diagnostic& d = f.diagnostics.items()[0];
  CHECK(d.message ==
        "test_thing.db: cannot replace a protected instance (prevent_destroy); it would be "
        "replaced: forces replacement: name");
  CHECK(d.range.begin.line == 2);
  CHECK(d.subject == "test_thing.db");
}

TEST_CASE("prevent_destroy: removing the block does not lift the recorded protection") {
  PlanFixture f;
  // The resource is gone from the configuration, block and all; the state remembers.
  f.config(R"(resource "mesh_data" "other" { input = 1 })");
  f.record("test_thing.db", "test_thing", thing("n", "i"), protect());
  auto p = f.plan();
  CHECK_FALSE(p);
  REQUIRE(f.diagnostics.error_count() == 1);
  const Diagnostic& d = f.diagnostics.items()[0];
  CHECK(d.message ==
        "cannot destroy a protected instance (prevent_destroy); it would be destroyed: no longer "
        "in configuration");
  CHECK(d.subject == "test_thing.db");
  REQUIRE(d.notes.size() == 2);
  CHECK(d.notes[0].message.find("the state records prevent_destroy = true") == 0);
  CHECK(d.notes[1].message.find("remove `prevent_destroy` and apply first") == 0);

  SUBCASE("a destroy plan refuses too") {
    plan::PlanOptions options;
    options.destroy = true;
    CHECK_FALSE(f.plan(options));
    CHECK(f.diagnostics.error_count() == 1);
  }
}

TEST_CASE("prevent_destroy: lifted only by an applied change that sets it false") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "db" {
  name = "n"
  lifecycle { prevent_destroy = false }
}
)");
  f.record("test_thing.db", "test_thing", thing("n", "i"), protect());
  // Attributes unchanged, protection recorded: the plan is an update that records the lift.
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "test_thing.db");
  CHECK(c->action == Action::Update);
  CHECK(c->prior_prevent_destroy);
  CHECK_FALSE(c->prevent_destroy);

  SUBCASE("the same plan cannot also replace it") {
    f.config(R"(
resource "test_thing" "db" {
  name = "other"
  lifecycle { prevent_destroy = false }
}
)");
    CHECK_FALSE(f.plan());
  }
  SUBCASE("after the lift is applied, the replacement goes through") {
    f.snapshot.resources[0].prevent_destroy = false;
    f.config(R"(resource "test_thing" "db" { name = "other" })");
    auto q = f.plan();
    REQUIRE_MESSAGE(q, f.errors());
    CHECK(find_change(*q, "test_thing.db")->action == Action::DeleteCreate);
  }
}

TEST_CASE("prevent_destroy: updates in place of a protected instance are fine") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "db" {
  name = "n"
  size = 3
  lifecycle { prevent_destroy = true }
}
)");
  f.record("test_thing.db", "test_thing", thing("n", "i"), protect());
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(find_change(*p, "test_thing.db")->action == Action::Update);
}

TEST_CASE("ignore_changes: listed paths keep their recorded values") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "t" {
  name = "n"
  size = 5
  tags = { env = "prod", team = "b" }
  lifecycle { ignore_changes = [size, tags.env] }
}
)");
  f.record("test_thing.t", "test_thing",
           thing("n", "i",
                 {{"size", Value::integer(1)},
                  {"tags", obj({{"env", str("dev")}, {"team", str("a")}})}}));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "test_thing.t");
  CHECK(c->action == Action::Update);
  CHECK(c->after.find("size")->as_number().to_int64() == 1);
  CHECK(c->after.find("tags")->find("env")->as_string() == "dev");
  CHECK(c->after.find("tags")->find("team")->as_string() == "b");
}

TEST_CASE("ignore_changes = all: nothing configured changes an existing instance") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "t" {
  name = "renamed"
  size = 5
  lifecycle { ignore_changes = all }
}
)");
  f.record("test_thing.t", "test_thing", thing("n", "i", {{"size", Value::integer(1)}}));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  CHECK(find_change(*p, "test_thing.t")->action == Action::NoOp);
}

TEST_CASE("ttl: a created instance expires ttl after now; an expired one is replaced") {
  PlanFixture f;
  f.config(R"(
resource "mesh_data" "fresh" {
  input = 1
  ttl   = 8h
}
resource "mesh_data" "old" {
  input = 1
  ttl   = 1h
}
resource "mesh_data" "live" {
  input = 1
  ttl   = 1h
}
)");
  auto data1 = obj({{"id", str("x")},
                    {"input", Value::integer(1)},
                    {"output", Value::integer(1)},
                    {"triggers_replace", Value()}});
  RecordOptions expired;
  expired.expires_at = 9000;  // before now = 10000
  f.record("mesh_data.old", "mesh_data", data1, expired);
  RecordOptions live;
  live.expires_at = 12000;
  f.record("mesh_data.live", "mesh_data", data1, live);
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* fresh = find_change(*p, "mesh_data.fresh");
  REQUIRE(fresh->expires_at);
  CHECK(*fresh->expires_at == 10000 + 8 * 3600);
  CHECK(plan::expiry_text(*fresh->expires_at - 60, 10000) == "expires in 7h59m");
  const plan::ResourceChange* old = find_change(*p, "mesh_data.old");
  CHECK(old->action == Action::DeleteCreate);
  CHECK(old->reason == Reason::TtlExpired);
  CHECK(plan::reason_text(*old) == "ttl expired");
  CHECK(*old->expires_at == 10000 + 3600);
  const plan::ResourceChange* kept = find_change(*p, "mesh_data.live");
  CHECK(kept->action == Action::NoOp);
  CHECK(*kept->expires_at == 12000);
}

TEST_CASE("ttl: adding a ttl to an existing instance records an expiry") {
  PlanFixture f;
  f.config(R"(
resource "mesh_data" "a" {
  input = 1
  ttl   = 2h
}
)");
  f.record("mesh_data.a", "mesh_data",
           obj({{"id", str("x")},
                {"input", Value::integer(1)},
                {"output", Value::integer(1)},
                {"triggers_replace", Value()}}));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "mesh_data.a");
  CHECK(c->action == Action::Update);
  CHECK(*c->expires_at == 10000 + 7200);
}
