#include "cli/apply_flow.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/apply_signals.h"
#include "cli/interrupt.h"
#include "cli/options.h"
#include "cli/policy_check.h"
#include "cli/policy_gate.h"
#include "cli/state_session.h"
#include "core/duration.h"
#include "core/value_display.h"
#include "core/value_json.h"
#include "executor/executor.h"
#include "planner/describe.h"
#include "planner/digest.h"
#include "planner/plan_file.h"
#include "planner/planner.h"
#include "planner/render_human.h"
#include "planner/state_values.h"

namespace mesh::cli {
namespace {

/// A saved plan's variable value as `--var` reads it back.
std::string variable_text(const Value& value) {
  return value.is_string() ? quote_string(value.as_string()) : to_inline_string(value);
}

/// kExitOk when approved, else the exit code: refused (1) or interrupted at the prompt (130).
int approval(const ApplyCommandOptions& options) {
  if (options.auto_approve) return kExitOk;
  std::fflush(stdout);
  if (!isatty(STDIN_FILENO)) {
    std::fprintf(stderr,
                 "error: refusing to %s without --auto-approve: standard input is not a "
                 "terminal, so nobody can answer the question\n",
                 options.destroy ? "destroy" : "apply");
    return kExitError;
  }
  std::printf("\n%s Only 'yes' will be accepted: ",
              options.destroy ? "Do you really want to destroy all resources?"
                              : "Do you want to perform these actions?");
  std::fflush(stdout);
  std::string answer;
  if (!std::getline(std::cin, answer) || answer != "yes") {
    std::printf("\n%s cancelled.\n", options.destroy ? "Destroy" : "Apply");
    return interrupted() ? kExitInterrupted : kExitError;
  }
  std::printf("\n");
  return kExitOk;
}

std::string location(const SourceRange& range, const SourceManager& sources) {
  if (!range.valid() || range.file >= sources.size()) return "";
  return sources.path(range.file) + ":" + std::to_string(range.begin.line) + ":" +
         std::to_string(range.begin.column);
}

std::string counts(const exec::ApplyResult& r, bool destroy) {
  if (destroy) return "Resources: " + std::to_string(r.destroyed) + " destroyed.";
  return "Resources: " + std::to_string(r.added) + " added, " + std::to_string(r.changed) +
         " changed, " + std::to_string(r.replaced) + " replaced, " + std::to_string(r.destroyed) +
         " destroyed.";
}

/// Failures with their provider error and source location, then what was skipped.
void print_problems(const exec::ApplyResult& r, const SourceManager& sources) {
  std::fflush(stdout);
  for (const exec::Failure& f : r.failures) {
    std::string where = location(f.range, sources);
    std::fprintf(stderr, "\nerror: %s: %s\n", f.address.c_str(), f.message.c_str());
    if (!where.empty()) std::fprintf(stderr, "  --> %s\n", where.c_str());
  }
  if (!r.skipped.empty()) {
    std::fprintf(stderr, "\nSkipped because a dependency failed (%zu):\n", r.skipped.size());
    for (const std::string& a : r.skipped) std::fprintf(stderr, "  %s\n", a.c_str());
  }
  if (!r.not_started.empty()) {
    std::fprintf(stderr, "\nNot started because of the interrupt (%zu):\n", r.not_started.size());
    for (const std::string& a : r.not_started) std::fprintf(stderr, "  %s\n", a.c_str());
  }
  if (!r.error.empty()) std::fprintf(stderr, "\nerror: %s\n", r.error.c_str());
}

/// The root outputs as recorded after the apply (sensitive ones redacted).
void print_outputs(state::StateStore& store, const std::string& workspace) {
  std::string error;
  std::optional<state::Snapshot> snapshot = store.snapshot(workspace, &error);
  if (!snapshot || snapshot->outputs.empty()) return;
  std::printf("\nOutputs:\n\n");
  for (const state::OutputRecord& o : snapshot->outputs) {
    std::optional<Value> v = plan::output_value(o, &error);
    if (!v) continue;
    DisplayOptions display;
    std::printf("%s = %s\n", o.name.c_str(), to_display_string(*v, display).c_str());
  }
}

bool has_work(const plan::Plan& p) {
  if (!p.summary().empty()) return true;
  for (const plan::OutputChange& o : p.outputs)
    if (o.action != plan::Action::NoOp) return true;
  for (const plan::ResourceChange& c : p.changes)
    if (c.prevent_destroy != c.prior_prevent_destroy || c.expires_at != c.prior_expires_at)
      return true;
  return p.workspace_expires_at != p.prior_workspace_expires_at;
}

}  // namespace

void add_workspace_ttl_option(CLI::App& command, std::string& value) {
  command
      .add_option("--ttl", value,
                  "The workspace expires this long from now (e.g. 8h, 24h, 7d); `mesh gc` then "
                  "destroys it. --ttl none clears it; without --ttl the expiry is kept")
      ->option_text("DURATION|none");
}

bool parse_workspace_ttl(const std::string& text, const std::string& workspace, WorkspaceTtl* out,
                         std::string* error) {
  *out = WorkspaceTtl{};
  if (text.empty()) return true;
  out->given = true;
  if (text == "none") return true;
  std::optional<int64_t> ms = parse_duration(text);
  if (!ms || *ms <= 0) {
    *error = "--ttl " + text + ": expected a positive duration like 30m, 24h or 7d, or none";
    return false;
  }
  if (workspace == "default") {
    *error = "--ttl: the default workspace cannot expire; give the ephemeral one a name (-w NAME)";
    return false;
  }
  out->ttl_ms = *ms;
  return true;
}

std::string workspace_expiry_phrase(int64_t expires_at, int64_t now) {
  return plan::expiry_text(expires_at, now) + " (" + format_time(expires_at) + ")";
}

void add_apply_options(CLI::App& command, ApplyCommandOptions& options, GlobalOptions& globals) {
  add_global_options(command, globals);
  add_variable_options(command, options.session);
  add_lock_timeout_option(command, options.lock_timeout);
  command.add_flag("--auto-approve", options.auto_approve,
                   "Skip the interactive approval (required when stdin is not a terminal)");
  command
      .add_option("--target", options.targets,
                  "Limit to this instance and what it depends on (repeatable)")
      ->option_text("ADDRESS");
  if (!options.destroy) {
    command.add_option("--replace", options.replace, "Force replacement of this instance")
        ->option_text("ADDRESS");
    add_workspace_ttl_option(command, options.ttl);
  }
  command
      .add_flag("--refresh", options.refresh,
                "Read every instance from its provider before planning (default: on when a "
                "provider can read); --refresh=false skips it")
      ->each([&options](const std::string&) { options.refresh_set = true; });
  command
      .add_option("--parallelism", options.parallelism,
                  "How many operations run at once (default: 10)")
      ->option_text("N")
      ->check(CLI::Range(1u, 10000u));
}

int run_apply(const GlobalOptions& globals, ApplyCommandOptions& options) {
  const char* verb = options.destroy ? "destroy" : "apply";
  std::chrono::milliseconds lock_timeout{0};
  if (!parse_lock_timeout(options.lock_timeout, &lock_timeout))
    return report_error("--lock-timeout " + options.lock_timeout + ": expected e.g. 30s or 500ms");

  WorkspaceTtl ttl;
  {
    std::string error;
    if (!parse_workspace_ttl(options.ttl, globals.effective_workspace(), &ttl, &error))
      return report_error(error);
  }
  if (ttl.given && !options.plan_file.empty())
    return report_error("--ttl cannot change a saved plan: pass --ttl to `mesh plan --out`");
  std::optional<plan::SavedPlan> saved;
  if (!options.plan_file.empty()) {
    std::string error;
    saved = plan::read_plan_file(options.plan_file, &error);
    if (!saved) return report_error(error);
    for (const auto& [name, value] : saved->variables)
      options.session.preset_vars.emplace_back(name, variable_text(value));
  }
  options.session.command = std::string("mesh ") + verb;
  options.session.create_state = true;
  install_interrupt_handlers();
  std::unique_ptr<Session> session = open_session(globals, options.session);
  if (!session) return kExitError;
  if (interrupted()) return kExitInterrupted;

  std::string error;
  std::unique_ptr<state::StateLock> lock =
      lock_state(*session->store, session->workspace, lock_timeout, &error);
  if (!lock) return interrupted() ? kExitInterrupted : report_error(error);
  // The plan must be made against the state as it is now that nobody else can change it.
  std::optional<state::Snapshot> snapshot = session->store->snapshot(session->workspace, &error);
  if (!snapshot) return report_error(error);
  session->snapshot = std::move(*snapshot);

  plan::PlanOptions plan_options;
  plan_options.destroy = options.destroy;
  plan_options.targets = options.targets;
  plan_options.replace = options.replace;
  plan_options.parallelism = options.parallelism;
  if (options.refresh_set) plan_options.refresh = options.refresh;
  plan_options.workspace_ttl_ms = ttl.ttl_ms;
  plan_options.clear_workspace_ttl = ttl.given && !ttl.ttl_ms;
  if (saved) {
    const plan::Plan& p = saved->plan;
    std::string why =
        plan::check_saved_plan(*saved, session->snapshot, plan::config_digest(session->graph()));
    if (!why.empty()) return report_error("cannot apply " + options.plan_file + ": " + why);
    // Re-plan the same way without refresh: the saved file has no secrets, the new plan does.
    plan_options.destroy = p.destroy;
    plan_options.targets = p.targets;
    plan_options.replace = p.replace;
    plan_options.refresh = false;
  }
  Diagnostics diagnostics;
  std::optional<plan::Plan> planned = plan::make_plan(
      session->graph(), session->snapshot, *session->providers, plan_options, diagnostics);
  print_diagnostics(diagnostics, session->sources, globals);
  if (!planned || diagnostics.has_errors()) return kExitError;
  if (interrupted()) return kExitInterrupted;
  if (saved) {
    std::string why = plan::same_actions(saved->plan, *planned);
    if (!why.empty()) return report_error("cannot apply " + options.plan_file + ": " + why);
    // The expiry is the one shown when the plan was made (its --ttl counted from then).
    planned->workspace_expires_at = saved->plan.workspace_expires_at;
  }
  Policies policies;
  if (!planned->destroy) {
    if (!load_policies(globals, *session->compilation.config, session->sources, policies))
      return kExitError;
    if (!check_policies(globals, session->graph(), policies, *planned, session->sources))
      return report_error("refusing to apply: the plan violates a deny policy");
  }

  plan::HumanOptions human;
  human.color = globals.color_for(STDOUT_FILENO);
  if (!saved) {
    std::fputs(plan::render_human(*planned, human).c_str(), stdout);
    std::fputs("\n", stdout);
  }
  if (!has_work(*planned)) {
    std::printf("\n%s complete! Resources: 0 %s.\n", options.destroy ? "Destroy" : "Apply",
                options.destroy ? "destroyed" : "added, 0 changed, 0 replaced, 0 destroyed");
    return kExitOk;
  }
  if (!saved) {
    if (int refused = approval(options)) return refused;
  }

  if (planned->workspace_expires_at != planned->prior_workspace_expires_at) {
    // Recorded before any resource is touched: an apply that fails or is killed half-way
    // still leaves what it created collectable by `mesh gc`.
    std::optional<int64_t> serial = session->store->set_workspace_expiry(
        session->workspace, planned->workspace_expires_at, &error);
    if (!serial) return report_error(error);
  }

  exec::StreamProgress progress(stdout);
  exec::ApplyResult result;
  {
    ApplySignals signals;
    exec::ApplyOptions apply_options;
    apply_options.workspace = session->workspace;
    apply_options.parallelism = options.parallelism;
    apply_options.stop = &signals.stop();
    apply_options.cancel = &signals.cancel();
    apply_options.progress = &progress;
    apply_options.prior = &session->snapshot;
    // Checks the plan left "unknown" run again as values arrive (cli/policy_gate.h).
    PolicyGate evaluator(session->graph(), policies.refs, planned->policies);
    result = exec::apply(*planned, session->graph(), evaluator, *session->providers,
                         *session->store, apply_options);
    if (!planned->destroy && result.ok()) {
      std::string error;
      std::optional<state::Snapshot> applied = session->store->snapshot(session->workspace, &error);
      Diagnostics late;
      bool allowed = applied && evaluator.finish(*applied, late);
      print_diagnostics(late, session->sources, globals);
      if (!applied) return report_error(error);
      if (!allowed || late.has_errors())
        return report_error("the applied configuration violates a deny policy checked at apply");
    }
  }
  print_problems(result, session->sources);
  if (result.interrupted) {
    std::printf("\n%s interrupted: state saved. %s\n", options.destroy ? "Destroy" : "Apply",
                counts(result, options.destroy).c_str());
    return kExitInterrupted;
  }
  if (!result.ok()) {
    std::printf("\n%s failed: %zu error%s. %s\n", options.destroy ? "Destroy" : "Apply",
                result.failures.size() + (result.error.empty() ? 0 : 1),
                result.failures.size() == 1 && result.error.empty() ? "" : "s",
                counts(result, options.destroy).c_str());
    return kExitError;
  }
  if (!options.destroy) print_outputs(*session->store, session->workspace);
  std::printf("\n%s complete! %s\n", options.destroy ? "Destroy" : "Apply",
              counts(result, options.destroy).c_str());
  return kExitOk;
}

}  // namespace mesh::cli
