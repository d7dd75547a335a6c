/// Golden tests of the three renderers: tests/golden/plan/CASE/ holds a configuration
/// (main.mesh), a recorded state (state.json, a `mesh state export`) and the expected views
/// (human.txt, plan.json, plan.md), planned without refresh at MESH_NOW = 1800000000.
/// MESH_UPDATE_GOLDEN=1 rewrites the expected files (regenerate only deliberately).
/// tests/e2e/plan/golden.sh checks the real binary against the same files.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/compile.h"
#include "planner/planner.h"
#include "planner/render_human.h"
#include "planner/render_json.h"
#include "planner/render_markdown.h"
#include "providers/registry.h"
#include "state/export.h"

using namespace mesh;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void compare(const fs::path& expected, const std::string& actual) {
  if (const char* update = std::getenv("MESH_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(expected, std::ios::binary) << actual;
    return;
  }
  REQUIRE_MESSAGE(fs::exists(expected), expected.string() << " is missing (MESH_UPDATE_GOLDEN=1)");
  CHECK_MESSAGE(read(expected) == actual, expected.string() << " differs; actual output:\n"
                                                            << actual);
}

}  // namespace

TEST_CASE("golden: plan views of tests/golden/plan cases") {
  fs::path root = fs::path(MESH_SOURCE_DIR) / "tests" / "golden" / "plan";
  REQUIRE(fs::is_directory(root));
  size_t cases = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    ++cases;
    const fs::path dir = entry.path();
    CAPTURE(dir.string());
    SourceManager sources;
    Diagnostics diagnostics;
    CompileOptions options;
    options.directory = dir.string();
    options.evaluate_all = false;
    Compilation compiled = compile(options, sources, builtin_catalog(), diagnostics);
    REQUIRE_MESSAGE(!diagnostics.has_errors(), render(diagnostics, sources));
    std::string error;
    auto exported = state::parse_export(read(dir / "state.json"), &error);
    REQUIRE_MESSAGE(exported, error);
    ProviderSet providers(builtin_providers(), ProviderEnvironment{dir.string()});
    plan::PlanOptions plan_options;
    plan_options.refresh = false;
    plan_options.now = 1800000000;
    auto p =
        plan::make_plan(*compiled.graph, exported->snapshot, providers, plan_options, diagnostics);
    REQUIRE_MESSAGE(p, render(diagnostics, sources));
    compare(dir / "human.txt", plan::render_human(*p));
    compare(dir / "plan.json", plan::render_json(*p));
    compare(dir / "plan.md", plan::render_markdown(*p));
  }
  CHECK(cases > 0);
}
