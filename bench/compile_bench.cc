/// Compile benchmark: configurations of 10k and 100k resource instances (or the sizes given as
/// arguments) with chains (each resource reads its predecessor's id), fan-out (many resources
/// read one) and a counted resource, compiled end to end: parse, expand, static checks,
/// graph, topological order, and every instance evaluated once with compile-time values.
/// Reports each phase's wall time (parse = reading and parsing the files and collecting the
/// declarations), the CPU time of the whole, and the heap bytes the result (ASTs, declarations,
/// graph) holds per resource instance.
/// Budget (issue 3): 100k instances under 4 s in total, memory linear.

#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/check.h"
#include "compiler/config.h"
#include "compiler/evaluate.h"
#include "compiler/expand.h"
#include "compiler/variables.h"
#include "providers/registry.h"

namespace {

/// 40% chain, 40% fan-out blocks, 20% one counted block.
std::string generate(size_t instances) {
  size_t chain = instances * 2 / 5, fan = instances * 2 / 5;
  size_t counted = instances - chain - fan - 1;
  std::string out;
  out.reserve(instances * 120);
  out += "variable \"env\" {\n  default = \"dev\"\n}\nlet {\n  prefix = \"${var.env}-bench\"\n}\n";
  out += "resource \"mesh_data\" \"root\" {\n  input = let.prefix\n}\n";
  for (size_t i = 0; i < chain; ++i) {
    std::string n = std::to_string(i);
    out += "resource \"mesh_data\" \"c" + n + "\" {\n  input = { name = \"${let.prefix}-" + n +
           "\", prev = " +
           (i == 0 ? std::string("null") : "mesh_data.c" + std::to_string(i - 1) + ".id") +
           " }\n}\n";
  }
  for (size_t i = 0; i < fan; ++i) {
    std::string n = std::to_string(i);
    out += "resource \"mesh_data\" \"f" + n + "\" {\n  input = \"${mesh_data.root.id}/" + n +
           "\"\n}\n";
  }
  out += "resource \"mesh_data\" \"many\" {\n  count = " + std::to_string(counted) +
         "\n  input = \"${mesh_data.root.id}-${count.index}\"\n}\n";
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

size_t heap_bytes() {
  return mallinfo2().uordblks;
}

/// User plus system CPU seconds: on a shared machine wall time includes waiting for a core.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoul(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {10'000, 100'000};
  const mesh::SchemaCatalog& catalog = mesh::builtin_catalog();
  int status = 0;
  std::printf("%10s %8s %8s %8s %8s %8s %8s %9s %12s\n", "instances", "parse", "check", "graph",
              "eval", "total", "cpu", "us/inst", "bytes/inst");
  for (size_t instances : sizes) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("mesh-compile-bench-" + std::to_string(instances));
    fs::create_directories(dir);
    std::ofstream(dir / "main.mesh") << generate(instances);

    size_t heap_before = heap_bytes();
    double cpu0 = cpu_seconds();
    auto t0 = std::chrono::steady_clock::now();
    mesh::SourceManager sources;
    mesh::Diagnostics diagnostics;
    auto config = mesh::load_config(dir.string(), sources, diagnostics);
    double load = seconds_since(t0);
    auto t1 = std::chrono::steady_clock::now();
    mesh::check_config(*config, catalog, diagnostics);
    mesh::VariableValues vars =
        mesh::resolve_variables(*config, mesh::VariableInputs{}, sources, diagnostics);
    double check = seconds_since(t1);
    auto t2 = std::chrono::steady_clock::now();
    auto graph = mesh::build_graph(*config, sources, catalog, std::move(vars), diagnostics);
    double build = seconds_since(t2);
    auto t3 = std::chrono::steady_clock::now();
    {
      mesh::CompileTimeSource source(*graph, diagnostics);
      for (uint32_t id = 0; id < graph->nodes.size(); ++id) source.instance_value(id);
    }
    double eval = seconds_since(t3);
    double total = seconds_since(t0);
    double cpu = cpu_seconds() - cpu0;
    size_t heap_after = heap_bytes();
    fs::remove_all(dir);

    if (diagnostics.has_errors() || graph->nodes.size() != instances ||
        graph->order.size() != instances) {
      std::fprintf(stderr, "unexpected result for %zu: %zu nodes, %zu ordered, %zu errors\n%s",
                   instances, graph->nodes.size(), graph->order.size(), diagnostics.error_count(),
                   mesh::render(diagnostics, sources).c_str());
      status = 1;
      continue;
    }
    std::printf("%10zu %7.3fs %7.3fs %7.3fs %7.3fs %7.3fs %7.3fs %9.2f %12.0f\n", instances, load,
                check, build, eval, total, cpu, cpu * 1e6 / instances,
                static_cast<double>(heap_after - heap_before) / instances);
    if (instances >= 100'000 && cpu > 4.0) {
      std::fprintf(stderr, "over budget: %zu instances took %.2fs of CPU (budget 4s)\n", instances,
                   cpu);
      status = 1;
    }
  }
  return status;
}
