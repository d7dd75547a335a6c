/// `mesh help [COMMAND...]`: the help of the root app or of one (sub)command.

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/options.h"

namespace mesh::cli {

void add_help_command(CLI::App& app, CommandContext& context) {
  auto words = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("help", "Show help for mesh or one of its commands");
  cmd->footer("Examples:\n  mesh help\n  mesh help apply\n  mesh help state list");
  cmd->add_option("COMMAND", *words, "The command (and subcommand) to describe");
  cmd->callback([&app, &context, words] {
    CLI::App* target = &app;
    for (const std::string& word : *words) {
      CLI::App* sub = nullptr;
      try {
        sub = target->get_subcommand(word);
      } catch (const CLI::OptionNotFound&) {
        sub = nullptr;
      }
      if (!sub) {
        std::fprintf(stderr, "error: unknown command \"%s\"; run `mesh help` for the list\n",
                     word.c_str());
        context.exit_code = kExitUsage;
        return;
      }
      target = sub;
    }
    std::fputs(target->help().c_str(), stdout);
  });
}

}  // namespace mesh::cli
