/// `mesh import ADDR ID`: adopts an existing object into state under a resource instance of
/// the configuration. The provider reads the object by its id; one record is committed, with
/// the dependencies, lifecycle flags and expiry an apply would record. Nothing is created or
/// changed outside mesh; the next `mesh plan` shows how the object differs from the
/// configuration.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/options.h"
#include "cli/session.h"
#include "cli/state_session.h"
#include "core/address.h"
#include "core/diagnostics.h"
#include "planner/lifecycle.h"
#include "planner/planner.h"
#include "planner/state_values.h"

namespace mesh::cli {
namespace {

struct ImportOptions {
  SessionOptions session;
  std::string address;
  std::string id;
  std::string lock_timeout;
};

std::string already_managed(const std::string& address) {
  return address + " is already managed: use `mesh state rm " + address +
         "` first to import another object in its place";
}

/// The resource node of `address`, or kNoNode with the error reported (did-you-mean over the
/// configuration's resource instances).
uint32_t resource_node(const ResourceGraph& graph, const std::string& address) {
  uint32_t id = graph.find(address);
  if (id != kNoNode && graph.nodes[id].kind == NodeKind::Resource) return id;
  std::vector<std::string> candidates;
  for (const GraphNode& n : graph.nodes)
    if (n.kind == NodeKind::Resource) candidates.push_back(n.address_text);
  std::string message = address + " is not a resource instance of the configuration";
  std::string suggestion = closest_match(address, candidates);
  if (!suggestion.empty()) message += ": did you mean `" + suggestion + "`?";
  report_error(message);
  return kNoNode;
}

/// The record an apply would write for a new object `value` of node `id`.
state::ResourceRecord record_of(const ResourceGraph& graph, uint32_t id, const Value& value) {
  const GraphNode& node = graph.nodes[id];
  state::ResourceRecord r;
  r.address = node.address_text;
  r.type = node.type;
  r.provider = node.provider;
  plan::store_value(plan::typed_by_schema(value, node.schema), &r);
  for (uint32_t dep : graph.dependencies(id))
    if (graph.nodes[dep].kind == NodeKind::Resource)
      r.dependencies.push_back(graph.nodes[dep].address_text);
  std::sort(r.dependencies.begin(), r.dependencies.end());
  r.dependencies.erase(std::unique(r.dependencies.begin(), r.dependencies.end()),
                       r.dependencies.end());
  r.prevent_destroy = node.lifecycle.prevent_destroy;
  r.create_before_destroy = node.lifecycle.create_before_destroy;
  r.expires_at = plan::planned_expiry(node.ttl_ms, nullptr, true, plan::current_time());
  r.ttl_ms = node.ttl_ms;
  return r;
}

int run_import(const GlobalOptions& globals, ImportOptions& options) {
  std::chrono::milliseconds lock_timeout{0};
  if (!parse_lock_timeout(options.lock_timeout, &lock_timeout))
    return report_error("invalid --lock-timeout " + options.lock_timeout +
                        " (use e.g. 30s, 500ms, 2m)");
  std::string error;
  std::optional<ResourceAddress> parsed = parse_address(options.address, &error);
  if (!parsed) return report_error("invalid address " + options.address + ": " + error);
  if (options.id.empty()) return report_error("the import id of " + options.address + " is empty");
  // The canonical spelling, as the graph and state hold it.
  const std::string address = parsed->to_string();

  options.session.command = "mesh import";
  options.session.create_state = false;  // created below, only once there is a record to write
  install_interrupt_handlers();
  std::unique_ptr<Session> session = open_session(globals, options.session);
  if (!session) return kExitError;
  const ResourceGraph& graph = session->graph();
  uint32_t id = resource_node(graph, address);
  if (id == kNoNode) return kExitError;
  if (session->snapshot.find(address)) return report_error(already_managed(address));
  if (interrupted()) return kExitInterrupted;

  // With a state: lock it before reading the object, so nobody records it meanwhile.
  std::unique_ptr<state::StateLock> lock;
  if (session->store) {
    lock = lock_state(*session->store, session->workspace, lock_timeout, &error);
    if (!lock) return interrupted() ? (report_error(error), kExitInterrupted) : report_error(error);
  }

  const GraphNode& node = graph.nodes[id];
  Provider* provider = session->providers->for_resource(node.type, node.provider, &error);
  if (!provider) return report_error(address + ": " + error);
  std::fprintf(stdout, "%s: importing from ID \"%s\"...\n", address.c_str(), options.id.c_str());
  std::fflush(stdout);
  OperationContext operation;
  ProviderResult imported = provider->import(node.type, options.id, operation);
  if (!imported.ok()) return report_error("cannot import " + address + ": " + imported.error);
  if (!imported.value.is_object())
    return report_error("cannot import " + address + ": the provider returned no object");
  if (interrupted()) return kExitInterrupted;

  // Without a state yet: create it now that there is something to record.
  if (!session->store) {
    session->store = open_state(globals, "mesh import", true, &error);
    if (!session->store) return report_error(error);
    lock = lock_state(*session->store, session->workspace, lock_timeout, &error);
    if (!lock) return interrupted() ? (report_error(error), kExitInterrupted) : report_error(error);
  }
  // Checked again under the lock: another run may have recorded it since the first read.
  std::optional<state::Snapshot> snapshot = session->store->snapshot(session->workspace, &error);
  if (!snapshot) return report_error(error);
  if (snapshot->find(address)) return report_error(already_managed(address));

  state::ChangeSet changes;
  changes.upserts.push_back(record_of(graph, id, imported.value));
  if (!session->store->commit(session->workspace, changes, &error))
    return report_error("could not record " + address + " in state: " + error);
  std::printf(
      "\nImport successful: %s\n\nThe object is now managed by mesh. Run `mesh plan` to see "
      "how it differs from the configuration.\n",
      address.c_str());
  return kExitOk;
}

}  // namespace

void add_import_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand("import", "Adopt an existing object into state");
  cmd->add_option("ADDR", options->address,
                  "Resource instance of the configuration, e.g. postgres_schema.sales")
      ->required();
  cmd->add_option("ID", options->id, "The object's provider-specific id (docs/providers.md)")
      ->required();
  add_variable_options(*cmd, options->session);
  add_lock_timeout_option(*cmd, options->lock_timeout);
  add_global_options(*cmd, context.globals);
  cmd->footer(
      "ADDR must be a resource instance declared in the configuration and not yet in state.\n"
      "The provider reads the object by ID and one state record is written; nothing outside\n"
      "mesh changes. Run `mesh plan` afterwards: it shows how the object differs from the\n"
      "configuration. Each provider documents its import id (docs/providers.md).\n"
      "\n"
      "Examples:\n"
      "  mesh import postgres_schema.sales sales\n"
      "  mesh import local_file.readme README.md\n"
      "  mesh import 'postgres_role.app[\"reader\"]' reader -w staging --lock-timeout 30s");
  cmd->callback([&context, options] { context.exit_code = run_import(context.globals, *options); });
}

}  // namespace mesh::cli
