/// `mesh destroy`: plan the destruction of every instance of the workspace, approve, execute.

#include <CLI/CLI.hpp>

#include "cli/apply_flow.h"
#include "cli/commands.h"

namespace mesh::cli {

void add_destroy_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ApplyCommandOptions>();
  options->destroy = true;
  CLI::App* cmd = app.add_subcommand("destroy", "Destroy every resource of the workspace");
  cmd->footer(
      "Dependents are destroyed before what they depend on. Instances with\n"
      "lifecycle.prevent_destroy refuse the whole plan.\n\n"
      "Examples:\n"
      "  mesh destroy\n"
      "  mesh destroy --auto-approve -w pr-42\n"
      "  mesh destroy --target 'mesh_data.x'");
  add_apply_options(*cmd, *options, context.globals);
  cmd->callback([&context, options] { context.exit_code = run_apply(context.globals, *options); });
}

}  // namespace mesh::cli
