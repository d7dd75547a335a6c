#include "compiler/compile.h"

#include <cstdlib>
#include <filesystem>
#include <unordered_set>

#include "compiler/check.h"
#include "compiler/eval.h"
#include "compiler/evaluate.h"
#include "compiler/expand.h"

namespace mesh {
namespace {

/// Appends the diagnostics of `from` to `to`, skipping any already reported at the same place
/// with the same message (one expression shared by 10k instances reports once).
class Deduplicator {
 public:
  explicit Deduplicator(Diagnostics& to) : to_(to) {
    for (const Diagnostic& d : to.items()) seen_.insert(key(d));
  }
  void add(const Diagnostics& from) {
    for (const Diagnostic& d : from.items())
      if (seen_.insert(key(d)).second) to_.add(d);
  }

 private:
  static std::string key(const Diagnostic& d) {
    return std::to_string(d.range.file) + ":" + std::to_string(d.range.begin.line) + ":" +
           std::to_string(d.range.begin.column) + ":" + d.message;
  }
  Diagnostics& to_;
  std::unordered_set<std::string> seen_;
};

void check_validations(const ResourceGraph& graph, const InstanceValueSource& source,
                       Diagnostics& diagnostics) {
  for (const VariableDecl& v : graph.config->variables) {
    for (const ast::Block* block : v.validations) {
      const ast::Attribute* condition = nullptr;
      const ast::Attribute* message = nullptr;
      for (const ast::Attribute& a : block->body.attributes) {
        if (a.name == "condition") condition = &a;
        if (a.name == "error_message") message = &a;
      }
      if (!condition) continue;
      EvalContext c{graph, source, diagnostics};
      Value ok = evaluate_expr(*condition->value, Frame{}, c);
      if (!ok.is_bool() || ok.as_bool()) continue;
      std::string text = "invalid value for variable `" + v.name + "`";
      if (message) {
        Value m = evaluate_expr(*message->value, Frame{}, c);
        if (m.is_string()) text += ": " + (m.is_sensitive() ? "(sensitive)" : m.as_string());
      }
      diagnostics.error(condition->value->range, text);
    }
  }
}

}  // namespace

Compilation compile(const CompileOptions& options, SourceManager& sources,
                    const SchemaCatalog& catalog, Diagnostics& diagnostics) {
  Compilation out;
  Diagnostics local;
  out.config = load_config(options.directory, sources, local, options.load);
  if (!out.config || out.config->syntax_errors) {
    // Syntax errors first: checks on a partial tree would mostly repeat them.
    diagnostics.append(local);
    return out;
  }
  uint32_t builtins_used = 0;
  check_config(*out.config, catalog, local, &builtins_used);
  VariableValues variables = resolve_variables(*out.config, options.variables, sources, local);
  Deduplicator dedup(diagnostics);
  dedup.add(local);
  Diagnostics build;
  BuiltinValues builtins;
  builtins.root = absolute_dir(options.directory);
  builtins.cwd = absolute_dir(".");
  builtins.workspace = options.workspace;
  builtins.used = builtins_used;
  out.graph =
      build_graph(*out.config, sources, catalog, std::move(variables), build, std::move(builtins));
  dedup.add(build);
  if (!options.evaluate_all) return out;
  Diagnostics evaluation;
  CompileTimeSource source(*out.graph, evaluation);
  check_validations(*out.graph, source, evaluation);
  for (uint32_t id = 0; id < out.graph->nodes.size(); ++id) {
    if (out.graph->nodes[id].kind == NodeKind::Resource)
      source.instance_value(id);
    else
      evaluate_output(*out.graph, id, source, evaluation);
    // Keep memory flat on large graphs with many repeated diagnostics.
    if (evaluation.items().size() > 1000) {
      dedup.add(evaluation);
      evaluation = Diagnostics();
    }
  }
  dedup.add(evaluation);
  return out;
}

std::vector<std::string> default_stdlib_paths(const std::string& executable,
                                              const std::string& source_tree) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  if (const char* env = std::getenv("MESH_STDLIB_PATH")) {
    std::string all(env);
    size_t start = 0;
    while (start <= all.size()) {
      size_t end = all.find(':', start);
      if (end == std::string::npos) end = all.size();
      if (end > start) out.push_back(all.substr(start, end - start));
      start = end + 1;
    }
  }
  if (!executable.empty()) {
    std::error_code ec;
    fs::path exe = fs::weakly_canonical(fs::path(executable), ec);
    out.push_back((exe.parent_path().parent_path() / "stdlib").string());
    out.push_back((exe.parent_path() / "stdlib").string());
  }
  if (!source_tree.empty()) out.push_back((fs::path(source_tree) / "stdlib").string());
  return out;
}

}  // namespace mesh
