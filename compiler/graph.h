#pragma once
/// The resource graph: the planner's input. One node per resource instance (after `for_each` /
/// `count` expansion, template instances included, nested ones too) plus one node per root
/// output. Flat arrays with integer ids; edges in one compressed array (CSR).
///
/// Attribute values are not stored: they depend on other instances' values, known only from
/// state (plan) or after apply. A node keeps what its evaluation needs (the block, its module
/// instance, each.value) and compiler/evaluate.h computes values on demand.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ast.h"
#include "compiler/config.h"
#include "core/address.h"
#include "core/schema.h"
#include "core/value.h"

namespace mesh {

inline constexpr uint32_t kNoNode = UINT32_MAX;

enum class NodeKind : uint8_t { Resource, Output };

struct Lifecycle {
  bool prevent_destroy = false;
  bool create_before_destroy = false;
  bool ignore_all_changes = false;          ///< `ignore_changes = all`
  std::vector<std::string> ignore_changes;  ///< attribute paths (`tags`, `tags.env`)
};

struct GraphNode {
  NodeKind kind = NodeKind::Resource;
  ResourceAddress address;   ///< outputs: module_path empty, resource = {"output", NAME}
  std::string address_text;  ///< address.to_string(), or `output.NAME`
  std::string type;          ///< resource type; "" for outputs
  std::string provider;      ///< provider configuration: `postgres` or `postgres.analytics`
  Lifecycle lifecycle;
  std::optional<int64_t> ttl_ms;  ///< own `ttl`, else the nearest enclosing instance's
  SourceRange range;              ///< the whole block
  const ast::Block* block = nullptr;
  const ResourceSchema* schema = nullptr;  ///< null for outputs and unknown types
  uint32_t module = 0;  ///< ModuleInstance id: 0 is the root, others are template instances
  uint32_t decl = 0;    ///< index into the module body's `resources` / `outputs`
  Value each_value;     ///< `each.value`; `each.key` / `count.index` come from the address key
  /// The for_each value reads other resources: `each.value` is re-read from the source when
  /// evaluating (each_value then holds its compile-time form).
  bool each_dynamic = false;
};

/// The root configuration or one template instance.
struct ModuleInstance {
  uint32_t parent = kNoNode;           ///< kNoNode for the root
  const TemplateDecl* tmpl = nullptr;  ///< null for the root
  const ModuleBody* body = nullptr;
  const InstanceDecl* decl = nullptr;  ///< the instance block in the parent; null for the root
  std::vector<AddressStep> path;       ///< from the root down to this instance
  std::string path_text;               ///< `data_product.orders` ("" for the root)
  Value each_value;                    ///< of the instance block's own for_each
  bool each_dynamic = false;           ///< as GraphNode::each_dynamic
  std::optional<int64_t> ttl_ms;       ///< the instance's `ttl`, inherited by its resources

  /// Instances of `body->resources[i]`: node ids [first, first + count), sorted by key.
  struct Group {
    uint32_t first = 0;
    uint32_t count = 0;
    enum Mode : uint8_t { Single, Count, ForEach } mode = Single;
    uint8_t state = 0;  ///< while building: 0 pending, 1 expanding, 2 done
  };
  std::vector<Group> resources;
  std::vector<Group> instances;  ///< of `body->instances[i]`: child module ids

  /// Params and nested block collections (and lets), evaluated once when they depend on no
  /// resource (kStatic); otherwise (kDynamic) evaluated on demand.
  enum CacheState : uint8_t { kPending, kInProgress, kStatic, kDynamic };
  std::vector<Value> params;         ///< parallel to tmpl->params, then tmpl->blocks
  std::vector<uint8_t> param_state;  ///< CacheState
  std::vector<Value> lets;           ///< parallel to body->lets
  std::vector<uint8_t> let_state;
};

/// A `[begin, end)` range of node ids.
struct NodeSpan {
  const uint32_t* first = nullptr;
  const uint32_t* last = nullptr;
  const uint32_t* begin() const { return first; }
  const uint32_t* end() const { return last; }
  size_t size() const { return last - first; }
  bool empty() const { return first == last; }
};

/// Values of the input variables after defaults, env, var-files and `--var`.
struct VariableValues {
  Value object;  ///< `var` as one object: variable name → value (sensitive ones marked)
};

/// Bits of BuiltinValues::used.
enum BuiltinUse : uint32_t {
  kUsesPathModule = 1,
  kUsesPathRoot = 2,
  kUsesPathCwd = 4,
  kUsesWorkspace = 8,
};

/// The built-in references `path.root`, `path.cwd` and `mesh.workspace` (docs/language.md),
/// fixed for one compilation. `path.module` is not stored: it is the directory of the file an
/// expression is written in, found from the expression's source range.
struct BuiltinValues {
  std::string root;                   ///< absolute, lexically normal configuration directory
  std::string cwd;                    ///< absolute working directory of the process
  std::string workspace = "default";  ///< the selected workspace
  /// Which ones the configuration mentions (BuiltinUse bits, from the static checks): the saved
  /// plan digest hashes only those, so that a plan made in one checkout applies in another
  /// unless its values depend on where the checkout is.
  uint32_t used = 0;
};

struct ResourceGraph {
  const Config* config = nullptr;
  const SourceManager* sources = nullptr;
  const SchemaCatalog* catalog = nullptr;
  VariableValues variables;
  BuiltinValues builtins;

  std::vector<GraphNode> nodes;
  std::vector<ModuleInstance> modules;  ///< modules[0] is the root

  /// Dependencies of node i: `dependencies(i)`; stored as CSR.
  std::vector<uint32_t> dep_offsets;  ///< size nodes.size() + 1
  std::vector<uint32_t> deps;
  /// Every node before the nodes that depend on it (valid when the graph has no cycle).
  std::vector<uint32_t> order;

  NodeSpan dependencies(uint32_t node) const {
    return {deps.data() + dep_offsets[node], deps.data() + dep_offsets[node + 1]};
  }
  /// The node with this address text (`a.b["k"]`, `output.x`), or kNoNode.
  uint32_t find(std::string_view address) const;
  /// The resource nodes of a module instance, recursively (for `depends_on = [tmpl.x]`).
  std::vector<uint32_t> nodes_within(uint32_t module) const;

  /// Builds `by_address`; called once when the nodes are final.
  void index_addresses();

 private:
  std::unordered_map<std::string_view, uint32_t> by_address_;
};

}  // namespace mesh
