/// The three renderers: shapes that reviewers rely on, and no secret in any output.

#include <doctest/doctest.h>

#include "plan_test_support.h"
#include "planner/plan_file.h"
#include "planner/render_human.h"
#include "planner/render_json.h"
#include "planner/render_markdown.h"

using namespace mesh;
using namespace mesh::test;
using plan::Action;

namespace {

const char* kSecretA = "hunter2-very-secret";
const char* kSecretB = "s3cr3t-token-value";

/// A plan touching secrets everywhere: attributes, nested maps, outputs, drift.
std::optional<plan::Plan> secret_plan(PlanFixture& f) {
  f.config(R"(
variable "token" {
  type      = string
  sensitive = true
  default   = "s3cr3t-token-value"
}
resource "test_thing" "db" {
  name  = "db"
  value = var.token
  tags  = { env = "prod", key = var.token }
  size  = 2
}
resource "mesh_data" "holder" { input = { nested = { token = var.token } } }
output "token" { value = var.token }
output "plain" { value = test_thing.db.name }
)");
  f.record("test_thing.db", "test_thing",
           thing("db", "i1",
                 {{"value", str(kSecretA).mark_sensitive()},
                  {"tags", obj({{"env", str("dev")}, {"key", str(kSecretA).mark_sensitive()}})},
                  {"size", Value::integer(1)}}));
  f.record("test_thing.orphan", "test_thing",
           thing("o", "i2", {{"value", str(kSecretA).mark_sensitive()}}));
  f.snapshot.outputs = {{"token", std::string("\"") + kSecretA + "\"", true}};
  {
    std::lock_guard<std::mutex> guard(world().mutex);
    world().track = true;
    world().objects["i1"] = thing("db", "i1",
                                  {{"value", str("drifted-" + std::string(kSecretA))},
                                   {"tags", obj({{"env", str("dev")}, {"key", str(kSecretA)}})},
                                   {"size", Value::integer(1)}});
    world().objects["i2"] = thing("o", "i2", {{"value", str(kSecretA)}});
  }
  plan::PlanOptions options;
  options.refresh = true;
  return f.plan(options);
}

void check_clean(const std::string& text) {
  CHECK_MESSAGE(text.find(kSecretA) == std::string::npos, text);
  CHECK_MESSAGE(text.find(kSecretB) == std::string::npos, text);
  CHECK_MESSAGE(text.find("drifted-") == std::string::npos, text);
}

}  // namespace

TEST_CASE("render: a sensitive value never appears in any of the three views") {
  PlanFixture f;
  auto p = secret_plan(f);
  REQUIRE_MESSAGE(p, f.errors());
  REQUIRE_FALSE(p->drift.empty());
  std::string human = plan::render_human(*p);
  check_clean(human);
  check_clean(plan::render_human(*p, {true}));
  check_clean(plan::render_json(*p));
  check_clean(plan::render_markdown(*p));
  CHECK(human.find("(sensitive)") != std::string::npos);
  // Marks survive a saved plan, and the views of the loaded plan are clean too.
  std::string error;
  auto saved =
      plan::parse_plan_file(plan::plan_file_text(*p, f.graph().variables.object, "v"), &error);
  REQUIRE(saved);
  check_clean(plan::render_human(saved->plan));
  check_clean(plan::render_markdown(saved->plan));
}

