/// `mesh workspace list|new|delete`: separate namespaces of state (e.g. one per pull request).

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/state_session.h"

namespace mesh::cli {
namespace {

struct WorkspaceOptions {
  std::string name;
  bool force = false;
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
    auto names = store->workspaces(&error);
    if (!names) {
      context.exit_code = report_error(error);
      return;
    }
    std::string current = context.globals.effective_workspace();
    for (const std::string& name : *names) {
      std::printf("%s %s\n", name == current ? "*" : " ", name.c_str());
    }
    context.exit_code = kExitOk;
  });

  cmd = workspace->add_subcommand("new", "Create an empty workspace");
  cmd->add_option("NAME", options->name, "Letters, digits, '-', '_', '.'")->required();
  cmd->footer(
      "Examples:\n  mesh workspace new pr-42\n  mesh workspace new staging --state "
      "postgres://mesh@db:5432/infra");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, options] {
    std::string error;
    auto store = open_state(context.globals, "mesh workspace new", true, &error);
    if (!store || !store->create_workspace(options->name, &error)) {
      context.exit_code = report_error(error);
      return;
    }
    std::printf("Created workspace %s.\n", options->name.c_str());
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
