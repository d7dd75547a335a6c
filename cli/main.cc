/// The mesh command: parses the command line with CLI11 and dispatches to one command.

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/options.h"

int main(int argc, char** argv) {
  using namespace mesh::cli;
  CLI::App app{"mesh: declarative infrastructure for self-service data platforms", "mesh"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.footer("Run `mesh COMMAND --help` for a command's options and examples.");

  GlobalOptions globals;
  int exit_code = kExitOk;
  CommandContext context{globals, exit_code};
  add_version_command(app, context);
  add_validate_command(app, context);
  add_fmt_command(app, context);
  add_graph_command(app, context);
  add_console_command(app, context);
  add_state_command(app, context);
  add_output_command(app, context);
  add_workspace_command(app, context);
  add_force_unlock_command(app, context);
  add_plan_command(app, context);
  add_show_command(app, context);
  add_apply_command(app, context);
  add_destroy_command(app, context);
  add_gc_command(app, context);
  add_import_command(app, context);
  add_policy_command(app, context);
  add_help_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  std::fflush(stdout);
  return exit_code;
}
