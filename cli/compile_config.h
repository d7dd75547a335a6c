#pragma once
/// What `mesh validate` and `mesh graph` share: `--var` / `--var-file` options and one call
/// that compiles the configuration directory against the built-in providers and prints the
/// diagnostics.

#include <memory>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "core/source.h"

namespace CLI {
class App;
}

namespace mesh::cli {

struct GlobalOptions;

struct CompileCommandOptions {
  std::vector<std::string> vars;       ///< `--var name=value`, in order
  std::vector<std::string> var_files;  ///< `--var-file FILE`, in order
};

/// Adds `--var` and `--var-file` to `command`.
void add_compile_options(CLI::App& command, CompileCommandOptions& options);

/// Compiles `globals.directory` (evaluating every node once), prints diagnostics to stderr.
/// `ok` is false when there were errors.
Compilation compile_for_command(const GlobalOptions& globals, const CompileCommandOptions& options,
                                SourceManager& sources, bool* ok);

}  // namespace mesh::cli
