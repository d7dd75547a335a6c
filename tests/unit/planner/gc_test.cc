/// The plan `mesh gc` runs: a destroy plan targeted at the expired instances adds their
/// dependents; the expired ones say why.

#include <doctest/doctest.h>

#include "plan_test_support.h"

using namespace mesh;
using namespace mesh::test;
using plan::Reason;

TEST_CASE("gc plan: expired instances and their dependents; reasons") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "base" {
  name = "b"
  ttl  = 1h
}
resource "test_thing" "top" {
  name = "t"
  tags = { base = test_thing.base.id }
}
resource "test_thing" "other" { name = "o" }
)");
  RecordOptions expiring;
  expiring.expires_at = 9000;
  f.record("test_thing.base", "test_thing", thing("b", "1"), expiring);
  f.record("test_thing.top", "test_thing", thing("t", "2"), depends({"test_thing.base"}));
  f.record("test_thing.other", "test_thing", thing("o", "3"));
  plan::PlanOptions options;
  options.destroy = true;
  options.targets = {"test_thing.base"};
  options.now = 10000;
  auto p = f.plan(options);
  REQUIRE_MESSAGE(p, f.errors());
  REQUIRE(p->changes.size() == 2);
  const plan::ResourceChange* base = find_change(*p, "test_thing.base");
  const plan::ResourceChange* top = find_change(*p, "test_thing.top");
  REQUIRE(base);
  REQUIRE(top);
  CHECK(base->reason == Reason::TtlExpired);
  CHECK(top->reason == Reason::DestroyRequested);
  CHECK_FALSE(find_change(*p, "test_thing.other"));
}
