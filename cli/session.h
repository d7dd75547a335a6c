#pragma once
/// The run context that `mesh plan`, `mesh apply`, `mesh destroy` and `mesh show` share: the
/// configuration compiled with its variables, the state store and the workspace's snapshot,
/// and the configured providers. One call builds it all and reports every problem located.
///
///   SessionOptions options;           // --var / --var-file, what the command needs
///   auto session = open_session(context.globals, options);
///   if (!session) return kExitError;  // diagnostics already printed
///   plan::make_plan(session->graph(), session->snapshot, *session->providers, …);

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/compile.h"
#include "core/diagnostics.h"
#include "core/source.h"
#include "providers/registry.h"
#include "state/store.h"

namespace CLI {
class App;
}

namespace mesh::cli {

struct GlobalOptions;

struct SessionOptions {
  std::vector<std::string> vars;       ///< `--var name=value`, in order
  std::vector<std::string> var_files;  ///< `--var-file FILE`, in order
  /// Values that rank below `--var` (a saved plan's non-sensitive variables at apply):
  /// name → value text as `--var` takes it.
  std::vector<std::pair<std::string, std::string>> preset_vars;
  std::string command = "mesh plan";  ///< recorded on locks and state history
  /// Create the state file when missing (apply). Without it a missing SQLite file is an empty
  /// state and nothing is written.
  bool create_state = false;
};

struct Session {
  SourceManager sources;
  ProviderRegistry registry;
  Compilation compilation;                   ///< config + graph
  std::unique_ptr<state::StateStore> store;  ///< null when no state file exists yet (plan)
  std::string workspace;
  state::Snapshot snapshot;                ///< empty (exists = false) for a new workspace
  std::unique_ptr<ProviderSet> providers;  ///< configured from the `provider` blocks
  Diagnostics warnings;                    ///< printed already; kept for tests

  const ResourceGraph& graph() const { return *compilation.graph; }
};

/// Compiles `globals.directory`, opens the state and reads the workspace snapshot, configures
/// the providers. Prints diagnostics (warnings too) to stderr, colored when stderr is a TTY;
/// returns null on any error.
std::unique_ptr<Session> open_session(const GlobalOptions& globals, const SessionOptions& options);

/// Adds `--var name=value` and `--var-file FILE` (repeatable) to a command.
void add_variable_options(CLI::App& command, SessionOptions& options);

/// Prints diagnostics like the compiler does (file:line:col, source line, caret); color when
/// stderr is a TTY and color is allowed.
void print_diagnostics(const Diagnostics& diagnostics, const SourceManager& sources,
                       const GlobalOptions& globals);

}  // namespace mesh::cli
