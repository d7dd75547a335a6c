/// `mesh workspace list|new|delete`: separate namespaces of state (e.g. one per pull request).

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/apply_flow.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/state_session.h"
#include "planner/planner.h"

namespace mesh::cli {
namespace {

struct WorkspaceOptions {
  std::string name;
  bool force = false;
  std::string ttl;
};

}  // namespace

void add_workspace_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<WorkspaceOptions>();
  CLI::App* workspace = app.add_subcommand("workspace", "List, create and delete workspaces");
  workspace->require_subcommand(1);
  workspace->footer(
      "Every command takes -w NAME (or $MESH_WORKSPACE) to pick a workspace; the default one\n"
      "is `default`.\n"
      "\n"
      "Examples:\n"
      "  mesh workspace new pr-42 && mesh apply -w pr-42\n"
      "  mesh workspace list\n"
      "  mesh workspace delete pr-42");

  CLI::App* cmd = workspace->add_subcommand("list", "List workspaces (* marks the current one)");
  cmd->footer("Examples:\n  mesh workspace list\n  MESH_WORKSPACE=pr-42 mesh workspace list");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context] {
    std::string error;
    auto store = open_state(context.globals, "mesh workspace list", false, &error);
    if (!store) {
      context.exit_code = report_error(error);
      return;
    }
    auto infos = store->workspace_infos(&error);
    if (!infos) {
      context.exit_code = report_error(error);
      return;
    }
    std::string current = context.globals.effective_workspace();
    const int64_t now = plan::current_time();
    for (const state::WorkspaceInfo& w : *infos) {
      std::string line = std::string(w.name == current ? "* " : "  ") + w.name;
      if (w.expires_at) line += "  " + workspace_expiry_phrase(*w.expires_at, now);
      std::printf("%s\n", line.c_str());
    }
    context.exit_code = kExitOk;
  });

  cmd = workspace->add_subcommand("new", "Create an empty workspace");
  cmd->add_option("NAME", options->name, "Letters, digits, '-', '_', '.'")->required();
  cmd->add_option("--ttl", options->ttl,
                  "The workspace expires this long from now (e.g. 24h, 7d): `mesh gc` then "
                  "destroys what it holds and deletes it")
      ->option_text("DURATION");
  cmd->footer(
      "Examples:\n  mesh workspace new pr-42\n  mesh workspace new pr-42 --ttl 24h\n"
      "  mesh workspace new staging --state postgres://mesh@db:5432/infra");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, options] {
    std::string error;
    WorkspaceTtl ttl;
    if (!parse_workspace_ttl(options->ttl, options->name, &ttl, &error)) {
      context.exit_code = report_error(error);
      return;
    }
    if (ttl.given && !ttl.ttl_ms) {
      context.exit_code = report_error("--ttl none: a new workspace has no expiry to clear");
      return;
    }
    auto store = open_state(context.globals, "mesh workspace new", true, &error);
    if (!store || !store->create_workspace(options->name, &error)) {
      context.exit_code = report_error(error);
      return;
    }
    if (ttl.ttl_ms) {
      const int64_t expires_at = plan::current_time() + (*ttl.ttl_ms + 999) / 1000;
      std::unique_ptr<state::StateLock> lock =
          lock_state(*store, options->name, std::chrono::milliseconds(0), &error);
      if (!lock || !store->set_workspace_expiry(options->name, expires_at, &error)) {
        context.exit_code = report_error(error);
        return;
      }
      std::printf("Created workspace %s; it %s.\n", options->name.c_str(),
                  workspace_expiry_phrase(expires_at, plan::current_time()).c_str());
    } else {
      std::printf("Created workspace %s.\n", options->name.c_str());
    }
    context.exit_code = kExitOk;
  });

  cmd = workspace->add_subcommand("delete", "Delete a workspace and its history");
  cmd->add_option("NAME", options->name, "Workspace to delete")->required();
  cmd->add_flag("--force", options->force,
                "Delete even if it still has resources (they are forgotten, not destroyed)");
  cmd->footer(
      "Refuses a workspace that still has resources (run `mesh destroy -w NAME` first) unless\n"
      "--force, and a workspace whose lock is held.\n"
      "\n"
      "Examples:\n"
      "  mesh workspace delete pr-42\n"
      "  mesh workspace delete pr-42 --force");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, options] {
    std::string error;
    auto store = open_state(context.globals, "mesh workspace delete", false, &error);
    if (!store || !store->delete_workspace(options->name, options->force, &error)) {
      context.exit_code = report_error(error);
      return;
    }
    std::printf("Deleted workspace %s.\n", options->name.c_str());
    context.exit_code = kExitOk;
  });
}

}  // namespace mesh::cli
