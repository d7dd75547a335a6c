/// Saved plans that are damaged in ways fuzz_plan_file found: each is refused with a message,
/// never an uncaught exception or undefined behaviour (inputs in tests/fuzz/regressions/plan_file).

#include <doctest/doctest.h>

#include <string>

#include "planner/plan_file.h"

using namespace mesh;

namespace {

/// A minimal valid plan file with one change; `change_extra` is spliced into the change and
/// `plan_extra` into the plan object.
std::string plan_text(const std::string& change_extra, const std::string& plan_extra = "") {
  return R"({"kind":"mesh-plan","file_version":1,"mesh_version":"0.1.0","variables":{},
  "plan":{"workspace":"default","lineage":"l","serial":3,"config_digest":"abc","created_at":10,)" +
         plan_extra + R"("changes":[{"address":"mesh_data.a","type":"mesh_data","provider":"mesh",
  "action":"create","after":{"input":"x"},)" +
         change_extra + R"("dependencies":[]}]}})";
}

}  // namespace

TEST_CASE("plan file: the minimal fixture loads") {
  std::string error;
  std::optional<plan::SavedPlan> saved = plan::parse_plan_file(plan_text(""), &error);
  REQUIRE_MESSAGE(saved, error);
  CHECK(saved->plan.serial == 3);
  CHECK(saved->plan.changes.size() == 1);
}

TEST_CASE("plan file: a sensitive or unknown path that is not a string is the wrong type") {
  std::string error;
  CHECK_FALSE(plan::parse_plan_file(plan_text(R"("after_sensitive":[5],)"), &error));
  CHECK(error == "malformed plan file: field \"after_sensitive\" has the wrong type");
  error.clear();
  CHECK_FALSE(plan::parse_plan_file(plan_text(R"("after_unknown":["input",null],)"), &error));
  CHECK(error == "malformed plan file: field \"after_unknown\" has the wrong type");
  error.clear();
  CHECK_FALSE(plan::parse_plan_file(plan_text(R"("before_sensitive":"input",)"), &error));
  CHECK(error == "malformed plan file: field \"before_sensitive\" has the wrong type");
}

TEST_CASE("plan file: an integer field holding a float or an out-of-range number") {
  std::string error;
  // 4.2e43 cast to int64 was undefined behaviour.
  CHECK_FALSE(plan::parse_plan_file(plan_text("", R"("serial":4.2e43,)"), &error));
  CHECK(error == "malformed plan file: field \"serial\" has the wrong type");
  error.clear();
  CHECK_FALSE(
      plan::parse_plan_file(plan_text("", R"("created_at":18446744073709551615,)"), &error));
  CHECK(error == "malformed plan file: field \"created_at\" has the wrong type");
  error.clear();
  CHECK_FALSE(plan::parse_plan_file(
      R"({"kind":"mesh-plan","file_version":1e300,"plan":{"config_digest":"abc"}})", &error));
  CHECK(error == "malformed plan file: field \"file_version\" has the wrong type");
}

TEST_CASE("plan file: a kind that is not a string is not a plan file") {
  std::string error;
  CHECK_FALSE(plan::parse_plan_file(R"({"kind":7,"plan":{}})", &error));
  CHECK(error == "not a mesh plan file");
}
