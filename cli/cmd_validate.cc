/// `mesh validate`: loads the configuration (with its imports), resolves variables, runs the
/// static checks, expands the resource graph and evaluates every expression once with
/// compile-time values; reports every problem located.

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/compile_config.h"
#include "cli/options.h"

namespace mesh::cli {

void add_validate_command(CLI::App& app, CommandContext& context) {
  CLI::App* cmd = app.add_subcommand("validate", "Check the configuration for errors");
  cmd->footer(
      "Parses every *.mesh file of the configuration directory (the current one, or -C DIR)\n"
      "and the files it imports, checks names, types and provider schemas, expands templates,\n"
      "for_each and count, and prints each problem with its file, line and column.\n"
      "Exits 1 on any error.\n"
      "\n"
      "Examples:\n"
      "  mesh validate\n"
      "  mesh validate -C samples/basic --var env=prod\n"
      "  NO_COLOR=1 mesh validate -C infra 2> problems.txt");
  add_global_options(*cmd, context.globals);
  auto options = std::make_shared<CompileCommandOptions>();
  add_compile_options(*cmd, *options);
  cmd->callback([&context, options] {
    SourceManager sources;
    bool ok = false;
    Compilation c = compile_for_command(context.globals, *options, sources, &ok);
    if (!ok) {
      context.exit_code = kExitError;
      return;
    }
    size_t files = c.config->files.size(), resources = 0;
    for (const GraphNode& n : c.graph->nodes) resources += n.kind == NodeKind::Resource;
    std::printf("Success! The configuration is valid (%zu file%s, %zu resource instance%s).\n",
                files, files == 1 ? "" : "s", resources, resources == 1 ? "" : "s");
    context.exit_code = kExitOk;
  });
}

}  // namespace mesh::cli
