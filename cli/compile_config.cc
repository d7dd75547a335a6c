#include "cli/compile_config.h"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/options.h"
#include "providers/plugin.h"
#include "providers/registry.h"

namespace mesh::cli {

void add_compile_options(CLI::App& command, CompileCommandOptions& options) {
  command.add_option("--var", options.vars, "Set a variable: --var name=value (repeatable)")
      ->option_text("NAME=VALUE");
  command
      .add_option("--var-file", options.var_files,
                  "Read variables from a JSON or YAML file (repeatable)")
      ->option_text("FILE");
}

Compilation compile_for_command(const GlobalOptions& globals, const CompileCommandOptions& options,
                                SourceManager& sources, bool* ok) {
  Diagnostics diagnostics;
  CompileOptions compile_options;
  compile_options.directory = globals.directory;
  compile_options.workspace = globals.effective_workspace();
  compile_options.load.stdlib_paths = default_stdlib_paths("/proc/self/exe", MESH_SOURCE_DIR);
  compile_options.variables.read_environment();
  compile_options.variables.files = options.var_files;
  for (const std::string& assignment : options.vars)
    if (!compile_options.variables.add_cli(assignment))
      diagnostics.error({}, "--var expects NAME=VALUE, got `" + assignment + "`");
  // Built-in providers and plugins (`mesh-provider-NAME`), loaded on first lookup. The
  // registry outlives the returned compilation, which points into its schemas.
  static ProviderRegistry registry = make_builtin_registry();
  static auto plugin_errors = std::make_shared<std::vector<std::string>>();
  static bool resolving = false;
  if (!resolving) {
    registry.add_resolver(
        plugin_resolver(globals.directory, plugin_options_from_environment(),
                        [errors = plugin_errors](const std::string& e) { errors->push_back(e); }));
    resolving = true;
  }
  Compilation c = compile(compile_options, sources, ResolvingCatalog(registry), diagnostics);
  for (const std::string& e : *plugin_errors) diagnostics.error({}, e);
  plugin_errors->clear();
  if (!diagnostics.empty()) {
    RenderOptions render_options;
    render_options.color = globals.color_for(2);
    std::fflush(stdout);
    std::fputs(render(diagnostics, sources, render_options).c_str(), stderr);
  }
  *ok = !diagnostics.has_errors() && c.graph;
  if (diagnostics.has_errors()) {
    size_t n = diagnostics.error_count();
    std::fprintf(stderr, "%zu error%s.\n", n, n == 1 ? "" : "s");
  }
  return c;
}

}  // namespace mesh::cli
