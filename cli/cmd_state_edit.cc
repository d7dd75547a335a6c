/// `mesh state rm|mv|import`: edits of the recorded state. Each takes the workspace lock.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/options.h"
#include "cli/state_session.h"

namespace mesh::cli {
namespace {

struct EditOptions {
  std::vector<std::string> addresses;
  std::string from;
  std::string to;
  std::string file;
  std::string lock_timeout;
};

/// Opens the store and takes the lock of the command's workspace; on failure sets the exit
/// code and returns false.
bool open_locked(CommandContext& context, const std::string& command, bool create,
                 const std::string& lock_timeout, std::unique_ptr<state::StateStore>* store,
                 std::unique_ptr<state::StateLock>* lock) {
  std::chrono::milliseconds timeout;
  if (!parse_lock_timeout(lock_timeout, &timeout)) {
    context.exit_code =
        report_error("invalid --lock-timeout " + lock_timeout + " (use e.g. 30s, 500ms, 2m)");
    return false;
  }
  std::string error;
  *store = open_state(context.globals, command, create, &error);
  if (!*store) {
    context.exit_code = report_error(error);
    return false;
  }
  *lock = lock_state(**store, context.globals.effective_workspace(), timeout, &error);
  if (!*lock) {
    context.exit_code =
        interrupted() ? (report_error(error), kExitInterrupted) : report_error(error);
    return false;
  }
  return true;
}

}  // namespace

void add_state_edit_commands(CLI::App& state, CommandContext& context) {
  auto options = std::make_shared<EditOptions>();

  // --- rm
  CLI::App* cmd = state.add_subcommand("rm", "Forget resource instances (nothing is destroyed)");
  cmd->add_option("ADDRESS", options->addresses,
                  "Instance address, or a resource address to forget all its instances")
      ->required();
  add_lock_timeout_option(*cmd, options->lock_timeout);
  cmd->footer(
      "The real infrastructure is left as it is; mesh stops managing it. Each removal is\n"
      "recorded in `mesh state history`.\n"
      "\n"
      "Examples:\n"
      "  mesh state rm local_file.readme\n"
      "  mesh state rm 'postgres_schema.orders[\"v1\"]' 'postgres_schema.orders[\"v2\"]'\n"
      "  mesh state rm postgres_schema.orders    # every instance");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, options] {
    std::unique_ptr<state::StateStore> store;
    std::unique_ptr<state::StateLock> lock;
    if (!open_locked(context, "mesh state rm", false, options->lock_timeout, &store, &lock)) return;
    std::string error;
    auto removed = store->remove(context.globals.effective_workspace(), options->addresses, &error);
    if (!removed) {
      context.exit_code = report_error(error);
      return;
    }
    std::printf(
        "Removed %zu resource instance%s from state (workspace %s). Nothing was "
        "destroyed.\n",
        *removed, *removed == 1 ? "" : "s", context.globals.effective_workspace().c_str());
    context.exit_code = interrupted() ? kExitInterrupted : kExitOk;
  });

  // --- mv
  cmd = state.add_subcommand("mv", "Rename a resource instance (or all instances of a resource)");
  cmd->add_option("FROM", options->from, "Current address")->required();
  cmd->add_option("TO", options->to, "New address")->required();
  add_lock_timeout_option(*cmd, options->lock_timeout);
  cmd->footer(
      "Use after renaming a block, so the next plan does not destroy and recreate it.\n"
      "\n"
      "Examples:\n"
      "  mesh state mv local_file.old local_file.new\n"
      "  mesh state mv 'postgres_schema.s[\"a\"]' 'postgres_schema.s[\"b\"]'\n"
      "  mesh state mv postgres_schema.orders data_product.orders.postgres_schema.port");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, options] {
    std::unique_ptr<state::StateStore> store;
    std::unique_ptr<state::StateLock> lock;
    if (!open_locked(context, "mesh state mv", false, options->lock_timeout, &store, &lock)) return;
    std::string error;
    auto moved =
        store->move(context.globals.effective_workspace(), options->from, options->to, &error);
    if (!moved) {
      context.exit_code = report_error(error);
      return;
    }
    std::printf("Moved %s to %s (%zu instance%s).\n", options->from.c_str(), options->to.c_str(),
                *moved, *moved == 1 ? "" : "s");
    context.exit_code = interrupted() ? kExitInterrupted : kExitOk;
  });

  // --- import
  cmd = state.add_subcommand("import", "Restore a workspace from a `mesh state export` file");
  cmd->add_option("FILE", options->file, "Export file (JSON)")->required();
  add_lock_timeout_option(*cmd, options->lock_timeout);
  cmd->footer(
      "The target workspace must be new or empty. Lineage, serial, resources, outputs and\n"
      "history are restored as exported, so saved plans stay valid against the copy. Use it\n"
      "to move state between backends.\n"
      "\n"
      "Examples:\n"
      "  mesh state import backup.json -w restored\n"
      "  mesh state export -o s.json && mesh state import s.json --state postgres://mesh@db/infra");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, options] {
    std::ifstream in(options->file, std::ios::binary);
    if (!in) {
      context.exit_code = report_error("cannot read " + options->file);
      return;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::unique_ptr<state::StateStore> store;
    std::unique_ptr<state::StateLock> lock;
    if (!open_locked(context, "mesh state import", true, options->lock_timeout, &store, &lock)) {
      return;
    }
    std::string workspace = context.globals.effective_workspace();
    std::string error;
    if (!store->import_json(workspace, text.str(), &error)) {
      context.exit_code = report_error(options->file + ": " + error);
      return;
    }
    auto snap = store->snapshot(workspace, &error);
    if (!snap) {
      context.exit_code = report_error(error);
      return;
    }
    std::printf(
        "Imported %zu resource instance%s and %zu output%s into workspace %s (lineage %s, "
        "serial %lld).\n",
        snap->resources.size(), snap->resources.size() == 1 ? "" : "s", snap->outputs.size(),
        snap->outputs.size() == 1 ? "" : "s", workspace.c_str(), snap->lineage.c_str(),
        static_cast<long long>(snap->serial));
    context.exit_code = interrupted() ? kExitInterrupted : kExitOk;
  });
}

}  // namespace mesh::cli
