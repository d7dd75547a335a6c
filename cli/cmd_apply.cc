/// `mesh apply [PLANFILE]`: plan (or load a saved plan), approve, execute.

#include <CLI/CLI.hpp>

#include "cli/apply_flow.h"
#include "cli/commands.h"

namespace mesh::cli {

void add_apply_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ApplyCommandOptions>();
  CLI::App* cmd = app.add_subcommand("apply", "Make the infrastructure match the configuration");
  cmd->footer(
      "Without PLANFILE, makes a plan, shows it and asks for approval ('yes'); stdin must be a\n"
      "terminal unless --auto-approve is given. With PLANFILE (from `mesh plan --out`), applies\n"
      "that plan if state and configuration are unchanged since it was made.\n"
      "Every result is recorded in state as it happens. Ctrl-C finishes what is in flight and\n"
      "exits 130; a second Ctrl-C aborts it.\n\n"
      "Examples:\n"
      "  mesh apply\n"
      "  mesh apply --auto-approve --var env=prod --parallelism 20\n"
      "  mesh plan --out plan.json && mesh apply plan.json\n"
      "  mesh apply -w pr-42 --ttl 24h --auto-approve   # `mesh gc` destroys it after a day\n"
      "  mesh apply -w pr-42 --ttl none                 # it no longer expires");
  cmd->add_option("PLANFILE", options->plan_file, "A plan saved by `mesh plan --out`");
  add_apply_options(*cmd, *options, context.globals);
  cmd->callback([&context, options] { context.exit_code = run_apply(context.globals, *options); });
}

}  // namespace mesh::cli
