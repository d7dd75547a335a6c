#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"

#ifndef MESH_VERSION
#define MESH_VERSION "0.0.0"
#endif

namespace mesh::cli {

void add_version_command(CLI::App& app, CommandContext& context) {
  CLI::App* cmd = app.add_subcommand("version", "Print the mesh version");
  cmd->callback([&context] {
    std::printf("mesh %s\n", MESH_VERSION);
    context.exit_code = 0;
  });
}

}  // namespace mesh::cli
