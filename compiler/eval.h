#pragma once
/// The expression evaluator: one AST expression in one scope → a value. Internal to the
/// compiler; stages past it use compiler/evaluate.h.

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/ast.h"
#include "compiler/graph.h"
#include "core/address.h"
#include "core/diagnostics.h"
#include "core/value.h"

namespace mesh {

class InstanceValueSource;

/// The scope an expression is evaluated in: a module instance and, inside a block with
/// `for_each` or `count`, its key and `each.value`.
struct Frame {
  uint32_t module = 0;
  InstanceKey key;  ///< String: each.key; Index: count.index; None: neither
  Value each_value;
};

/// Called while the graph is built, when an expression reaches a declaration not expanded yet.
class ExpansionHooks {
 public:
  virtual ~ExpansionHooks() = default;
  virtual void expand_resource(uint32_t module, uint32_t decl) = 0;
  virtual void expand_instance(uint32_t module, uint32_t decl) = 0;
};

struct EvalContext {
  EvalContext(const ResourceGraph& g, const InstanceValueSource& s, Diagnostics& d,
              ExpansionHooks* h = nullptr, ResourceGraph* b = nullptr)
      : graph(g), source(s), diagnostics(d), hooks(h), building(b) {}

  const ResourceGraph& graph;
  const InstanceValueSource& source;
  Diagnostics& diagnostics;
  /// Non-null while the graph is built: expands on demand; `building` is the graph itself, whose
  /// let/param caches are filled as they are first read.
  ExpansionHooks* hooks = nullptr;
  ResourceGraph* building = nullptr;
  /// Set when a resource or template instance was read: the value depends on the source.
  bool touched = false;
  std::vector<std::pair<std::string_view, Value>> locals;  ///< `for` variables, innermost last
};

Value evaluate_expr(const ast::Expr& expr, const Frame& frame, EvalContext& context);

/// A `templatefile` body: only the entries of `vars` are in scope; relative paths resolve
/// against `base_dir`.
Value evaluate_template_body(const ast::Expr& expr, const Value& vars, const std::string& base_dir,
                             EvalContext& context);

/// The value of template param or nested block collection `index` (params first, then
/// blocks) of template instance `module`.
Value param_value(uint32_t module, uint32_t index, EvalContext& context);
/// The value of `let.NAME` declaration `index` of `module`'s body (module 0: the root lets).
Value let_value(uint32_t module, uint32_t index, EvalContext& context);
/// Output `index` of template instance `module`.
Value module_output(uint32_t module, uint32_t index, EvalContext& context);

/// evaluate_instance (compiler/evaluate.h) in an existing context.
Value evaluate_instance_in(uint32_t node, EvalContext& context);

/// `each.value` of instance `key` of the block `body` (in `module`), re-evaluating its
/// `for_each` with the context's source: for a for_each that reads other resources.
Value dynamic_each_value(const ast::Body& body, uint32_t module, const InstanceKey& key,
                         EvalContext& context);

/// Names valid as the first word of a reference, besides declared resources and templates.
const std::vector<std::string>& builtin_roots();

/// Directory of the file holding `range` ("" when unknown): base for relative paths.
std::string base_dir_of(const SourceManager* sources, const SourceRange& range);

/// The members of built-in root `path` (`module`, `root`, `cwd`) or `mesh` (`workspace`);
/// empty for any other name.
const std::vector<std::string>& builtin_members(std::string_view root);
/// "`module`, `root` and `cwd`": the members of a built-in root, for messages.
std::string builtin_member_list(std::string_view root);
/// The BuiltinUse bit of `root.member` (compiler/graph.h); every member's bits when `member`
/// is null (the bare root); 0 when unknown.
uint32_t builtin_use_bit(std::string_view root, const std::string* member);
/// The value of `root.member` for an expression written at `written_at` ("" for `path.module`
/// of text that is no file, like a `mesh console` line: then the root directory).
std::string builtin_value(const ResourceGraph& graph, std::string_view root,
                          std::string_view member, const SourceRange& written_at);
/// `dir` made absolute against the working directory, `.`/`..` folded, no trailing slash
/// (symlinks are not resolved, like the providers' base directory).
std::string absolute_dir(const std::string& dir);

}  // namespace mesh