TEST_CASE("render human: symbols, changed attributes only, reasons, summary") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "updated" {
  name = "u"
  size = 2
  tags = { env = "prod", team = "data" }
}
resource "test_thing" "replaced" { name = "new" }
resource "test_thing" "created" { name = "c" }
)");
  f.record("test_thing.updated", "test_thing",
           thing("u", "1",
                 {{"size", Value::integer(1)},
                  {"tags", obj({{"env", str("dev")}, {"team", str("data")}})}}));
  f.record("test_thing.replaced", "test_thing", thing("old", "2"));
  f.record("test_thing.removed", "test_thing", thing("r", "3"));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  std::string text = plan::render_human(*p);
  CHECK(
      text.find(
          "  # test_thing.created will be created\n  + resource \"test_thing\" \"created\" {\n") !=
      std::string::npos);
  CHECK(text.find("      + id       = (known after apply)\n") != std::string::npos);
  CHECK(text.find("  # test_thing.replaced must be replaced\n-/+ resource") != std::string::npos);
  CHECK(text.find("      ~ name     = \"old\" -> \"new\" # forces replacement\n") !=
        std::string::npos);
  CHECK(text.find("      ~ id       = \"2\" -> (known after apply)\n") != std::string::npos);
  CHECK(
      text.find(
          "  # test_thing.removed will be destroyed\n  # (because no longer in configuration)\n") !=
      std::string::npos);
  CHECK(text.find("      - name     = \"r\" -> null\n") != std::string::npos);
  CHECK(text.find("  # test_thing.updated will be updated in place\n  ~ resource") !=
        std::string::npos);
  CHECK(text.find("      ~ size = 1 -> 2\n") != std::string::npos);
  CHECK(text.find("      ~ tags = {\n          ~ env = \"dev\" -> \"prod\"\n            # (1 "
                  "unchanged element hidden)\n        }\n") != std::string::npos);
  CHECK(text.find("# (3 unchanged attributes hidden)") != std::string::npos);
  CHECK(text.find("Plan: 1 to add, 1 to change, 1 to replace, 1 to destroy.\n") !=
        std::string::npos);
  CHECK(text.find("\x1b[") == std::string::npos);
  CHECK(plan::render_human(*p, {true}).find("\x1b[") != std::string::npos);
}

TEST_CASE("render human: no changes") {
  PlanFixture f;
  f.config(R"(resource "test_thing" "a" { name = "a" })");
  f.record("test_thing.a", "test_thing", thing("a", "1"));
  auto p = f.plan();
  REQUIRE(p);
  CHECK(plan::render_human(*p) == "No changes. Your infrastructure matches the configuration.\n");
}

TEST_CASE("render human: lists are diffed element-wise") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "a" {
  name  = "a"
  items = ["x", "y2", "z", "w"]
}
)");
  f.record("test_thing.a", "test_thing",
           thing("a", "1", {{"items", Value::list({str("x"), str("y"), str("z")})}}));
  auto p = f.plan();
  REQUIRE(p);
  std::string text = plan::render_human(*p);
  CHECK_MESSAGE(
      text.find("      ~ items = [\n          - \"y\",\n          + \"y2\",\n          + \"w\",\n"
                "            # (2 unchanged elements hidden)\n        ]\n") != std::string::npos,
      text);
}

TEST_CASE("render json: stable keys, actions, redaction lists") {
  PlanFixture f;
  auto p = secret_plan(f);
  REQUIRE(p);
  nlohmann::ordered_json j = plan::plan_json(*p);
  CHECK(j.begin().key() == "format_version");
  CHECK(j["format_version"] == plan::kPlanFormatVersion);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"format_version", "workspace", "lineage", "serial",
                                         "config_digest", "created_at", "workspace_expires_at",
                                         "prior_workspace_expires_at", "destroy", "refreshed",
                                         "targets", "replace", "changes", "output_changes", "drift",
                                         "policy_results", "summary"});
  const auto& db = j["changes"][1];
  CHECK(db["address"] == "test_thing.db");
  CHECK(db["actions"] == nlohmann::ordered_json::array({"update"}));
  CHECK(db["reason"] == "drifted");
  CHECK(db["after"]["value"].is_null());
  CHECK(db["after_sensitive"] == nlohmann::ordered_json::array({"tags.key", "value"}));
  const auto& orphan = j["changes"][2];
  CHECK(orphan["actions"] == nlohmann::ordered_json::array({"delete"}));
  CHECK(orphan["reason_text"] == "no longer in configuration");
  CHECK(j["summary"]["destroy"] == 1);
}

