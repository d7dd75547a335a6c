#pragma once
/// References as written: a root name (`var`, `aws_x`, `data_product`) followed by attribute
/// and index steps. Found syntactically, for dependency edges and for static name checks,
/// without evaluating anything.

#include <functional>
#include <string>
#include <vector>

#include "compiler/ast.h"

namespace mesh {

struct Reference {
  const ast::VariableExpr* root = nullptr;
  /// Steps outward from the root: GetAttrExpr or IndexExpr nodes.
  std::vector<const ast::Expr*> steps;

  const std::string& name() const { return root->name; }
  /// The attribute name of step `i`, or nullptr when it is an index step or absent.
  const std::string* attr(size_t i) const;
  /// The key expression of step `i`, or nullptr when it is an attribute step or absent.
  const ast::Expr* index(size_t i) const;
  /// From the root to the end of step `count - 1` (the root alone for 0).
  SourceRange range(size_t count) const;
};

using ReferenceFn = std::function<void(const Reference&)>;

/// Every reference in `expr`, skipping names bound by enclosing `for` expressions.
void for_each_reference(const ast::Expr& expr, const ReferenceFn& fn);
/// Every reference in the attributes of `body` and of its nested blocks, recursively;
/// attributes named in `skip` (top level only) and `lifecycle` blocks (attribute names, not
/// references) are left out.
void for_each_reference(const ast::Body& body, const ReferenceFn& fn,
                        const std::vector<std::string>& skip = {});

/// `a.b` or `a.b[…]` as a traversal (for `depends_on` entries and `provider = x.y`): the root
/// and the attribute names; false when `expr` is not a plain traversal.
bool traversal_names(const ast::Expr& expr, std::vector<std::string>* names);

}  // namespace mesh
