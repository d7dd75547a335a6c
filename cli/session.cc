#include "cli/session.h"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/options.h"
#include "compiler/evaluate.h"
#include "providers/plugin.h"

namespace mesh::cli {
namespace {

bool missing_state_file(const std::string& error) {
  return error.rfind("no state file at ", 0) == 0;
}

/// Configures one provider instance per `provider` block, reporting failures on the block.
void configure_providers(Session& s, Diagnostics& diagnostics) {
  const ResourceGraph& graph = s.graph();
  Diagnostics evaluation;
  CompileTimeSource source(graph, evaluation);
  for (const ProviderDecl& decl : graph.config->providers) {
    Value config = evaluate_provider(graph, decl.config_name, source, diagnostics);
    std::string error = s.providers->configure(decl.config_name, config);
    if (!error.empty()) {
      SourceRange range = decl.block ? decl.block->range : SourceRange{};
      diagnostics.error(range, "provider \"" + decl.config_name + "\": " + error);
    }
  }
}

}  // namespace

void print_diagnostics(const Diagnostics& diagnostics, const SourceManager& sources,
                       const GlobalOptions& globals) {
  if (diagnostics.empty()) return;
  RenderOptions render_options;
  render_options.color = globals.color_for(2);
  std::fflush(stdout);
  std::fputs(render(diagnostics, sources, render_options).c_str(), stderr);
}

void add_variable_options(CLI::App& command, SessionOptions& options) {
  command.add_option("--var", options.vars, "Set a variable: --var name=value (repeatable)")
      ->option_text("NAME=VALUE");
  command
      .add_option("--var-file", options.var_files,
                  "Read variables from a JSON or YAML file (repeatable)")
      ->option_text("FILE");
}

std::unique_ptr<Session> open_session(const GlobalOptions& globals, const SessionOptions& options) {
  auto s = std::make_unique<Session>();
  Diagnostics diagnostics;
  s->registry = make_builtin_registry();
  // External providers (`mesh-provider-NAME`) load on the first lookup of their names.
  auto plugin_errors = std::make_shared<std::vector<std::string>>();
  s->registry.add_resolver(
      plugin_resolver(globals.directory, plugin_options_from_environment(),
                      [plugin_errors](const std::string& e) { plugin_errors->push_back(e); }));

  CompileOptions compile_options;
  compile_options.directory = globals.directory;
  compile_options.workspace = globals.effective_workspace();
  compile_options.load.stdlib_paths = default_stdlib_paths("/proc/self/exe", MESH_SOURCE_DIR);
  compile_options.evaluate_all = false;  // the planner evaluates every node anyway
  compile_options.variables.read_environment();
  compile_options.variables.files = options.var_files;
  for (const auto& [name, text] : options.preset_vars)
    compile_options.variables.cli.emplace_back(name, text);
  for (const std::string& assignment : options.vars) {
    if (!compile_options.variables.add_cli(assignment))
      diagnostics.error({}, "--var " + assignment + ": expected NAME=VALUE");
  }
  s->compilation = compile(compile_options, s->sources, ResolvingCatalog(s->registry), diagnostics);
  for (const std::string& e : *plugin_errors) diagnostics.error({}, e);
  plugin_errors->clear();
  if (!s->compilation.graph || diagnostics.has_errors()) {
    print_diagnostics(diagnostics, s->sources, globals);
    return nullptr;
  }
  if (s->compilation.graph->order.size() != s->compilation.graph->nodes.size()) {
    // A cycle was reported by the compiler; nothing can be planned.
    print_diagnostics(diagnostics, s->sources, globals);
    return nullptr;
  }

  s->workspace = globals.effective_workspace();
  state::OpenOptions open;
  open.actor = state::Actor::current(options.command);
  open.create = options.create_state;
  std::string error;
  s->store = state::open_store(state::default_state_url(globals.state_url, globals.directory), open,
                               &error);
  if (!s->store && !(missing_state_file(error) && !options.create_state)) {
    diagnostics.error({}, error);
    print_diagnostics(diagnostics, s->sources, globals);
    return nullptr;
  }
  s->snapshot.workspace = s->workspace;
  if (s->store) {
    std::optional<state::Snapshot> snapshot = s->store->snapshot(s->workspace, &error);
    if (!snapshot) {
      diagnostics.error({}, error);
      print_diagnostics(diagnostics, s->sources, globals);
      return nullptr;
    }
    s->snapshot = std::move(*snapshot);
  }

  // Resources only in state (removed from the configuration) may belong to plugins too.
  for (const state::ResourceRecord& r : s->snapshot.resources)
    if (!s->registry.has(provider_of_type(r.type))) s->registry.resolve(provider_of_type(r.type));
  for (const std::string& e : *plugin_errors) diagnostics.error({}, e);

  ProviderEnvironment environment;
  environment.base_dir = globals.directory;
  s->providers = std::make_unique<ProviderSet>(s->registry, environment);
  configure_providers(*s, diagnostics);
  print_diagnostics(diagnostics, s->sources, globals);
  if (diagnostics.has_errors()) return nullptr;
  s->warnings = std::move(diagnostics);
  return s;
}

}  // namespace mesh::cli