TEST_CASE("render markdown: summary table, destroys first and marked, folded diffs") {
  PlanFixture f;
  f.config(R"(
template "app" {
  param "n" { type = string }
  resource "mesh_data" "x" { input = param.n }
}
app "a" { n = "one" }
resource "mesh_data" "root" { input = 1 }
)");
  f.record("mesh_data.old", "mesh_data", obj({{"id", str("o")}, {"input", str("z")}}));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  std::string md = plan::render_markdown(*p);
  CHECK(md.find("**Plan: 2 to add, 0 to change, 0 to replace, 1 to destroy.**") !=
        std::string::npos);
  CHECK(md.find("| (root) | 1 | 0 | 0 | ⚠️ 1 |") != std::string::npos);
  CHECK(md.find("| <code>app.a</code> | 1 | 0 | 0 | 0 |") != std::string::npos);
  size_t destroyed =
      md.find("⚠️ <code>mesh_data.old</code> will be destroyed — no longer in configuration");
  size_t created = md.find("<code>mesh_data.root</code> will be created");
  CHECK(destroyed != std::string::npos);
  CHECK(created != std::string::npos);
  CHECK(destroyed < created);
  CHECK(md.find("```diff\n- resource \"mesh_data\" \"old\" {\n-   id = \"o\"\n") !=
        std::string::npos);
}

TEST_CASE("render markdown: long plans are cut under the limit with a note") {
  PlanFixture f;
  f.config(
      "resource \"mesh_data\" \"n\" {\n  count = 2000\n  input = \"value-${count.index}\"\n}\n");
  auto p = f.plan();
  REQUIRE(p);
  std::string md = plan::render_markdown(*p);
  CHECK(md.size() < 65000);
  CHECK(md.find("**Truncated:**") != std::string::npos);
  CHECK(md.find("more changes") != std::string::npos);
  plan::MarkdownOptions small;
  small.max_chars = 3000;
  CHECK(plan::render_markdown(*p, small).size() < 3000);
}

TEST_CASE("render human: drift section, expiry and a lifted protection") {
  PlanFixture f;
  f.config(R"(
resource "test_thing" "changed" {
  name = "c"
  size = 1
}
resource "test_thing" "deleted" { name = "d" }
resource "test_thing" "guarded" {
  name = "g"
  lifecycle { prevent_destroy = false }
}
resource "mesh_data" "temp" {
  input = 1
  ttl   = 8h
}
)");
  f.record("test_thing.changed", "test_thing", thing("c", "1", {{"size", Value::integer(1)}}));
  f.record("test_thing.deleted", "test_thing", thing("d", "2"));
  f.record("test_thing.guarded", "test_thing", thing("g", "3"), protect());
  {
    std::lock_guard<std::mutex> guard(world().mutex);
    world().track = true;
    world().objects["1"] = thing("c", "1", {{"size", Value::integer(7)}});
    world().objects["3"] = thing("g", "3");
  }
  plan::PlanOptions options;
  options.refresh = true;
  auto p = f.plan(options);
  REQUIRE_MESSAGE(p, f.errors());
  std::string text = plan::render_human(*p);
  CHECK_MESSAGE(text.rfind("Changed outside mesh (found by refresh", 0) == 0, text);
  CHECK(text.find("  # test_thing.changed has changed outside mesh\n"
                  "  ~ resource \"test_thing\" \"changed\" {\n"
                  "      ~ size = 1 -> 7\n") != std::string::npos);
  CHECK(text.find("  # test_thing.deleted was deleted outside mesh\n") != std::string::npos);
  CHECK(text.find("  # test_thing.changed will be updated in place\n"
                  "  # (because drifted outside mesh)\n") != std::string::npos);
  CHECK(text.find("  # test_thing.deleted will be created\n"
                  "  # (because deleted outside mesh)\n") != std::string::npos);
  CHECK(text.find("  # test_thing.guarded will be updated in place\n"
                  "  # (prevent_destroy: true -> false)\n") != std::string::npos);
  CHECK(text.find("  # mesh_data.temp will be created\n  # (expires in 8h)\n") !=
        std::string::npos);
  std::string md = plan::render_markdown(*p);
  CHECK(md.find("#### Changed outside mesh (2)") != std::string::npos);
  CHECK(md.find("<code>mesh_data.temp</code> will be created (expires in 8h)") !=
        std::string::npos);
}
