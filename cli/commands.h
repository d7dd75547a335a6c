#pragma once
/// One function per top-level command: each registers its subcommand, its options and its
/// callback on the root app. The callback sets `exit_code`.

namespace CLI {
class App;
}

namespace mesh::cli {

struct GlobalOptions;

struct CommandContext {
  GlobalOptions& globals;
  int& exit_code;
};

void add_version_command(CLI::App& app, CommandContext& context);
void add_validate_command(CLI::App& app, CommandContext& context);
void add_fmt_command(CLI::App& app, CommandContext& context);
void add_graph_command(CLI::App& app, CommandContext& context);
void add_console_command(CLI::App& app, CommandContext& context);
// State (cmd_state*.cc, cmd_output.cc, cmd_workspace.cc, cmd_force_unlock.cc).
void add_state_command(CLI::App& app, CommandContext& context);
void add_output_command(CLI::App& app, CommandContext& context);
void add_workspace_command(CLI::App& app, CommandContext& context);
void add_force_unlock_command(CLI::App& app, CommandContext& context);
// Plans (cmd_plan.cc, cmd_show.cc).
void add_plan_command(CLI::App& app, CommandContext& context);
void add_show_command(CLI::App& app, CommandContext& context);
// Apply (cmd_apply.cc, cmd_destroy.cc over apply_flow.cc) and help.
void add_apply_command(CLI::App& app, CommandContext& context);
void add_destroy_command(CLI::App& app, CommandContext& context);
// Expired instances (cmd_gc.cc).
void add_gc_command(CLI::App& app, CommandContext& context);
// Adopting existing objects (cmd_import.cc).
void add_import_command(CLI::App& app, CommandContext& context);
// Policies (cmd_policy.cc).
void add_policy_command(CLI::App& app, CommandContext& context);
void add_help_command(CLI::App& app, CommandContext& context);

}  // namespace mesh::cli
