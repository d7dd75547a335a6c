/// `mesh gc`: destroys what outlived its `ttl` — the expired instances of a workspace (or of
/// every workspace) and, first, whatever depends on them — through the destroy flow of
/// `mesh destroy` limited to them (planner targets: a destroy plan adds the dependents).
/// A workspace whose own ttl ran out (`mesh apply --ttl`) is destroyed whole, then deleted.

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

/// What gc collects in one workspace.
struct Collect {
  std::string workspace;
  std::vector<std::string> expired;  ///< instance addresses (all of them when `whole`)
  bool whole = false;                ///< the workspace itself expired: destroy all, then delete
  int64_t expires_at = 0;            ///< the workspace's expiry, when `whole`
};

/// What expired in `workspace` at `now`: the instances whose expiry is at or before it, or
/// every instance when the workspace's own expiry is. Nothing to do: `expired` empty and not
/// `whole`.
std::optional<Collect> expired_in(state::StateStore& store, const std::string& workspace,
                                  int64_t now, std::string* error) {
  std::optional<state::Snapshot> snapshot = store.snapshot(workspace, error);
  if (!snapshot) return std::nullopt;
  Collect out;
  out.workspace = workspace;
  out.whole = plan::workspace_expired(*snapshot, now);
  if (out.whole) out.expires_at = *snapshot->expires_at;
  for (const state::ResourceRecord& r : snapshot->resources)
    if (out.whole || (r.expires_at && *r.expires_at <= now)) out.expired.push_back(r.address);
  return out;
}

/// Deletes an expired workspace once it is empty (after its destroy). Checked again here: an
/// apply with a new --ttl, or new resources, since the destroy keep it. The store refuses a
/// workspace whose lock is held.
int delete_expired(const GlobalOptions& globals, const std::string& workspace, int64_t now) {
  std::string error;
  std::unique_ptr<state::StateStore> store = open_state(globals, "mesh gc", false, &error);
  if (!store) return report_error(error);
  std::optional<state::Snapshot> snapshot = store->snapshot(workspace, &error);
  if (!snapshot) return report_error(error);
  if (!snapshot->exists) return kExitOk;
  if (!plan::workspace_expired(*snapshot, now)) {
    std::printf("Workspace %s no longer expires now: kept.\n", workspace.c_str());
    return kExitOk;
  }
  if (!snapshot->resources.empty()) {
    return report_error("workspace " + workspace + " expired but still holds " +
                        std::to_string(snapshot->resources.size()) +
                        " instance(s) after gc: not deleted");
  }
  if (!store->delete_workspace(workspace, false, &error)) return report_error(error);
  std::printf("Deleted expired workspace %s.\n", workspace.c_str());
  return kExitOk;
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
  std::vector<Collect> work;
  for (const std::string& ws : workspaces) {
    std::optional<Collect> found = expired_in(*store, ws, now, &error);
    if (!found) return report_error(error);
    if (found->whole || !found->expired.empty()) work.push_back(std::move(*found));
  }
  store.reset();  // the destroy flow opens and locks the store itself
  if (work.empty()) {
    std::printf("Nothing has expired.\n");
    return kExitOk;
  }
  int code = kExitOk;
  for (const Collect& c : work) {
    const std::string& ws = c.workspace;
    const size_t n = c.expired.size();
    if (c.whole) {
      std::printf("Workspace %s %s: all its %zu instance%s expire with it%s\n", ws.c_str(),
                  workspace_expiry_phrase(c.expires_at, now).c_str(), n, n == 1 ? "" : "s",
                  n == 0 ? "." : ":");
    } else {
      std::printf("Workspace %s: %zu expired instance%s:\n", ws.c_str(), n, n == 1 ? "" : "s");
    }
    for (const std::string& a : c.expired) std::printf("  %s\n", a.c_str());
    std::printf("\n");
    std::fflush(stdout);
    GlobalOptions scoped = globals;
    scoped.workspace = ws;
    int result = kExitOk;
    if (n > 0) {
      GcOptions one = options;
      one.apply.destroy = true;
      // A whole workspace: a plain destroy plan (no --target lines), dependents included.
      one.apply.targets = c.whole ? std::vector<std::string>() : c.expired;
      one.apply.session.command = "mesh gc";
      result = options.dry_run ? dry_run(scoped, one) : run_apply(scoped, one.apply);
    }
    if (c.whole && result == kExitOk) {
      if (options.dry_run) {
        std::printf("%sWorkspace %s would then be deleted.\n", n > 0 ? "\n" : "", ws.c_str());
      } else {
        result = delete_expired(scoped, ws, now);
      }
    }
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
      "A workspace whose own ttl ran out (`mesh apply -w NAME --ttl 24h`) is destroyed whole\n"
      "and then deleted. --dry-run prints the plans and changes nothing.\n"
      "Meant for cron and CI. MESH_NOW (Unix seconds) overrides the clock.\n"
      "\n"
      "Examples:\n"
      "  mesh gc --dry-run\n"
      "  mesh gc --auto-approve --all-workspaces\n"
      "  MESH_NOW=$(date -d '+1 day' +%s) mesh gc --dry-run   # what expires by tomorrow");
  cmd->callback([&context, options] { context.exit_code = run_gc(context.globals, *options); });
}

}  // namespace mesh::cli
