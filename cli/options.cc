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

std::vector<std::string> GlobalOptions::effective_policy_dirs() const {
  std::vector<std::string> dirs = policy_dirs;
  if (const char* env = std::getenv("MESH_POLICY_PATH"); env && *env) {
    std::string path = env;
    for (size_t start = 0; start <= path.size();) {
      size_t colon = path.find(':', start);
      if (colon == std::string::npos) colon = path.size();
      if (colon > start) dirs.push_back(path.substr(start, colon - start));
      start = colon + 1;
    }
  }
  return dirs;
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
  command
      .add_option("--policy-dir", options.policy_dirs,
                  "Central policies: every .mesh file of DIR (repeatable; also $MESH_POLICY_PATH)")
      ->option_text("DIR");
  command.add_flag("--no-color", options.no_color, "Disable colored output (NO_COLOR is honored too)");
}

}  // namespace mesh::cli
