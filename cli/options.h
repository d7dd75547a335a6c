#pragma once
/// Options every mesh command shares, filled by CLI11 in main.cc before a command runs.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mesh::cli {

struct GlobalOptions {
  std::string directory = ".";  ///< -C DIR: the configuration directory
  std::string workspace;        ///< -w NAME / MESH_WORKSPACE; "default" when empty
  std::string state_url;        ///< --state URL / MESH_STATE; .mesh/state.db when empty
  bool no_color = false;        ///< --no-color, or NO_COLOR set, or stdout not a TTY
  std::vector<std::string> policy_dirs;  ///< --policy-dir DIR (repeatable), then MESH_POLICY_PATH

  /// `--policy-dir` folders followed by the ':'-separated MESH_POLICY_PATH.
  std::vector<std::string> effective_policy_dirs() const;

  /// The workspace after applying the environment and the default.
  std::string effective_workspace() const;
  /// Whether to color output written to `fd`.
  bool color_for(int fd) const;
};

/// Adds `-C`, `-w`, `--state`, `--policy-dir` and `--no-color` to a (sub)command.
void add_global_options(CLI::App& command, GlobalOptions& options);

/// Exit codes (docs/cli.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,     ///< errors, including diagnostics in the configuration
  kExitChanges = 2,   ///< --detailed-exitcode: the plan has changes
  kExitUsage = 64,    ///< bad command-line usage
  kExitInterrupted = 130,
};

}  // namespace mesh::cli
