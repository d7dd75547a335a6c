/// Changing the `ttl` of an existing instance moves its recorded expiry: the new ttl counts
/// from when the old expiry started; records without a ttl (older state) keep theirs.

#include <doctest/doctest.h>

#include "plan_test_support.h"

using namespace mesh;
using namespace mesh::test;
using plan::Action;

namespace {

Value data1() {
  return obj({{"id", str("x")},
              {"input", Value::integer(1)},
              {"output", Value::integer(1)},
              {"triggers_replace", Value()}});
}

/// mesh_data.a with `ttl`, recorded with an expiry at 10000 + 3h from a ttl of 4h (so it
/// started at 10000 − 1h); now = 10000.
void seed(PlanFixture& f, const std::string& ttl, std::optional<int64_t> recorded_ttl_ms) {
  f.config("resource \"mesh_data\" \"a\" {\n  input = 1\n" +
           (ttl.empty() ? std::string() : "  ttl   = " + ttl + "\n") + "}\n");
  RecordOptions o;
  o.expires_at = 10000 + 3 * 3600;
  f.record("mesh_data.a", "mesh_data", data1(), o);
  f.snapshot.resources.back().ttl_ms = recorded_ttl_ms;
}

}  // namespace

TEST_CASE("ttl change: a longer ttl moves the expiry later, counted from the same start") {
  PlanFixture f;
  seed(f, "8h", 4 * 3600 * 1000);
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "mesh_data.a");
  CHECK(c->action == Action::Update);
  REQUIRE(c->expires_at);
  CHECK(*c->expires_at == 10000 - 3600 + 8 * 3600);
  CHECK(c->prior_expires_at == std::optional<int64_t>(10000 + 3 * 3600));
  CHECK(c->ttl_ms == std::optional<int64_t>(8 * 3600 * 1000));
  CHECK(c->prior_ttl_ms == std::optional<int64_t>(4 * 3600 * 1000));
}

TEST_CASE("ttl change: a shorter ttl moves it earlier, possibly into the past") {
  PlanFixture f;
  seed(f, "30m", 4 * 3600 * 1000);
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "mesh_data.a");
  CHECK(c->action == Action::Update);
  CHECK(*c->expires_at == 10000 - 3600 + 1800);  // over already: the next gc collects it
}

TEST_CASE("ttl change: the same ttl keeps the expiry; no change is planned") {
  PlanFixture f;
  seed(f, "4h", 4 * 3600 * 1000);
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "mesh_data.a");
  CHECK(c->action == Action::NoOp);
  CHECK(*c->expires_at == 10000 + 3 * 3600);
}

TEST_CASE("ttl change: a record without its ttl (older state) keeps its expiry") {
  PlanFixture f;
  seed(f, "8h", std::nullopt);
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "mesh_data.a");
  CHECK(c->action == Action::NoOp);
  CHECK(*c->expires_at == 10000 + 3 * 3600);
  CHECK(c->ttl_ms == std::optional<int64_t>(8 * 3600 * 1000));  // recorded at the next write
}

TEST_CASE("ttl change: removing the ttl removes the expiry") {
  PlanFixture f;
  seed(f, "", 4 * 3600 * 1000);
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* c = find_change(*p, "mesh_data.a");
  CHECK(c->action == Action::Update);
  CHECK_FALSE(c->expires_at);
  CHECK_FALSE(c->ttl_ms);
}
