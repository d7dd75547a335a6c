#pragma once
/// The compiler's entry point: directory → loaded configuration → variables → static checks →
/// expanded resource graph → (optionally) every node evaluated once with compile-time values,
/// which type-checks every expression. What `mesh validate`, `mesh graph` and the planner call.

#include <memory>
#include <string>

#include "compiler/config.h"
#include "compiler/graph.h"
#include "compiler/variables.h"
#include "core/diagnostics.h"
#include "core/schema.h"

namespace mesh {

struct CompileOptions {
  std::string directory = ".";
  LoadOptions load;
  VariableInputs variables;
  /// `mesh.workspace`: the workspace the command works on (`-w`, MESH_WORKSPACE).
  std::string workspace = "default";
  /// Evaluate every node once (CompileTimeSource) to report type errors; the planner, which
  /// evaluates every node anyway, may turn this off.
  bool evaluate_all = true;
};

struct Compilation {
  std::unique_ptr<Config> config;  ///< null when the directory could not be read
  /// Null when `config` is or holds syntax errors (only those are reported then); `order` is
  /// empty on a dependency cycle.
  std::unique_ptr<ResourceGraph> graph;
};

/// Diagnostics are deduplicated (the same message at the same place is reported once, however
/// many instances share the expression). Check `diagnostics.has_errors()`.
Compilation compile(const CompileOptions& options, SourceManager& sources,
                    const SchemaCatalog& catalog, Diagnostics& diagnostics);

/// The stdlib folders to try, in order: `MESH_STDLIB_PATH` (':'-separated), then
/// `<dir of executable>/../stdlib`, then `source_tree/stdlib` when given.
std::vector<std::string> default_stdlib_paths(const std::string& executable,
                                              const std::string& source_tree);

}  // namespace mesh
