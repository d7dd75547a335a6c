/// `mesh gc`: destroys what outlived its `ttl` — the expired instances of a workspace (or of
/// every workspace) and, first, whatever depends on them — through the destroy flow of
/// `mesh destroy` limited to them (planner targets: a destroy plan adds the dependents).

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/apply_flow.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/session.h"
#include "cli/state_session.h"
#include "planner/planner.h"
#include "planner/render_human.h"

namespace mesh::cli {
namespace {

struct GcOptions {
  ApplyCommandOptions apply;
  bool all_workspaces = false;
  bool dry_run = false;
};

/// Addresses of the instances of `workspace` whose expiry is at or before `now`.
std::optional<std::vector<std::string>> expired_in(state::StateStore& store,
                                                   const std::string& workspace, int64_t now,
                                                   std::string* error) {
  std::optional<state::Snapshot> snapshot = store.snapshot(workspace, error);
  if (!snapshot) return std::nullopt;
  std::vector<std::string> out;
  for (const state::ResourceRecord& r : snapshot->resources)
    if (r.expires_at && *r.expires_at <= now) out.push_back(r.address);
  return out;
}

int dry_run(const GlobalOptions& globals, GcOptions& options) {
  std::unique_ptr<Session> session = open_session(globals, options.apply.session);
  if (!session) return kExitError;
  plan::PlanOptions plan_options;
  plan_options.destroy = true;
  plan_options.targets = options.apply.targets;
  plan_options.refresh = false;
  Diagnostics diagnostics;
  std::optional<plan::Plan> planned = plan::make_plan(
      session->graph(), session->snapshot, *session->providers, plan_options, diagnostics);
  print_diagnostics(diagnostics, session->sources, globals);
  if (!planned) return kExitError;
  plan::HumanOptions human;
  human.color = globals.color_for(1);
  std::fputs(plan::render_human(*planned, human).c_str(), stdout);
  return kExitOk;
}

int run_gc(const GlobalOptions& globals, GcOptions& options) {
  std::string error;
  std::unique_ptr<state::StateStore> store = open_state(globals, "mesh gc", false, &error);
  if (!store) {
    if (error.rfind("no state file at ", 0) == 0) {
      std::printf("Nothing has expired (no state yet).\n");
      return kExitOk;
    }
    return report_error(error);
  }
  std::vector<std::string> workspaces = {globals.effective_workspace()};
  if (options.all_workspaces) {
    std::optional<std::vector<std::string>> all = store->workspaces(&error);
    if (!all) return report_error(error);
    workspaces = *all;
  }
  const int64_t now = plan::current_time();
  std::vector<std::pair<std::string, std::vector<std::string>>> work;
  for (const std::string& ws : workspaces) {
    std::optional<std::vector<std::string>> expired = expired_in(*store, ws, now, &error);
    if (!expired) return report_error(error);
    if (!expired->empty()) work.emplace_back(ws, std::move(*expired));
  }
  store.reset();  // the destroy flow opens and locks the store itself
  if (work.empty()) {
    std::printf("Nothing has expired.\n");
    return kExitOk;
  }
  int code = kExitOk;
  for (auto& [ws, expired] : work) {
    std::printf("Workspace %s: %zu expired instance%s:\n", ws.c_str(), expired.size(),
                expired.size() == 1 ? "" : "s");
    for (const std::string& a : expired) std::printf("  %s\n", a.c_str());
    std::printf("\n");
    std::fflush(stdout);
    GlobalOptions scoped = globals;
    scoped.workspace = ws;
    GcOptions one = options;
    one.apply.destroy = true;
    one.apply.targets = expired;
    one.apply.session.command = "mesh gc";
    int result = options.dry_run ? dry_run(scoped, one) : run_apply(scoped, one.apply);
    if (result != kExitOk) code = result;
    if (result == kExitInterrupted) break;
  }
  return code;
}

}  // namespace

void add_gc_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<GcOptions>();
  CLI::App* cmd = app.add_subcommand("gc", "Destroy what outlived its ttl");
  cmd->add_flag("--auto-approve", options->apply.auto_approve, "Do not ask for approval");
  cmd->add_flag("--all-workspaces", options->all_workspaces,
                "Collect in every workspace of the state, not only -w");
  cmd->add_flag("--dry-run", options->dry_run, "Print the destroy plan only");
  cmd->add_option("--parallelism", options->apply.parallelism,
                  "How many operations run at once (default: 10)")
      ->option_text("N")
      ->check(CLI::Range(1u, 10000u));
  add_lock_timeout_option(*cmd, options->apply.lock_timeout);
  add_variable_options(*cmd, options->apply.session);
  add_global_options(*cmd, context.globals);
  cmd->footer(
      "Finds the instances whose ttl ran out (their expires_at is recorded in state) and\n"
      "destroys them, dependents first, like `mesh destroy --target` over the expired set.\n"
      "Meant for cron and CI. MESH_NOW (Unix seconds) overrides the clock.\n"
      "\n"
      "Examples:\n"
      "  mesh gc --dry-run\n"
      "  mesh gc --auto-approve --all-workspaces\n"
      "  MESH_NOW=$(date -d '+1 day' +%s) mesh gc --dry-run   # what expires by tomorrow");
  cmd->callback([&context, options] { context.exit_code = run_gc(context.globals, *options); });
}

}  // namespace mesh::cli
