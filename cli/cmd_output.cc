/// `mesh output [NAME]`: the root outputs recorded by the last apply.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/state_session.h"
#include "state/redact.h"

namespace mesh::cli {
namespace {

using json = nlohmann::ordered_json;

struct OutputOptions {
  std::string name;
  bool json = false;
  bool show_sensitive = false;
};

json value_of(const state::OutputRecord& o, bool show_sensitive) {
  if (o.sensitive && !show_sensitive) return json(state::kSensitiveMark);
  return json::parse(o.value_json, nullptr, false);
}

std::string dump(const json& j, int indent = -1) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace

void add_output_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<OutputOptions>();
  CLI::App* cmd = app.add_subcommand("output", "Print the outputs recorded in state");
  cmd->add_option("NAME", options->name, "Print only this output's value");
  cmd->add_flag("--json", options->json, "Print JSON");
  cmd->add_flag("--show-sensitive", options->show_sensitive,
                "Print sensitive outputs instead of (sensitive)");
  cmd->footer(
      "With NAME, prints the bare value (a string without quotes), for scripts.\n"
      "\n"
      "Examples:\n"
      "  mesh output\n"
      "  mesh output orders_schemas --json\n"
      "  PGPASSWORD=$(mesh output db_password --show-sensitive) psql ...");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, options] {
    std::string error;
    auto store = open_state(context.globals, "mesh output", false, &error);
    if (!store) {
      context.exit_code = report_error(error);
      return;
    }
    std::string workspace = context.globals.effective_workspace();
    auto snap = store->snapshot(workspace, &error);
    if (!snap) {
      context.exit_code = report_error(error);
      return;
    }
    if (!options->name.empty()) {
      const state::OutputRecord* o = snap->find_output(options->name);
      if (!o) {
        context.exit_code = report_error("no output \"" + options->name +
                                         "\" in state (workspace " + workspace + ")");
        return;
      }
      json value = value_of(*o, options->show_sensitive);
      if (!options->json && value.is_string()) {
        std::printf("%s\n", value.get<std::string>().c_str());
      } else {
        std::printf("%s\n", dump(value, options->json ? 2 : -1).c_str());
      }
      context.exit_code = kExitOk;
      return;
    }
    if (options->json) {
      json out = json::object();
      for (const auto& o : snap->outputs) {
        out[o.name] = {{"value", value_of(o, options->show_sensitive)}, {"sensitive", o.sensitive}};
      }
      std::printf("%s\n", dump(out, 2).c_str());
    } else {
      for (const auto& o : snap->outputs) {
        std::printf("%s = %s\n", o.name.c_str(),
                    dump(value_of(o, options->show_sensitive)).c_str());
      }
    }
    context.exit_code = kExitOk;
  });
}

}  // namespace mesh::cli
