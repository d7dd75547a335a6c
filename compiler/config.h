#pragma once
/// A configuration: every `.mesh` file of a directory plus the files it imports, parsed, with
/// its declarations collected and checked for shape (unknown block kinds, duplicates, required
/// labels). Nothing is evaluated here; expansion and evaluation read these declarations.

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ast.h"
#include "core/diagnostics.h"
#include "core/source.h"
#include "core/types.h"

namespace mesh {

struct VariableDecl {
  std::string name;
  const ast::Block* block = nullptr;
  Type type;                                 ///< `any` when the block has no `type`
  const ast::Expr* default_value = nullptr;  ///< null: the variable is required
  bool sensitive = false;
  std::string description;
  std::vector<const ast::Block*> validations;  ///< `validation { condition, error_message }`
};

/// One entry of a `let { … }` block.
struct LetDecl {
  std::string name;
  const ast::Attribute* attribute = nullptr;
};

struct ProviderDecl {
  std::string name;         ///< `postgres`
  std::string config_name;  ///< `postgres` or `postgres.ALIAS`
  const ast::Block* block = nullptr;
};

struct ResourceDecl {
  std::string type;
  std::string name;
  const ast::Block* block = nullptr;
};

struct TemplateDecl;

/// `KIND "name" { … }` for a declared template KIND.
struct InstanceDecl {
  std::string kind;  ///< the block type as written (with an import alias prefix)
  std::string name;
  const ast::Block* block = nullptr;
  const TemplateDecl* tmpl = nullptr;
};

struct OutputDecl {
  std::string name;
  const ast::Block* block = nullptr;
  const ast::Expr* value = nullptr;
  bool sensitive = false;
};

/// Stored for the policy issue: shape checked here, evaluated by the planner.
struct PolicyDecl {
  std::string name;
  const ast::Block* block = nullptr;
  std::string enforcement;  ///< "deny" (default) or "warn"
};

/// What a root configuration and a template body both declare. Vectors keep source order
/// (files sorted, then position); the maps index them by `TYPE.NAME` / `KIND.NAME` / name.
struct ModuleBody {
  std::vector<ResourceDecl> resources;
  std::vector<InstanceDecl> instances;
  std::vector<OutputDecl> outputs;
  std::vector<LetDecl> lets;
  std::unordered_map<std::string, uint32_t> resource_index;  ///< "type.name" → resources[i]
  std::unordered_map<std::string, uint32_t> instance_index;  ///< "kind.name" → instances[i]
  std::unordered_map<std::string, uint32_t> output_index;
  std::unordered_map<std::string, uint32_t> let_index;
  std::unordered_map<std::string, uint8_t> reference_roots;  ///< resource types and kinds used

  const ResourceDecl* find_resource(const std::string& key) const;
};

struct ParamDecl {
  std::string name;
  const ast::Block* block = nullptr;
  Type type;
  const ast::Expr* default_value = nullptr;  ///< null: required
  bool sensitive = false;
};

/// `block "NAME" { param … }`: a repeatable labeled nested block of the template's instances,
/// seen inside the template as `self.NAME`, a map keyed by label.
struct NestedBlockDecl {
  std::string name;
  const ast::Block* block = nullptr;
  std::vector<ParamDecl> params;

  const ParamDecl* find_param(std::string_view name) const;
};

struct TemplateDecl {
  std::string name;  ///< the block kind that instantiates it (alias prefix included)
  const ast::Block* block = nullptr;
  std::vector<ParamDecl> params;
  std::vector<NestedBlockDecl> blocks;
  ModuleBody body;

  const ParamDecl* find_param(std::string_view name) const;
  const NestedBlockDecl* find_block(std::string_view name) const;
};

struct Config {
  std::string directory;
  bool syntax_errors = false;  ///< a file failed to read or parse: later passes are skipped
  std::vector<std::unique_ptr<ast::File>> files;  ///< every parsed file, root files first
  std::vector<VariableDecl> variables;
  std::vector<ProviderDecl> providers;
  std::vector<PolicyDecl> policies;
  std::vector<std::unique_ptr<TemplateDecl>> templates;  ///< stable addresses
  ModuleBody root;
  std::unordered_map<std::string, uint32_t> variable_index;
  std::unordered_map<std::string, uint32_t> template_index;
  std::unordered_map<std::string, uint32_t> provider_index;  ///< by config_name

  const TemplateDecl* find_template(std::string_view name) const;
  const VariableDecl* find_variable(std::string_view name) const;
};

struct LoadOptions {
  /// Folders tried in order for `import "stdlib/…"`: MESH_STDLIB_PATH, next to the binary, the
  /// source tree. The first that holds the path wins.
  std::vector<std::string> stdlib_paths;
};

/// Loads every `*.mesh` file of `directory` (sorted by name) and, transitively, the files they
/// import. Returns null only when the directory cannot be read or holds no `.mesh` file; other
/// problems are diagnostics and the result holds what could be collected.
std::unique_ptr<Config> load_config(const std::string& directory, SourceManager& sources,
                                    Diagnostics& diagnostics, const LoadOptions& options = {});

/// Collects declarations from already parsed files (the first `root_files` are root files, the
/// rest imported; `prefixes[i]` is the alias prefix of file i). For tests and `load_config`.
void collect_declarations(Config& config, const std::vector<std::string>& prefixes,
                          size_t root_files, Diagnostics& diagnostics);

/// Block kinds of the language, for did-you-mean.
const std::vector<std::string>& builtin_block_kinds();

}  // namespace mesh
