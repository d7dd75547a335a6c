/// Saved plans: round trip, no secret in the file, stale-plan refusal, same actions.

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "plan_test_support.h"
#include "planner/digest.h"
#include "planner/plan_file.h"

using namespace mesh;
using namespace mesh::test;
using plan::Action;

namespace {

const char* kConfig = R"(
variable "password" {
  type      = string
  sensitive = true
}
variable "env" {
  type    = string
  default = "dev"
}
resource "test_thing" "db" {
  name  = "db-${var.env}"
  value = var.password
}
resource "mesh_data" "old" { input = 1 }
output "secret" {
  value     = var.password
  sensitive = true
}
)";

VariableInputs password(const std::string& value) {
  VariableInputs in;
  in.cli.emplace_back("password", value);
  return in;
}

}  // namespace

TEST_CASE("plan file: round trip without any secret") {
  PlanFixture f;
  f.config(kConfig, password("hunter2-p4ss"));
  f.record("test_thing.db", "test_thing",
           thing("db-old", "i1", {{"value", str("old-s3cret").mark_sensitive()}}));
  f.record("mesh_data.gone", "mesh_data", obj({{"id", str("g")}}));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  std::string text = plan::plan_file_text(*p, f.graph().variables.object, "0.1.0");
  CHECK(text.find("hunter2-p4ss") == std::string::npos);
  CHECK(text.find("old-s3cret") == std::string::npos);
  CHECK(text.find("\"env\": \"dev\"") != std::string::npos);  // non-sensitive variables kept

  std::string error;
  std::optional<plan::SavedPlan> saved = plan::parse_plan_file(text, &error);
  REQUIRE_MESSAGE(saved, error);
  CHECK(saved->mesh_version == "0.1.0");
  REQUIRE(saved->variables.size() == 1);
  CHECK(saved->variables[0].first == "env");
  const plan::Plan& q = saved->plan;
  CHECK(q.lineage == p->lineage);
  CHECK(q.serial == p->serial);
  CHECK(q.config_digest == p->config_digest);
  REQUIRE(q.changes.size() == p->changes.size());
  for (size_t i = 0; i < q.changes.size(); ++i) {
    CHECK(q.changes[i].address == p->changes[i].address);
    CHECK(q.changes[i].action == p->changes[i].action);
    CHECK(q.changes[i].reason == p->changes[i].reason);
    CHECK(q.changes[i].replace_paths == p->changes[i].replace_paths);
  }
  const plan::ResourceChange* db = find_change(q, "test_thing.db");
  REQUIRE(db);
  CHECK(db->action == Action::DeleteCreate);
  CHECK(db->after.find("value")->is_sensitive());
  CHECK(db->after.find("id")->is_unknown());
  CHECK(plan::same_actions(*p, q).empty());
}

TEST_CASE("plan file: refused when the lineage, the serial or the configuration changed") {
  PlanFixture f;
  f.config(kConfig, password("pw1"));
  auto p = f.plan();
  REQUIRE_MESSAGE(p, f.errors());
  std::string error;
  auto saved =
      plan::parse_plan_file(plan::plan_file_text(*p, f.graph().variables.object, "x"), &error);
  REQUIRE(saved);
  const std::string digest = plan::config_digest(f.graph());
  CHECK(plan::check_saved_plan(*saved, f.snapshot, digest).empty());

  state::Snapshot moved = f.snapshot;
  moved.serial = 9;
  CHECK(plan::check_saved_plan(*saved, moved, digest) ==
        "state changed since the plan was made (serial 7 → 9); run mesh plan again");

  state::Snapshot other = f.snapshot;
  other.lineage = "99999999-0000-0000-0000-000000000000";
  CHECK(plan::check_saved_plan(*saved, other, digest).rfind("state lineage changed: ", 0) == 0);

  SUBCASE("a sensitive variable supplied with another value") {
    f.config(kConfig, password("pw2"));
    std::string why = plan::check_saved_plan(*saved, f.snapshot, plan::config_digest(f.graph()));
    CHECK(why.rfind("configuration changed since the plan was made", 0) == 0);
    CHECK(why.find("pw1") == std::string::npos);
    CHECK(why.find("pw2") == std::string::npos);
  }
  SUBCASE("an edited source file") {
    f.dir.write("extra.mesh", "resource \"mesh_data\" \"new\" { input = 2 }\n");
    f.config(kConfig, password("pw1"));
    std::string why = plan::check_saved_plan(*saved, f.snapshot, plan::config_digest(f.graph()));
    CHECK(why.rfind("configuration changed since the plan was made", 0) == 0);
  }
  SUBCASE("the same sources and values give the same digest") {
    f.config(kConfig, password("pw1"));
    CHECK(plan::config_digest(f.graph()) == digest);
  }
}

TEST_CASE("plan file: same_actions names the addresses whose action moved") {
  plan::Plan a, b;
  plan::ResourceChange c;
  c.address = "x.a";
  c.action = Action::Update;
  a.changes.push_back(c);
  c.address = "x.b";
  c.action = Action::NoOp;
  a.changes.push_back(c);
  b = a;
  CHECK(plan::same_actions(a, b).empty());
  b.changes[0].action = Action::DeleteCreate;
  b.changes.pop_back();  // a no-op that disappears is not a difference
  c.address = "x.c";
  c.action = Action::Create;
  b.changes.push_back(c);
  std::string why = plan::same_actions(a, b);
  CHECK(why.find("x.a: planned update, now delete-create") != std::string::npos);
  CHECK(why.find("x.c: planned nothing, now create") != std::string::npos);
  CHECK(why.find("x.b") == std::string::npos);
}

TEST_CASE("plan file: malformed and future files are refused") {
  std::string error;
  CHECK_FALSE(plan::parse_plan_file("{", &error));
  CHECK(error == "not a mesh plan file (not JSON)");
  CHECK_FALSE(plan::parse_plan_file("{\"a\":1}", &error));
  CHECK(error == "not a mesh plan file");
  CHECK_FALSE(plan::parse_plan_file(R"({"kind":"mesh-plan","file_version":99,"plan":{}})", &error));
  CHECK(error.find("newer than this mesh supports") != std::string::npos);
  CHECK_FALSE(plan::read_plan_file("/nonexistent/plan", &error));
}

TEST_CASE("plan file: written with mode 0600") {
  PlanFixture f;
  f.config(R"(resource "mesh_data" "a" { input = 1 })");
  auto p = f.plan();
  REQUIRE(p);
  std::string path = f.dir.path() + "/saved.plan";
  CHECK(plan::write_plan_file(path, *p, f.graph().variables.object, "v").empty());
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::string error;
  CHECK(plan::read_plan_file(path, &error));
}
