#include "cli/options.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>

namespace mesh::cli {

std::string GlobalOptions::effective_workspace() const {
  if (!workspace.empty()) return workspace;
  if (const char* env = std::getenv("MESH_WORKSPACE"); env && *env) return env;
  return "default";
}

bool GlobalOptions::color_for(int fd) const {
  if (no_color) return false;
  if (const char* env = std::getenv("NO_COLOR"); env && *env) return false;
  return isatty(fd) != 0;
}

void add_global_options(CLI::App& command, GlobalOptions& options) {
  command.add_option("-C,--directory", options.directory, "Configuration directory")
      ->option_text("DIR");
  command.add_option("-w,--workspace", options.workspace, "Workspace (default: $MESH_WORKSPACE or default)")
      ->option_text("NAME");
  command.add_option("--state", options.state_url,
                     "State URL: sqlite:///path/state.db or postgres://... (default: $MESH_STATE or "
                     ".mesh/state.db)")
      ->option_text("URL");
  command.add_flag("--no-color", options.no_color, "Disable colored output (NO_COLOR is honored too)");
}

}  // namespace mesh::cli
