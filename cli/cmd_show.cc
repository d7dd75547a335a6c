/// `mesh show [FILE]`: a saved plan in any of the three views, or, without FILE, the
/// workspace's state (sensitive values redacted).

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/state_session.h"
#include "core/address.h"
#include "core/value_display.h"
#include "core/value_json.h"
#include "planner/plan_file.h"
#include "planner/render_human.h"
#include "planner/render_json.h"
#include "planner/render_markdown.h"
#include "planner/state_values.h"
#include "providers/registry.h"

namespace mesh::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct ShowOptions {
  std::string file;
  bool json = false;
  bool markdown = false;
};

int show_plan(const GlobalOptions& globals, const ShowOptions& options) {
  std::string error;
  std::optional<plan::SavedPlan> saved = plan::read_plan_file(options.file, &error);
  if (!saved) return report_error(error);
  if (options.json) {
    std::fputs(plan::render_json(saved->plan).c_str(), stdout);
  } else if (options.markdown) {
    std::fputs(plan::render_markdown(saved->plan).c_str(), stdout);
  } else {
    plan::HumanOptions human;
    human.color = globals.color_for(1);
    std::printf("Saved plan %s (workspace %s, state serial %lld, mesh %s)\n\n",
                options.file.c_str(), saved->plan.workspace.c_str(),
                static_cast<long long>(saved->plan.serial), saved->mesh_version.c_str());
    std::fputs(plan::render_human(saved->plan, human).c_str(), stdout);
  }
  return kExitOk;
}

struct ShownRecord {
  const state::ResourceRecord* record;
  Value value;
};

std::string resource_name(const std::string& address) {
  std::string error;
  std::optional<ResourceAddress> a = parse_address(address, &error);
  return a ? a->resource.name : address;
}

int show_state(const GlobalOptions& globals, const ShowOptions& options) {
  std::string error;
  auto store = open_state(globals, "mesh show", false, &error);
  state::Snapshot snapshot;
  snapshot.workspace = globals.effective_workspace();
  if (store) {
    std::optional<state::Snapshot> read = store->snapshot(snapshot.workspace, &error);
    if (!read) return report_error(error);
    snapshot = std::move(*read);
  } else if (error.rfind("no state file at ", 0) != 0) {
    return report_error(error);
  }
  std::vector<ShownRecord> records;
  for (const state::ResourceRecord& r : snapshot.resources) {
    std::optional<Value> v = plan::record_value(r, builtin_catalog().resource(r.type), &error);
    // A malformed record is shown as a whole secret rather than risk printing one.
    records.push_back({&r, v ? *v : Value::string("").mark_sensitive()});
  }

  if (options.json) {
    ojson j;
    j["format_version"] = plan::kPlanFormatVersion;
    j["workspace"] = snapshot.workspace;
    j["lineage"] = snapshot.lineage;
    j["serial"] = snapshot.serial;
    ojson resources = ojson::array();
    for (const ShownRecord& s : records) {
      std::vector<std::string> sensitive, unknown;
      ojson r;
      r["address"] = s.record->address;
      r["type"] = s.record->type;
      r["provider"] = s.record->provider;
      r["values"] =
          ojson::parse(to_json_redacted(s.value, &sensitive, &unknown)
                           .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      r["sensitive_values"] = sensitive;
      r["dependencies"] = s.record->dependencies;
      r["prevent_destroy"] = s.record->prevent_destroy;
      r["create_before_destroy"] = s.record->create_before_destroy;
      r["expires_at"] = s.record->expires_at ? ojson(*s.record->expires_at) : ojson(nullptr);
      resources.push_back(std::move(r));
    }
    j["resources"] = std::move(resources);
    ojson outputs = ojson::array();
    for (const state::OutputRecord& o : snapshot.outputs) {
      ojson out;
      out["name"] = o.name;
      out["sensitive"] = o.sensitive;
      out["value"] = o.sensitive ? ojson(nullptr) : ojson::parse(o.value_json, nullptr, false);
      outputs.push_back(std::move(out));
    }
    j["outputs"] = std::move(outputs);
    std::fputs((j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n").c_str(), stdout);
    return kExitOk;
  }

  if (records.empty() && snapshot.outputs.empty()) {
    std::printf("The state of workspace %s is empty.\n", snapshot.workspace.c_str());
    return kExitOk;
  }
  const bool md = options.markdown;
  std::string out;
  if (md) out += "### mesh state — workspace `" + snapshot.workspace + "`\n\n";
  for (const ShownRecord& s : records) {
    const state::ResourceRecord& r = *s.record;
    std::string block = "# " + r.address + ":\n";
    if (r.prevent_destroy) block += "# (prevent_destroy)\n";
    if (r.expires_at) block += "# (expires at " + format_time(*r.expires_at) + ")\n";
    block += "resource \"" + r.type + "\" \"" + resource_name(r.address) + "\" ";
    block += to_display_string(s.value) + "\n";
    out += md ? "```hcl\n" + block + "```\n\n" : block + "\n";
  }
  if (!snapshot.outputs.empty()) {
    std::string block = "Outputs:\n";
    for (const state::OutputRecord& o : snapshot.outputs) {
      std::optional<Value> v = plan::output_value(o, &error);
      block += "  " + o.name + " = " + (v ? to_display_string(*v, {2, 80}) : "(unreadable)") + "\n";
    }
    out += md ? "```hcl\n" + block + "```\n" : block;
  }
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace

void add_show_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* cmd = app.add_subcommand("show", "Show a saved plan, or the workspace's state");
  cmd->add_option("FILE", options->file, "A plan saved with `mesh plan --out FILE`");
  CLI::Option* json = cmd->add_flag("--json", options->json, "Print JSON (docs/plan-format.md)");
  CLI::Option* markdown = cmd->add_flag("--markdown", options->markdown, "Print Markdown");
  json->excludes(markdown);
  add_global_options(*cmd, context.globals);
  cmd->footer(
      "Sensitive values are never shown: a saved plan does not contain them, and the state\n"
      "view redacts them.\n"
      "\n"
      "Examples:\n"
      "  mesh show tonight.plan\n"
      "  mesh show tonight.plan --markdown > comment.md\n"
      "  mesh show --json -w pr-42 | jq '.resources[].address'");
  cmd->callback([&context, options] {
    context.exit_code = options->file.empty() ? show_state(context.globals, *options)
                                              : show_plan(context.globals, *options);
  });
}

}  // namespace mesh::cli
