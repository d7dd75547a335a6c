/// The policy engine: subjects, each.value, pass/fail/unknown, central precedence, re-checks.

#include <doctest/doctest.h>

#include "plan_test_support.h"
#include "planner/policy.h"
#include "planner/policy_render.h"

using namespace mesh;
using namespace mesh::test;

namespace {

const plan::PolicyResult* find_result(const plan::Plan& p, const std::string& policy,
                                      const std::string& address) {
  for (const plan::PolicyResult& r : p.policies)
    if (r.policy == policy && r.address == address) return &r;
  return nullptr;
}

std::vector<plan::PolicyRef> local_policies(const PlanFixture& f) {
  return plan::collect_policies(*f.compilation.config, {});
}

const char* kProducts = R"(
template "product" {
  param "owner" {
    type    = string
    default = null
  }
  resource "test_thing" "t" { name = "p-${param.owner == null ? "none" : param.owner}" }
  output "endpoint" { value = test_thing.t.endpoint }
}
product "a" { owner = "team-a" }
product "b" {}
resource "test_thing" "loose" {
  name = "loose"
  ttl  = 2h
}
)";

}  // namespace

TEST_CASE("policy: an error in a condition is a located diagnostic, not a verdict") {
  PlanFixture f;
  f.config(std::string(kProducts) + R"(
policy "has-owner" {
  for_each  = instances("product")
  condition = each.value.owner != null && each.value.name == each.key.name
  message   = "${each.key} needs an owner"
}
)");
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  // `each.key` is a string: `each.key.name` fails.
  Diagnostics d;
  plan::evaluate_policies(f.graph(), local_policies(f), *p, d);
  CHECK(d.has_errors());
  CHECK(p->policies.size() == 1);  // product.b: `owner != null` is false, the rest not read
}

TEST_CASE("policy: verdicts over template instances and resources") {
  PlanFixture f;
  f.config(std::string(kProducts) + R"(
policy "has-owner" {
  for_each  = instances("product")
  condition = each.value.owner != null && each.value.address == each.key
  message   = "${each.key} needs an owner"
}
policy "short-lived" {
  enforcement = "warn"
  for_each    = resources("test_thing")
  condition   = each.value.ttl != null
  message     = "${each.value.name} has no ttl"
}
policy "endpoint" {
  for_each  = instances("product")
  condition = each.value.outputs.endpoint != ""
  message   = "no endpoint"
}
)");
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  Diagnostics d;
  plan::evaluate_policies(f.graph(), local_policies(f), *p, d);
  REQUIRE_FALSE(d.has_errors());
  const plan::PolicyResult* a = find_result(*p, "has-owner", "product.a");
  const plan::PolicyResult* b = find_result(*p, "has-owner", "product.b");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->status == "pass");
  CHECK(a->message.empty());
  CHECK(b->status == "fail");
  CHECK(b->message == "product.b needs an owner");
  CHECK(b->enforcement == "deny");
  CHECK(b->policy_location.find("main.mesh:") != std::string::npos);
  CHECK(b->subject_location.find("main.mesh:11:1") != std::string::npos);
  CHECK(find_result(*p, "short-lived", "test_thing.loose")->status == "pass");
  const plan::PolicyResult* inner = find_result(*p, "short-lived", "product.a.test_thing.t");
  REQUIRE(inner);
  CHECK(inner->status == "fail");
  CHECK(inner->message == "t has no ttl");
  CHECK(find_result(*p, "endpoint", "product.a")->status == "unknown");
  CHECK(plan::denied(p->policies));
  std::string text = plan::policy_text(p->policies);
  INFO(text);
  CHECK(text.find("Policies: 2 passed, 1 denied, 2 warnings, 2 checked at apply") !=
        std::string::npos);
}

TEST_CASE("policy: unknown results are re-evaluated with applied values") {
  PlanFixture f;
  f.config(std::string(kProducts) + R"(
policy "endpoint" {
  for_each  = instances("product")
  condition = each.value.outputs.endpoint != "bad"
  message   = "bad endpoint for ${each.key}"
}
)");
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  Diagnostics d;
  auto policies = local_policies(f);
  plan::evaluate_policies(f.graph(), policies, *p, d);
  REQUIRE(p->policies.size() == 2);
  CHECK(p->policies[0].status == "unknown");

  struct Applied final : InstanceValueSource {
    const ResourceGraph& graph;
    explicit Applied(const ResourceGraph& g) : graph(g) {}
    Value instance_value(uint32_t node) const override {
      const std::string& a = graph.nodes[node].address_text;
      return obj({{"id", str(a)},
                  {"endpoint", str(a == "product.b.test_thing.t" ? "bad" : "good")},
                  {"name", str("n")}});
    }
  } applied(f.graph());
  auto again = plan::evaluate_policies_applied(f.graph(), policies, p->policies, applied, d);
  REQUIRE_FALSE(d.has_errors());
  REQUIRE(again.size() == 2);
  CHECK(again[0].address == "product.a");
  CHECK(again[0].status == "pass");
  CHECK(again[1].status == "fail");
  CHECK(again[1].message == "bad endpoint for product.b");
  CHECK(plan::denied(again));
}

TEST_CASE("policy: a bad for_each or a non-bool condition is an error") {
  PlanFixture f;
  f.config(std::string(kProducts) + R"(
policy "bad-each" {
  for_each  = ["x"]
  condition = true
  message   = "m"
}
policy "not-bool" {
  for_each  = resources("test_thing")
  condition = "yes"
  message   = "m"
}
)");
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  Diagnostics d;
  plan::evaluate_policies(f.graph(), local_policies(f), *p, d);
  CHECK(d.error_count() == 4);  // one for_each, three subjects with a string condition
}
