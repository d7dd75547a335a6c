/// Plan benchmark: configurations of 10k and 100k `mesh_data` instances (or the sizes given as
/// arguments) — half in chains of 100 (each reads its predecessor's id), half one counted
/// block — planned against an empty state, then against a full state with nothing to change.
/// The full state is seeded through the store in one batch commit, with values computed the
/// way an apply would (each instance created by its provider in dependency order).
/// Reports compile, state read and plan times. Budget (issue 5): the no-change plan of 10k
/// instances under 0.5 s, of 100k under 5 s.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "compiler/evaluate.h"
#include "planner/planner.h"
#include "planner/state_values.h"
#include "providers/registry.h"
#include "state/store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string generate(size_t instances) {
  const size_t chained = instances / 2, chain_length = 100;
  std::string out;
  out.reserve(instances * 100);
  for (size_t i = 0; i < chained; ++i) {
    const size_t chain = i / chain_length, link = i % chain_length;
    std::string name = "c" + std::to_string(chain) + "_" + std::to_string(link);
    std::string prev =
        link == 0 ? "null"
                  : "mesh_data.c" + std::to_string(chain) + "_" + std::to_string(link - 1) + ".id";
    out += "resource \"mesh_data\" \"" + name + "\" {\n  input = { n = " + std::to_string(i) +
           ", prev = " + prev + " }\n}\n";
  }
  out += "resource \"mesh_data\" \"many\" {\n  count = " + std::to_string(instances - chained) +
         "\n  input = \"item-${count.index}\"\n}\n";
  return out;
}

/// Applied values, for the seeding walk.
class Applied final : public mesh::InstanceValueSource {
 public:
  explicit Applied(std::vector<mesh::Value>& values) : values_(values) {}
  mesh::Value instance_value(uint32_t node) const override { return values_[node]; }

 private:
  std::vector<mesh::Value>& values_;
};

/// Creates every instance in order (what an apply does, sequentially) and commits the records
/// in one ChangeSet.
bool seed_state(const mesh::ResourceGraph& graph, mesh::ProviderSet& providers,
                mesh::state::StateStore& store) {
  std::vector<mesh::Value> values(graph.nodes.size());
  Applied source(values);
  mesh::Diagnostics diagnostics;
  mesh::state::ChangeSet changes;
  changes.upserts.reserve(graph.nodes.size());
  for (uint32_t id : graph.order) {
    const mesh::GraphNode& n = graph.nodes[id];
    if (n.kind != mesh::NodeKind::Resource) continue;
    std::string error;
    mesh::Provider* provider = providers.for_resource(n.type, n.provider, &error);
    if (!provider) return false;
    mesh::Value config = mesh::evaluate_instance(graph, id, source, diagnostics);
    mesh::PlannedState planned = provider->plan(n.type, mesh::Value(), config);
    mesh::ProviderResult created = provider->create(n.type, planned.value, {});
    if (!created.ok()) return false;
    values[id] = created.value;
    mesh::state::ResourceRecord r;
    r.address = n.address_text;
    r.type = n.type;
    r.provider = n.provider;
    mesh::plan::store_value(created.value, &r);
    for (uint32_t dep : graph.dependencies(id))
      r.dependencies.push_back(graph.nodes[dep].address_text);
    changes.upserts.push_back(std::move(r));
  }
  std::string error;
  if (!store.commit("default", changes, &error)) {
    std::fprintf(stderr, "commit: %s\n", error.c_str());
    return false;
  }
  return !diagnostics.has_errors();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoul(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {10'000, 100'000};
  int status = 0;
  std::printf("%10s %9s | %9s %9s | %9s %9s %9s %9s | %s\n", "instances", "compile", "plan∅",
              "changes", "seed", "read", "plan=", "read+plan", "no-change budget");
  for (size_t instances : sizes) {
    fs::path dir = fs::temp_directory_path() / ("mesh-plan-bench-" + std::to_string(instances));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "main.mesh") << generate(instances);

    auto t0 = Clock::now();
    mesh::SourceManager sources;
    mesh::Diagnostics diagnostics;
    mesh::CompileOptions options;
    options.directory = dir.string();
    options.evaluate_all = false;
    mesh::Compilation compiled =
        mesh::compile(options, sources, mesh::builtin_catalog(), diagnostics);
    double compile = seconds_since(t0);
    if (!compiled.graph || diagnostics.has_errors()) {
      std::fprintf(stderr, "%s", mesh::render(diagnostics, sources).c_str());
      return 1;
    }
    const mesh::ResourceGraph& graph = *compiled.graph;
    mesh::ProviderSet providers(mesh::builtin_providers(), mesh::ProviderEnvironment{dir.string()});

    std::string error;
    auto store = mesh::state::open_store((dir / "state.db").string(), {}, &error);
    if (!store) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    mesh::plan::PlanOptions plan_options;
    auto empty = store->snapshot("default", &error);
    auto t1 = Clock::now();
    auto first = mesh::plan::make_plan(graph, *empty, providers, plan_options, diagnostics);
    double plan_empty = seconds_since(t1);
    if (!first || first->summary().add != instances) {
      std::fprintf(stderr, "unexpected first plan\n%s", mesh::render(diagnostics, sources).c_str());
      return 1;
    }

    auto t2 = Clock::now();
    if (!seed_state(graph, providers, *store)) {
      std::fprintf(stderr, "seeding the state failed\n");
      return 1;
    }
    double seed = seconds_since(t2);

    auto t3 = Clock::now();
    auto full = store->snapshot("default", &error);
    double read = seconds_since(t3);
    auto t4 = Clock::now();
    auto second = mesh::plan::make_plan(graph, *full, providers, plan_options, diagnostics);
    double plan_full = seconds_since(t4);
    if (!second || !second->summary().empty()) {
      std::fprintf(
          stderr,
          "the no-change plan has changes (%zu add, %zu change, %zu replace, %zu destroy)\n",
          second ? second->summary().add : 0, second ? second->summary().change : 0,
          second ? second->summary().replace : 0, second ? second->summary().destroy : 0);
      status = 1;
    }
    const double budget =
        instances <= 10'000 ? 0.5 : 5.0 * static_cast<double>(instances) / 100'000;
    const double measured = read + plan_full;
    std::printf("%10zu %8.3fs | %8.3fs %9zu | %8.3fs %8.3fs %8.3fs %8.3fs | %.2fs %s\n", instances,
                compile, plan_empty, first->changes.size(), seed, read, plan_full, measured, budget,
                measured <= budget ? "ok" : "OVER");
    if (measured > budget) status = 1;
    fs::remove_all(dir);
  }
  return status;
}
