/// `mesh validate`: parses every `.mesh` file of the configuration directory and reports.
/// Later passes (type checks, reference resolution) plug in after `parse_directory`.

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/options.h"
#include "compiler/load.h"
#include "core/diagnostics.h"

namespace mesh::cli {

void add_validate_command(CLI::App& app, CommandContext& context) {
  CLI::App* cmd = app.add_subcommand("validate", "Check the configuration for errors");
  cmd->footer(
      "Parses every *.mesh file of the configuration directory (the current one, or -C DIR)\n"
      "and prints each problem with its file, line and column. Exits 1 on any error.\n"
      "\n"
      "Examples:\n"
      "  mesh validate\n"
      "  mesh validate -C samples/basic\n"
      "  NO_COLOR=1 mesh validate -C infra 2> problems.txt");
  add_global_options(*cmd, context.globals);
  cmd->callback([&context] {
    SourceManager sources;
    Diagnostics diagnostics;
    auto files = parse_directory(context.globals.directory, sources, diagnostics);
    RenderOptions render_options;
    render_options.color = context.globals.color_for(2);
    std::string report = render(diagnostics, sources, render_options);
    std::fputs(report.c_str(), stderr);
    if (diagnostics.has_errors()) {
      size_t n = diagnostics.error_count();
      std::fprintf(stderr, "%zu error%s.\n", n, n == 1 ? "" : "s");
      context.exit_code = kExitError;
      return;
    }
    std::printf("Success! The configuration is valid (%zu file%s).\n", files.size(),
                files.size() == 1 ? "" : "s");
    context.exit_code = kExitOk;
  });
}

}  // namespace mesh::cli
