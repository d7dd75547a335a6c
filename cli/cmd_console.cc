/// `mesh console`: evaluates expressions read from stdin, one per line, against the compiled
/// configuration (compile-time values: attributes a provider computes are unknown), and prints
/// each value with the display renderer (sensitive values redacted).

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/compile_config.h"
#include "cli/options.h"
#include "compiler/evaluate.h"
#include "compiler/parse.h"
#include "core/value_display.h"

namespace mesh::cli {

void add_console_command(CLI::App& app, CommandContext& context) {
  CLI::App* cmd = app.add_subcommand("console", "Evaluate expressions against the configuration");
  cmd->footer(
      "Reads one expression per line from stdin and prints its value. Attributes that a\n"
      "provider computes print as (known after apply); sensitive values as (sensitive).\n"
      "Exits 1 when an expression failed.\n"
      "\n"
      "Examples:\n"
      "  echo 'var.env' | mesh console\n"
      "  mesh console -C infra --var env=prod < expressions.txt");
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
    Diagnostics compile_time;
    CompileTimeSource source(*c.graph, compile_time);
    RenderOptions render_options;
    render_options.color = context.globals.color_for(2);
    bool failed = false;
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      FileId id = sources.add("<console>", line);
      Diagnostics diagnostics;
      ast::ExprPtr expr = parse_expression(sources, id, diagnostics);
      Value value;
      if (expr && !diagnostics.has_errors())
        value = evaluate_in_root(*c.graph, *expr, source, diagnostics);
      if (diagnostics.has_errors()) {
        std::fflush(stdout);
        std::fputs(render(diagnostics, sources, render_options).c_str(), stderr);
        failed = true;
        continue;
      }
      std::printf("%s\n", to_display_string(value).c_str());
      std::fflush(stdout);
    }
    context.exit_code = failed ? kExitError : kExitOk;
  });
}

}  // namespace mesh::cli
