#include "cli/policy_check.h"

#include <cstdio>

#include "cli/options.h"
#include "cli/session.h"
#include "compiler/compile.h"
#include "planner/policy_render.h"

namespace mesh::cli {

bool load_policies(const GlobalOptions& globals, const Config& config, SourceManager& sources,
                   Policies& out) {
  Diagnostics diagnostics;
  LoadOptions load;
  load.stdlib_paths = default_stdlib_paths("/proc/self/exe", MESH_SOURCE_DIR);
  for (const std::string& dir : globals.effective_policy_dirs()) {
    std::unique_ptr<Config> c = load_config(dir, sources, diagnostics, load);
    if (!c) {
      diagnostics.error({}, "policy folder " + dir + ": cannot be read or holds no .mesh file");
      continue;
    }
    out.central.push_back(std::move(c));
  }
  print_diagnostics(diagnostics, sources, globals);
  if (diagnostics.has_errors()) return false;
  std::vector<const Config*> central;
  for (const auto& c : out.central) central.push_back(c.get());
  out.refs = plan::collect_policies(config, central);
  return true;
}

bool check_policies(const GlobalOptions& globals, const ResourceGraph& graph,
                    const Policies& policies, plan::Plan& planned, SourceManager& sources) {
  Diagnostics diagnostics;
  plan::evaluate_policies(graph, policies.refs, planned, diagnostics);
  print_diagnostics(diagnostics, sources, globals);
  for (const plan::PolicyResult& r : planned.policies)
    if (r.status != "pass") std::fprintf(stderr, "%s\n", plan::policy_violation_line(r).c_str());
  return !diagnostics.has_errors() && !plan::denied(planned.policies);
}

}  // namespace mesh::cli
