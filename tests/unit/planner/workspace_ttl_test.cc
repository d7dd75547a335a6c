/// The workspace's own ttl in plans: `--ttl` sets it from the plan's clock, `--ttl none`
/// clears it, neither keeps it; an expired workspace makes every destroy reason `ttl expired`;
/// every view shows it and a saved plan carries it.

#include <doctest/doctest.h>

#include "plan_test_support.h"
#include "planner/describe.h"
#include "planner/plan_file.h"
#include "planner/render_human.h"
#include "planner/render_json.h"
#include "planner/render_markdown.h"

using namespace mesh;
using mesh::test::find_change;
using mesh::test::obj;
using mesh::test::PlanFixture;
using mesh::test::str;
using plan::Action;
using plan::Reason;

namespace {

const char* kConfig = R"(
resource "mesh_data" "a" {
  input = 1
}
)";

Value data1() {
  return obj({{"id", str("x")},
              {"input", Value::integer(1)},
              {"output", Value::integer(1)},
              {"triggers_replace", Value()}});
}

/// A fixture for workspace pr-42 holding mesh_data.a, with `expires_at` as the workspace's.
void seed(PlanFixture& f, std::optional<int64_t> expires_at) {
  f.config(kConfig);
  f.snapshot.workspace = "pr-42";
  f.snapshot.expires_at = expires_at;
  f.record("mesh_data.a", "mesh_data", data1());
}

}  // namespace

TEST_CASE("workspace ttl: --ttl sets the expiry from the plan's clock, rounded up to seconds") {
  PlanFixture f;
  seed(f, std::nullopt);
  plan::PlanOptions o;
  o.workspace_ttl_ms = 24 * 3600 * 1000 + 1;
  auto p = f.plan(o);
  REQUIRE_MESSAGE(p, f.errors());
  REQUIRE(p->workspace_expires_at);
  CHECK(*p->workspace_expires_at == 10000 + 24 * 3600 + 1);
  CHECK_FALSE(p->prior_workspace_expires_at);
  CHECK(find_change(*p, "mesh_data.a")->action == Action::NoOp);
  p->workspace_expires_at = 10000 + 24 * 3600 - 60;
  CHECK(plan::workspace_expiry_text(*p) == "workspace pr-42 expires in 23h59m (was: no expiry)");
}

TEST_CASE("workspace ttl: kept without --ttl, moved by a new one, cleared by none") {
  PlanFixture f;
  seed(f, 10000 + 7200);
  auto kept = f.plan();
  REQUIRE_MESSAGE(kept, f.errors());
  CHECK(kept->workspace_expires_at == std::optional<int64_t>(10000 + 7200));
  CHECK(kept->prior_workspace_expires_at == std::optional<int64_t>(10000 + 7200));
  CHECK(plan::workspace_expiry_text(*kept) == "workspace pr-42 expires in 2h");

  plan::PlanOptions moved_options;
  moved_options.workspace_ttl_ms = 8 * 3600 * 1000;
  auto moved = f.plan(moved_options);
  REQUIRE(moved);
  CHECK(*moved->workspace_expires_at == 10000 + 8 * 3600);
  CHECK(plan::workspace_expiry_text(*moved) ==
        "workspace pr-42 expires in 8h (was: expires in 2h)");

  plan::PlanOptions clear_options;
  clear_options.clear_workspace_ttl = true;
  auto cleared = f.plan(clear_options);
  REQUIRE(cleared);
  CHECK_FALSE(cleared->workspace_expires_at);
  CHECK(plan::workspace_expiry_text(*cleared) ==
        "workspace pr-42 no longer expires (was: expires in 2h)");

  PlanFixture none;
  seed(none, std::nullopt);
  auto plain = none.plan();
  REQUIRE(plain);
  CHECK(plan::workspace_expiry_text(*plain).empty());
}

TEST_CASE("workspace ttl: in an expired workspace every destroy is `ttl expired`") {
  PlanFixture f;
  seed(f, 9000);  // before now = 10000
  CHECK(plan::workspace_expired(f.snapshot, 10000));
  CHECK_FALSE(plan::workspace_expired(f.snapshot, 8999));
  plan::PlanOptions o;
  o.destroy = true;
  auto p = f.plan(o);
  REQUIRE_MESSAGE(p, f.errors());
  const plan::ResourceChange* a = find_change(*p, "mesh_data.a");
  REQUIRE(a);
  CHECK(a->action == Action::Delete);
  CHECK(a->reason == Reason::TtlExpired);
  CHECK(plan::workspace_expiry_text(*p) == "workspace pr-42 expired 16m ago");

  // Not expired yet: a plain destroy request.
  PlanFixture g;
  seed(g, 20000);
  auto q = g.plan(o);
  REQUIRE(q);
  CHECK(find_change(*q, "mesh_data.a")->reason == Reason::DestroyRequested);
}

TEST_CASE("workspace ttl: every view shows it, and a saved plan carries it") {
  PlanFixture f;
  seed(f, std::nullopt);
  plan::PlanOptions o;
  o.workspace_ttl_ms = 3600 * 1000;
  auto p = f.plan(o);
  REQUIRE_MESSAGE(p, f.errors());
  std::string human = plan::render_human(*p, {});
  CHECK(human.find("Workspace pr-42 expires in 1h (was: no expiry).\n") != std::string::npos);
  // Nothing else changes: the summary must not claim that nothing does.
  CHECK(human.find("No resource changes; only the workspace's expiry changes.") !=
        std::string::npos);
  CHECK(human.find("No changes.") == std::string::npos);
  std::string markdown = plan::render_markdown(*p);
  CHECK(markdown.find("Workspace pr-42 expires in 1h (was: no expiry).") != std::string::npos);
  nlohmann::ordered_json j = plan::plan_json(*p);
  CHECK(j["workspace_expires_at"] == 10000 + 3600);
  CHECK(j["prior_workspace_expires_at"].is_null());

  std::string error;
  auto saved =
      plan::parse_plan_file(plan::plan_file_text(*p, f.graph().variables.object, "x"), &error);
  REQUIRE_MESSAGE(saved, error);
  CHECK(saved->plan.workspace_expires_at == std::optional<int64_t>(10000 + 3600));
  CHECK_FALSE(saved->plan.prior_workspace_expires_at);

  // A plan file of format 1.0 (no such keys) reads as "no workspace expiry".
  std::string text = plan::plan_file_text(*p, f.graph().variables.object, "x");
  for (const char* key :
       {"\"workspace_expires_at\": 13600,", "\"prior_workspace_expires_at\": null,"}) {
    size_t at = text.find(key);
    REQUIRE(at != std::string::npos);
    text.erase(at, std::string(key).size());
  }
  auto old = plan::parse_plan_file(text, &error);
  REQUIRE_MESSAGE(old, error);
  CHECK_FALSE(old->plan.workspace_expires_at);
}
