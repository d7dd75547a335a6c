/// `mesh force-unlock LOCK_ID`: breaks a state lock whose holder is gone.

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/state_session.h"

namespace mesh::cli {

void add_force_unlock_command(CLI::App& app, CommandContext& context) {
  auto lock_id = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("force-unlock", "Break a state lock by its id");
  cmd->add_option("LOCK_ID", *lock_id, "The id printed in the lock message")->required();
  cmd->footer(
      "Only for a lock whose holder is gone: the lock message says when the holder's process\n"
      "no longer runs. On PostgreSQL, a live holder's session is terminated.\n"
      "\n"
      "Examples:\n"
      "  mesh force-unlock 3f2b9c1e-8d7a-4c39-9a51-0e6b2d4f7a10\n"
      "  mesh force-unlock 3f2b9c1e-8d7a-4c39-9a51-0e6b2d4f7a10 --state postgres://mesh@db/infra");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, lock_id] {
    std::string error;
    auto store = open_state(context.globals, "mesh force-unlock", false, &error);
    if (!store || !store->force_unlock(*lock_id, &error)) {
      context.exit_code = report_error(error);
      return;
    }
    std::printf("Lock %s broken.\n", lock_id->c_str());
    context.exit_code = kExitOk;
  });
}

}  // namespace mesh::cli
