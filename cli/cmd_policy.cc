/// `mesh policy list`: every policy that applies to the configuration — its own, its imports'
/// and the central ones — with enforcement, subjects, origin and location.

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/compile_config.h"
#include "cli/options.h"
#include "cli/policy_check.h"

namespace mesh::cli {
namespace {

std::string subjects_text(const PolicyDecl& p) {
  for (const ast::Attribute& a : p.block->body.attributes) {
    if (a.name != "for_each" || a.value->kind != ast::ExprKind::Call) continue;
    const auto& call = static_cast<const ast::CallExpr&>(*a.value);
    if (call.args.size() == 1 && call.args[0]->kind == ast::ExprKind::String)
      return call.name + "(\"" + static_cast<const ast::StringExpr&>(*call.args[0]).value + "\")";
  }
  return "?";
}

int run_list(const GlobalOptions& globals, const CompileCommandOptions& options) {
  SourceManager sources;
  bool ok = false;
  Compilation c = compile_for_command(globals, options, sources, &ok);
  if (!ok || !c.config) return kExitError;
  Policies policies;
  if (!load_policies(globals, *c.config, sources, policies)) return kExitError;
  if (policies.refs.empty()) {
    std::printf("No policies.\n");
    return kExitOk;
  }
  for (const plan::PolicyRef& r : policies.refs) {
    const SourceRange& range = r.decl->block->range;
    std::printf("%-40s %-5s %-36s %-13s %s:%u\n", r.decl->name.c_str(), r.decl->enforcement.c_str(),
                subjects_text(*r.decl).c_str(), r.origin.c_str(), sources.path(range.file).c_str(),
                range.begin.line);
  }
  return kExitOk;
}

}  // namespace

void add_policy_command(CLI::App& app, CommandContext& context) {
  CLI::App* cmd = app.add_subcommand("policy", "List the policies that apply");
  cmd->require_subcommand(1);
  CLI::App* list =
      cmd->add_subcommand("list", "List every policy: configuration, imports, central");
  auto options = std::make_shared<CompileCommandOptions>();
  add_global_options(*list, context.globals);
  add_compile_options(*list, *options);
  list->footer(
      "Prints one line per policy: name, enforcement (deny or warn), what it runs over,\n"
      "where it comes from (configuration or central) and its file and line.\n"
      "Central policies come from --policy-dir DIR and $MESH_POLICY_PATH; a configuration\n"
      "cannot switch them off.\n"
      "\n"
      "Examples:\n"
      "  mesh policy list\n"
      "  mesh policy list -C samples/datamesh --policy-dir samples/datamesh/policies");
  list->callback([&context, options] { context.exit_code = run_list(context.globals, *options); });
}

}  // namespace mesh::cli
