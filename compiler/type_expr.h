#pragma once
/// Type expressions as written in `variable` and `param` blocks: `string`, `list(number)`,
/// `map(object({ name = string, port = optional(number) }))`, `tuple([string, bool])`.

#include <optional>

#include "compiler/ast.h"
#include "core/diagnostics.h"
#include "core/types.h"

namespace mesh {

/// The type an expression names; nullopt (with a located error) when it names none.
std::optional<Type> type_from_expr(const ast::Expr& expr, Diagnostics& diagnostics);

}  // namespace mesh
