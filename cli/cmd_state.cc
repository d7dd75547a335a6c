/// `mesh state`: inspect the recorded state (list, show, history, export). The subcommands
/// that change it (rm, mv, import) are in cmd_state_edit.cc.

#include <sys/stat.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/state_session.h"
#include "state/export.h"
#include "state/redact.h"

namespace mesh::cli {
namespace {

using json = nlohmann::ordered_json;

/// Reads the snapshot of the command's workspace; a workspace never created is an error
/// except `default`, which always exists.
std::optional<state::Snapshot> read_workspace(const GlobalOptions& globals,
                                              const std::string& command, std::string* error) {
  auto store = open_state(globals, command, false, error);
  if (!store) return std::nullopt;
  std::string workspace = globals.effective_workspace();
  auto snap = store->snapshot(workspace, error);
  if (snap && !snap->exists && workspace != "default") {
    *error = "workspace " + workspace + " does not exist (see `mesh workspace list`)";
    return std::nullopt;
  }
  return snap;
}

void print_json(const json& j) {
  std::string text = j.dump(2, ' ', false, json::error_handler_t::replace);
  std::printf("%s\n", text.c_str());
}

struct ListOptions {
  bool json = false;
};

struct ShowOptions {
  std::string address;
  bool show_sensitive = false;
  bool json = false;
};

struct HistoryOptions {
  std::string address;
  bool json = false;
};

struct ExportOptions {
  std::string output;
};

const char* action_symbol(const std::string& action) {
  if (action == "created") return "+";
  if (action == "updated") return "~";
  if (action == "deleted") return "-";
  return ">";
}

}  // namespace

void add_state_read_commands(CLI::App& state, CommandContext& context) {
  // --- list
  auto list = std::make_shared<ListOptions>();
  CLI::App* cmd = state.add_subcommand("list", "List the resource instances in state");
  cmd->add_flag("--json", list->json, "Print JSON: workspace, lineage, serial and instances");
  cmd->footer(
      "Examples:\n"
      "  mesh state list\n"
      "  mesh state list -w pr-42 --json\n"
      "  mesh state list --state postgres://mesh@db:5432/infra?schema=mesh");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, list] {
    std::string error;
    auto snap = read_workspace(context.globals, "mesh state list", &error);
    if (!snap) {
      context.exit_code = report_error(error);
      return;
    }
    if (list->json) {
      json resources = json::array();
      for (const auto& r : snap->resources) {
        resources.push_back(
            {{"address", r.address},
             {"type", r.type},
             {"provider", r.provider},
             {"updated_at", format_time(r.updated_at)},
             {"expires_at", r.expires_at ? json(format_time(*r.expires_at)) : json(nullptr)}});
      }
      print_json({{"workspace", snap->workspace},
                  {"lineage", snap->lineage},
                  {"serial", snap->serial},
                  {"resources", resources}});
    } else {
      for (const auto& r : snap->resources) std::printf("%s\n", r.address.c_str());
    }
    context.exit_code = kExitOk;
  });

  // --- show
  auto show = std::make_shared<ShowOptions>();
  cmd = state.add_subcommand("show", "Show one resource instance's recorded attributes");
  cmd->add_option("ADDRESS", show->address, "Resource instance address")->required();
  cmd->add_flag("--show-sensitive", show->show_sensitive,
                "Print sensitive values instead of (sensitive)");
  cmd->add_flag("--json", show->json, "Print the record as JSON (the export format)");
  cmd->footer(
      "Sensitive attributes print as (sensitive) unless --show-sensitive is given.\n"
      "\n"
      "Examples:\n"
      "  mesh state show 'postgres_schema.orders[\"v1\"]'\n"
      "  mesh state show local_file.readme --json --show-sensitive");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, show] {
    std::string error;
    auto snap = read_workspace(context.globals, "mesh state show", &error);
    if (!snap) {
      context.exit_code = report_error(error);
      return;
    }
    const state::ResourceRecord* r = snap->find(show->address);
    if (!r) {
      context.exit_code = report_error("no resource " + show->address + " in state (workspace " +
                                       snap->workspace + ")");
      return;
    }
    json record = state::to_json(*r);
    if (!show->show_sensitive) {
      record["attributes"] = state::redact(record["attributes"], r->sensitive_paths);
    }
    if (show->json) {
      print_json(record);
    } else {
      std::printf("# %s\n", r->address.c_str());
      std::printf("type       = %s\n", r->type.c_str());
      std::printf("provider   = %s\n", r->provider.c_str());
      std::printf("created    = %s\n", format_time(r->created_at).c_str());
      std::printf("updated    = %s\n", format_time(r->updated_at).c_str());
      if (r->expires_at) std::printf("expires    = %s\n", format_time(*r->expires_at).c_str());
      if (r->prevent_destroy) std::printf("prevent_destroy = true\n");
      if (r->create_before_destroy) std::printf("create_before_destroy = true\n");
      if (!r->dependencies.empty()) {
        std::printf("depends_on = %s\n", json(r->dependencies).dump().c_str());
      }
      std::string attrs = record["attributes"].dump(2, ' ', false, json::error_handler_t::replace);
      std::printf("attributes = %s\n", attrs.c_str());
    }
    context.exit_code = kExitOk;
  });

  // --- history
  auto history = std::make_shared<HistoryOptions>();
  cmd = state.add_subcommand("history", "Show state versions: who changed what, and when");
  cmd->add_option("ADDRESS", history->address, "Only versions that touched this address");
  cmd->add_flag("--json", history->json, "Print JSON (oldest first)");
  cmd->footer(
      "Newest first. Each version shows its serial, time (UTC), user@host, command and the\n"
      "changed addresses: + created, ~ updated, - deleted, > moved.\n"
      "\n"
      "Examples:\n"
      "  mesh state history\n"
      "  mesh state history local_file.readme\n"
      "  mesh state history -w pr-42 --json");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, history] {
    std::string error;
    auto store = open_state(context.globals, "mesh state history", false, &error);
    if (!store) {
      context.exit_code = report_error(error);
      return;
    }
    auto entries = store->history(context.globals.effective_workspace(), history->address, &error);
    if (!entries) {
      context.exit_code = report_error(error);
      return;
    }
    if (history->json) {
      json out = json::array();
      for (const auto& e : *entries) out.push_back(state::to_json(e));
      print_json(out);
    } else {
      for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
        std::printf("serial %lld  %s  %s@%s  %s\n", static_cast<long long>(it->serial),
                    format_time(it->time).c_str(), it->user.c_str(), it->host.c_str(),
                    it->command.c_str());
        for (const auto& c : it->changes) {
          std::printf("  %s %s  %s%s%s\n", action_symbol(c.action), c.address.c_str(),
                      c.action.c_str(), c.detail.empty() ? "" : " ", c.detail.c_str());
        }
      }
    }
    context.exit_code = kExitOk;
  });

  // --- export
  auto exp = std::make_shared<ExportOptions>();
  cmd = state.add_subcommand("export", "Write the workspace's whole state as JSON");
  cmd->add_option("-o,--output", exp->output, "Write to FILE (mode 0600) instead of stdout")
      ->option_text("FILE");
  cmd->footer(
      "The versioned format is documented in docs/state.md; `mesh state import` reads it.\n"
      "The export holds sensitive values in clear: keep it as private as the state.\n"
      "\n"
      "Examples:\n"
      "  mesh state export -o backup.json\n"
      "  mesh state export -w pr-42 > pr-42.json");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context, exp] {
    std::string error;
    auto store = open_state(context.globals, "mesh state export", false, &error);
    if (!store) {
      context.exit_code = report_error(error);
      return;
    }
    auto text = store->export_json(context.globals.effective_workspace(), &error);
    if (!text) {
      context.exit_code = report_error(error);
      return;
    }
    if (exp->output.empty()) {
      std::fwrite(text->data(), 1, text->size(), stdout);
    } else {
      int fd = ::open(exp->output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      bool ok = fd >= 0 && ::fchmod(fd, 0600) == 0 &&
                ::write(fd, text->data(), text->size()) == static_cast<ssize_t>(text->size());
      if (fd >= 0) ok = ::close(fd) == 0 && ok;
      if (!ok) {
        context.exit_code = report_error("cannot write " + exp->output);
        return;
      }
    }
    context.exit_code = kExitOk;
  });
}

void add_state_command(CLI::App& app, CommandContext& context) {
  CLI::App* state = app.add_subcommand("state", "Inspect and edit the recorded state");
  state->require_subcommand(1);
  state->footer(
      "Examples:\n"
      "  mesh state list\n"
      "  mesh state show local_file.readme\n"
      "  mesh state mv local_file.old local_file.new\n"
      "  mesh state rm 'postgres_schema.orders[\"v1\"]'\n"
      "  mesh state history\n"
      "  mesh state export -o backup.json && mesh state import backup.json -w restored");
  add_state_read_commands(*state, context);
  add_state_edit_commands(*state, context);
}

}  // namespace mesh::cli
