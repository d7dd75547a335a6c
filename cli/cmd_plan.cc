/// `mesh plan`: what an apply would change, as text (default), JSON or Markdown; optionally
/// saved to a file that `mesh apply FILE` executes.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/apply_flow.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/policy_check.h"
#include "cli/session.h"
#include "planner/plan_file.h"
#include "planner/planner.h"
#include "planner/render_human.h"
#include "planner/render_json.h"
#include "planner/render_markdown.h"

namespace mesh::cli {
namespace {

struct PlanCommandOptions {
  SessionOptions session;
  std::string out;
  bool json = false;
  bool markdown = false;
  bool refresh = true;
  std::vector<std::string> targets;
  std::vector<std::string> replace;
  bool destroy = false;
  bool detailed_exitcode = false;
  unsigned parallelism = 10;
  std::string ttl;
};

bool has_changes(const plan::Plan& p) {
  if (!p.summary().empty()) return true;
  for (const plan::OutputChange& o : p.outputs)
    if (o.action != plan::Action::NoOp) return true;
  return p.workspace_expires_at != p.prior_workspace_expires_at;  // --ttl: the apply records it
}

int run_plan(const GlobalOptions& globals, PlanCommandOptions& options, bool refresh_set) {
  if (options.parallelism == 0) {
    std::fprintf(stderr, "error: --parallelism must be at least 1\n");
    return kExitUsage;
  }
  WorkspaceTtl ttl;
  {
    std::string error;
    if (!parse_workspace_ttl(options.ttl, globals.effective_workspace(), &ttl, &error)) {
      std::fprintf(stderr, "error: %s\n", error.c_str());
      return kExitError;
    }
  }
  options.session.command = "mesh plan";
  std::unique_ptr<Session> session = open_session(globals, options.session);
  if (!session) return kExitError;

  plan::PlanOptions plan_options;
  if (refresh_set) plan_options.refresh = options.refresh;
  plan_options.destroy = options.destroy;
  plan_options.targets = options.targets;
  plan_options.replace = options.replace;
  plan_options.parallelism = options.parallelism;
  plan_options.now = plan::current_time();
  plan_options.workspace_ttl_ms = ttl.ttl_ms;
  plan_options.clear_workspace_ttl = ttl.given && !ttl.ttl_ms;
  Diagnostics diagnostics;
  std::optional<plan::Plan> planned = plan::make_plan(
      session->graph(), session->snapshot, *session->providers, plan_options, diagnostics);
  print_diagnostics(diagnostics, session->sources, globals);
  if (!planned) {
    std::fprintf(stderr, "error: the plan failed (%zu error%s)\n", diagnostics.error_count(),
                 diagnostics.error_count() == 1 ? "" : "s");
    return kExitError;
  }
  Policies policies;
  if (!load_policies(globals, *session->compilation.config, session->sources, policies))
    return kExitError;
  const bool allowed =
      check_policies(globals, session->graph(), policies, *planned, session->sources);

  if (options.json) {
    std::fputs(plan::render_json(*planned).c_str(), stdout);
  } else if (options.markdown) {
    std::fputs(plan::render_markdown(*planned).c_str(), stdout);
  } else {
    plan::HumanOptions human;
    human.color = globals.color_for(1);
    std::fputs(plan::render_human(*planned, human).c_str(), stdout);
  }
  if (!options.out.empty()) {
    std::string error = plan::write_plan_file(options.out, *planned,
                                              session->graph().variables.object, MESH_VERSION);
    if (!error.empty()) {
      std::fflush(stdout);
      std::fprintf(stderr, "error: %s\n", error.c_str());
      return kExitError;
    }
    // Keep stdout pure JSON / Markdown for pipes; the note goes to stderr then.
    std::FILE* note = options.json || options.markdown ? stderr : stdout;
    std::fflush(stdout);
    std::fprintf(
        note, "\nSaved the plan to %s. To perform exactly these actions, run:\n  mesh apply %s\n",
        options.out.c_str(), options.out.c_str());
  }
  std::fflush(stdout);
  if (!allowed) {
    std::fprintf(stderr, "error: the plan violates a deny policy\n");
    return kExitError;
  }
  return options.detailed_exitcode && has_changes(*planned) ? kExitChanges : kExitOk;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<PlanCommandOptions>();
  CLI::App* cmd = app.add_subcommand("plan", "Show what an apply would change");
  cmd->add_option("--out", options->out, "Save the plan to FILE for `mesh apply FILE`")
      ->option_text("FILE");
  CLI::Option* json =
      cmd->add_flag("--json", options->json, "Print the plan as JSON (docs/plan-format.md)");
  CLI::Option* markdown = cmd->add_flag("--markdown", options->markdown,
                                        "Print the plan as Markdown for a pull-request comment");
  json->excludes(markdown);
  CLI::Option* refresh = cmd->add_flag(
      "--refresh", options->refresh,
      "Read every resource from its provider first (default: on when a provider can read); "
      "--refresh=false skips it");
  cmd->add_option("--target", options->targets,
                  "Plan only this instance (or resource, or template instance) and what it "
                  "depends on (repeatable)")
      ->option_text("ADDR");
  cmd->add_option("--replace", options->replace, "Force this instance to be replaced (repeatable)")
      ->option_text("ADDR");
  cmd->add_flag("--destroy", options->destroy, "Plan the destruction of every resource");
  add_workspace_ttl_option(*cmd, options->ttl);
  cmd->add_flag("--detailed-exitcode", options->detailed_exitcode,
                "Exit 0 without changes, 2 with changes, 1 on error");
  cmd->add_option("--parallelism", options->parallelism, "Concurrent provider reads (default 10)")
      ->option_text("N");
  add_variable_options(*cmd, options->session);
  add_global_options(*cmd, context.globals);
  cmd->footer(
      "Compares the configuration with the workspace's state (refreshed from the providers)\n"
      "and prints each change with its reason. Sensitive values are never printed.\n"
      "\n"
      "Exit codes: 0 success; 1 error; with --detailed-exitcode, 2 when there are changes.\n"
      "\n"
      "Examples:\n"
      "  mesh plan\n"
      "  mesh plan --out tonight.plan && mesh apply tonight.plan\n"
      "  mesh plan --var env=prod --var-file prod.yaml -w prod\n"
      "  mesh plan --markdown > plan.md        # a PR comment\n"
      "  mesh plan --json | jq '.summary'\n"
      "  mesh plan --target 'postgres_schema.orders[\"v1\"]' --replace mesh_data.seed\n"
      "  mesh plan --destroy\n"
      "  mesh plan -w pr-42 --ttl 24h --out pr.plan   # the workspace expires a day after\n"
      "  mesh plan --refresh=false --detailed-exitcode   # CI drift gate: exit 2 on changes");
  cmd->callback([&context, options, refresh] {
    context.exit_code = run_plan(context.globals, *options, refresh->count() > 0);
  });
}

}  // namespace mesh::cli
