#pragma once
/// Values of input variables. Precedence, lowest first: `default`, `MESH_VAR_name` environment
/// variables, `--var-file` files (in order), `--var name=value` (in order). A `--var` or
/// environment value is read as a mesh expression when it is one that needs no scope
/// (`8080`, `true`, `["a", "b"]`, `{ a = 1 }`, `"quoted"`); otherwise it is the plain string.

#include <string>
#include <utility>
#include <vector>

#include "compiler/config.h"
#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "core/source.h"

namespace mesh {

struct VariableInputs {
  std::vector<std::pair<std::string, std::string>> cli;  ///< `--var name=value`, in order
  std::vector<std::string> files;                        ///< `--var-file` (.json, .yaml, .yml)
  std::vector<std::pair<std::string, std::string>> env;  ///< MESH_VAR_name → (name, value)

  /// Adds `name=value` from `--var`; false when it has no `=`.
  bool add_cli(const std::string& assignment);
  /// Reads every `MESH_VAR_*` variable of the process environment.
  void read_environment();
};

/// Resolves every declared variable; reports unknown names in `--var`, unreadable files,
/// type mismatches, and required variables without a value.
VariableValues resolve_variables(const Config& config, const VariableInputs& inputs,
                                 SourceManager& sources, Diagnostics& diagnostics);

/// A `--var`/env value: the constant expression it spells, or the raw text as a string.
Value parse_variable_text(const std::string& name, const std::string& text, SourceManager& sources);

}  // namespace mesh
