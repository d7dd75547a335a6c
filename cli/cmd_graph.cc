/// `mesh graph`: prints the resource graph (instances, template instances as clusters, and
/// dependency edges) as Graphviz DOT or a Mermaid flowchart.

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/compile_config.h"
#include "cli/options.h"
#include "compiler/graph_render.h"

namespace mesh::cli {

void add_graph_command(CLI::App& app, CommandContext& context) {
  CLI::App* cmd = app.add_subcommand("graph", "Print the resource graph (DOT or Mermaid)");
  cmd->footer(
      "Compiles the configuration and prints one node per resource instance and root output,\n"
      "an edge from each node to what it depends on, and one cluster per template instance.\n"
      "\n"
      "Examples:\n"
      "  mesh graph | dot -Tsvg > graph.svg\n"
      "  mesh graph --format mermaid -C infra > graph.mmd");
  add_global_options(*cmd, context.globals);
  auto options = std::make_shared<CompileCommandOptions>();
  add_compile_options(*cmd, *options);
  auto format = std::make_shared<std::string>("dot");
  cmd->add_option("--format", *format, "Output format: dot (default) or mermaid")
      ->check(CLI::IsMember({"dot", "mermaid"}));
  cmd->callback([&context, options, format] {
    SourceManager sources;
    bool ok = false;
    Compilation c = compile_for_command(context.globals, *options, sources, &ok);
    if (!ok) {
      context.exit_code = kExitError;
      return;
    }
    std::string text = *format == "mermaid" ? graph_to_mermaid(*c.graph) : graph_to_dot(*c.graph);
    std::fputs(text.c_str(), stdout);
    context.exit_code = kExitOk;
  });
}

}  // namespace mesh::cli
